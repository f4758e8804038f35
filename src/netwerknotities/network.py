"""Network intelligence, the part the analyses share: one resolution of every name
a model uses (`_Refs`), reach, and the second order of opposing interests.

Pure functions over a `model.Model`; nothing here changes a user's note.

The review of tiers is in `review.py`, variety in `variety.py`, introductions in
`introductions.py`; they all read names through `_refs` here.

Reach (P1, P10). First degree: the people with a note. Second degree: the
distinct people named in the `knows` of first-degree people who have no
person note (case, spacing and aliases normalised, so one name counts once).
Through colleagues: the distinct non-internal people tied by `knows` (either
direction) to an `internal` person.

Introductions (P10). A breadth-first search from the target over `knows`
(both directions), `introduced_by` and shared organisations (an organisation
is a step between two people, so it costs two steps). Every person with a
note that the search reaches is a possible start; a chain scores the start's
tie strength minus its steps. Tie strength: tier (important 3, regular or
unset 2, unimportant 1) plus recency of the last contact (2 within 90 days,
1 within 365). The best few chains, one per start, strongest first.

Opposing interests, second order (P6). A person is tied to a party by being
it or by working at it; besides the exposed people (tied to two parties), the
second order is the people tied to one party who know (either direction)
someone tied to another party of the same conflict.

"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import Model, Organisation, Person
from .tuplediff import alike

WINDOW_DAYS = 365
RECENT_DAYS = 90
MAX_STEPS = 4

_PLAIN = "\x00"  # prefix of the key of a person named without a note
_PLAIN_ORG = "\x02"  # prefix of the key of an organisation named without a note
_ORG = "\x01"  # prefix of an organisation node in the path graph


def normalise(name: str) -> str:
    """A name as compared: Unicode NFC, case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class _Refs:
    """One key per real person or organisation, whatever way a note named it.

    Every ref of the model is resolved once, up front, so that the spelling
    kept for a name without a note never depends on which analysis ran first.
    """

    model: Model
    people: dict[str, Person]
    orgs: dict[str, Organisation]
    person_by_name: dict[str, str]
    org_by_name: dict[str, str]
    spelling: dict[str, str]  # plain key -> its first spelling in sort order
    _person_memo: dict[str, str | None]
    _org_memo: dict[str, str]
    knows: dict[str, tuple[str, ...]]  # person path -> keys it knows
    intro: dict[str, str]  # person path -> key of who introduced them
    orgs_of: dict[str, tuple[str, ...]]  # person path -> organisation keys
    parties: dict[str, tuple[str, ...]]
    _graph: dict[str, set[str]] | None
    # results that read only what a resolution is shared on (see `_refs`),
    # shared by every model the resolution serves
    shared: dict[str, Any]

    def __init__(self, model: Model, like: _Refs | None = None) -> None:
        self.model = model
        if like is not None:  # `like`'s resolution, for this model (`for_model`)
            self.people = like.people
            self.orgs = like.orgs
            self.person_by_name = like.person_by_name
            self.org_by_name = like.org_by_name
            self.spelling = like.spelling
            self._person_memo = like._person_memo
            self._org_memo = like._org_memo
            self.knows = like.knows
            self.intro = like.intro
            self.orgs_of = like.orgs_of
            self.parties = like.parties
            self._graph = like._graph
            self.shared = like.shared
            return
        self.people = {p.path: p for p in model.people}  # read for its paths only
        self.orgs = {o.path: o for o in model.organisations}
        self.person_by_name = {}
        self.org_by_name = {}
        # the shortest path wins a shared name, as Obsidian resolves it
        for p in sorted(model.people, key=lambda p: (len(p.path), p.path)):
            for name in (p.name, *p.aliases):
                self.person_by_name.setdefault(normalise(name), p.path)
        for o in sorted(model.organisations, key=lambda o: (len(o.path), o.path)):
            for name in (o.name, *o.aliases):
                self.org_by_name.setdefault(normalise(name), o.path)
        self.spelling = {}
        self._person_memo = {}
        self._org_memo = {}
        self.knows = {}
        self.intro = {}
        self.orgs_of = {}
        for p in model.people:
            known = dict.fromkeys(k for k in map(self.person, p.knows) if k and k != p.path)
            if known:
                self.knows[p.path] = tuple(known)
            intro = self.person(p.introduced_by) if p.introduced_by else None
            if intro and intro != p.path:
                self.intro[p.path] = intro
            if p.organisations:
                self.orgs_of[p.path] = tuple(dict.fromkeys(map(self.org, p.organisations)))
        self.parties = {
            c.path: tuple(r if r in self.people else self.org(r) for r in c.parties)
            for c in model.conflicts
        }
        self._graph = None
        self.shared = {}

    def _plain(self, ref: str, norm: str, prefix: str) -> str:
        key = prefix + norm
        seen = self.spelling.get(key)
        if seen is None or ref < seen:
            self.spelling[key] = ref
        return key

    def person(self, ref: str) -> str | None:
        """The key of a person named by a ref; None when it names an organisation."""
        if ref in self._person_memo:
            return self._person_memo[ref]
        key: str | None = ref
        if ref in self.orgs:
            key = None
        elif ref not in self.people and ref not in self.model.names:
            # a note of another kind stays itself: still a named person
            norm = normalise(ref)
            if not norm or (norm in self.org_by_name and norm not in self.person_by_name):
                key = None
            else:
                key = self.person_by_name.get(norm) or self._plain(ref, norm, _PLAIN)
        self._person_memo[ref] = key
        return key

    def org(self, ref: str) -> str:
        key = self._org_memo.get(ref)
        if key is None:
            if ref in self.orgs or ref in self.model.names:
                key = ref
            else:
                norm = normalise(ref)
                key = self.org_by_name.get(norm) or self._plain(ref, norm, _PLAIN_ORG)
            self._org_memo[ref] = key
        return key

    def ref(self, key: str) -> str:
        """A key back as a ref: a path, or a plain name as first spelled."""
        return self.spelling.get(key, key[1:]) if key.startswith((_PLAIN, _PLAIN_ORG)) else key

    def name(self, key: str) -> str:
        return self.model.display(self.ref(key))

    def graph(self) -> dict[str, set[str]]:
        """Undirected `knows` ties between person keys."""
        if self._graph is None:
            graph: dict[str, set[str]] = defaultdict(set)
            for path, known in self.knows.items():
                graph[path].update(known)
                for key in known:
                    graph[key].add(path)
            self._graph = graph
        return self._graph

    def for_model(self, model: Model) -> _Refs:
        """This resolution for another model that names everything the same way."""
        # `people` is kept: the paths are the same (`_names_alike`), and only they are read
        return _Refs(model, like=self)


