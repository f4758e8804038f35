"""Network intelligence: review of tiers, reach, warm introductions, variety, exposure.

Pure functions over a `model.Model`; nothing here changes a user's note.

Review (P2). For every person the evidence is: the contact moments of the
last 12 months (365 days up to and including `today`, from contact notes,
`#contact` lines and a hand-recorded `last_contact`), the signals they gave in
that window (an undated signal counts: its age is unknown), the people whose
`introduced_by` names them, how many people they know (their `knows` and the
people whose `knows` names them, each counted once), and whether they are due
(today) or overdue. From it:

- Promote to `important` a person who is not important yet, has at least
  one of: 4 or more contact moments in 12 months, 2 or more signals in 12
  months, 1 or more introductions made; and whose evidence score is among the
  best 10 % of all people (the seed's share of important relations: the
  score of the person at rank ⌈10 % of the people⌉, counting everyone, is the
  bar). The score is contacts + 2 × signals + 3 × introductions (+ 1 when
  they know 10 or more people); highest first.
- Demote to `unimportant` a person whose tier is `regular` or unset, who is
  not a colleague (`internal`), and who in 12 months had no contact moment,
  gave no signal, introduced nobody, and knows 2 people or fewer. Ranked by
  the oldest last contact first (never contacted before all), then the fewest
  people known.

Promotions come before demotions; ties are broken by name, then path. The
distribution counts each tier (and people without one) against the seed's
10 / 50 / 40 target.

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

Variety (P3, P9). People per stakeholder kind (a person's own `stakeholder`,
else their organisations', else `colleague` for an internal person), per
organisation, per sector (a `sector` property). A warning when one kind holds
60 % or more of the people with a kind, or one organisation 50 % or more of
the external people with an organisation (with at least 5 people counted). A
bridge is the only person with a stakeholder kind or at an organisation.

Opposing interests, second order (P6). A person is tied to a party by being
it or by working at it; besides the exposed people (tied to two parties), the
second order is the people tied to one party who know (either direction)
someone tied to another party of the same conflict.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .model import Contact, Model, Person, Signal
from .tuplediff import alike, differing, spliced

WINDOW_DAYS = 365
RECENT_DAYS = 90
PROMOTE_CONTACTS = 4
PROMOTE_SIGNALS = 2
PROMOTE_INTRODUCTIONS = 1
CONNECTOR_KNOWS = 10
DEMOTE_KNOWS_MAX = 2
TARGET_SHARES = {"important": 10, "regular": 50, "unimportant": 40}
TIER_KEYS = ("important", "regular", "unimportant", "none")
MAX_STEPS = 4
LEAN_KIND_SHARE = 60
LEAN_ORG_SHARE = 50
LEAN_MIN_PEOPLE = 5
CLIENT_KINDS = frozenset({"client", "prospect"})

T = TypeVar("T")

_PLAIN = "\x00"  # prefix of the key of a person named without a note
_PLAIN_ORG = "\x02"  # prefix of the key of an organisation named without a note
_ORG = "\x01"  # prefix of an organisation node in the path graph

# Dutch stakeholder words as users write them, to the English kinds of the spec.
_KIND_WORDS = {
    "klant": "client",
    "klanten": "client",
    "leverancier": "supplier",
    "concurrent": "competitor",
    "collega": "colleague",
    "pers": "press",
    "overheid": "government",
    "investeerder": "investor",
    "gemeenschap": "community",
    "overig": "other",
    "anders": "other",
}


def normalise(name: str) -> str:
    """A name as compared: Unicode NFC, case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class _Refs:
    """One key per real person or organisation, whatever way a note named it.

    Every ref of the model is resolved once, up front, so that the spelling
    kept for a name without a note never depends on which analysis ran first.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        self.people = {p.path: p for p in model.people}  # read for its paths only
        self.orgs = {o.path: o for o in model.organisations}
        self.person_by_name: dict[str, str] = {}
        self.org_by_name: dict[str, str] = {}
        # the shortest path wins a shared name, as Obsidian resolves it
        for p in sorted(model.people, key=lambda p: (len(p.path), p.path)):
            for name in (p.name, *p.aliases):
                self.person_by_name.setdefault(normalise(name), p.path)
        for o in sorted(model.organisations, key=lambda o: (len(o.path), o.path)):
            for name in (o.name, *o.aliases):
                self.org_by_name.setdefault(normalise(name), o.path)
        self.spelling: dict[str, str] = {}  # plain key -> its first spelling in sort order
        self._person_memo: dict[str, str | None] = {}
        self._org_memo: dict[str, str] = {}
        self.knows: dict[str, tuple[str, ...]] = {}  # person path -> keys it knows
        self.intro: dict[str, str] = {}  # person path -> key of who introduced them
        self.orgs_of: dict[str, tuple[str, ...]] = {}  # person path -> organisation keys
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
        self._graph: dict[str, set[str]] | None = None
        # results that read only what a resolution is shared on (see `_refs`),
        # shared by every model the resolution serves
        self.shared: dict[str, Any] = {}

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
        other = copy.copy(self)
        other.model = model
        # `people` is kept: the paths are the same (`_names_alike`), and only they are read
        return other


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


# -- review (P2) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    person: str  # path
    contact_dates: tuple[dt.date, ...]  # last 12 months, newest first
    signals: int  # given in the last 12 months
    introduced: tuple[str, ...]  # paths of the people they introduced
    knows: int  # distinct people known, both directions
    last_contact: dt.date | None
    due: dt.date | None
    status: str | None  # "due", "overdue" or None

    def as_json(self) -> dict[str, Any]:
        return {
            "contacts_12m": len(self.contact_dates),
            "contact_dates": [d.isoformat() for d in self.contact_dates],
            "signals_12m": self.signals,
            "introductions": len(self.introduced),
            "knows": self.knows,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # contacts, signals, introductions, connector, top, overdue, due,
    #            no_contact, no_signals, no_introductions, few_known
    count: int = 0
    dates: tuple[dt.date, ...] = ()
    people: tuple[str, ...] = ()  # paths


@dataclass(frozen=True, slots=True)
class Suggestion:
    person: str  # path
    name: str
    from_tier: str  # important / regular / unimportant / none
    to_tier: str
    reasons: tuple[Reason, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Review:
    distribution: dict[str, int]
    total: int
    suggestions: tuple[Suggestion, ...]
    names: dict[str, str]  # path -> display name, for the reasons in words

    def share(self, tier: str) -> int:
        """Percentage of all people in a tier, rounded half up."""
        return (200 * self.distribution[tier] + self.total) // (2 * self.total) if self.total else 0

    def as_json(self, describe: Callable[[Reason], str] | None = None) -> dict[str, Any]:
        text = describe or (lambda r: reason_text(r, "en", lambda p: self.names.get(p, p)))
        return {
            "distribution": dict(self.distribution),
            "target": dict(TARGET_SHARES),
            "suggestions": [
                {
                    "person": s.name,
                    "path": s.person,
                    "from": s.from_tier,
                    "to": s.to_tier,
                    "reasons": [text(r) for r in s.reasons],
                    "evidence": s.evidence.as_json(),
                }
                for s in self.suggestions
            ],
        }


# The last contacts tuple and `today`, with the per-person dates made from them
# and each person's evidence with what else it was made from (see `_evidence`).
_dated: list[_Dated] = []
_signalled: list[tuple[tuple[Signal, ...], dt.date, dict[str, int]]] = []
_signal_touched: set[str] = set()  # whose signal count changed since the review


@dataclass(slots=True)
class _Dated:
    contacts: tuple[Contact, ...]
    today: dt.date
    dates: dict[str, list[dt.date]]
    evidence: dict[str, tuple[Person, int, dict[str, Any], Evidence]]
    touched: set[str] = field(default_factory=set)  # whose dates changed since the review


def _add_dates(known: _Dated, contacts: Iterable[Contact], sign: int) -> None:
    today, dates = known.today, known.dates
    start = today - dt.timedelta(days=WINDOW_DAYS)
    for c in contacts:
        if start < c.date <= today:
            for path in set(c.people):
                known.evidence.pop(path, None)
                known.touched.add(path)
                if sign > 0:
                    dates.setdefault(path, []).append(c.date)
                else:
                    own = dates[path]
                    own.remove(c.date)
                    if not own:
                        del dates[path]


def _contact_dates(model: Model) -> _Dated:
    """Per person path, the dates of their contact moments in the window, in no order.

    The watcher's next model splices one note's contacts into the same tuple
    objects: what lies between the common head and tail (by identity) is all
    that changed, so only that is taken out and put in again (and the evidence
    of the people it names forgotten)."""
    contacts, today = model.contacts, model.today
    if _dated and _dated[0].today == today:
        known = _dated[0]
        old = known.contacts
        if old is contacts:
            return known
        change = spliced(old, contacts)
        if change is not None:
            removed, added = change
            _add_dates(known, removed, -1)
            _add_dates(known, added, 1)
            known.contacts = contacts
            return known
    known = _Dated(contacts, today, {}, {})
    _add_dates(known, contacts, 1)
    _dated[:] = [known]
    return known


def _signal_counts(model: Model) -> dict[str, int]:
    """Per person path, the signals they gave in the window; updated, like the
    contact dates, by what the new signals tuple spliced in."""
    signals, today = model.signals, model.today
    if _signalled and _signalled[0][1] == today:
        old, _, counts = _signalled[0]
        if old is signals:
            return counts
        change = spliced(old, signals)
        if change is not None:
            _count_signals(counts, change[0], today, -1)
            _count_signals(counts, change[1], today, 1)
            _signalled[:] = [(signals, today, counts)]
            return counts
    counts = {}
    _count_signals(counts, signals, today, 1)
    _signalled[:] = [(signals, today, counts)]
    return counts


def _count_signals(
    counts: dict[str, int], signals: Iterable[Signal], today: dt.date, sign: int
) -> None:
    start = today - dt.timedelta(days=WINDOW_DAYS)
    for s in signals:
        if s.date is None or start < s.date <= today:
            for path in set(s.sources):
                _signal_touched.add(path)
                n = counts.get(path, 0) + sign
                if n:
                    counts[path] = n
                else:
                    del counts[path]


def _evidence(model: Model, refs: _Refs) -> dict[str, Evidence]:
    today = model.today
    known = _contact_dates(model)
    dates = known.dates
    signals = _signal_counts(model)
    introduced = _introduced(refs)
    graph = refs.graph()
    result = {}
    # A person's evidence reads their dates (forgotten when those change), the
    # person and the naming (held here, compared by identity), their signal count.
    memo, known.evidence = known.evidence, {}
    for p in model.people:
        kept = memo.get(p.path)
        if (
            kept is not None
            and kept[0] is p
            and kept[1] == signals.get(p.path, 0)
            and kept[2] is refs.shared
        ):
            result[p.path] = kept[3]
            known.evidence[p.path] = kept
            continue
        result[p.path] = _one_evidence(p, dates, signals, introduced, graph, today)
        known.evidence[p.path] = (p, signals.get(p.path, 0), refs.shared, result[p.path])
    return result


def _introduced(refs: _Refs) -> dict[str, list[str]]:
    introduced: dict[str, list[str]] | None = refs.shared.get("introduced")
    if introduced is None:
        introduced = refs.shared["introduced"] = defaultdict(list)
        for path, key in refs.intro.items():
            introduced[key].append(path)
    return introduced


def _one_evidence(
    p: Person,
    dates: dict[str, list[dt.date]],
    signals: dict[str, int],
    introduced: dict[str, list[str]],
    graph: dict[str, set[str]],
    today: dt.date,
) -> Evidence:
    start = today - dt.timedelta(days=WINDOW_DAYS)
    own = dates.get(p.path, [])
    if p.last_contact and start < p.last_contact <= today and p.last_contact not in own:
        own = [*own, p.last_contact]  # recorded by hand, not in any contact note
    status = None
    if p.due is not None and p.due <= today:
        status = "overdue" if p.due < today else "due"
    return Evidence(
        person=p.path,
        contact_dates=tuple(sorted(own, reverse=True)),
        signals=signals.get(p.path, 0),
        introduced=tuple(sorted(introduced.get(p.path, ()))),
        knows=len(graph.get(p.path, ())),
        last_contact=p.last_contact,
        due=p.due,
        status=status,
    )


def _status_reason(e: Evidence) -> list[Reason]:
    if e.status == "overdue" and e.due is not None:
        return [Reason("overdue", dates=(e.due,))]
    return [Reason("due")] if e.status == "due" else []


def _score(e: Evidence) -> int:
    connector = 1 if e.knows >= CONNECTOR_KNOWS else 0
    return len(e.contact_dates) + 2 * e.signals + 3 * len(e.introduced) + connector


# path -> (person, evidence, score, bar, suggestion) of the last review: a
# person's suggestion is a function of these (held, compared by identity).
_suggested: list[dict[str, tuple[Person, Evidence, int, int, _Outcome]]] = []
_Outcome = tuple[bool, tuple[Any, ...], "Suggestion"] | None  # (promote?, sort key, suggestion)


def review(model: Model) -> Review:
    """Tier suggestions by the rules in this module's docstring."""
    with _REVIEWING:  # the state kept for the next review is updated in place
        return _review(model)


