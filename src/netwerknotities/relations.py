"""Derive the relationship model from the set of parsed notes.

Input: every `Note` of the vault (parsed in isolation), the Obsidian
settings, the config and `today`. Output: a `Model`. This is the cheap part
that is redone whenever any note changes; it is linear in notes plus links.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .config import Config, parse_cadence
from .dailynotes import note_date
from .diagnostics import Diagnostic
from .model import Birthday, Conflict, Contact, Model, Organisation, Person, Signal
from .notes import CONTACT_TAGS, SIGNAL_TAGS, Link, Note, note_name, property_date
from .properties import KIND_WORDS, TIER_WORDS, Props, lookup_table
from .resolve import LinkIndex
from .vault import ObsidianSettings

_BIRTHDAY_RE = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_TAG_SPLIT = re.compile(r"[,\s]+")
_TARGET = operator.itemgetter(0)  # Link.target
_CONTACT_ORDER = operator.attrgetter("date", "path", "line")
_CLOSED_WORDS = frozenset({"closed", "gesloten", "dicht", "afgerond", "resolved"})


def note_aliases(note: Note, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The `aliases` of a note as Obsidian reads them: a string or a list; nulls dropped."""
    if not note.properties:  # most notes of a large vault: no Props needed
        return ()
    return tuple(Props(note.properties, table).texts("aliases"))


def build_index(notes: Sequence[Note], attachments: Iterable[str], config: Config) -> LinkIndex:
    table = lookup_table(config)
    return LinkIndex(
        [n.path for n in notes], {n.path: note_aliases(n, table) for n in notes}, attachments
    )


@dataclass(slots=True)
class Parsed:
    """Per-note facts gathered in the first pass."""

    note: Note
    props: Props
    kind: str | None
    date: dt.date | None


def note_kind(note: Note, props: Props, config: Config) -> str | None:
    """person / organisation / contact / signal / conflict, or None (spec section 2)."""
    return property_kind(props) or folder_kind(note.path.rpartition("/")[0], config)


def property_kind(props: Props) -> str | None:
    """The kind that `type` or the `tags` property give, if any."""
    for value in props.texts("type"):
        kind = KIND_WORDS.get(value.lower())
        if kind:
            return kind
    # only the `tags` property: a `#contact` line in the body does not make a contact note
    for text in props.texts("tags"):
        for tag in _TAG_SPLIT.split(text):
            kind = KIND_WORDS.get(tag.lstrip("#").lower().split("/", 1)[0])
            if kind:
                return kind
    return None


def folder_kind(folder: str, config: Config) -> str | None:
    """The kind of a note in `folder` (vault-relative, `""` for the root) by the mapped folders."""
    path = folder + "/"
    for kind, folders in config.folders.items():
        for mapped in folders:
            if mapped and path.startswith(mapped + "/"):
                return kind
    return None


