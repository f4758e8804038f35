"""People as NAME arguments find them, and the one property `tier` changes.

`match_person` turns what the user typed (`log`, `tier`) into one person
note: file name or alias, case- and accent-insensitive. Anything less than
exactly one person is an error that lists the candidates, so a typo never
writes into the wrong note. `set_tier` changes the `tier` (or `kring`) line
of that note and nothing else, through `usernotes`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import TIERS, Config
from .errors import NetwerkError, NotFoundError
from .notes import Note
from .properties import TIER_WORDS, Props, lookup_table
from .relations import build_index, note_kind
from .resolve import LinkIndex
from .textedit import (
    FrontMatterError,
    check_frontmatter,
    frontmatter_keys,
    read_frontmatter,
    set_property,
    yaml_text,
)
from .usernotes import Edit, RefusedEditError, edit_note
from .vault import ObsidianSettings, scan_vault

DUTCH_TIERS = {"important": "belangrijk", "regular": "gewoon", "unimportant": "onbelangrijk"}
# Keys that only a Dutch-writing user uses, and their English counterparts: which
# language a note is in decides the key and words the tool adds to it.
DUTCH_KEYS = frozenset(
    [
        "soort",
        "organisatie",
        "rol",
        "kring",
        "frequentie",
        "laatste_contact",
        "kent",
        "intern",
        "interesses",
        "tegengesteld",
        "verjaardag",
        "uitstellen_tot",
        "gepauzeerd",
        "telefoon",
        "prive",
        "privé",
        "datum",
        "met",
        "kanaal",
        "minuten",
        "bron",
        "over",
        "onderwerp",
        "partijen",
        "sinds",
    ]
)
ENGLISH_KEYS = frozenset(
    [
        "type",
        "kind",
        "organisation",
        "organization",
        "role",
        "tier",
        "cadence",
        "last_contact",
        "knows",
        "introduced_by",
        "internal",
        "interests",
        "opposing",
        "birthday",
        "snooze_until",
        "paused",
        "phone",
        "private",
        "date",
        "with",
        "channel",
        "minutes",
        "source",
        "about",
        "topic",
        "parties",
        "since",
    ]
)


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person note as name matching and import matching see it."""

    path: str
    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    broken: str = ""  # why its front-matter cannot be edited, "" when it can


@dataclass(frozen=True, slots=True)
class NameMatch:
    person: PersonRef
    alias: str | None  # the alias as the note writes it, when the query named one


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form: `Zoë  Çelik` → `zoe celik`."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def people_from_notes(notes: Sequence[Note], config: Config) -> list[PersonRef]:
    """The person notes among `notes`, sorted by path.

    A note whose front-matter cannot be read may be a person whose `type` got lost:
    it is included with `broken` set, so that naming it says why it cannot be
    edited instead of "no such person", and an import never makes a second copy.
    """
    table = lookup_table(config)
    people = []
    for note in notes:
        props = Props(note.properties, table)
        broken = next(
            (
                f"the front-matter cannot be read ({d.code}, line {d.line}): {d.message}"
                for d in note.diagnostics
                if d.code in ("yaml-error", "yaml-not-mapping", "frontmatter-unclosed")
            ),
            "",
        )
        if note_kind(note, props, config) != "person" and not broken:
            continue
        people.append(
            PersonRef(
                path=note.path,
                name=note.name,
                aliases=tuple(props.texts("aliases")),
                emails=tuple(_strings(props.get("email"))),
                phones=tuple(_strings(props.get("phone"))),
                broken=broken,
            )
        )
    return sorted(people, key=lambda p: p.path)


@dataclass(frozen=True, slots=True)
class VaultView:
    """What the editing commands need of a vault: its notes, people and links."""

    vault: Path
    config: Config
    settings: ObsidianSettings
    notes: tuple[Note, ...]
    people: tuple[PersonRef, ...]
    index: LinkIndex

    def note(self, path: str) -> Note | None:
        return next((n for n in self.notes if n.path == path), None)


def load_view(vault: Path, config: Config) -> VaultView:
    """Scan the vault and read its notes, through the parse cache (keyed by size and
    mtime, so it holds what is on disk); every write re-reads its note anyway."""
    # imported here: build pulls in the whole rendering pipeline, which tests of
    # the pure functions above do not need
    import datetime as dt

    from .build import BuildOptions, load_state, open_cache

    scan = scan_vault(vault, config)
    cache = open_cache(vault, BuildOptions(today=dt.date.min))
    try:
        state, _, _ = load_state(vault, config, scan, cache)
    finally:
        cache.close()
    notes = tuple(state.notes[p] for p in sorted(state.notes))
    index = build_index(notes, scan.attachments, config)
    people = tuple(people_from_notes(notes, config))
    return VaultView(vault, config, scan.settings, notes, people, index)


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    text = str(value).strip()
    return [text] if text else []


