"""Network intelligence: the review of tiers (P2).

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
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Contact, Model, Person, Signal
from .network import WINDOW_DAYS, _Refs, _refs
from .tuplediff import differing, spliced

PROMOTE_CONTACTS = 4
PROMOTE_SIGNALS = 2
PROMOTE_INTRODUCTIONS = 1
CONNECTOR_KNOWS = 10
DEMOTE_KNOWS_MAX = 2
TARGET_SHARES = {"important": 10, "regular": 50, "unimportant": 40}
TIER_KEYS = ("important", "regular", "unimportant", "none")


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
# How the reviews so far were made (read by tests: a patched function would not see
# the calls of compiled code).
review_counts = {"by_difference": 0, "everything": 0}


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
            review_counts["by_difference"] += 1
            return found
    review_counts["everything"] += 1
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
        # `.get`, as the full review counts: any tier word the model may one day carry
        before_tier, tier = old[0].tier or "none", p.tier or "none"
        distribution[before_tier] = distribution.get(before_tier, 0) - 1
        distribution[tier] = distribution.get(tier, 0) + 1
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