_REVIEWING = threading.Lock()


@dataclass(slots=True)
class _Reviewed:
    """The workings of the last review, for the next model to update by difference."""

    people: tuple[Person, ...]  # held, so the identities compared are safe
    shared: dict[str, Any]
    dated: _Dated
    signals: dict[str, int]
    now: dict[str, tuple[Person, Evidence, int, int, _Outcome]]  # as `_suggested[0]`
    ranked: list[int]  # every score, ascending
    distribution: dict[str, int]
    bar: int
    suggesting: set[str]  # the people with a suggestion


_reviewed: list[_Reviewed] = []


def _review(model: Model) -> Review:
    refs = _refs(model)
    known, signals = _contact_dates(model), _signal_counts(model)
    last = _reviewed[0] if _reviewed else None
    if (
        last is not None
        and last.shared is refs.shared
        and last.dated is known
        and last.signals is signals
        and _suggested
        and last.now is _suggested[0]
    ):
        found = _review_by_difference(model, refs, last)
        if found is not None:
            return found
    found = _review_everything(model, refs)
    known.touched.clear()
    _signal_touched.clear()
    now = _suggested[0]
    _reviewed[:] = [
        _Reviewed(
            model.people,
            refs.shared,
            known,
            signals,
            now,
            sorted(kept[2] for kept in now.values()),
            dict(found.distribution),
            next(iter(now.values()))[3] if now else 0,
            {path for path, kept in now.items() if kept[4] is not None},
        )
    ]
    return found


