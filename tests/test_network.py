"""Network intelligence: review, reach, introductions, variety, second-order exposure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_VAULT, VaultFactory

from netwerknotities import (
    introductions,
    network,
    network_notes,
    network_review,
    network_variety,
    tuplediff,
)
from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.errors import NotFoundError
from netwerknotities.model import Conflict, Contact, Model, Organisation, Person, Signal

TODAY = dt.date(2026, 11, 24)
D = dt.date.fromisoformat


def person(path: str, **kw: Any) -> Person:
    return Person(path=path, name=path.rsplit("/", 1)[-1].removesuffix(".md"), **kw)


def org(path: str, **kw: Any) -> Organisation:
    return Organisation(path=path, name=path.rsplit("/", 1)[-1].removesuffix(".md"), **kw)


def make_model(
    people: list[Person],
    orgs: Sequence[Organisation] = (),
    contacts: Sequence[Contact] = (),
    signals: Sequence[Signal] = (),
    conflicts: Sequence[Conflict] = (),
) -> Model:
    names = {p.path: p.name for p in people}
    names.update({o.path: o.name for o in orgs})
    names.update({c.path: c.path.rsplit("/", 1)[-1].removesuffix(".md") for c in conflicts})
    return Model(
        today=TODAY,
        people=tuple(people),
        organisations=tuple(orgs),
        contacts=tuple(contacts),
        signals=tuple(signals),
        conflicts=tuple(conflicts),
        diagnostics=(),
        names=names,
    )


def link(path: str) -> str:
    return f"[[{path.removesuffix('.md')}]]"


# -- review --------------------------------------------------------------------


def review_model() -> Model:
    people = [
        person("Anna.md", tier="regular", last_contact=D("2026-11-01")),
        person("Bob.md", due=D("2026-12-01")),
        person("Cees.md", tier="unimportant"),
        person(
            "Dirk.md",
            tier="regular",
            introduced_by="cees",
            last_contact=D("2025-01-01"),
            due=D("2025-04-01"),
        ),
        person("Eva.md", tier="important", knows=("Anna.md",)),
        person("Fay.md", internal=True),
        person("Gijs.md", tier="regular", knows=("Anna.md", "Bob.md", "Piet")),
        person("Hans.md", tier="regular", due=TODAY),
    ]
    # twenty quiet people who know three others each: neither promoted nor demoted,
    # and 28 people make the best 10 % the best three
    people += [person(f"Q/F{i:02}.md", tier="regular", knows=("x", "y", "z")) for i in range(20)]
    dates = ["2025-11-24", "2025-11-25", "2026-03-01", "2026-06-01", "2026-11-01", "2026-12-01"]
    contacts = [Contact(D(d), ("Anna.md",), f"c{i}.md") for i, d in enumerate(dates)]
    contacts.append(Contact(D("2026-10-10"), ("Eva.md", "Eva.md"), "x.md"))
    signals = [
        Signal(D("2026-05-05"), "one", ("Bob.md",), (), "s1.md"),
        Signal(None, "undated", ("Bob.md",), (), "s2.md"),
        Signal(D("2024-01-01"), "old", ("Bob.md", "Gijs.md"), (), "s3.md"),
    ]
    return make_model(people, contacts=contacts, signals=signals)


def test_review_suggestions_and_distribution() -> None:
    result = network_review.review(review_model()).as_json()
    assert result["distribution"] == {"important": 1, "regular": 24, "unimportant": 1, "none": 2}
    assert [(s["person"], s["from"], s["to"], s["reasons"]) for s in result["suggestions"]] == [
        # the window is (today - 365 days, today]: 2025-11-24 and 2026-12-01 fall outside
        (
            "Anna",
            "regular",
            "important",
            [
                "4 contact moments in the last 12 months (2026-11-01, 2026-06-01, 2026-03-01, "
                "2025-11-25)",
                "evidence score 4, among the best 10 %",
            ],
        ),
        (
            "Bob",
            "none",
            "important",
            ["gave 2 signals in the last 12 months", "evidence score 4, among the best 10 %"],
        ),
        (
            "Cees",
            "unimportant",
            "important",
            ["introduced 1 person (Dirk)", "evidence score 3, among the best 10 %"],
        ),
        (
            "Hans",
            "regular",
            "unimportant",
            [
                "no contact moment in the last 12 months (last: never)",
                "no signal in the last 12 months",
                "introduced nobody",
                "knows 0 people in your notes",
                "due today",
            ],
        ),
        (
            "Dirk",
            "regular",
            "unimportant",
            [
                "no contact moment in the last 12 months (last: 2025-01-01)",
                "no signal in the last 12 months",
                "introduced nobody",
                "knows 0 people in your notes",
                "overdue since 2025-04-01",
            ],
        ),
    ]
    anna = result["suggestions"][0]["evidence"]
    assert anna["contacts_12m"] == 4 and anna["knows"] == 2  # Eva and Gijs name her


def test_review_never_demotes_colleagues_or_connected_people() -> None:
    suggested = {s.name for s in network_review.review(review_model()).suggestions}
    assert "Fay" not in suggested  # internal
    assert "Gijs" not in suggested  # knows 3 people
    assert "Eva" not in suggested  # important already, one contact in 12 months


def test_review_hand_recorded_contact_counts_once() -> None:
    p = person("A.md", tier="regular", last_contact=D("2026-10-01"))
    contacts = [Contact(D(f"2026-0{m}-01"), ("A.md",), f"{m}.md") for m in (1, 2, 3)]
    review = network_review.review(make_model([p], contacts=contacts))
    assert review.suggestions[0].evidence.contact_dates == (
        D("2026-10-01"),
        D("2026-03-01"),
        D("2026-02-01"),
        D("2026-01-01"),
    )
    same_day = network_review.review(
        make_model([p], contacts=[*contacts[:2], Contact(D("2026-10-01"), ("A.md",), "x.md")])
    )
    assert same_day.suggestions == ()


def test_review_promotes_only_the_best_ten_percent() -> None:
    people = [person(f"P{i:02}.md", tier="regular") for i in range(20)]
    contacts = [
        Contact(D("2026-10-01"), (f"P{i:02}.md",), f"{i}-{n}.md")
        for i in range(20)
        for n in range(4 + i % 3)
    ]
    review = network_review.review(make_model(people, contacts=contacts))
    # scores 4, 5, 6 repeat; the bar is the second best score of twenty: 6
    assert [s.name for s in review.suggestions] == ["P02", "P05", "P08", "P11", "P14", "P17"]


def test_review_share_rounds() -> None:
    people = [person(f"P{i}.md", tier="important" if i < 1 else None) for i in range(8)]
    review = network_review.review(make_model(people))
    assert (review.share("important"), review.share("none"), review.share("regular")) == (13, 88, 0)


# -- reach ---------------------------------------------------------------------


def reach_model() -> Model:
    return make_model(
        [
            person("A.md", knows=("B.md", "karim", "J.P. de Vries")),
            person("B.md", knows=("A.md", " Karim ", "KARIM", "Acme")),  # a cycle A <-> B
            person("Mensen/Jan de Vries.md", aliases=("J.P. de Vries",)),
            person("D.md", internal=True, knows=("A.md", "Henk", "E.md")),
            person("E.md", internal=True),
            person("F.md", knows=("D.md",)),
        ],
        orgs=[org("Acme.md")],
    )


def test_reach_counts_names_once_and_colleagues() -> None:
    r = network.reach(reach_model())
    assert r.as_json() == {
        "first_degree": 6,
        "second_degree": 2,  # karim (three spellings) and Henk; the alias and Acme are not
        "via_colleagues": 3,  # A and Henk through D, F who names D
        "only_via_colleagues": 1,  # Henk
        "internal": 2,
    }
    assert r.knows_mentions == 3  # karim by A and by B, Henk by D


# -- introductions -------------------------------------------------------------


def paths_model() -> Model:
    return make_model(
        [
            person(
                "Ik/Sanne.md", tier="important", last_contact=D("2026-11-01"), knows=("Tom.md",)
            ),
            person("Tom.md", tier="unimportant", knows=("Vera",)),
            person("Ruud.md", tier="regular", last_contact=D("2026-06-01"), knows=("vera",)),
            person(
                "Col.md", internal=True, tier="regular", knows=("Henk",), organisations=("Acme.md",)
            ),
            person(
                "Lid.md", tier="important", last_contact=D("2026-11-20"), organisations=("Acme.md",)
            ),
            person("Nieuw.md", introduced_by="Ruud.md"),
        ],
        orgs=[org("Acme.md")],
    )


def describe(model: Model, result: introductions.PathResult) -> Any:
    return result.as_json()


def test_paths_strongest_first_with_reasons() -> None:
    model = paths_model()
    result = describe(model, introductions.find_paths(model, "VERA", limit=5))
    assert result == {
        "target": "Vera",
        "in_vault": False,
        # score = tie strength - steps: Sanne 5 - 2, Ruud 3 - 1, Tom 1 - 1, Nieuw 2 - 2
        "paths": [
            ["Sanne", "Tom", "Vera"],
            ["Ruud", "Vera"],
            ["Tom", "Vera"],
            ["Nieuw", "Ruud", "Vera"],
        ],
        "reasons": [
            ["Sanne knows Tom", "Tom knows Vera"],
            ["Ruud knows Vera"],
            ["Tom knows Vera"],
            ["Ruud introduced Nieuw", "Ruud knows Vera"],
        ],
        "strength": [5, 3, 1, 2],
    }
    assert len(introductions.find_paths(model, "VERA").chains) == 3


def test_paths_reach_someone_only_through_a_colleague_and_an_organisation() -> None:
    model = paths_model()
    result = describe(model, introductions.find_paths(model, "henk", limit=5))
    assert result["paths"] == [["Lid", "Col", "Henk"], ["Col", "Henk"]]
    assert result["reasons"][0] == ["Lid and Col are both at Acme", "Col knows Henk"]
    text = network_notes.render_paths_text(model, introductions.find_paths(model, "Henk"), "nl")
    assert text == (
        "Warme introducties bij Henk:\n"
        "1. Lid → Col → Henk (sterkte 5)\n"
        "   Lid en Col zitten allebei bij Acme; Col kent Henk\n"
        "2. Col → Henk (sterkte 2)\n"
        "   Col kent Henk\n"
    )


def test_paths_to_a_person_in_the_vault_follow_ties_both_ways() -> None:
    model = paths_model()
    result = introductions.find_paths(model, "Tom", limit=2)
    assert result.in_vault and result.target == "Tom.md"
    assert [c.people for c in result.chains] == [
        ("Ik/Sanne.md", "Tom.md"),
        ("Ruud.md", "Vera", "Tom.md"),
    ]
    assert [c.links[-1].kind for c in result.chains] == ["knows", "known_by"]
    assert introductions.find_paths(model, "Ik/Sanne").target == "Ik/Sanne.md"


def test_paths_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(NotFoundError, match=r"no person named 'Hank'.*did you mean Henk\?"):
        introductions.find_paths(paths_model(), "Hank")


def test_paths_isolated_person_has_none() -> None:
    model = make_model([person("A.md"), person("B.md")])
    result = introductions.find_paths(model, "A")
    assert result.chains == ()
    assert network_notes.render_paths_text(model, result, "en") == (
        "Warm introductions to A:\nYou have a note for A already; these people can warm the "
        "tie.\nNo warm path to A within 4 steps.\n"
    )


# -- variety -------------------------------------------------------------------


def variety_model() -> Model:
    people = [
        person(f"K{i}.md", stakeholder=("klant",), organisations=("Big.md",)) for i in range(4)
    ]
    people += [
        person(
            "P.md",
            stakeholder=("partner",),
            organisations=("Small",),
            properties={"sector": "Energie"},
        ),
        person("Q.md", organisations=("Gov.md",), properties={"sector": ["energie", "Bouw"]}),
        person("C.md", internal=True, organisations=("Own.md",)),
        person("N.md"),
    ]
    orgs = [org("Big.md"), org("Gov.md", stakeholder=("government",)), org("Own.md")]
    return make_model(people, orgs=orgs)


def test_variety_counts_warnings_and_bridges() -> None:
    model = variety_model()
    result = network_variety.variety(model).as_json()
    assert result == {
        "stakeholders": {"client": 4, "colleague": 1, "government": 1, "partner": 1},
        "no_stakeholder": 1,
        "organisations": {"Big": 4, "Gov": 1, "Own": 1, "Small": 1},
        "sectors": {"Energie": 2, "Bouw": 1},
        "warnings": [
            {
                "dimension": "organisation",
                "subject": "Big",
                "people": 4,
                "of": 6,
                "share": 66,
                "clients": False,
            },
        ],
        "bridges": [
            {
                "person": "C",
                "path": "C.md",
                "stakeholders": ["colleague"],
                "organisations": ["Own"],
            },
            {
                "person": "P",
                "path": "P.md",
                "stakeholders": ["partner"],
                "organisations": ["Small"],
            },
            {
                "person": "Q",
                "path": "Q.md",
                "stakeholders": ["government"],
                "organisations": ["Gov"],
            },
        ],
    }


def test_variety_only_clients_warns_with_p3() -> None:
    people = [person(f"K{i}.md", stakeholder=("client",)) for i in range(5)]
    model = make_model([*people, person("X.md", stakeholder=("prospect",))])
    leans = network_variety.variety(model).leans
    assert [(x.subject, x.share, x.clients) for x in leans] == [("client", 83, True)]
    note = network_notes.render_variety_note(model, network_variety.variety(model), "en", link)
    assert "- 5 of 6 people with a stakeholder kind (83 %) are client. P3:" in note


# -- opposing interests, second order ------------------------------------------


def test_second_order_exposed() -> None:
    people = [
        person("P.md", organisations=("X.md",), knows=("Q.md",)),
        person("Q.md", organisations=("Y.md",)),
        person("R.md", organisations=("X.md", "Y.md")),  # exposed, first order
        person("S.md", organisations=("X.md",)),
        person("T.md", organisations=("x",)),  # a plain name of the party's note
        person("U.md", knows=("S.md", "R.md")),  # tied to no party
        person("V.md", knows=("T.md",)),  # is a party himself
    ]
    people[3] = person("S.md", organisations=("X.md",), knows=("R.md",))
    conflicts = [
        Conflict(("X.md", "Y.md"), "bid", "open", "C1.md", exposed=("R.md",)),
        Conflict(("X.md", "V.md"), "", "closed", "C2.md"),
    ]
    model = make_model(people, orgs=[org("X.md"), org("Y.md")], conflicts=conflicts)
    second = network.second_order_exposed(model)
    assert second == {"C1.md": ("P.md", "Q.md", "S.md"), "C2.md": ("T.md", "V.md")}
    assert network.exposure(model, second) == {
        "P.md": ("C1.md",),
        "Q.md": ("C1.md",),
        "R.md": ("C1.md",),
        "S.md": ("C1.md",),
    }
    assert network_notes.second_order_line(model, "C1.md", second, "nl", link) == (
        "- Verbonden met één partij, en kent iemand van een andere: [[P]], [[Q]], [[S]]"
    )


# -- notes ---------------------------------------------------------------------


def test_review_note_links_people_and_is_bilingual() -> None:
    model = review_model()
    review = network_review.review(model)
    en = network_notes.render_review_note(model, review, "en", link)
    assert en.startswith("---\ngenerated_by: netwerknotities\n")
    assert "| important | 1 | 4 % | 10 % |" in en
    assert "- [[Cees]] (unimportant): introduced 1 person ([[Dirk]]); evidence score 3" in en
    nl = network_notes.render_review_note(model, review, "nl", link)
    assert "- [[Bob]] (geen kring): gaf 2 signalen in de laatste 12 maanden; bewijsscore 4" in nl
    assert "## Naar onbelangrijk" in nl


def test_reach_note_explains_the_arithmetic() -> None:
    model = reach_model()
    nl = network_notes.render_reach_note(model, network.reach(model), "nl", link)
    assert "250 × 200 = 50.000 mensen" in nl and "5.000.000" in nl
    assert (
        "Je notities bevatten 6 mensen, van wie 0 belangrijk (de tekst: 250). Zij noemen 2 "
        "mensen zonder eigen notitie: 0,5 per persoon"
    ) in nl
    assert "zouden je 6 mensen 1.200 mensen ontsluiten; je notities leggen er 2 vast (0,2 %)" in nl
    notes = network_notes.render_network_notes(model, "en", link)
    assert sorted(notes) == ["Reach.md", "Review.md", "Variety.md"]
    assert all(n.startswith("---\ngenerated_by: netwerknotities\n") for n in notes.values())


def test_variety_note_writes_plain_names_plain() -> None:
    model = variety_model()
    note = network_notes.render_variety_note(model, network_variety.variety(model), "en", link)
    assert "- [[Big]]: 4" in note and "- Small: 1" in note
    assert "- [[P]]: the only partner; the only one at Small" in note


# -- real vaults, through the whole build --------------------------------------


def built(vault: Path, tmp_path: Path) -> Model:
    options = BuildOptions(today=dt.date(2026, 11, 26), cache_dir=tmp_path / "cache", write=False)
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None
    return result.model


def test_small_vault_ties_both_ways_cycles_and_names_without_a_note(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "Mensen/Ann.md": '---\ntype: person\nkent: ["[[Bo]]", "[[Karel]]"]\n---\n',
            "Mensen/Bo.md": '---\ntype: person\nknows: ["[[Ann]]", "[[karel]]", Dirk]\n---\n',
            "Mensen/Col.md": '---\ntype: person\nintern: true\nknows: ["[[Eef]]"]\n---\n',
            "Mensen/Dee.md": "---\ntype: person\naliases: [Dirk]\n---\n",
        }
    )
    model = built(vault, tmp_path)
    assert network.reach(model).as_json() == {
        "first_degree": 4,
        "second_degree": 2,  # Karel (twice, two spellings) and Eef; Dirk is Dee's alias
        "via_colleagues": 1,
        "only_via_colleagues": 1,
        "internal": 1,
    }
    result = introductions.find_paths(model, "KAREL")
    assert [[model.display(r) for r in c.people] for c in result.chains] == [
        ["Ann", "Karel"],
        ["Bo", "Karel"],
        ["Dee", "Bo", "Karel"],
    ]
    assert [c.links[0].kind for c in result.chains] == ["knows", "knows", "known_by"]
    eef = introductions.find_paths(model, "eef")
    assert [[model.display(r) for r in c.people] for c in eef.chains] == [["Col", "Eef"]]


def test_example_vault(tmp_path: Path) -> None:
    model = built(EXAMPLE_VAULT, tmp_path)
    review = network_review.review(model).as_json()
    assert review["distribution"] == {"important": 4, "regular": 11, "unimportant": 5, "none": 4}
    assert [(s["person"], s["from"], s["to"], s["reasons"]) for s in review["suggestions"]] == [
        (
            "Zoë Çelik",
            "regular",
            "important",
            ["introduced 1 person (Bas Koster)", "evidence score 6, among the best 10 %"],
        ),
    ]
    assert network.reach(model).as_json() == {
        "first_degree": 24,
        "second_degree": 4,
        "via_colleagues": 7,
        "only_via_colleagues": 2,
        "internal": 2,
    }
    henk = introductions.find_paths(model, "henk smeets")
    assert [[model.display(r) for r in c.people] for c in henk.chains] == [
        ["Ingrid Vos", "Henk Smeets"],
        ["Marloes Dekker", "Ingrid Vos", "Henk Smeets"],
        ["Ahmed Benali", "Ingrid Vos", "Henk Smeets"],
    ]
    second = network.second_order_exposed(model)
    assert second["Belangen/Warmtebron Overvecht-Noord.md"] == (
        "Mensen/Ahmed Benali.md",
        "Mensen/Marloes Dekker.md",
        "Mensen/Nadia Akkermans.md",
    )
    variety = network_variety.variety(model)
    assert variety.leans == ()
    assert [model.display(b.person) for b in variety.bridges][:3] == [
        "Bas Koster",
        "Daan Hendriks",
        "Eva Mulder",
    ]


# -- reuse between the watcher's models ------------------------------------------


def test_spliced_finds_the_replaced_run_by_identity() -> None:
    x, y = object(), object()
    old = tuple(object() for _ in range(40))
    assert tuplediff.spliced(old, old) == ((), ())
    new = (*old[:5], x, y, *old[8:])
    assert tuplediff.spliced(old, new) == (old[5:8], (x, y))
    assert tuplediff.spliced(old, (*old[:5], x, *old[5:])) == ((), (x,))
    assert tuplediff.spliced(old, old[:-1]) == ((old[-1],), ())
    assert tuplediff.spliced(old, (x, y, *old[20:])) is None  # a quarter or more changed


def _fresh(model: Model) -> network_review.Review:
    network_review._dated.clear()
    network_review._signalled.clear()
    network_review._suggested.clear()
    network_variety._varied.clear()
    network._last.clear()
    return network_review.review(model)


def _with(model: Model, **changes: Any) -> Model:
    fields = {name: getattr(model, name) for name in Model.__dataclass_fields__}
    return Model(**{**fields, **changes})


def test_review_after_a_splice_equals_a_fresh_review() -> None:
    base = review_model()
    quiet = tuple(Contact(D("2026-02-01"), (f"Q/F{i % 20:02}.md",), f"q{i}.md") for i in range(40))
    first = _with(base, contacts=base.contacts + quiet)
    network_review.review(first)
    known = network_review._dated[0]
    added = Contact(D("2026-11-20"), ("Cees.md",), "Daily/2026-11-20.md", line=3)
    signal = Signal(D("2026-11-01"), "news", ("Cees.md",), (), "Daily/2026-11-01.md", 2)
    contacts = (*first.contacts[:1], added, *first.contacts[2:])  # c1.md's contact replaced
    second = _with(first, contacts=contacts, signals=(*first.signals, signal))
    assert network.resolution(second) is network.resolution(first)  # named alike
    incremental = network_review.review(second)
    assert network_review._dated[0] is known  # updated by the difference, not made again
    evidence = network_review._evidence(second, network._refs(second))
    assert len(evidence["Cees.md"].contact_dates) == 1
    assert evidence["Cees.md"].signals == 1
    assert len(evidence["Anna.md"].contact_dates) == 3
    assert incremental == _fresh(second)
    network_review.review(second)
    # and back: the contact and the signal are taken out again
    assert network_review.review(first) == _fresh(first)


def test_resolution_is_made_again_when_a_person_knows_someone_else() -> None:
    first = review_model()
    shared = network.resolution(first)
    p = first.people[0]
    changed = (Person(p.path, p.name, knows=(*p.knows, "Someone New")), *first.people[1:])
    second = _with(first, people=changed)
    assert network.resolution(second) is not shared
    assert network.reach(second).second_degree == network.reach(first).second_degree + 1