class Deriver:
    """The derivation over a list of notes; its per-note methods (`parse`, `note_contacts`,
    `note_signals`, `person_parts`, `note_conflict`) also serve the incremental model, which
    keeps `kind_of` and `resolved` current itself and collects `diags` per note."""

    def __init__(
        self,
        notes: Sequence[Note],
        index: LinkIndex,
        settings: ObsidianSettings,
        config: Config,
        today: dt.date,
    ) -> None:
        self.index = index
        self.config = config
        self.settings = settings
        self.today = today
        self.diags: list[Diagnostic] = []
        # plain property texts resolved as names (the link targets are in `resolved`)
        self.looked_up: list[str] = []
        self.table = lookup_table(config)
        # a vault has many notes and few folders: each folder's mapped kind once
        self._folder_kinds: dict[str, str | None] = {}
        self.parsed: list[Parsed] = [self.parse(note) for note in notes]
        self.kind_of = {p.note.path: p.kind for p in self.parsed}
        # resolution of every link, once: note path -> {link target: resolved path}
        # target -> linking paths, as an ordered set (a dict): filled in note order, which
        # is path order for a whole vault, so sorting each one later costs next to nothing
        self.backlinks: dict[str, dict[str, None]] = defaultdict(dict)
        self.resolved: dict[str, dict[str, str | None]] = {}
        for p in self.parsed:
            self.resolve_links(p.note)

    def parse(self, note: Note) -> Parsed:
        """The first pass over one note: properties, kind and date."""
        props = Props(note.properties, self.table)
        self.diags.extend(note.diagnostics)
        raw_date = props.get("date")
        prop_date = property_date(raw_date)
        if raw_date not in (None, "") and prop_date is None:
            self.diags.append(
                self._diag(
                    note,
                    props,
                    "date",
                    "bad-date",
                    f"date {raw_date!r} is not a date like 2026-11-20",
                )
            )
        path = note.path
        date = note_date(path, prop_date, self.settings)
        kind = property_kind(props) if note.properties else None
        if kind is None:
            folder = path.rpartition("/")[0]
            known = self._folder_kinds
            if folder not in known:
                known[folder] = folder_kind(folder, self.config)
            kind = known[folder]
        return Parsed(note, props, kind, date)

    # -- links ---------------------------------------------------------------
    def resolve_links(self, note: Note) -> None:
        path = note.path
        links = note.links
        # Each distinct target once, in the order first written (a C-level pass: a note
        # repeats its links, and most notes link the same few people); `""` is the note itself.
        mine: dict[str, str | None] = dict.fromkeys(map(_TARGET, links))
        mine.pop("", None)
        self.resolved[path] = mine
        if not mine:
            return
        resolve = self.index.resolve
        settled = self.index.settled().get
        backlinks = self.backlinks
        for name in mine:
            res = settled(name)
            if res is None:
                res = resolve(name, path)
            target = mine[name] = res.path  # a value, not a key, changes: safe while iterating
            if target is None:
                line = next(link.line for link in links if link.target == name)
                self.diags.append(
                    Diagnostic(path, line, "unresolved-link", f"[[{name}]] matches no note")
                )
                continue
            if len(res.candidates) > 1:
                line = next(link.line for link in links if link.target == name)
                self.diags.append(
                    Diagnostic(
                        path,
                        line,
                        "ambiguous-link",
                        f"[[{name}]] could be {', '.join(res.candidates)}; resolved to {target}",
                    )
                )
            if target != path:
                backlinks[target][path] = None

    def target(self, note: Note, link: Link) -> str | None:
        if not link.target:
            return note.path
        return self.resolved[note.path].get(link.target)

    def refs(self, p: Parsed, canonical: str) -> list[str]:
        """Links (as paths, or the link text when unresolved) and plain texts of a property."""
        key = p.props.key(canonical)
        if key is None:
            return []
        refs: list[str] = []
        note = p.note
        mine = self.resolved[note.path]
        for link in note.links:
            if link.source == key:  # as `target`, inlined: persons hold many property links
                name = link.target
                refs.append((mine.get(name) if name else note.path) or name)
        for text in p.props.texts(canonical):
            if "[[" in text:
                continue
            res = self.index.resolve(text, p.note.path)
            self.looked_up.append(text)
            refs.append(res.path if res.path is not None else text)
        return list(dict.fromkeys(refs))

    def _diag(self, note: Note, props: Props, canonical: str, code: str, msg: str) -> Diagnostic:
        return Diagnostic(note.path, self._line_of(note, props.key(canonical)), code, msg)

    @staticmethod
    def _line_of(note: Note, key: str | None) -> int:
        if key is None:
            return 0
        for link in note.links:
            if link.source == key:
                return link.line
        # front-matter keys sit on lines 2.. in insertion order; a good guess
        for number, name in enumerate(note.properties, start=2):
            if name == key:
                return number
        return 0

    # -- entities ------------------------------------------------------------
    def derive(self) -> Model:
        contacts = self._contacts()
        signals = self._signals()
        organisations = self._organisations()
        people = self._people(contacts)
        conflicts = self._conflicts(people)
        names = {p.note.path: note_name(p.note.path) for p in self.parsed}
        self._duplicate_names(people)
        return Model(
            today=self.today,
            people=tuple(people),
            organisations=tuple(organisations),
            contacts=tuple(sorted(contacts, key=_CONTACT_ORDER)),
            signals=tuple(sorted(signals, key=_signal_order)),
            conflicts=tuple(conflicts),
            diagnostics=tuple(sorted(set(self.diags))),
            note_count=len(self.parsed),
            names=names,
        )

    def _people_on(self, note: Note, links: Sequence[Link]) -> tuple[str, ...]:
        """The people linked on one line, each once, in order."""
        mine = self.resolved[note.path]
        kinds = self.kind_of
        found: list[str] = []
        for link in links:
            target = mine.get(link.target) if link.target else note.path
            if target is not None and kinds.get(target) == "person" and target not in found:
                found.append(target)
        return tuple(found)

    def _is_person(self, path: str | None) -> bool:
        return path is not None and self.kind_of.get(path) == "person"

    def _contacts(self) -> list[Contact]:
        contacts: list[Contact] = []
        for p in self.parsed:
            contacts.extend(self.note_contacts(p))
        return contacts

    def note_contacts(self, p: Parsed) -> list[Contact]:
        """The contacts one note records (all on the note's date), in the order written."""
        contacts: list[Contact] = []
        note = p.note
        if p.kind == "contact":
            people = tuple(r for r in self.refs(p, "with") if self._is_person(r))
            if p.date is None:
                self.diags.append(
                    Diagnostic(note.path, 0, "contact-no-date", "contact note without a date")
                )
            elif not people:
                self.diags.append(
                    self._diag(
                        note,
                        p.props,
                        "with",
                        "contact-no-person",
                        "contact note that names no person",
                    )
                )
            else:
                minutes = p.props.get("minutes")
                contacts.append(
                    Contact(
                        date=p.date,
                        people=people,
                        path=note.path,
                        line=0,
                        text=", ".join(p.props.texts("topic")) or note.name,
                        channel=", ".join(p.props.texts("channel")),
                        minutes=minutes
                        if isinstance(minutes, int) and not isinstance(minutes, bool)
                        else None,
                    )
                )
        # one pass over the lines: most notes have no #contact line at all
        contact_lines = [line for line in note.lines if line.tags and line_kind(line.tags)[0]]
        mine = self.resolved[note.path]
        kinds = self.kind_of
        for line in contact_lines:
            # `- [ ] #contact call [[X]]` is a plan, not yet a contact
            if line.open_task:
                continue
            # the people linked on the line, each once, in order (as `_people_on`)
            found: list[str] = []
            for link in line.links:
                target = mine.get(link.target) if link.target else note.path
                if target is not None and target not in found and kinds.get(target) == "person":
                    found.append(target)
            people = tuple(found)
            if p.date is None:
                self.diags.append(
                    Diagnostic(
                        note.path,
                        line.line,
                        "contact-no-date",
                        "#contact line in a note without a date",
                    )
                )
            elif not people:
                self.diags.append(
                    Diagnostic(
                        note.path,
                        line.line,
                        "contact-no-person",
                        "#contact line that links no person",
                    )
                )
            else:
                contacts.append(
                    Contact(
                        date=p.date,
                        people=people,
                        path=note.path,
                        line=line.line,
                        text=line.text,
                    )
                )
        if self.config.contact_from_mentions and p.date is not None and p.kind != "person":
            # a link of a #contact line is that contact already, on whichever line of it
            on_contact_lines = {link for line in contact_lines for link in line.links}
            mine = self.resolved[note.path]
            kinds = self.kind_of
            for link in note.links:
                # a link without a target is to the note itself: never a mention
                if link.source != "body" or not link.counts_as_mention or not link.target:
                    continue
                if on_contact_lines and link in on_contact_lines:
                    continue
                target = mine.get(link.target)
                if target is not None and target != note.path and kinds.get(target) == "person":
                    contacts.append(
                        Contact(
                            date=p.date,
                            people=(target,),
                            path=note.path,
                            line=link.line,
                            text="",
                        )
                    )
        return contacts

    def _signals(self) -> list[Signal]:
        signals: list[Signal] = []
        for p in self.parsed:
            signals.extend(self.note_signals(p))
        return signals

    def note_signals(self, p: Parsed) -> list[Signal]:
        """The signals one note records, in the order written."""
        signals: list[Signal] = []
        note = p.note
        if p.kind == "signal":
            topic = ", ".join(p.props.texts("topic"))
            signals.append(
                Signal(
                    date=p.date,
                    text=topic or note.name,
                    sources=tuple(self.refs(p, "source")),
                    about=tuple(self.refs(p, "about")),
                    path=note.path,
                    line=0,
                    topic=topic,
                )
            )
        for line in note.lines:
            if not line.tags or not line_kind(line.tags)[1]:
                continue
            targets = [t for t in (self.target(note, lk) for lk in line.links) if t]
            sources = tuple(dict.fromkeys(t for t in targets if self._is_person(t)))
            about = tuple(
                dict.fromkeys(t for t in targets if not self._is_person(t) and t != note.path)
            )
            signals.append(
                Signal(
                    date=p.date,
                    text=line.text,
                    sources=sources,
                    about=about,
                    path=note.path,
                    line=line.line,
                )
            )
        return signals

    def _organisations(self) -> list[Organisation]:
        return [
            organisation(p, tuple(sorted(self.backlinks.get(p.note.path, ()))))
            for p in self.parsed
            if p.kind == "organisation"
        ]

    def _people(self, contacts: Sequence[Contact]) -> list[Person]:
        latest: dict[str, tuple[dt.date, str]] = {}
        for c in contacts:
            if c.date > self.today:
                continue  # a planned meeting is not yet a contact
            for person in c.people:
                if person not in latest or c.date >= latest[person][0]:
                    latest[person] = (c.date, c.path)
        people = []
        for p in self.parsed:
            if p.kind == "person":
                backlinks = tuple(sorted(self.backlinks.get(p.note.path, ())))
                people.append(
                    finish_person(
                        self.person_parts(p), latest.get(p.note.path), backlinks, self.today
                    )
                )
        return people

    def person_parts(self, p: Parsed) -> PersonParts:
        """What a person is from their own note alone (no contacts, no backlinks)."""
        note, props = p.note, p.props
        tier = self._tier(p)
        cadence = self._cadence(p, tier)
        own = self._date_prop(p, "last_contact")
        snooze = self._date_prop(p, "snooze_until")
        paused = props.flag("paused")
        intro = self.refs(p, "introduced_by")
        base = Person(
            path=note.path,
            name=note.name,
            aliases=tuple(props.texts("aliases")),
            tier=tier,
            organisations=tuple(self.refs(p, "organisation")),
            role=", ".join(props.texts("role")),
            stakeholder=tuple(s.lower() for s in props.texts("stakeholder")),
            cadence_days=cadence,
            knows=tuple(r for r in self.refs(p, "knows") if r != note.path),
            introduced_by=intro[0] if intro else None,
            internal=props.flag("internal"),
            private=props.flag("private"),
            paused=paused,
            snooze_until=snooze,
            interests=tuple(props.texts("interests")),
            opposing=tuple(self.refs(p, "opposing")),
            birthday=self._birthday(p),
            email=", ".join(props.texts("email")),
            phone=", ".join(props.texts("phone")),
            linkedin=", ".join(props.texts("linkedin")),
            id=", ".join(props.texts("id")),
            properties=note.properties,
        )
        return PersonParts(base, own, snooze)

    def _tier(self, p: Parsed) -> str | None:
        values = p.props.texts("tier")
        if not values:
            return None
        tier = TIER_WORDS.get(values[0].lower())
        if tier is None:
            self.diags.append(
                self._diag(
                    p.note,
                    p.props,
                    "tier",
                    "bad-tier",
                    f"tier {values[0]!r} is not important/regular/unimportant "
                    "(belangrijk/gewoon/onbelangrijk); read as no tier",
                )
            )
        return tier

    def _cadence(self, p: Parsed, tier: str | None) -> int | None:
        values = p.props.texts("cadence")
        if values:
            days = parse_cadence(values[0])
            if days is not None:
                return days
            self.diags.append(
                self._diag(
                    p.note,
                    p.props,
                    "cadence",
                    "bad-cadence",
                    f"cadence {values[0]!r} is not like 10d, 3w, 2m or 1y (100 years at most); "
                    "the tier's default is used",
                )
            )
        return self.config.cadence.get(tier or "regular")

    def _date_prop(self, p: Parsed, canonical: str) -> dt.date | None:
        value = p.props.get(canonical)
        if value in (None, ""):
            return None
        date = property_date(value)
        if date is None:
            self.diags.append(
                self._diag(
                    p.note,
                    p.props,
                    canonical,
                    "bad-date",
                    f"{canonical} {value!r} is not a date like 2026-11-20",
                )
            )
        return date

    def _birthday(self, p: Parsed) -> Birthday | None:
        value = p.props.get("birthday")
        if value in (None, ""):
            return None
        date = property_date(value) if not isinstance(value, str) or len(value) >= 10 else None
        if date is not None:
            return Birthday(date.month, date.day, date.year)
        match = _BIRTHDAY_RE.match(str(value).strip())
        if match:
            month, day = int(match.group(1)), int(match.group(2))
            try:
                dt.date(2000, month, day)  # a leap year: 02-29 is a birthday
            except ValueError:
                pass
            else:
                return Birthday(month, day)
        self.diags.append(
            self._diag(
                p.note,
                p.props,
                "birthday",
                "bad-birthday",
                f"birthday {value!r} is not a date or MM-DD",
            )
        )
        return None

    def note_conflict(self, p: Parsed) -> Conflict | None:
        """The conflict a conflict note describes (no `exposed` yet); None without two parties."""
        parties = tuple(self.refs(p, "parties"))
        if len(parties) < 2:
            self.diags.append(
                self._diag(
                    p.note,
                    p.props,
                    "parties",
                    "conflict-parties",
                    "a conflict needs two or more parties",
                )
            )
            return None
        status_words = [s.lower() for s in p.props.texts("status")]
        status = "closed" if status_words and status_words[0] in _CLOSED_WORDS else "open"
        since = self._date_prop(p, "since")
        return Conflict(
            parties=parties,
            topic=", ".join(p.props.texts("topic")),
            status=status,
            path=p.note.path,
            since=since,
        )

    def _conflicts(self, people: Sequence[Person]) -> list[Conflict]:
        noted = [self.note_conflict(p) for p in self.parsed if p.kind == "conflict"]
        opposing = [
            (p.note.path, self.refs(p, "opposing"))
            for p in self.parsed
            if p.kind in ("person", "organisation")
        ]
        ties: dict[str, set[str]] = defaultdict(set)  # party -> people tied to it
        for person in people:
            ties[person.path].add(person.path)
            for org in person.organisations:
                ties[org].add(person.path)
        return assemble_conflicts([c for c in noted if c is not None], opposing, ties)

    def _duplicate_names(self, people: Sequence[Person]) -> None:
        self.diags.extend(duplicate_names((person.path, person.name) for person in people))