def _naming(p: Person) -> tuple[Any, ...]:
    """All that `_Refs` reads of a person."""
    return (p.path, p.name, p.aliases, p.knows, p.introduced_by, p.organisations)


def _names_alike(old: Model, new: Model) -> bool:
    """Whether `_Refs` reads the same of both models: the same names, organisations and
    conflicts (by identity), and people who are the same objects or name alike."""
    if (
        old.names is not new.names
        or old.organisations is not new.organisations
        or old.conflicts is not new.conflicts
    ):
        return False
    return alike(old.people, new.people, _naming)


_last: list[_Refs] = []


def _refs(model: Model) -> _Refs:
    # The analyses of one build share one resolution of every name: the model
    # is immutable, so the last one is kept by identity. The watcher's next model
    # (a #contact line, a new date) mostly names everything as the last one did:
    # then the resolution is shared too, which `_Refs` never changes after
    # __init__. The last model is held by its resolution.
    if _last and _last[0].model is model:
        return _last[0]
    refs = _last[0].for_model(model) if _last and _names_alike(_last[0].model, model) else None
    if refs is None:
        refs = _Refs(model)
    _last[:] = [refs]
    return refs


def resolution(model: Model) -> object:
    """An object that stays the same while models name everything alike: what
    `reach`, `variety` and `second_order_exposed` read besides `model.people`."""
    return _refs(model).shared


