"""The model of a changing vault, kept current note by note (for `watch`).

`ModelKeeper.update(state, today, changed)` returns what `build.model_of`
would, but after a content edit it only derives the edited notes again: each
note's share of the model (its contacts, signals, diagnostics, the links it
resolves, its person or organisation without what other notes add) is kept,
and the totals other notes feed (backlinks, each person's latest contact,
the people of an organisation) are adjusted by the difference.

A note that comes, goes, or changes its aliases or kind changes the link
index: the index is copied with that note taken out and put in again
(`LinkIndex.changed`), which names the lookup keys whose meaning may differ,
and every note that looked a name up under one of those keys is derived
again too (a kind change matters to exactly the notes that resolve a name to
that note). Another config, Obsidian setting, attachment set or day derives
everything again.

The model's sorted tuples are spliced rather than sorted again: all
contacts and signals of one note share its date, and all diagnostics of one
note its path, so a note's items are one run in each sorted tuple.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .build import VaultState
from .diagnostics import Diagnostic
from .ics import calendar_diagnostics
from .model import Conflict, Contact, Model, Organisation, Person, Signal
from .notes import Note, note_name
from .relations import (
    Deriver,
    Parsed,
    PersonParts,
    assemble_conflicts,
    duplicate_names,
    finish_person,
    organisation,
)
from .resolve import LinkIndex
from .tuplediff import tell_spliced

T = TypeVar("T")


@dataclass(slots=True)
class _Entry:
    """One note's share of the model, as of the current link index and kinds."""

    parsed: Parsed
    aliases: tuple[str, ...]
    diags: tuple[Diagnostic, ...]  # all that deriving (and the calendar) says about it
    resolved: dict[str, str | None]  # link target -> note, as `Deriver.resolved` has it
    looked_up: tuple[str, ...]  # plain property texts it resolved as names
    contacts: tuple[Contact, ...]  # in model order
    contacted: frozenset[str]  # people it records a contact with, when not in the future
    signals: tuple[Signal, ...]  # in model order
    person: PersonParts | None
    organisation: Organisation | None  # without backlinks
    opposing: tuple[str, ...]  # of a person or organisation
    conflict: Conflict | None  # of a conflict note, without `exposed`

    @property
    def note(self) -> Note:
        return self.parsed.note

    @property
    def kind(self) -> str | None:
        return self.parsed.kind

    # The targets and lookup keys are worked out when asked for, not for every note of the
    # first derivation: most notes are never edited, and the keys only matter once the
    # link index changes.
    @property
    def targets(self) -> frozenset[str]:
        """The other notes it links to."""
        path = self.parsed.note.path
        return frozenset(t for t in self.resolved.values() if t is not None and t != path)

    def lookup_keys(self) -> set[str]:
        """The lookup keys of every name it resolved."""
        path = self.parsed.note.path
        found = {_lookup_key(t, path) for t in _chain(self.resolved, self.looked_up)}
        return {key for key in found if key is not None}


def _contact_run(c: Contact) -> tuple[dt.date, str]:
    return (c.date, c.path)


_contact_order: Callable[[Contact], tuple[dt.date, str, int]] = operator.attrgetter(
    "date", "path", "line"
)
# within one note, contacts and signals share the date and path: the line orders them
_line_order: Callable[[Contact | Signal], int] = operator.attrgetter("line")


def _signal_run(s: Signal) -> tuple[bool, int, str]:
    return (s.date is None, -(s.date.toordinal() if s.date else 0), s.path)


def _signal_order(s: Signal) -> tuple[bool, int, str, int]:
    return (*_signal_run(s), s.line)


def _diag_run(d: Diagnostic) -> str:
    return d.path


def _splice(
    items: tuple[T, ...],
    run: Callable[[T], Any],
    old_key: Any,
    old_count: int,
    new_key: Any,
    new: Sequence[T],
) -> tuple[T, ...]:
    """`items` (sorted by `run`) with the run of `old_count` items at `old_key` replaced by
    `new`, all of whose keys are `new_key`."""
    if not old_count and not new:
        return items
    # through a list: concatenating slices copies (and touches) every item several times
    merged = list(items)
    if old_count:
        start = bisect.bisect_left(merged, old_key, key=run)
        del merged[start : start + old_count]
    if new:
        at = bisect.bisect_left(merged, new_key, key=run)
        merged[at:at] = new
    return tuple(merged)


