"""The planner: turns each person's `due` date into short contact moments (P7).

A moment goes on its due day, or the first free slot after it; an overdue one
from `today` on. Slots exist only on working days that are not public holidays,
inside the configured daily windows, within the horizon, and under the caps per
day and per (ISO) week. When slots are scarce the most important go first:
overdue before not overdue, then tier, then the earlier due date, then the path
(so that equal people are ordered the same way on every machine).

The plan is a pure function of the model and the config: the same vault and
`--today` give the same moments.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import CalendarConfig
from .errors import ConfigError
from .model import Model, Person
from .tuplediff import differing

# The cycle of a person who was never contacted. Their due date moves with
# `today` until they are contacted, so the cycle must not: a fixed marker keeps
# the moment's UID stable while it is re-slotted day after day.
NEVER = dt.date(1, 1, 1)

# People without a tier get the regular cadence (contract section 6), so they
# rank with the regular ones.
_TIER_RANK = {"important": 0, "regular": 1, None: 1, "unimportant": 2}


@dataclass(frozen=True, slots=True)
class Moment:
    person: str  # path of the person's note
    start: dt.datetime  # aware, in the configured zone
    end: dt.datetime
    due: dt.date
    cycle: dt.date  # last_contact, or NEVER: with the person, identifies the moment


def zone_of(cal: CalendarConfig) -> ZoneInfo:
    """The configured zone; a clear config error when it does not exist."""
    try:
        return cal.zone
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"calendar.timezone is not a known time zone: {cal.timezone!r}") from exc


def holiday_dates(code: str, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Public holidays of country `code` between `first` and `last` (inclusive)."""
    if not code:
        return frozenset()
    import holidays  # imported here: a few hundred ms at import, only needed when configured

    try:
        table = holidays.country_holidays(code, years=range(first.year, last.year + 1))
    except NotImplementedError as exc:
        raise ConfigError(
            f"calendar.holidays is not a country the holidays package knows: {code!r}"
        ) from exc
    return frozenset(d for d in table if first <= d <= last)


def _exists(moment: dt.datetime) -> bool:
    """False for a wall-clock time skipped by a DST change (e.g. 02:30 on the last
    Sunday of March in Europe): calendar apps disagree about where to put it."""
    utc = moment.astimezone(dt.UTC)
    return utc.astimezone(moment.tzinfo).replace(tzinfo=None) == moment.replace(tzinfo=None)


def day_slots(day: dt.date, cal: CalendarConfig, zone: ZoneInfo) -> list[dt.datetime]:
    """The start times of the slots of one day, in the order they are handed out.

    The windows take turns (first slot of the morning, first of the afternoon,
    second of the morning, ...), so that three moments do not pile up in one
    window while the other stays empty.
    """
    length = dt.timedelta(minutes=cal.moment_minutes)
    per_window: list[list[dt.datetime]] = []
    for window in cal.windows:
        starts = []
        start = dt.datetime.combine(day, window.start, tzinfo=zone)
        stop = dt.datetime.combine(day, window.end, tzinfo=zone)
        while start + length <= stop:
            if _exists(start) and _exists(start + length):
                starts.append(start)
            start += length
        per_window.append(starts)
    ordered: list[dt.datetime] = []
    for index in range(max((len(s) for s in per_window), default=0)):
        ordered.extend(s[index] for s in per_window if index < len(s))
    return ordered


def _start_day(person: Person, today: dt.date) -> dt.date | None:
    if person.due is None or person.paused:
        return None
    start = max(person.due, today)
    if person.snooze_until is not None:
        start = max(start, person.snooze_until)
    return start


@functools.lru_cache(maxsize=4)
def _days(
    cal: CalendarConfig, today: dt.date
) -> tuple[list[dt.date], list[list[dt.datetime]], list[int], list[tuple[int, int]]]:
    """The working days of the horizon with their slots, caps and ISO weeks (cached: the
    watcher plans again after every edit; do not change them)."""
    zone = zone_of(cal)
    last = today + dt.timedelta(days=cal.horizon_days - 1)
    free = holiday_dates(cal.holidays, today, last)
    days = [
        day
        for day in (today + dt.timedelta(days=n) for n in range(cal.horizon_days))
        if day.weekday() in cal.working_days and day not in free
    ]
    slots = [day_slots(day, cal, zone) for day in days]
    caps = [min(cal.per_day, len(s)) for s in slots]
    weeks = [day.isocalendar()[:2] for day in days]
    return days, slots, caps, weeks