@dataclass(frozen=True, slots=True)
class PersonParts:
    """A person without what other notes add: `last_contact`, `due` and `backlinks` unset."""

    base: Person
    own_last_contact: dt.date | None
    snooze_until: dt.date | None


def finish_person(
    parts: PersonParts,
    latest: tuple[dt.date, str] | None,
    backlinks: tuple[str, ...],
    today: dt.date,
) -> Person:
    """A person with their latest contact (date, note) from other notes, and backlinks."""
    base = parts.base
    last, last_path = latest if latest else (None, None)
    own = parts.own_last_contact
    if own is not None and own <= today and (last is None or own > last):
        last, last_path = own, base.path
    snooze = parts.snooze_until
    cadence = base.cadence_days
    due: dt.date | None = None
    if cadence is not None and not base.paused:
        due = today if last is None else last + dt.timedelta(days=cadence)
        if snooze is not None and due < snooze:
            due = snooze
    return dataclasses.replace(
        base, last_contact=last, last_contact_path=last_path, due=due, backlinks=backlinks
    )


def organisation(p: Parsed, backlinks: tuple[str, ...]) -> Organisation:
    return Organisation(
        path=p.note.path,
        name=p.note.name,
        aliases=tuple(p.props.texts("aliases")),
        stakeholder=tuple(s.lower() for s in p.props.texts("stakeholder")),
        backlinks=backlinks,
    )


