"""The planner: due dates to 5-minute moments, under windows, caps, holidays, priorities."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

import pytest

from netwerknotities.config import CalendarConfig, parse_window
from netwerknotities.errors import ConfigError
from netwerknotities.model import Model, Person
from netwerknotities.planner import NEVER, Moment, day_slots, plan, schedule_rows

MONDAY = dt.date(2026, 3, 16)  # a Monday, a week without holidays in NL


def person(name: str, due: dt.date | None, **fields: Any) -> Person:
    return Person(path=f"People/{name}.md", name=name, due=due, **fields)


def model(*people: Person, today: dt.date = MONDAY) -> Model:
    return Model(today, tuple(people), (), (), (), (), ())


def when(moments: tuple[Moment, ...]) -> list[tuple[str, str]]:
    return [
        (m.person.removeprefix("People/").removesuffix(".md"), m.start.isoformat()) for m in moments
    ]


def test_a_moment_is_on_its_due_day_in_the_first_window() -> None:
    moments = plan(model(person("Anna", dt.date(2026, 3, 18))), CalendarConfig())
    assert len(moments) == 1
    (m,) = moments
    assert m.start.isoformat() == "2026-03-18T09:00:00+01:00"
    assert m.end.isoformat() == "2026-03-18T09:05:00+01:00"
    assert m.due == dt.date(2026, 3, 18)
    assert m.cycle == NEVER


def test_overdue_is_planned_from_today_and_the_cycle_is_the_last_contact() -> None:
    anna = person("Anna", dt.date(2026, 1, 5), last_contact=dt.date(2025, 12, 6))
    (m,) = plan(model(anna), CalendarConfig())
    assert m.start.isoformat() == "2026-03-16T09:00:00+01:00"
    assert m.due == dt.date(2026, 1, 5)
    assert m.cycle == dt.date(2025, 12, 6)


def test_a_weekend_due_date_moves_to_the_next_working_day() -> None:
    saturday = dt.date(2026, 3, 21)
    assert when(plan(model(person("Anna", saturday)), CalendarConfig())) == [
        ("Anna", "2026-03-23T09:00:00+01:00")
    ]
    weekend = CalendarConfig(working_days=(0, 1, 2, 3, 4, 5, 6))
    assert when(plan(model(person("Anna", saturday)), weekend)) == [
        ("Anna", "2026-03-21T09:00:00+01:00")
    ]


def test_the_day_cap_spreads_moments_over_the_windows_and_the_next_day() -> None:
    people = [person(f"P{i}", MONDAY) for i in range(5)]
    assert when(plan(model(*people), CalendarConfig())) == [
        ("P0", "2026-03-16T09:00:00+01:00"),
        ("P2", "2026-03-16T09:05:00+01:00"),
        ("P1", "2026-03-16T16:30:00+01:00"),
        ("P3", "2026-03-17T09:00:00+01:00"),
        ("P4", "2026-03-17T16:30:00+01:00"),
    ]


def test_the_week_cap_pushes_the_rest_to_next_week() -> None:
    people = [person(f"P{i:02d}", MONDAY) for i in range(12)]
    moments = plan(model(*people), CalendarConfig())  # 3 a day, 10 a week
    per_day: dict[str, int] = {}
    for m in moments:
        per_day[m.start.date().isoformat()] = per_day.get(m.start.date().isoformat(), 0) + 1
    assert per_day == {
        "2026-03-16": 3,
        "2026-03-17": 3,
        "2026-03-18": 3,
        "2026-03-19": 1,
        "2026-03-23": 2,
    }


def test_windows_bound_the_slots() -> None:
    cal = CalendarConfig(windows=(parse_window("08:00-08:10"),), per_day=5)
    people = [person(f"P{i}", MONDAY) for i in range(3)]
    assert when(plan(model(*people), cal)) == [
        ("P0", "2026-03-16T08:00:00+01:00"),
        ("P1", "2026-03-16T08:05:00+01:00"),
        ("P2", "2026-03-17T08:00:00+01:00"),
    ]
    ten = CalendarConfig(windows=(parse_window("08:00-08:10"),), moment_minutes=10)
    assert [m.end.isoformat() for m in plan(model(person("P", MONDAY)), ten)] == [
        "2026-03-16T08:10:00+01:00"
    ]


def test_public_holidays_get_no_moments() -> None:
    friday = dt.date(2026, 4, 24)
    kings_day = dt.date(2026, 4, 27)  # a Monday
    people = model(person("Anna", kings_day), today=friday)
    assert when(plan(people, CalendarConfig())) == [("Anna", "2026-04-27T09:00:00+02:00")]
    assert when(plan(people, CalendarConfig(holidays="NL"))) == [
        ("Anna", "2026-04-28T09:00:00+02:00")
    ]


def test_scarce_slots_go_to_overdue_then_tier_then_due_date() -> None:
    people = [
        person("RegularToday", MONDAY, tier="regular"),
        person("ImportantToday", MONDAY, tier="important"),
        person("RegularOverdueOld", dt.date(2026, 1, 1), tier="regular"),
        person("RegularOverdueNew", dt.date(2026, 3, 1), tier="regular"),
        person("ImportantOverdue", dt.date(2026, 3, 10), tier="important"),
        person("UnimportantOwnCadence", MONDAY, tier="unimportant"),
        person("NoTier", dt.date(2026, 3, 15)),
    ]
    one_week = CalendarConfig(per_day=1, horizon_days=7)  # five slots for seven people
    assert [name for name, _ in when(plan(model(*people), one_week))] == [
        "ImportantOverdue",
        "RegularOverdueOld",
        "RegularOverdueNew",
        "NoTier",
        "ImportantToday",
    ]
    # Room for everyone: each on its own day in that order, the rest the week after.
    everyone = plan(model(*people), CalendarConfig(per_day=1))
    assert [m.person for m in everyone][-2:] == [
        "People/RegularToday.md",
        "People/UnimportantOwnCadence.md",
    ]


def test_later_due_dates_keep_their_day_when_more_important_people_come_first() -> None:
    people = [
        person("Important", dt.date(2026, 3, 18), tier="important"),
        person("Regular", MONDAY, tier="regular"),
    ]
    assert when(plan(model(*people), CalendarConfig(per_day=1))) == [
        ("Regular", "2026-03-16T09:00:00+01:00"),
        ("Important", "2026-03-18T09:00:00+01:00"),
    ]


def test_no_due_paused_or_snoozed_past_the_horizon_get_nothing() -> None:
    people = [
        person("Unimportant", None, tier="unimportant"),
        person("Paused", MONDAY, paused=True),
        person("Snoozed", MONDAY, snooze_until=dt.date(2026, 3, 19)),
        person("Late", MONDAY + dt.timedelta(days=28)),
        person("LastDay", MONDAY + dt.timedelta(days=25)),  # Friday, day 26 of 28
    ]
    assert when(plan(model(*people), CalendarConfig())) == [
        ("Snoozed", "2026-03-19T09:00:00+01:00"),
        ("LastDay", "2026-04-10T09:00:00+02:00"),
    ]


def test_the_plan_is_deterministic_whatever_the_order_of_people() -> None:
    people = [
        person(
            f"P{i:03d}",
            MONDAY + dt.timedelta(days=i % 30 - 10),
            tier=("important", "regular")[i % 2],
        )
        for i in range(200)
    ]
    first = plan(model(*people), CalendarConfig(holidays="NL"))
    random.Random(7).shuffle(people)
    assert plan(model(*people), CalendarConfig(holidays="NL")) == first
    assert len(first) == 40  # four weeks at ten a week
    assert list(first) == sorted(first, key=lambda m: (m.start, m.person))
    assert len({m.start for m in first}) == 40


def test_dst_weeks_keep_the_wall_clock_and_skip_times_that_do_not_exist() -> None:
    cal = CalendarConfig(
        windows=(parse_window("02:00-03:00"), parse_window("09:00-09:30")),
        working_days=(0, 1, 2, 3, 4, 5, 6),
    )
    zone = cal.zone
    spring = day_slots(dt.date(2026, 3, 29), cal, zone)  # clocks jump 02:00 -> 03:00
    assert [s.strftime("%H:%M") for s in spring] == [
        "09:00",
        "09:05",
        "09:10",
        "09:15",
        "09:20",
        "09:25",
    ]
    assert spring[0].isoformat() == "2026-03-29T09:00:00+02:00"
    before = day_slots(dt.date(2026, 3, 28), cal, zone)
    assert before[0].isoformat() == "2026-03-28T02:00:00+01:00"
    autumn = day_slots(dt.date(2026, 10, 25), cal, zone)  # 02:00-03:00 happens twice
    assert autumn[0].isoformat() == "2026-10-25T02:00:00+02:00"
    assert autumn[1].isoformat() == "2026-10-25T09:00:00+01:00"
    assert len(autumn) == 12 + 6

    people = [person(f"P{i}", dt.date(2026, 3, 27 + i)) for i in range(4)]
    starts = [m.start.isoformat() for m in plan(model(*people, today=dt.date(2026, 3, 23)), cal)]
    assert starts == [
        "2026-03-27T02:00:00+01:00",
        "2026-03-28T02:00:00+01:00",
        "2026-03-29T09:00:00+02:00",
        "2026-03-30T02:00:00+02:00",
    ]
    weekdays = CalendarConfig()
    october = [person("Fri", dt.date(2026, 10, 23)), person("Mon", dt.date(2026, 10, 26))]
    got = plan(model(*october, today=dt.date(2026, 10, 19)), weekdays)
    assert [m.start.isoformat() for m in got] == [
        "2026-10-23T09:00:00+02:00",
        "2026-10-26T09:00:00+01:00",
    ]
    assert [(m.end - m.start) for m in got] == [dt.timedelta(minutes=5)] * 2


def test_a_zone_or_holiday_country_that_does_not_exist_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"calendar\.timezone"):
        plan(model(person("Anna", MONDAY)), CalendarConfig(timezone="Mars/Olympus_Mons"))
    with pytest.raises(ConfigError, match=r"calendar\.holidays"):
        plan(model(person("Anna", MONDAY)), CalendarConfig(holidays="XX"))


def test_dates_far_in_the_past_or_future_do_not_break_the_plan() -> None:
    people = [
        person("Ancient", dt.date(1, 1, 2), last_contact=dt.date(1, 1, 1)),
        person("Future", dt.date(9999, 12, 31), last_contact=dt.date(9999, 1, 1)),
    ]
    assert when(plan(model(*people), CalendarConfig())) == [
        ("Ancient", "2026-03-16T09:00:00+01:00")
    ]
    near_end = model(person("End", dt.date(9999, 12, 30)), today=dt.date(9999, 12, 29))
    assert len(plan(near_end, replace(CalendarConfig(), horizon_days=2))) == 1


def test_schedule_rows_for_export() -> None:
    anna = person("Anna", dt.date(2026, 3, 18))
    got = schedule_rows(
        replace(model(anna), names={anna.path: "Anna"}), plan(model(anna), CalendarConfig())
    )
    assert got == [
        {
            "person": "Anna",
            "path": "People/Anna.md",
            "start": "2026-03-18T09:00:00+01:00",
            "end": "2026-03-18T09:05:00+01:00",
            "due": "2026-03-18",
        }
    ]