@functools.lru_cache(maxsize=1 << 16)
def _plain_key(target: str) -> str | None:
    return LinkIndex.lookup_key(target, "")


def _lookup_key(target: str, from_path: str) -> str | None:
    """`LinkIndex.lookup_key`, remembered where the linking note's folder plays no part."""
    if target.lstrip().startswith(("./", "../")):
        return LinkIndex.lookup_key(target, from_path)
    return _plain_key(target)


class ModelKeeper:
    """The model of one watched vault, updated from the paths that changed."""

    def __init__(self) -> None:
        self.rebuilds = 0  # full derivations (the tests and the log look at this)
        self.derived = 0  # notes derived again by the last update
        self._key: tuple[Any, ...] | None = None
        self._attachments: tuple[str, ...] = ()
        self.index: LinkIndex | None = None
        self._deriver: Deriver | None = None
        self._entries: dict[str, _Entry] = {}
        # lookup key -> notes; made when the link index first changes (None until then)
        self._users: defaultdict[str, set[str]] | None = None
        self._backlinks: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
        self._contacted_by: dict[str, dict[str, dt.date]] = defaultdict(dict)
        self._members: dict[str, set[str]] = defaultdict(set)  # organisation ref -> people
        self._people: dict[str, Person] = {}
        self._person_paths: list[str] = []  # sorted
        self._organisations: dict[str, Organisation] = {}
        self._organisation_paths: list[str] = []
        self._people_seen: tuple[Person, ...] | None = None  # None: changed since
        self._people_changed: set[str] = set()  # people made again, in their places
        # A new object whenever a person's own note says something else, or people come or
        # go: what reads only that of the people (their names, ties, kinds, tiers, not their
        # contacts or backlinks) is the same while this is the same object.
        self.people_own: object = object()
        self._organisations_seen: tuple[Organisation, ...] | None = None
        self._conflicts: tuple[Conflict, ...] = ()
        self._conflict_notes: list[str] = []  # paths, sorted
        self._opposing: dict[str, tuple[str, ...]] = {}  # person or organisation -> refs
        self._fixed_diags: dict[str, tuple[Diagnostic, ...]] = {}  # duplicate names
        self._extra: dict[str, frozenset[Diagnostic]] = {}  # scan and read problems
        self._contacts: tuple[Contact, ...] = ()
        self._signals: tuple[Signal, ...] = ()
        self._diagnostics: tuple[Diagnostic, ...] = ()
        self._names: dict[str, str] = {}
        self._today = dt.date.min

    # -- the public step -----------------------------------------------------------------

    def update(
        self, state: VaultState, today: dt.date, changed: Collection[str] | None = None
    ) -> tuple[Model, LinkIndex]:
        """The model of `state` (as `build.model_of`), given the note paths that may have
        changed since the last call (None: compare every note)."""
        key = (state.config, state.scan.settings, today)
        attachments = state.scan.attachments
        if (
            self.index is None
            or key != self._key
            or (attachments is not self._attachments and attachments != self._attachments)
        ):
            return self._rebuild(state, today)
        if changed is None:
            changed = [
                path
                for path in self._entries.keys() | state.notes.keys()
                if state.notes.get(path) is not self._note_at(path)
            ]
        self._edit(state, sorted(set(changed)))
        return self._model(), self.index

    def _note_at(self, path: str) -> Note | None:
        entry = self._entries.get(path)
        return entry.note if entry is not None else None

    # -- everything again ----------------------------------------------------------------

    def _rebuild(self, state: VaultState, today: dt.date) -> tuple[Model, LinkIndex]:
        self.rebuilds += 1
        config, settings = state.config, state.scan.settings
        notes = [state.notes[p] for p in sorted(state.notes)]
        deriver = Deriver([], _NO_INDEX, settings, config, today)
        first: list[tuple[Parsed, list[Diagnostic]]] = []
        for note in notes:
            deriver.diags = []
            parsed = deriver.parse(note)
            deriver.kind_of[note.path] = parsed.kind
            first.append((parsed, deriver.diags))
        # `build_index`, with the aliases read once
        index = LinkIndex(
            [p.note.path for p, _ in first],
            {p.note.path: _aliases(p) for p, _ in first},
            state.scan.attachments,
        )
        deriver.index = index
        for parsed, diags in first:
            deriver.diags = diags
            deriver.resolve_links(parsed.note)
        self._key = (config, settings, today)
        self._attachments = state.scan.attachments
        self.index, self._deriver, self._today = index, deriver, today
        self._backlinks, deriver.backlinks = deriver.backlinks, defaultdict(dict)
        self._entries = {}
        self._users = None
        self._contacted_by = defaultdict(dict)
        self._members = defaultdict(set)
        self._opposing = {}
        contacts: list[Contact] = []
        signals: list[Signal] = []
        for parsed, diags in first:
            entry = self._entry(parsed, diags)
            self._entries[parsed.note.path] = entry
            self._add(entry, backlinks=False)  # resolve_links counted them
            contacts.extend(entry.contacts)
            signals.extend(entry.signals)
        self._people, self._organisations = {}, {}
        for path, entry in self._entries.items():
            if entry.person is not None:
                self._people[path] = self._person(path, entry.person)
            elif entry.organisation is not None:
                self._organisations[path] = self._organisation(path, entry.organisation)
        self._person_paths, self._people_seen = list(self._people), None
        self.people_own = object()
        self._organisation_paths, self._organisations_seen = list(self._organisations), None
        self._fixed_diags = self._duplicate_names()
        self._extra = _extra_diagnostics(state)
        every: set[Diagnostic] = set()
        for entry in self._entries.values():
            every.update(entry.diags)
        for group in (self._fixed_diags, self._extra):
            for found in group.values():
                every.update(found)
        self._diagnostics = tuple(sorted(every))
        self._contacts = tuple(sorted(contacts, key=_contact_order))
        self._signals = tuple(sorted(signals, key=_signal_order))
        self._conflict_notes = [p for p, e in self._entries.items() if e.kind == "conflict"]
        self._conflicts = self._assemble_conflicts()
        self._names = {path: note_name(path) for path in self._entries}
        self.derived = len(self._entries)
        return self._model(), index

    # -- a few notes ---------------------------------------------------------------------

    def _edit(self, state: VaultState, changed: list[str]) -> None:
        """Derive the changed notes again, and the notes whose links they may turn."""
        deriver = self._deriver
        assert deriver is not None and self.index is not None
        fresh: dict[str, tuple[Parsed, list[Diagnostic]]] = {}
        out_of_index: list[str] = []
        into_index: dict[str, tuple[str, ...]] = {}
        for path in changed:
            note = state.notes.get(path)
            old = self._entries.get(path)
            if old is not None and note is old.note:
                continue
            parsed = None
            if note is not None:
                deriver.diags = []
                parsed = deriver.parse(note)
                fresh[path] = (parsed, deriver.diags)
            if (
                old is None
                or parsed is None
                or parsed.kind != old.kind
                or _aliases(parsed) != old.aliases
            ):
                # Out of the index and in again: what resolves to it may differ now
                # (a kind change too: the notes that name it read its kind).
                if old is not None:
                    out_of_index.append(path)
                if parsed is not None:
                    into_index[path] = _aliases(parsed)
        dirty = set(fresh)
        gone = [p for p in changed if p in self._entries and p not in state.notes]
        if out_of_index or into_index:
            self.index, keys = self.index.changed(out_of_index, into_index)
            deriver.index = self.index
            users = self._lookup_users()
            for key in keys:
                dirty.update(users.get(key, ()))
            dirty.difference_update(gone)
        olds: dict[str, _Entry | None] = {}
        for path in sorted(dirty.union(gone)):
            old = self._entries.pop(path, None)
            olds[path] = old
            if old is not None:
                self._remove(old)
        for path in gone:
            del deriver.kind_of[path]
            del deriver.resolved[path]
        for path, (parsed, _) in fresh.items():
            deriver.kind_of[path] = parsed.kind
        news: dict[str, _Entry | None] = dict.fromkeys(gone)
        for path in sorted(dirty):
            if path in fresh:
                parsed, diags = fresh[path]
            else:  # the same note, whose links may resolve differently now
                old = olds[path]
                assert old is not None
                deriver.diags = []
                parsed = deriver.parse(old.note)
                diags = deriver.diags
            deriver.diags = diags
            deriver.resolve_links(parsed.note)
            deriver.backlinks.clear()
            entry = self._entry(parsed, diags)
            self._entries[path] = entry
            self._add(entry)
            news[path] = entry
        self.derived = len(dirty)
        self._apply(state, olds, news)

    def _apply(
        self,
        state: VaultState,
        olds: dict[str, _Entry | None],
        news: dict[str, _Entry | None],
    ) -> None:
        """Bring the totals and the model's tuples up to date with the entries replaced."""
        people: set[str] = set()
        organisations: set[str] = set()
        diag_paths: set[str] = set()
        kinds = False  # whether the set of people, organisations or conflict notes changed
        conflicts = False
        contacts_before, signals_before = self._contacts, self._signals
        # what is taken out of and put into the contacts and signals, told to `spliced`
        runs: tuple[list[tuple[Contact, ...]], ...] = ([], [])
        signal_runs: tuple[list[tuple[Signal, ...]], ...] = ([], [])
        for path in sorted(olds):
            old, new = olds[path], news[path]
            old_kind = old.kind if old is not None else None
            new_kind = new.kind if new is not None else None
            if old_kind != new_kind or (old is None) != (new is None):
                kinds = True
                self._set_kind(path, old_kind, new_kind)
            linked: frozenset[str] = frozenset()
            for entry in (old, new):
                if entry is None:
                    continue
                people.update(entry.contacted)
                linked ^= entry.targets  # whose backlinks changed
                if entry.kind in ("person", "organisation", "conflict"):
                    conflicts = True
            people.update(linked)
            organisations.update(linked)
            if new_kind == "person":
                people.add(path)
            elif new_kind == "organisation":
                organisations.add(path)
            if (old.diags if old else ()) != (new.diags if new else ()):
                diag_paths.add(path)
            # What did not change keeps its objects, so that the model's tuples stay the
            # same objects too (and what is rendered from them is reused).
            if old is not None and new is not None:
                if new.contacts == old.contacts and new.parsed.date == old.parsed.date:
                    new.contacts = old.contacts
                if new.signals == old.signals:
                    new.signals = old.signals
                if new.person == old.person:
                    new.person = old.person
            if (old.person if old else None) is not (new.person if new else None):
                self.people_own = object()
            old_contacts = old.contacts if old else ()
            new_contacts = new.contacts if new else ()
            if old_contacts is not new_contacts:
                runs[0].append(old_contacts)
                runs[1].append(new_contacts)
                self._contacts = _splice(
                    self._contacts,
                    _contact_run,
                    (old.parsed.date, path) if old else None,
                    len(old_contacts),
                    (new.parsed.date, path) if new else None,
                    new_contacts,
                )
            old_signals = old.signals if old else ()
            new_signals = new.signals if new else ()
            if old_signals is not new_signals:
                signal_runs[0].append(old_signals)
                signal_runs[1].append(new_signals)
                self._signals = _splice(
                    self._signals,
                    _signal_run,
                    _signal_run(old_signals[0]) if old_signals else None,
                    len(old_signals),
                    _signal_run(new_signals[0]) if new_signals else None,
                    new_signals,
                )
        if self._contacts is not contacts_before:
            out, into = (_in_order(found, _contact_run) for found in runs)
            tell_spliced(contacts_before, self._contacts, out, into)
        if self._signals is not signals_before:
            removed_signals, added_signals = (
                _in_order(found, _signal_run) for found in signal_runs
            )
            tell_spliced(signals_before, self._signals, removed_signals, added_signals)
        for path in people:
            entry = self._entries.get(path)
            if entry is not None and entry.person is not None:
                person = self._person(path, entry.person)
                if person != self._people.get(path):
                    self._people[path] = person
                    self._people_changed.add(path)
        for path in organisations:
            entry = self._entries.get(path)
            if entry is not None and entry.organisation is not None:
                org = self._organisation(path, entry.organisation)
                if org != self._organisations.get(path):
                    self._organisations[path] = org
                    self._organisations_seen = None
        if kinds:
            fixed = self._duplicate_names()
            diag_paths.update(p for p in fixed.keys() | self._fixed_diags.keys())
            self._fixed_diags = fixed
        extra = _extra_diagnostics(state)
        if extra != self._extra:
            diag_paths.update(extra.keys() | self._extra.keys())
            self._extra = extra
        for path in sorted(diag_paths):
            self._diagnostics = self._splice_diags(path)
        if conflicts or kinds:
            found = self._assemble_conflicts()
            if found != self._conflicts:
                self._conflicts = found
        added = [p for p in olds if olds[p] is None and news[p] is not None]
        gone = [p for p in olds if news[p] is None]
        if added or gone:
            names = dict(self._names)
            for path in gone:
                del names[path]
            for path in added:
                names[path] = self._entries[path].note.name
            self._names = names

    def _set_kind(self, path: str, old: str | None, new: str | None) -> None:
        """Keep the sorted lists of people, organisations and conflict notes."""
        lists = {
            "person": self._person_paths,
            "organisation": self._organisation_paths,
            "conflict": self._conflict_notes,
        }
        if old in lists:
            paths = lists[old]
            del paths[bisect.bisect_left(paths, path)]
        if new in lists:
            bisect.insort(lists[new], path)
        if "person" in (old, new):
            self._people.pop(path, None)  # made again below when it is still a person
            self._people_seen = None
        if "organisation" in (old, new):
            self._organisations.pop(path, None)
            self._organisations_seen = None

    def _splice_diags(self, path: str) -> tuple[Diagnostic, ...]:
        items = self._diagnostics
        start = bisect.bisect_left(items, path, key=_diag_run)
        end = bisect.bisect_right(items, path, key=_diag_run)
        found: set[Diagnostic] = set()
        entry = self._entries.get(path)
        if entry is not None:
            found.update(entry.diags)
        found.update(self._fixed_diags.get(path, ()))
        found.update(self._extra.get(path, ()))
        return items[:start] + tuple(sorted(found)) + items[end:]

    # -- one note's share ----------------------------------------------------------------

    def _entry(self, parsed: Parsed, diags: list[Diagnostic]) -> _Entry:
        """A note's share, its links resolved already; `diags` what the first pass said."""
        deriver = self._deriver
        assert deriver is not None
        path, kind = parsed.note.path, parsed.kind
        deriver.diags = diags
        deriver.looked_up = []
        resolved = deriver.resolved[path]
        contacts = deriver.note_contacts(parsed)
        contacted: frozenset[str] = frozenset()
        if contacts and contacts[0].date <= self._today:
            contacted = frozenset(person for c in contacts for person in c.people)
        signals = deriver.note_signals(parsed)
        person = deriver.person_parts(parsed) if kind == "person" else None
        org = organisation(parsed, ()) if kind == "organisation" else None
        opposing: tuple[str, ...] = ()
        if kind == "person" and person is not None:
            opposing = person.base.opposing
            diags.extend(calendar_diagnostics(_one_person(person.base, deriver.today)))
        elif kind == "organisation":
            opposing = tuple(deriver.refs(parsed, "opposing"))
        conflict = deriver.note_conflict(parsed) if kind == "conflict" else None
        return _Entry(
            parsed=parsed,
            aliases=_aliases(parsed),
            diags=tuple(sorted(set(diags))) if len(diags) > 1 else tuple(diags),
            resolved=resolved,
            looked_up=tuple(deriver.looked_up),
            contacts=tuple(sorted(contacts, key=_line_order) if len(contacts) > 1 else contacts),
            contacted=contacted,
            signals=tuple(sorted(signals, key=_line_order) if len(signals) > 1 else signals),
            person=person,
            organisation=org,
            opposing=opposing,
            conflict=conflict,
        )

    def _add(self, entry: _Entry, backlinks: bool = True) -> None:
        path = entry.note.path
        if backlinks:
            for target in entry.targets:
                self._backlinks[target][path] = None
        if self._users is not None:
            for key in entry.lookup_keys():
                self._users[key].add(path)
        if entry.contacted:
            date = entry.contacts[0].date
            for person in entry.contacted:
                self._contacted_by[person][path] = date
        if entry.person is not None:
            for org in entry.person.base.organisations:
                self._members[org].add(path)
        if entry.opposing:
            self._opposing[path] = entry.opposing

    def _remove(self, entry: _Entry) -> None:
        path = entry.note.path
        for target in entry.targets:
            self._backlinks[target].pop(path, None)
        if self._users is not None:
            for key in entry.lookup_keys():
                self._users[key].discard(path)
        for person in entry.contacted:
            self._contacted_by[person].pop(path, None)
        if entry.person is not None:
            for org in entry.person.base.organisations:
                self._members[org].discard(path)
        self._opposing.pop(path, None)

    def prepare(self) -> None:
        """Do now what the first new, renamed or re-aliased note would otherwise wait for
        (the watcher calls this once it is idle after starting)."""
        if self.index is not None:
            self._lookup_users()

    def _lookup_users(self) -> defaultdict[str, set[str]]:
        """lookup key -> the notes that looked a name up under it."""
        if self._users is None:
            users: defaultdict[str, set[str]] = defaultdict(set)
            for path, entry in self._entries.items():
                for key in entry.lookup_keys():
                    users[key].add(path)
            self._users = users
        return self._users

    # -- what other notes add ------------------------------------------------------------

    def _person(self, path: str, parts: PersonParts) -> Person:
        by = self._contacted_by.get(path)
        # the latest contact; on one day the note that sorts last, as the full derivation
        latest = max(((date, source) for source, date in by.items()), default=None) if by else None
        backlinks = tuple(sorted(self._backlinks.get(path, ())))
        return finish_person(parts, latest, backlinks, self._today)

    def _organisation(self, path: str, base: Organisation) -> Organisation:
        backlinks = tuple(sorted(self._backlinks.get(path, ())))
        return Organisation(base.path, base.name, base.aliases, base.stakeholder, backlinks)

    def _duplicate_names(self) -> dict[str, tuple[Diagnostic, ...]]:
        found: dict[str, list[Diagnostic]] = defaultdict(list)
        names = ((path, self._entries[path].note.name) for path in self._person_paths)
        for d in duplicate_names(names):
            found[d.path].append(d)
        return {path: tuple(ds) for path, ds in found.items()}

    def _assemble_conflicts(self) -> tuple[Conflict, ...]:
        noted = [c for c in (self._entries[p].conflict for p in self._conflict_notes) if c]
        opposing: list[tuple[str, Sequence[str]]] = sorted(self._opposing.items())
        parties: set[str] = set()
        for c in noted:
            parties.update(c.parties)
        for path, others in opposing:
            parties.add(path)
            parties.update(others)
        ties: dict[str, set[str]] = {}
        for party in parties:
            tied = set(self._members.get(party, ()))
            if party in self._people:
                tied.add(party)
            ties[party] = tied
        return tuple(assemble_conflicts(noted, opposing, ties))

    def _model(self) -> Model:
        # The same tuple objects while nothing in them changed: renderers can tell by `is`.
        changed, self._people_changed = self._people_changed, set()
        if self._people_seen is None:
            self._people_seen = tuple(self._people[p] for p in self._person_paths)
        elif changed:  # the same people: only the changed ones put in their places
            people, paths = list(self._people_seen), self._person_paths
            for path in changed:
                people[bisect.bisect_left(paths, path)] = self._people[path]
            self._people_seen = tuple(people)
        if self._organisations_seen is None:
            self._organisations_seen = tuple(
                self._organisations[p] for p in self._organisation_paths
            )
        return Model(
            today=self._today,
            people=self._people_seen,
            organisations=self._organisations_seen,
            contacts=self._contacts,
            signals=self._signals,
            conflicts=self._conflicts,
            diagnostics=self._diagnostics,
            note_count=len(self._entries),
            names=self._names,
        )


def _in_order(runs: list[tuple[T, ...]], run: Callable[[T], Any]) -> tuple[T, ...]:
    """Runs of notes' items (each already in model order) together, in model order."""
    if len(runs) > 1:
        runs = sorted((r for r in runs if r), key=lambda r: run(r[0]))
    return tuple(item for r in runs for item in r)


def _aliases(parsed: Parsed) -> tuple[str, ...]:
    """`relations.note_aliases`, from the properties as already looked up."""
    return tuple(parsed.props.texts("aliases"))


_NO_INDEX = LinkIndex((), {})


def _one_person(person: Person, today: dt.date) -> Model:
    return Model(today, (person,), (), (), (), (), ())


def _extra_diagnostics(state: VaultState) -> dict[str, frozenset[Diagnostic]]:
    """What the scan and reading said, by path."""
    found: dict[str, set[Diagnostic]] = defaultdict(set)
    for d in _chain(state.scan.diagnostics, state.read_diagnostics):
        found[d.path].add(d)
    return {path: frozenset(ds) for path, ds in found.items()}


def _chain(*groups: Iterable[T]) -> Iterable[T]:
    for group in groups:
        yield from group