# -- reach (P1, P10) -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reach:
    first_degree: int
    second_degree: int
    via_colleagues: int
    only_via_colleagues: int  # second-degree people named only by colleagues
    internal: int
    important: int
    knows_mentions: int  # second-degree mentions, counting a name once per person naming it

    def as_json(self) -> dict[str, int]:
        return {
            "first_degree": self.first_degree,
            "second_degree": self.second_degree,
            "via_colleagues": self.via_colleagues,
            "only_via_colleagues": self.only_via_colleagues,
            "internal": self.internal,
        }


def reach(model: Model) -> Reach:
    """How far the recorded network reaches (see the module docstring)."""
    refs = _refs(model)
    internal = {p.path for p in model.people if p.internal}
    second: dict[str, bool] = {}  # key -> named only by colleagues so far
    via: set[str] = set()
    mentions = 0
    for p in model.people:
        for key in refs.knows.get(p.path, ()):
            if key not in refs.people:
                mentions += 1
                second[key] = second.get(key, True) and p.path in internal
            if p.path in internal and key not in internal:
                via.add(key)
            elif key in internal and p.path not in internal:
                via.add(p.path)
    return Reach(
        first_degree=len(model.people),
        second_degree=len(second),
        via_colleagues=len(via),
        only_via_colleagues=sum(second.values()),
        internal=len(internal),
        important=sum(1 for p in model.people if p.tier == "important"),
        knows_mentions=mentions,
    )


# -- opposing interests, second order (P6) -------------------------------------


def second_order_exposed(model: Model) -> dict[str, tuple[str, ...]]:
    """Conflict path -> people tied to one party who know someone tied to another."""
    refs = _refs(model)
    known: dict[str, tuple[str, ...]] | None = refs.shared.get("second_order")
    if known is None:
        known = refs.shared["second_order"] = _second_order(model, refs)
    return known


def _second_order(model: Model, refs: _Refs) -> dict[str, tuple[str, ...]]:
    # reads the people's paths, the conflicts and the names: all in `_names_alike`
    tied_to: dict[str, set[str]] = defaultdict(set)  # party key -> person paths
    for p in model.people:
        tied_to[p.path].add(p.path)
        for org in refs.orgs_of.get(p.path, ()):
            tied_to[org].add(p.path)
    graph = refs.graph()
    result: dict[str, tuple[str, ...]] = {}
    for conflict in model.conflicts:
        parties: dict[str, set[str]] = defaultdict(set)  # person -> party keys
        for party in refs.parties[conflict.path]:
            for person in tied_to.get(party, ()):
                parties[person].add(party)
        found = set()
        for person, mine in parties.items():
            if len(mine) != 1:
                continue
            for other in graph.get(person, ()):
                if parties.get(other, mine) - mine:
                    found.add(person)
                    break
        result[conflict.path] = tuple(sorted(found, key=lambda p: (model.display(p), p)))
    return result


def exposure(
    model: Model, second: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Person path -> the open conflicts they are exposed to, first or second order.

    For the calendar: a contact moment with one of these people deserves a warning.
    """
    second = second_order_exposed(model) if second is None else second
    found: dict[str, set[str]] = defaultdict(set)
    for conflict in model.conflicts:
        if conflict.status != "open":
            continue
        for person in _chain(conflict.exposed, second.get(conflict.path, ())):
            found[person].add(conflict.path)
    return {p: tuple(sorted(c)) for p, c in sorted(found.items())}


def _chain(*groups: Iterable[str]) -> Iterable[str]:
    for group in groups:
        yield from group