def _review_by_difference(model: Model, refs: _Refs, last: _Reviewed) -> Review | None:
    """The review of a model whose people are the last one's, in the same order: only
    the people that are other objects, or whose contact dates or signal count changed,
    are looked at again (and everyone when that moves the bar). None: not the case."""
    people = model.people
    if len(people) != len(last.people):
        return None
    changed = differing(last.people, people)
    if any(people[i].path != last.people[i].path for i in changed):
        return None
    known = last.dated
    now, ranked, distribution = last.now, last.ranked, last.distribution
    touched = {people[i].path: people[i] for i in changed}
    for path in known.touched | _signal_touched:
        kept = now.get(path)
        if path not in touched and kept is not None:
            touched[path] = kept[0]  # the same Person object: not among the changed
    known.touched.clear()
    _signal_touched.clear()
    introduced, graph, today = _introduced(refs), refs.graph(), model.today
    for path, p in touched.items():
        old = now[path]
        e = _one_evidence(p, known.dates, last.signals, introduced, graph, today)
        score = _score(e)
        del ranked[bisect.bisect_left(ranked, old[2])]
        bisect.insort(ranked, score)
        distribution[old[0].tier or "none"] -= 1
        distribution[p.tier or "none"] += 1
        now[path] = (p, e, score, -1, None)  # its outcome below
        known.evidence[path] = (p, last.signals.get(path, 0), refs.shared, e)
    bar = _bar(ranked)
    for path in now if bar != last.bar else touched:
        p, e, score, _, _ = now[path]
        outcome = _suggest(p, e, score, bar)
        now[path] = (p, e, score, bar, outcome)
        if outcome is None:
            last.suggesting.discard(path)
        else:
            last.suggesting.add(path)
    last.people, last.bar = people, bar
    promote: list[tuple[tuple[Any, ...], Suggestion]] = []
    demote: list[tuple[tuple[Any, ...], Suggestion]] = []
    for path in last.suggesting:
        outcome = now[path][4]
        assert outcome is not None
        (promote if outcome[0] else demote).append(outcome[1:])
    return _suggestions(model, dict(distribution), promote, demote)