_Wanted = tuple[tuple[bool, int, dt.date, str], dt.date, dt.date, Person]


def _want(person: Person, today: dt.date, last: dt.date) -> _Wanted | None:
    """A person's claim on a slot (sort key, first day, due), if any."""
    start_day = _start_day(person, today)
    if start_day is not None and start_day <= last and person.due is not None:
        rank = _TIER_RANK.get(person.tier, 1)
        key = (person.due >= today, rank, person.due, person.path)
        return key, start_day, person.due, person
    return None


def _claim_key(item: _Wanted) -> tuple[bool, int, dt.date, str]:
    return item[0]


# The last people tuple (held), today and last day, with the claims sorted by key.
_claims: list[tuple[tuple[Person, ...], dt.date, dt.date, list[_Wanted]]] = []


def _wanted(people: tuple[Person, ...], today: dt.date, last: dt.date) -> list[_Wanted]:
    """Every claim, sorted by key (do not change it). After an edit only the people
    that are other objects than last time are looked at again."""
    if _claims:
        old, old_today, old_last, wanted = _claims[0]
        if (old_today, old_last) == (today, last) and len(old) == len(people):
            changed = differing(old, people)
            if all(old[i].path == people[i].path for i in changed):
                for i in changed:
                    before, after = _want(old[i], today, last), _want(people[i], today, last)
                    if before is not None:
                        del wanted[bisect.bisect_left(wanted, before[0], key=_claim_key)]
                    if after is not None:
                        bisect.insort(wanted, after, key=_claim_key)
                _claims[:] = [(people, today, last, wanted)]
                return wanted
    wanted = [w for w in (_want(p, today, last) for p in people) if w is not None]
    wanted.sort(key=_claim_key)
    _claims[:] = [(people, today, last, wanted)]
    return wanted


def plan(model: Model, cal: CalendarConfig) -> tuple[Moment, ...]:
    """The contact moments within the horizon, sorted by start, then person."""
    today = model.today
    last = today + dt.timedelta(days=cal.horizon_days - 1)
    days, slots, caps, weeks = _days(cal, today)
    used = [0] * len(days)
    week_used: dict[tuple[int, int], int] = {}
    open_days = [i for i, cap in enumerate(caps) if cap > 0]  # indices, ascending
    wanted = _wanted(model.people, today, last)

    moments = []
    length = dt.timedelta(minutes=cal.moment_minutes)
    for _, start_day, due, person in wanted:
        if not open_days:
            break
        first = bisect.bisect_left(days, start_day)
        at = bisect.bisect_left(open_days, first)
        if at == len(open_days):
            continue
        index = open_days[at]
        start = slots[index][used[index]]
        used[index] += 1
        week = weeks[index]
        week_used[week] = week_used.get(week, 0) + 1
        if week_used[week] >= cal.per_week:
            open_days = [i for i in open_days if weeks[i] != week]
        elif used[index] >= caps[index]:
            open_days.pop(at)
        moments.append(
            Moment(
                person=person.path,
                start=start,
                end=start + length,
                due=due,
                cycle=person.last_contact or NEVER,
            )
        )
    moments.sort(key=lambda m: (m.start, m.person))
    return tuple(moments)


def schedule_rows(model: Model, moments: Sequence[Moment]) -> list[dict[str, str]]:
    """The `schedule` of `export`: one row per moment, in plan order; `person` is the
    name, as everywhere in the export."""
    return [
        {
            "person": model.display(m.person),
            "path": m.person,
            "start": m.start.isoformat(),
            "end": m.end.isoformat(),
            "due": m.due.isoformat(),
        }
        for m in moments
    ]


def first_moments(moments: Sequence[Moment]) -> dict[str, dt.datetime]:
    """Each person's first planned moment, for the contact agenda."""
    planned: dict[str, dt.datetime] = {}
    for m in moments:
        planned.setdefault(m.person, m.start)
    return planned