def assemble_conflicts(
    noted: Iterable[Conflict],
    opposing: Iterable[tuple[str, Sequence[str]]],
    ties: Mapping[str, Collection[str]],
) -> list[Conflict]:
    """Every conflict, sorted: those of conflict notes (in path order), then each `opposing`
    pair of a person or organisation (path, refs; in path order) no earlier conflict covers.
    `ties` maps a party to the people tied to it (a person to itself, an organisation to
    its people); a person tied to two or more parties is exposed."""
    conflicts: list[Conflict] = []
    covered: set[frozenset[str]] = set()
    for c in noted:
        conflicts.append(c)
        for a in c.parties:
            for b in c.parties:
                if a != b:
                    covered.add(frozenset((a, b)))
    for path, others in opposing:
        for other in others:
            pair = frozenset((path, other))
            if other == path or pair in covered:
                continue
            covered.add(pair)
            conflicts.append(Conflict(parties=(path, other), topic="", status="open", path=path))
    result = []
    for c in conflicts:
        count: dict[str, int] = defaultdict(int)
        for party in set(c.parties):
            for tied in ties.get(party, ()):
                count[tied] += 1
        exposed = tuple(sorted(p for p, n in count.items() if n >= 2))
        result.append(Conflict(c.parties, c.topic, c.status, c.path, exposed, c.since))
    return sorted(result, key=lambda c: (c.status != "open", c.path, c.parties))