def _bar(ascending: list[int]) -> int:
    """The score of the person at rank ⌈10 % of the people⌉."""
    n = len(ascending)
    rank = -(-n * TARGET_SHARES["important"] // 100)  # rounded up
    return ascending[n - rank] if n else 0


def _suggestions(
    model: Model,
    distribution: dict[str, int],
    promote: list[tuple[tuple[Any, ...], Suggestion]],
    demote: list[tuple[tuple[Any, ...], Suggestion]],
) -> Review:
    promote.sort(key=lambda x: x[0])
    demote.sort(key=lambda x: x[0])
    suggestions = tuple(s for _, s in promote) + tuple(s for _, s in demote)
    return Review(distribution, len(model.people), suggestions, model.names)


def _review_everything(model: Model, refs: _Refs) -> Review:
    evidence = _evidence(model, refs)
    last = _suggested[0] if _suggested else {}
    distribution = dict.fromkeys(TIER_KEYS, 0)
    promote: list[tuple[tuple[Any, ...], Suggestion]] = []
    demote: list[tuple[tuple[Any, ...], Suggestion]] = []
    scores = {}
    for path, e in evidence.items():
        kept = last.get(path)
        scores[path] = kept[2] if kept is not None and kept[1] is e else _score(e)
    ranked = sorted(scores.values(), reverse=True)
    bar = ranked[-(-len(ranked) * TARGET_SHARES["important"] // 100) - 1] if ranked else 0
    now: dict[str, tuple[Person, Evidence, int, int, _Outcome]] = {}
    for p in model.people:
        tier = p.tier or "none"
        distribution[tier] = distribution.get(tier, 0) + 1
        e, score = evidence[p.path], scores[p.path]
        kept = last.get(p.path)
        if kept is not None and kept[0] is p and kept[1] is e and kept[3] == bar:
            outcome = kept[4]
        else:
            outcome = _suggest(p, e, score, bar)
        now[p.path] = (p, e, score, bar, outcome)
        if outcome is not None:
            (promote if outcome[0] else demote).append(outcome[1:])
    _suggested[:] = [now]
    return _suggestions(model, distribution, promote, demote)


def _suggest(p: Person, e: Evidence, score: int, bar: int) -> _Outcome:
    tier = p.tier or "none"
    contacts = len(e.contact_dates)
    reasons: list[Reason] = []
    if tier != "important":
        if contacts >= PROMOTE_CONTACTS:
            reasons.append(Reason("contacts", contacts, e.contact_dates))
        if e.signals >= PROMOTE_SIGNALS:
            reasons.append(Reason("signals", e.signals))
        if len(e.introduced) >= PROMOTE_INTRODUCTIONS:
            reasons.append(Reason("introductions", len(e.introduced), people=e.introduced))
        if reasons and score >= bar:
            if e.knows >= CONNECTOR_KNOWS:
                reasons.append(Reason("connector", e.knows))
            reasons.append(Reason("top", score))
            s = Suggestion(p.path, p.name, tier, "important", tuple(reasons), e)
            return True, (-score, p.name, p.path), s
    if (
        tier in ("regular", "none")
        and not p.internal
        and not contacts
        and not e.signals
        and not e.introduced
        and e.knows <= DEMOTE_KNOWS_MAX
    ):
        last = (p.last_contact,) if p.last_contact else ()
        reasons = [
            Reason("no_contact", dates=last),
            Reason("no_signals"),
            Reason("no_introductions"),
            Reason("few_known", e.knows),
            *_status_reason(e),
        ]
        age = p.last_contact.toordinal() if p.last_contact else 0
        s = Suggestion(p.path, p.name, tier, "unimportant", tuple(reasons), e)
        return False, (age, e.knows, p.name, p.path), s
    return None


_REASONS = {
    "en": {
        "contacts": (
            "{n} contact moment in the last 12 months",
            "{n} contact moments in the last 12 months",
        ),
        "signals": (
            "gave {n} signal in the last 12 months",
            "gave {n} signals in the last 12 months",
        ),
        "introductions": ("introduced {n} person", "introduced {n} people"),
        "connector": ("knows {n} person in your notes", "knows {n} people in your notes"),
        "few_known": ("knows {n} person in your notes", "knows {n} people in your notes"),
        "overdue": ("overdue since {date}",) * 2,
        "due": ("due today",) * 2,
        "no_contact": ("no contact moment in the last 12 months (last: {date})",) * 2,
        "no_signals": ("no signal in the last 12 months",) * 2,
        "no_introductions": ("introduced nobody",) * 2,
        "never": ("never",) * 2,
        "top": ("evidence score {n}, among the best 10 %",) * 2,
    },
    "nl": {
        "contacts": (
            "{n} contactmoment in de laatste 12 maanden",
            "{n} contactmomenten in de laatste 12 maanden",
        ),
        "signals": (
            "gaf {n} signaal in de laatste 12 maanden",
            "gaf {n} signalen in de laatste 12 maanden",
        ),
        "introductions": ("stelde {n} persoon voor", "stelde {n} mensen voor"),
        "connector": ("kent {n} persoon in je notities", "kent {n} mensen in je notities"),
        "few_known": ("kent {n} persoon in je notities", "kent {n} mensen in je notities"),
        "overdue": ("achterstallig sinds {date}",) * 2,
        "due": ("vandaag aan de beurt",) * 2,
        "no_contact": ("geen contactmoment in de laatste 12 maanden (laatste: {date})",) * 2,
        "no_signals": ("geen signaal in de laatste 12 maanden",) * 2,
        "no_introductions": ("stelde niemand voor",) * 2,
        "never": ("nooit",) * 2,
        "top": ("bewijsscore {n}, bij de beste 10 %",) * 2,
    },
}
_SHOWN_DATES = 5


def reason_text(reason: Reason, language: str, name: Callable[[str], str]) -> str:
    """A reason in words; `name` turns a person path into how it is written."""
    words = _REASONS.get(language, _REASONS["en"])
    text = words[reason.code][0 if reason.count == 1 else 1]
    date = reason.dates[0].isoformat() if reason.dates else words["never"][0]
    text = text.format(n=reason.count, date=date)
    if reason.code == "contacts":
        shown = [d.isoformat() for d in reason.dates[:_SHOWN_DATES]]
        more = ", …" if len(reason.dates) > _SHOWN_DATES else ""
        text += f" ({', '.join(shown)}{more})"
    elif reason.people:
        text += f" ({', '.join(name(p) for p in reason.people)})"
    return text


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


# -- variety (P3, P9) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lean:
    dimension: str  # "stakeholder" or "organisation"
    subject: str  # a kind, or an organisation ref
    count: int
    total: int

    @property
    def share(self) -> int:
        return 100 * self.count // self.total

    @property
    def clients(self) -> bool:
        return self.dimension == "stakeholder" and self.subject in CLIENT_KINDS


@dataclass(frozen=True, slots=True)
class Bridge:
    person: str  # path
    kinds: tuple[str, ...]
    organisations: tuple[str, ...]  # refs


@dataclass(frozen=True, slots=True)
class Variety:
    stakeholders: tuple[tuple[str, int], ...]  # most people first
    organisations: tuple[tuple[str, int], ...]  # (ref, people)
    sectors: tuple[tuple[str, int], ...]
    no_kind: int
    leans: tuple[Lean, ...]
    bridges: tuple[Bridge, ...]
    names: dict[str, str]  # path -> display name

    def as_json(self, name: Callable[[str], str] | None = None) -> dict[str, Any]:
        name = name or (lambda r: self.names.get(r, r))
        return {
            "stakeholders": dict(self.stakeholders),
            "no_stakeholder": self.no_kind,
            "organisations": {name(r): n for r, n in self.organisations},
            "sectors": dict(self.sectors),
            "warnings": [
                {
                    "dimension": w.dimension,
                    "subject": name(w.subject),
                    "people": w.count,
                    "of": w.total,
                    "share": w.share,
                    "clients": w.clients,
                }
                for w in self.leans
            ],
            "bridges": [
                {
                    "person": name(b.person),
                    "path": b.person,
                    "stakeholders": list(b.kinds),
                    "organisations": [name(o) for o in b.organisations],
                }
                for b in self.bridges
            ],
        }


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _ranked(counts: dict[str, int], label: Callable[[str], str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0]), kv[0])))