def resolve_name(query: str, people: Sequence[PersonRef]) -> NameMatch:
    """The one person whose file name or alias is `query`; NotFoundError otherwise."""
    key = fold(query)
    found: dict[str, NameMatch] = {}
    for person in people:
        if fold(person.name) == key:
            found[person.path] = NameMatch(person, None)
            continue
        for alias in person.aliases:
            if fold(alias) == key:
                found.setdefault(person.path, NameMatch(person, alias))
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        listed = "; ".join(_describe(m.person) for m in sorted(found.values(), key=_path_of))
        raise NotFoundError(f"{query!r} matches several people: {listed}. Name the one you mean.")
    raise NotFoundError(f"no person named {query!r}.{_suggest(key, people)}")


def _path_of(match: NameMatch) -> str:
    return match.person.path


def match_person(query: str, people: Sequence[PersonRef]) -> PersonRef:
    return resolve_name(query, people).person


def _describe(person: PersonRef) -> str:
    return f"{person.name} ({person.path})"


def _suggest(key: str, people: Sequence[PersonRef]) -> str:
    names: dict[str, PersonRef] = {}
    for person in people:
        for name in (person.name, *person.aliases):
            names.setdefault(fold(name), person)
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    contains = [n for n in sorted(names) if key and key in n and n not in close]
    picks = dict.fromkeys(names[n].name for n in [*close, *contains][:8])
    if not picks:
        return ""
    return " Did you mean: " + ", ".join(picks) + "?"


# -- tier ----------------------------------------------------------------------------


def parse_tier(text: str) -> str:
    """`important`/`regular`/`unimportant` from the English or Dutch word; ValueError else."""
    tier = TIER_WORDS.get(text.strip().lower())
    if tier is None:
        words = ", ".join([*TIERS, *DUTCH_TIERS.values()])
        raise ValueError(f"not a tier: {text!r} (use one of {words})")
    return tier


def note_is_dutch(keys: Sequence[str], type_value: str = "") -> bool:
    """Whether a note is written with the Dutch property names rather than the English."""
    lower = [k.lower() for k in keys]
    dutch = sum(k in DUTCH_KEYS for k in lower) + (type_value.lower() == "persoon")
    english = sum(k in ENGLISH_KEYS for k in lower) + (type_value.lower() == "person")
    return dutch > english


def tier_edit(data: bytes, tier: str, config: Config) -> bytes:
    """The note's bytes with its tier set to `tier` (English canonical word).

    An existing `tier`/`kring` key (or the user's own name for it) is changed in
    place, keeping the language of its value; a note without one gets `tier`, or
    `kring` when its other keys are Dutch (a Dutch note stays Dutch).
    """
    check_frontmatter(data)
    names = lookup_table(config)["tier"]
    keys = frontmatter_keys(data)
    present = [k for k in keys if k.lower() in names]
    if len(present) > 1:
        raise FrontMatterError(
            f"the note has {' and '.join(present)}; keep one tier property, then try again"
        )
    props = read_frontmatter(data)
    if present:
        key = present[0]
        old = str(props.get(key) or "").strip().lower()
        if old in DUTCH_TIERS.values():
            dutch = True
        elif old in TIERS:
            dutch = False
        else:
            dutch = key.lower() == "kring" or note_is_dutch(keys, _text(props.get("type")))
    else:
        dutch = note_is_dutch(keys, _text(props.get("type")))
        key = "kring" if dutch else "tier"
    word = DUTCH_TIERS[tier] if dutch else tier
    return set_property(data, key, yaml_text(word))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def set_tier(vault: Path, person: PersonRef, tier: str, config: Config) -> Edit:
    """Set the person's tier in their note; an unchanged tier writes nothing."""
    if person.broken:
        raise RefusedEditError(f"{person.path}: not edited: {person.broken}")

    def change(data: bytes | None) -> bytes:
        if data is None:
            raise NotFoundError(f"{person.path} no longer exists")
        return tier_edit(data, tier, config)

    return edit_note(vault / person.path, change)


@dataclass(frozen=True, slots=True)
class TierOutcome:
    changed: tuple[str, ...]  # paths written
    unchanged: tuple[str, ...]  # already at that tier
    failed: tuple[tuple[str, str], ...]  # (path, why): broken, changed meanwhile, vanished


def set_tiers(view: VaultView, changes: Sequence[tuple[str, str]]) -> TierOutcome:
    """Set several tiers, e.g. the accepted suggestions of `review --apply`.

    `changes` holds (note path, tier) pairs. Each note is edited on its own; one
    that cannot be edited is reported and the others are still written.
    """
    people = {p.path: p for p in view.people}
    changed: list[str] = []
    unchanged: list[str] = []
    failed: list[tuple[str, str]] = []
    for path, tier in changes:
        person = people.get(path)
        if person is None:
            failed.append((path, "not a person note"))
            continue
        try:
            edit = set_tier(view.vault, person, parse_tier(tier), view.config)
        except (NetwerkError, ValueError) as exc:
            failed.append((path, str(exc)))
            continue
        (changed if edit.changed else unchanged).append(path)
    return TierOutcome(tuple(changed), tuple(unchanged), tuple(failed))
