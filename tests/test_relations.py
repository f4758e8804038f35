"""The relationship model derived from small vaults (spec sections 2, 3, 4 and 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import VaultFactory

from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.model import Model

TODAY = dt.date(2026, 11, 26)


def model_of(vault: Path, tmp_path: Path) -> Model:
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache", write=False)
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None
    return result.model


def person(model: Model, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in model.people if p.name == name)


def codes(model: Model) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in model.diagnostics]


def test_kinds_from_type_tag_and_folder_in_both_languages(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "A.md": "---\ntype: Persoon\n---\n",
            "B.md": "---\ntype: person\n---\n",
            "C.md": "---\ntags: [persoon, vip]\n---\n",
            "Mensen/D.md": "no front-matter\n",
            "E.md": "---\ntype: organisatie\n---\n",
            "F.md": "---\ntype: Organization\n---\n",
            "2026-11-20.md": "- #contact met [[A]]\n",  # a body tag makes no contact note
            "netwerknotities.toml": '[folders]\nperson = ["Mensen"]\n',
        }
    )
    model = model_of(vault, tmp_path)
    assert sorted(p.name for p in model.people) == ["A", "B", "C", "D"]
    assert sorted(o.name for o in model.organisations) == ["E", "F"]
    assert [(c.date, c.people) for c in model.contacts] == [(dt.date(2026, 11, 20), ("A.md",))]


def test_last_contact_due_and_cadence(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "Imp.md": "---\ntype: person\ntier: important\n---\n",
            "Reg.md": "---\ntype: persoon\nkring: gewoon\nlaatste_contact: 2026-10-01\n---\n",
            "Own.md": "---\ntype: person\ntier: unimportant\ncadence: 2w\n---\n",
            "Unimp.md": "---\ntype: person\nkring: onbelangrijk\n---\n",
            "Nobody.md": "---\ntype: person\n---\n",
            "Snoozed.md": "---\ntype: person\nsnooze_until: 2027-01-05\n---\n",
            "Paused.md": "---\ntype: person\ngepauzeerd: true\n---\n",
            "Future.md": "---\ntype: person\ntier: important\n---\n",
            "2026-11-01.md": "- #contact [[Imp]] en [[Own]]\n",
            "2026-12-24.md": "- #contact kerstborrel met [[Future]]\n",
            "Contacten/Lunch.md": (
                '---\ntype: contactmoment\ndatum: 2026-11-10\nmet:\n  - "[[Reg]]"\n---\n'
            ),
        }
    )
    model = model_of(vault, tmp_path)
    imp = person(model, "Imp")
    assert (imp.last_contact, imp.cadence_days, imp.due) == (
        dt.date(2026, 11, 1),
        30,
        dt.date(2026, 12, 1),
    )
    reg = person(model, "Reg")
    assert reg.last_contact == dt.date(2026, 11, 10)  # the contact note beats the hand-set date
    assert reg.last_contact_path == "Contacten/Lunch.md"
    assert reg.due == dt.date(2026, 11, 10) + dt.timedelta(days=91)
    assert person(model, "Own").due == dt.date(2026, 11, 15)
    assert person(model, "Unimp").due is None  # de-intensified: no cadence, no due date
    assert person(model, "Nobody").due == TODAY  # never contacted: due today
    assert person(model, "Snoozed").due == dt.date(2027, 1, 5)
    assert person(model, "Paused").due is None
    assert person(model, "Future").last_contact is None  # a planned meeting is no contact yet


def test_bad_tier_and_cadence_are_diagnostics_with_fallbacks(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "X.md": "---\ntype: person\nkring: superbelangrijk\nfrequentie: vaak\n---\n",
        }
    )
    model = model_of(vault, tmp_path)
    x = person(model, "X")
    assert x.tier is None and x.cadence_days == 91
    assert sorted(d.code for d in model.diagnostics) == ["bad-cadence", "bad-tier"]
    assert {d.line for d in model.diagnostics} == {3, 4}


def test_signals_from_lines_and_notes_newest_first(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "Piet.md": "---\ntype: person\n---\n",
            "Gemeente.md": "---\ntype: organisation\n---\n",
            "2026-11-12.md": "Ochtend.\n\n- #signaal [[Piet]]: [[Gemeente]] stelt uit\n",
            "Signalen/S.md": (
                '---\ntype: signal\ndate: 2026-11-20\nsource: "[[Piet]]"\n'
                'about: "[[Gemeente]]"\ntopic: Netcongestie\n---\n'
            ),
            "Losse gedachte.md": "#signal iets zonder datum\n",
        }
    )
    model = model_of(vault, tmp_path)
    got = [(s.date, s.text, s.sources, s.about, s.path) for s in model.signals]
    assert got == [
        (dt.date(2026, 11, 20), "Netcongestie", ("Piet.md",), ("Gemeente.md",), "Signalen/S.md"),
        (
            dt.date(2026, 11, 12),
            "Piet: Gemeente stelt uit",
            ("Piet.md",),
            ("Gemeente.md",),
            "2026-11-12.md",
        ),
        (None, "iets zonder datum", (), (), "Losse gedachte.md"),
    ]


def test_conflicts_and_exposed_people(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "A.md": '---\ntype: organisation\nopposing: ["[[C]]"]\n---\n',
            "B.md": "---\ntype: organisation\n---\n",
            "C.md": "---\ntype: organisation\n---\n",
            "Both.md": '---\ntype: person\norganisation: ["[[A]]", "[[B]]"]\n---\n',
            "One.md": '---\ntype: person\norganisation: "[[A]]"\n---\n',
            "Self.md": '---\ntype: person\norganisatie: "[[B]]"\n---\n',
            "Belang.md": (
                '---\ntype: belang\npartijen: ["[[A]]", "[[B]]"]\nonderwerp: Aanbesteding\n---\n'
            ),
            "Oud.md": (
                '---\ntype: conflict\nparties: ["[[Self]]", "[[B]]"]\nstatus: gesloten\n---\n'
            ),
            "Half.md": '---\ntype: conflict\nparties: ["[[A]]"]\n---\n',
        }
    )
    model = model_of(vault, tmp_path)
    got = [(c.path, c.parties, c.status, c.exposed) for c in model.conflicts]
    assert got == [
        ("A.md", ("A.md", "C.md"), "open", ()),
        ("Belang.md", ("A.md", "B.md"), "open", ("Both.md",)),
        ("Oud.md", ("Self.md", "B.md"), "closed", ("Self.md",)),
    ]
    assert ("Half.md", "conflict-parties") in codes(model)


def test_backlinks_count_body_and_property_links(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "Jan.md": "---\ntype: person\naliases: [J]\n---\n",
            "Org.md": "---\ntype: organisation\n---\n",
            "Kees.md": '---\ntype: person\nknows: ["[[Jan]]"]\norganisation: "[[Org]]"\n---\n',
            "Notes/Idee.md": "Met [[J]] bespreken.\n\n```\n[[Jan]] in code\n```\n",
            "Verwijzing.md": "%% [[Jan]] in a comment %% en <!-- [[Jan]] -->\n",
        }
    )
    model = model_of(vault, tmp_path)
    jan = person(model, "Jan")
    assert jan.backlinks == ("Kees.md", "Notes/Idee.md")
    assert person(model, "Kees").knows == ("Jan.md",)
    assert person(model, "Kees").organisations == ("Org.md",)


def test_user_property_names_from_config(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "netwerknotities.toml": '[properties]\norganisation = ["company"]\n',
            "Org.md": "---\ntype: organisation\n---\n",
            "P.md": '---\ntype: person\ncompany: "[[Org]]"\n---\n',
        }
    )
    assert person(model_of(vault, tmp_path), "P").organisations == ("Org.md",)


def test_contact_from_mentions_is_off_by_default_and_skips_open_tasks(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    files = {
        "P.md": "---\ntype: person\n---\n",
        "Q.md": "---\ntype: person\n---\n",
        "R.md": "---\ntype: person\n---\n",
        "2026-11-02.md": "- [ ] bellen met [[P]]\n- [x] gebeld met [[Q]]\n\n> [[R]] zei iets\n",
    }
    model = model_of(make_vault(files), tmp_path)
    assert model.contacts == ()
    files["netwerknotities.toml"] = "contact_from_mentions = true\n"
    model = model_of(make_vault(files), tmp_path)
    assert [(c.people, c.date) for c in model.contacts] == [(("Q.md",), dt.date(2026, 11, 2))]


def test_conflict_copy_is_reported_and_never_a_second_person(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "Jan.md": "---\ntype: person\n---\n",
            "Jan (Conflicted copy Laptop 202611201030).md": "---\ntype: person\n---\n",
            "Jan.sync-conflict-20261120-103000-ABCDEFG.md": "---\ntype: person\n---\n",
        }
    )
    model = model_of(vault, tmp_path)
    assert [p.name for p in model.people] == ["Jan"]
    assert [d.code for d in model.diagnostics] == ["conflict-copy", "conflict-copy"]


def test_an_unchecked_contact_task_is_a_plan_not_a_contact(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "P.md": "---\ntype: person\n---\n",
            "Q.md": "---\ntype: person\n---\n",
            "2026-11-02.md": "- [ ] #contact bellen met [[P]]\n- [x] #contact gebeld met [[Q]]\n",
        }
    )
    model = model_of(vault, tmp_path)
    assert [(c.people, c.line) for c in model.contacts] == [(("Q.md",), 2)]
    assert person(model, "P").last_contact is None


def test_a_contact_line_over_two_lines_is_not_counted_twice_as_mentions(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "netwerknotities.toml": "contact_from_mentions = true\n",
            "P.md": "---\ntype: person\n---\n",
            "Q.md": "---\ntype: person\n---\n",
            "2026-11-02.md": "Koffie #contact met [[P]]\nen daarna ook [[Q]] gesproken.\n",
        }
    )
    model = model_of(vault, tmp_path)
    assert [(c.people, c.line) for c in model.contacts] == [(("P.md", "Q.md"), 1)]