# A person's organisations, stakeholder kinds and sectors (normalised, as spelled):
# a function of the person and the naming, kept for the next model by path.
_Sort = tuple[list[str], tuple[str, ...], tuple[tuple[str, str], ...]]
_varied: list[dict[str, tuple[Person, dict[str, Any], _Sort]]] = []


def _sort_of(p: Person, refs: _Refs) -> _Sort:
    org_keys = sorted(refs.orgs_of.get(p.path, ()))
    own = set(p.stakeholder)
    if not own:
        for key in org_keys:
            org = refs.orgs.get(key)
            own.update(org.stakeholder if org else ())
    if not own and p.internal:
        own = {"colleague"}
    mine = tuple({_KIND_WORDS.get(k.lower(), k.lower()) for k in own})
    found = _texts(p.properties.get("sector") or p.properties.get("branche"))
    if not found:  # fall back on the organisations' sector, where the model keeps it
        for key in org_keys:
            found += _texts(getattr(refs.orgs.get(key), "properties", {}).get("sector"))
    return org_keys, mine, tuple({normalise(s): s for s in found}.items())


def variety(model: Model) -> Variety:
    """How the network spreads over kinds, organisations and sectors (module docstring)."""
    refs = _refs(model)
    kinds: dict[str, list[str]] = defaultdict(list)
    orgs: dict[str, list[str]] = defaultdict(list)
    sectors: dict[str, int] = defaultdict(int)
    spelled: dict[str, str] = {}
    no_kind = external_with_org = 0
    external_orgs: dict[str, int] = defaultdict(int)
    last = _varied[0] if _varied else {}
    now: dict[str, tuple[Person, dict[str, Any], _Sort]] = {}
    for p in model.people:
        kept = last.get(p.path)
        if kept is not None and kept[0] is p and kept[1] is refs.shared:
            sort = kept[2]
        else:
            sort = _sort_of(p, refs)
        now[p.path] = (p, refs.shared, sort)
        org_keys, mine, found = sort
        no_kind += not mine
        for kind in mine:
            kinds[kind].append(p.path)
        for key in org_keys:
            orgs[key].append(p.path)
            if not p.internal:
                external_orgs[key] += 1
        external_with_org += bool(org_keys) and not p.internal
        for norm, text in found:
            sectors[norm] += 1
            spelled[norm] = min(text, spelled.get(norm, text))
    _varied[:] = [now]
    kind_counts = {k: len(v) for k, v in kinds.items()}
    leans = []
    with_kind = len(model.people) - no_kind
    if with_kind >= LEAN_MIN_PEOPLE:
        for kind, n in _ranked(kind_counts, str):
            if 100 * n >= LEAN_KIND_SHARE * with_kind:
                leans.append(Lean("stakeholder", kind, n, with_kind))
    if external_with_org >= LEAN_MIN_PEOPLE:
        for key, n in _ranked(external_orgs, refs.name):
            if 100 * n >= LEAN_ORG_SHARE * external_with_org:
                leans.append(Lean("organisation", refs.ref(key), n, external_with_org))
    bridge_kinds: dict[str, list[str]] = defaultdict(list)
    bridge_orgs: dict[str, list[str]] = defaultdict(list)
    for kind, people in kinds.items():
        if len(people) == 1:
            bridge_kinds[people[0]].append(kind)
    for key, people in orgs.items():
        if len(people) == 1:
            bridge_orgs[people[0]].append(refs.ref(key))
    bridges = tuple(
        Bridge(
            path,
            tuple(sorted(bridge_kinds.get(path, ()))),
            tuple(sorted(bridge_orgs.get(path, ()), key=lambda r: (model.display(r), r))),
        )
        for path in sorted(
            set(bridge_kinds) | set(bridge_orgs), key=lambda p: (model.display(p), p)
        )
    )
    return Variety(
        stakeholders=_ranked(kind_counts, str),
        organisations=tuple(
            (refs.ref(k), n) for k, n in _ranked({k: len(v) for k, v in orgs.items()}, refs.name)
        ),
        sectors=tuple((spelled[k], n) for k, n in _ranked(dict(sectors), lambda k: spelled[k])),
        no_kind=no_kind,
        leans=tuple(leans),
        bridges=bridges,
        names=model.names,
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