def duplicate_names(people: Iterable[tuple[str, str]]) -> list[Diagnostic]:
    """A diagnostic for every person (path, name) whose name another person has too."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for path, name in people:
        by_name[name.casefold()].append(path)
    found = []
    for paths in by_name.values():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(x for x in paths if x != path)
                found.append(
                    Diagnostic(path, 0, "duplicate-name", f"another person has this name: {others}")
                )
    return found


@functools.lru_cache(maxsize=4096)
def line_kind(tags: tuple[str, ...]) -> tuple[bool, bool]:
    """(is a contact line, is a signal line) for the tags of a line; few distinct tag sets."""
    roots = {tag.split("/", 1)[0] for tag in tags}
    return bool(roots & CONTACT_TAGS), bool(roots & SIGNAL_TAGS)


def _signal_order(s: Signal) -> tuple[Any, ...]:
    # newest first; undated signals last
    return (s.date is None, -(s.date.toordinal() if s.date else 0), s.path, s.line)


def derive_model(
    notes: Sequence[Note],
    index: LinkIndex,
    settings: ObsidianSettings,
    config: Config,
    today: dt.date,
    extra_diagnostics: Iterable[Diagnostic] = (),
) -> Model:
    """The relationship model of a vault (spec section 6)."""
    deriver = Deriver(notes, index, settings, config, today)
    deriver.diags.extend(extra_diagnostics)
    return deriver.derive()
