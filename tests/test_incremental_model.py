"""The incremental model equals the full derivation after any sequence of changes.

A small vault lives in memory (notes parsed from generated text); random
edits, new notes, deletions, renames, alias and kind changes, broken YAML and
read problems are applied, and after each step `ModelKeeper.update` must give
exactly the `Model` that `build.model_of` derives from all notes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultFactory

from netwerknotities import tuplediff
from netwerknotities.build import VaultState, model_of, render_outputs
from netwerknotities.config import Config
from netwerknotities.diagnostics import Diagnostic
from netwerknotities.incremental_model import ModelKeeper
from netwerknotities.incremental_render import RenderMemo
from netwerknotities.model import Model
from netwerknotities.parse import parse_note
from netwerknotities.resolve import LinkIndex
from netwerknotities.vault import scan_vault

TODAY = dt.date(2026, 11, 26)

PEOPLE = ["Mensen/Jan.md", "Mensen/Piet.md", "Mensen/Oud/Jan.md", "Mensen/Kees.md", "Mien.md"]
ORGS = ["Org/Acme.md", "Org/Bouw BV.md"]
NAMES = ["Jan", "Piet", "Oud/Jan", "Kees", "Mien", "Acme", "Bouw BV", "Al1", "Al2", "Niemand"]


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _link(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    return _pick(rng, f"[[{name}]]", f"[[{name}|iemand]]", f"[[{name}#Kop]]")


def _body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 4)):
        lines.append(
            _pick(
                rng,
                f"- #contact koffie met {_link(rng)} en {_link(rng)}",
                f"- #contactmoment {_link(rng)}",
                f"- #signaal {_link(rng)} zegt iets over {_link(rng)}",
                f"Sprak {_link(rng)} op straat",
                f"- [ ] bellen {_link(rng)}",
                f"> {_link(rng)} #contact",
                "- #contact zonder link",
                "[[#Alleen een kop]] #signal",
            )
        )
    return "\n".join(lines) + "\n"


def _props(rng: random.Random, options: dict[str, list[str]]) -> str:
    chosen = [
        f"{key}: {rng.choice(values)}" for key, values in options.items() if rng.random() < 0.6
    ]
    return "".join(line + "\n" for line in chosen)


def person_text(rng: random.Random, aliases: str) -> str:
    props = _props(
        rng,
        {
            "tier": ["important", "gewoon", "onzin"],
            "cadence": ["10d", "3w", "vaak"],
            "organisation": ['"[[Acme]]"', '"[[Bouw BV]]"', "Los Bedrijf", '["[[Acme]]", Kees]'],
            "opposing": ['"[[Piet]]"', '"[[Acme]]"', "Iemand Anders"],
            "last_contact": ["2026-11-01", "2027-01-05", "gisteren"],
            "snooze_until": ["2027-02-01", "2026-01-01", "later"],
            "paused": ["true", "nee"],
            "birthday": ["02-30", "1890-05-01", "05-01", "1980-02-29", "rare dag"],
            "private": ["true", "nee"],
            "id": ["p-1", "p-2"],
            "knows": ['"[[Mien]]"', '["[[Jan]]", "[[Kees]]"]'],
            "via": ['"[[Piet]]"', "Onbekend"],
        },
    )
    return f"---\ntype: person\n{aliases}{props}---\n{_body(rng)}"


def org_text(rng: random.Random, aliases: str) -> str:
    props = _props(rng, {"stakeholder": ["klant", "[Klant, Partner]"], "opposing": ['"[[Acme]]"']})
    return f"---\ntype: organisation\n{aliases}{props}---\n{_body(rng)}"


def dated_text(rng: random.Random) -> str:
    front = _pick(rng, "", "---\ndatum: 2026-11-03\n---\n", "---\ndate: geen datum\n---\n")
    return front + _body(rng)


def contact_text(rng: random.Random) -> str:
    props = _props(
        rng,
        {
            "date": ["2026-11-10", "2026-12-24", "nooit"],
            "with": ['"[[Jan]]"', '["[[Piet]]", "[[Al1]]"]', "Kees", '"[[Acme]]"'],
            "topic": ["lunch", "[a, b]"],
            "minutes": ["30", "true", "veel"],
            "channel": ["telefoon"],
        },
    )
    return f"---\ntype: contact\n{props}---\n{_body(rng)}"


def signal_text(rng: random.Random) -> str:
    props = _props(
        rng,
        {
            "date": ["2026-10-01"],
            "source": ['"[[Mien]]"', "Roddel"],
            "about": ['"[[Bouw BV]]"', "Het weer"],
            "topic": ["fusie"],
        },
    )
    return f"---\ntype: signal\n{props}---\n{_body(rng)}"


def conflict_text(rng: random.Random) -> str:
    props = _props(
        rng,
        {
            "parties": [
                '["[[Jan]]", "[[Acme]]"]',
                '["[[Piet]]", "[[Bouw BV]]", Derde]',
                '"[[Jan]]"',
            ],
            "status": ["open", "gesloten"],
            "since": ["2025-01-01", "ooit"],
            "topic": ["grond"],
        },
    )
    return f"---\ntype: conflict\n{props}---\n{_body(rng)}"


def aliases_text(rng: random.Random) -> str:
    return _pick(rng, "", "aliases: [Al1]\n", "aliases: Al2\n", "aliases: [Al1, null]\n")


def any_text(rng: random.Random, path: str) -> str:
    """Text for `path`: mostly of the kind its place suggests, sometimes anything."""
    if rng.random() < 0.1:
        return _pick(rng, "---\ntype: [person\n---\nkapot\n", "", "---\ntype: organisatie\n---\n")
    if path in PEOPLE or path.startswith("Mensen/"):
        return person_text(rng, aliases_text(rng) if rng.random() < 0.3 else "")
    if path in ORGS:
        return org_text(rng, aliases_text(rng) if rng.random() < 0.3 else "")
    maker = {
        "Dagboek": dated_text,
        "Contact": contact_text,
        "Signaal": signal_text,
        "Belang": conflict_text,
    }.get(path.split("/")[0], dated_text)
    return maker(rng)


def start_paths(rng: random.Random) -> list[str]:
    paths = list(PEOPLE) + list(ORGS)
    paths += [f"Dagboek/2026-11-{rng.randint(1, 28):02d}.md" for _ in range(5)]
    paths += ["Dagboek/2026-12-01.md", "Losse notitie.md", "Contact/Lunch.md"]
    paths += ["Contact/Bel.md", "Signaal/Fusie.md", "Belang/Grond.md", "Belang/Water.md"]
    return sorted(set(paths))


def make_state(vault: Path, config: Config) -> VaultState:
    scan = scan_vault(vault, config)
    return VaultState(vault, config, scan, {}, {})


def put(state: VaultState, path: str, text: str) -> None:
    state.notes[path] = parse_note(path, text.encode("utf-8"))


def assert_same(
    keeper: ModelKeeper,
    state: VaultState,
    changed: list[str] | None,
    renderer: RenderMemo | None = None,
) -> None:
    before = keeper._model() if keeper.index is not None else None
    rebuilds = keeper.rebuilds
    model, index = keeper.update(state, TODAY, changed)
    expected, expected_index = model_of(state, TODAY)
    if before is not None and keeper.rebuilds == rebuilds:
        assert_told(before.contacts, model.contacts)
        assert_told(before.signals, model.signals)
    for field in dataclasses.fields(Model):
        assert getattr(model, field.name) == getattr(expected, field.name), field.name
    assert model == expected
    for path in state.notes:
        assert index.link_text(path) == expected_index.link_text(path)
    if renderer is not None:
        rendered = renderer.render(model, index, state.config, state.vault, None, keeper.people_own)
        assert rendered == render_outputs(expected, expected_index, state.config, state.vault)


def assert_told(old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    """What the keeper told `spliced` about a changed tuple is what changed."""
    if old is new:
        return
    told = [t for t in tuplediff._told if t[0] is old and t[1] is new]
    assert told, "a spliced tuple the keeper did not tell about"
    removed, added = told[0][2], told[0][3]
    assert Counter(old) - Counter(removed) + Counter(added) == Counter(new)
    assert not Counter(removed) - Counter(old)
    # and it is what comparing the tuples finds (a told run may be narrower than the
    # contiguous window a comparison gives, so as multisets): asked with nothing told
    saved = list(tuplediff._told)
    tuplediff._told.clear()
    try:
        compared = tuplediff.spliced(old, new)
    finally:
        tuplediff._told[:] = saved
    if compared is not None:
        assert Counter(compared[0]) - Counter(compared[1]) == Counter(removed) - Counter(added)
        assert Counter(compared[1]) - Counter(compared[0]) == Counter(added) - Counter(removed)


def random_step(rng: random.Random, state: VaultState) -> list[str]:
    """One change to the vault; the paths it touched."""
    paths = sorted(state.notes)
    roll = rng.random()
    if roll < 0.6 or not paths:  # a content edit: mostly keeps kind and aliases
        path = rng.choice(paths) if paths else "Dagboek/2026-11-02.md"
        put(state, path, any_text(rng, path))
        return [path]
    if roll < 0.7:  # a new note
        path = _pick(rng, "Dagboek/2026-11-2", "Mensen/Nieuw", "Contact/Nieuw", "Nieuw")
        path = f"{path}{rng.randint(0, 9)}.md"
        put(state, path, any_text(rng, path))
        return [path]
    if roll < 0.8:  # a deletion
        path = rng.choice(paths)
        del state.notes[path]
        return [path]
    if roll < 0.9:  # a rename (into another folder sometimes)
        path = rng.choice(paths)
        note = state.notes.pop(path)
        new = _pick(rng, "Mensen/Hernoemd", "Archief/Oud", "Hernoemd") + f"{rng.randint(0, 3)}.md"
        state.notes[new] = parse_note(new, _text_of(note, rng, new))
        return [path, new]
    # what reading said: an unreadable file or a scan problem comes and goes
    path = rng.choice(paths)
    if state.read_diagnostics:
        state.read_diagnostics = []
    else:
        state.read_diagnostics = [Diagnostic(path, 0, "unreadable", "cannot read the file")]
    state.scan = dataclasses.replace(
        state.scan, diagnostics=(Diagnostic("x (conflict).md", 0, "conflict-copy", "a copy"),)
    )
    return []


def _text_of(_note: object, rng: random.Random, path: str) -> bytes:
    return any_text(rng, path).encode("utf-8")


@pytest.mark.parametrize("seed", range(12))
def test_random_changes_keep_the_model_equal_to_a_full_derivation(
    seed: int, make_vault: VaultFactory
) -> None:
    rng = random.Random(seed)
    vault = make_vault({"keep.txt": "", "img.png": b"x"})
    config = Config(contact_from_mentions=seed % 2 == 0)
    state = make_state(vault, config)
    for path in start_paths(rng):
        put(state, path, any_text(rng, path))
    keeper, renderer = ModelKeeper(), RenderMemo()
    assert_same(keeper, state, None, renderer)
    for step in range(40):
        changed = random_step(rng, state)
        if rng.random() < 0.3:  # several changes in one batch
            changed += random_step(rng, state)
        hint = changed if rng.random() < 0.8 else None
        assert_same(keeper, state, hint, renderer if step % 4 == 3 else None)


def test_a_content_edit_derives_only_that_note_again(make_vault: VaultFactory) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\ntier: important\n---\n")
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [PP]\n---\n")
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Jan]]\n")
    keeper = ModelKeeper()
    keeper.update(state, TODAY)
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[PP]]\n- #signaal [[Jan]]\n")
    model, _ = keeper.update(state, TODAY, ["Dagboek/2026-11-20.md"])
    assert keeper.rebuilds == 1
    jan, piet = model.people
    assert (jan.last_contact, jan.due) == (None, TODAY)
    assert piet.last_contact == dt.date(2026, 11, 20)
    assert [c.people for c in model.contacts] == [("Mensen/Piet.md",)]
    assert [s.sources for s in model.signals] == [("Mensen/Jan.md",)]
    assert model == model_of(state, TODAY)[0]


@pytest.mark.parametrize(
    "change",
    [
        "---\ntype: person\naliases: [Pietje]\n---\n",  # an alias change
        "---\ntype: organisation\n---\n",  # a kind change
        "---\ntype: [person\n---\n",  # broken YAML: no kind any more
    ],
)
def test_an_alias_or_kind_change_derives_the_notes_that_name_it_again(
    change: str, make_vault: VaultFactory
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [PP]\n---\n")
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[PP]] en [[Pietje]]\n")
    keeper = ModelKeeper()
    keeper.update(state, TODAY)
    put(state, "Dagboek/2026-11-21.md", "- #contact koffie met [[Jan]]\n")
    keeper.update(state, TODAY, ["Dagboek/2026-11-21.md"])
    put(state, "Mensen/Piet.md", change)
    model, _ = keeper.update(state, TODAY, ["Mensen/Piet.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 2)  # not the note that names only Jan
    assert model == model_of(state, TODAY)[0]


def test_the_names_a_note_looks_up_are_indexed_only_once_the_link_index_changes(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [PP]\n---\n")
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Jan]]\n")
    put(state, "Dagboek/2026-11-21.md", "- #contact koffie met [[PP]]\n")
    keeper = ModelKeeper()
    keeper.update(state, TODAY)
    assert keeper._users is None  # the first derivation does not index the names
    # content edits before any index change: what the notes name now is what counts
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Pietje]]\n")
    put(state, "Dagboek/2026-11-21.md", "- #contact koffie met [[Jan]]\n")
    keeper.update(state, TODAY, ["Dagboek/2026-11-20.md", "Dagboek/2026-11-21.md"])
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [Pietje]\n---\n")
    model, _ = keeper.update(state, TODAY, ["Mensen/Piet.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 2)  # Piet and the note naming Pietje
    assert [c.path for c in model.contacts] == ["Dagboek/2026-11-20.md"]
    assert model == model_of(state, TODAY)[0]
    # once made, the index follows later edits
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Jan]]\n")
    put(state, "Dagboek/2026-11-21.md", "- #contact koffie met [[PP]]\n")
    keeper.update(state, TODAY, ["Dagboek/2026-11-20.md", "Dagboek/2026-11-21.md"])
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [PP]\n---\n")
    model, _ = keeper.update(state, TODAY, ["Mensen/Piet.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 2)  # Piet and the note naming PP
    assert [c.path for c in model.contacts] == ["Dagboek/2026-11-21.md"]
    assert model == model_of(state, TODAY)[0]


def test_a_new_or_deleted_note_derives_the_notes_that_may_name_it_again(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Nieuw]]\n")
    put(state, "Dagboek/2026-11-21.md", "- #contact koffie met [[Ander/Nieuw]]\n")
    put(state, "Dagboek/2026-11-22.md", "- #contact koffie met [[Oud]]\n")
    keeper = ModelKeeper()
    keeper.update(state, TODAY)
    put(state, "Mensen/Nieuw.md", "---\ntype: person\n---\n")
    model, _ = keeper.update(state, TODAY, ["Mensen/Nieuw.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 2)
    assert [c.path for c in model.contacts] == ["Dagboek/2026-11-20.md"]
    assert model == model_of(state, TODAY)[0]
    del state.notes["Mensen/Nieuw.md"]
    model, _ = keeper.update(state, TODAY, ["Mensen/Nieuw.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 1)
    assert model.contacts == () and model == model_of(state, TODAY)[0]


def test_another_day_config_or_attachment_set_derives_everything_again(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\n---\n![[foto.png]]\n")
    put(state, "Dagboek/2026-11-27.md", "- #contact [[Jan]]\n")
    keeper = ModelKeeper()
    before, _ = keeper.update(state, TODAY)
    assert before.people[0].last_contact is None  # tomorrow's contact is planned, not had
    after, _ = keeper.update(state, TODAY + dt.timedelta(days=1), [])
    assert after.people[0].last_contact == dt.date(2026, 11, 27)
    state.scan = dataclasses.replace(state.scan, attachments=("foto.png",))
    model, _ = keeper.update(state, TODAY, [])
    assert not any(d.code == "unresolved-link" for d in model.diagnostics)
    state.config = Config(contact_from_mentions=True)
    keeper.update(state, TODAY, [])
    assert keeper.rebuilds == 4


def test_unchanged_notes_cost_nothing_and_the_scan_keeps_its_problems(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\n---\n")
    keeper = ModelKeeper()
    first, _ = keeper.update(state, TODAY)
    again, _ = keeper.update(state, TODAY, ["Mensen/Jan.md"])
    assert again == first and keeper.rebuilds == 1
    problem = Diagnostic("Mensen/Jan (conflict).md", 0, "conflict-copy", "a copy")
    state.scan = dataclasses.replace(state.scan, diagnostics=(problem,))
    model, _ = keeper.update(state, TODAY, [])
    assert model.diagnostics == (problem,)
    assert keeper.rebuilds == 1


def test_unchanged_parts_keep_their_objects_and_their_rendering(make_vault: VaultFactory) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\n---\n")
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Jan]]\n- #signaal [[Jan]]\n")
    put(state, "Dagboek/2026-11-21.md", "niets\n")
    keeper, renderer = ModelKeeper(), RenderMemo()
    first, index = keeper.update(state, TODAY)
    renderer.render(first, index, state.config, vault)
    # a second contact on an older day: Jan's last contact stays, signals are untouched
    put(state, "Dagboek/2026-11-21.md", "niets\n- #contact [[Jan]] [[Nergens]]\n")
    model, index = keeper.update(state, TODAY, ["Dagboek/2026-11-21.md"])
    outputs, _ = renderer.render(model, index, state.config, vault)
    assert model.signals is first.signals and model.names is first.names
    assert model.people is not first.people  # a new backlink
    assert model.diagnostics is not first.diagnostics  # the unresolved link
    assert renderer.reused == ["signals"]
    assert (outputs, _) == render_outputs(model, index, state.config, vault)
    put(state, "Dagboek/2026-11-21.md", "niets\n- #contact [[Jan]] [[Nergens]] !\n")
    again, index = keeper.update(state, TODAY, ["Dagboek/2026-11-21.md"])
    renderer.render(again, index, state.config, vault)
    assert again.people is model.people and again.diagnostics is model.diagnostics
    assert renderer.reused == [
        "people",
        "signals",
        "conflicts",
        "problems",
        "plan",
        "agenda",
        "reach",
        "variety",
    ]


@pytest.mark.parametrize("seed", range(6))
def test_a_changed_link_index_equals_one_built_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    pool = ["A.md", "a.md", "X/A.md", "Y/X/A.md", "B.MD", "X/B.md", "Ä.md", "Café.md", "A.png.md"]
    words = ["a", "b", "Alias", "alias ", "x/a", "", "Ä"]
    attachments = ["A.png", "X/a.png"]
    notes: dict[str, list[str]] = {}
    index = LinkIndex([], {}, attachments)
    targets = ["a", "A", "x/a", "/X/A", "./A", "../A", "b", "alias", "ä", "café", "a.png", "Y/x/a"]
    for _ in range(30):
        removed = rng.sample(sorted(notes), k=min(len(notes), rng.randint(0, 2)))
        added = {rng.choice(pool): rng.sample(words, k=rng.randint(0, 2)) for _ in range(2)}
        out = [p for p in removed if p not in added] + [p for p in added if p in notes]
        for path in removed:
            del notes[path]
        notes.update(added)
        index, keys = index.changed(out, added)
        fresh = LinkIndex(sorted(notes), notes, attachments)
        for slot in ("_exact", "_suffixes", "_sorted", "_aliases", "_names"):
            assert getattr(index, slot) == getattr(fresh, slot), slot
        for target in targets:
            for origin in ("A.md", "X/Y/n.md"):
                assert index.resolve(target, origin) == fresh.resolve(target, origin)
        assert keys >= {LinkIndex.lookup_key(p[:-3], "") for p in [*out, *added]}


def test_prepare_indexes_the_names_looked_up_ahead_of_the_first_index_change(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [PP]\n---\n")
    put(state, "Dagboek/2026-11-20.md", "- #contact koffie met [[Pietje]]\n")
    keeper = ModelKeeper()
    keeper.prepare()  # nothing derived yet: nothing to do
    assert keeper._users is None
    keeper.update(state, TODAY)
    keeper.prepare()
    assert keeper._users is not None and "pietje" in keeper._users
    put(state, "Mensen/Piet.md", "---\ntype: person\naliases: [Pietje]\n---\n")
    model, _ = keeper.update(state, TODAY, ["Mensen/Piet.md"])
    assert (keeper.rebuilds, keeper.derived) == (1, 2)
    assert model == model_of(state, TODAY)[0]
