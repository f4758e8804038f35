"""The .ics: valid in icalendar and ical.js, stable UIDs, stamps, descriptions, privacy."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import recurring_ical_events
from conftest import EXAMPLE_VAULT, REPO
from icalendar import Calendar, Component, Event

from netwerknotities.config import CalendarConfig
from netwerknotities.errors import ConfigError
from netwerknotities.ics import (
    birthday_uid,
    calendar_diagnostics,
    css_colour_name,
    moment_uid,
    obsidian_url,
    render_calendar,
)
from netwerknotities.model import Birthday, Conflict, Contact, Model, Person, Signal
from netwerknotities.planner import NEVER, plan

TODAY = dt.date(2026, 3, 16)
ICALJS = REPO / "tests" / "icaljs"
GOLDEN = REPO / "tests" / "golden" / "vault_example.ics"
GOLDEN_TODAY = dt.date(2026, 11, 26)  # the date the example vault's welcome note uses

ANNA = Person(
    path="Mensen/Anna de Vries.md",
    name="Anna de Vries",
    tier="important",
    organisations=("Organisaties/Acme.md", "Stichting Vrij"),
    role="CTO",
    interests=("zeilen", "AI"),
    last_contact=dt.date(2026, 2, 8),
    last_contact_path="Dagboek/2026-02-08.md",
    due=dt.date(2026, 3, 10),
    birthday=Birthday(2, 29, 1988),
    id="anna-0001",
)
BOB = Person(
    path="Mensen/Bob.md",
    name="Bob Geheim",
    tier="regular",
    organisations=("Organisaties/Acme.md",),
    role="CFO",
    interests=("secret hobby",),
    due=dt.date(2026, 3, 18),
    private=True,
    birthday=Birthday(7, 4, 1970),
)
CEES = Person(path="Mensen/Cees.md", name="Cees", due=TODAY, birthday=Birthday(12, 31))


def make_model(*people: Person, today: dt.date = TODAY) -> Model:
    return Model(
        today=today,
        people=tuple(people),
        organisations=(),
        contacts=(
            Contact(dt.date(2026, 1, 2), (ANNA.path,), "Dagboek/2026-01-02.md", 4, "oud", "mail"),
            Contact(
                dt.date(2026, 2, 8),
                (ANNA.path, BOB.path),
                "Dagboek/2026-02-08.md",
                3,
                "lunch bij de haven",
                "lunch",
            ),
        ),
        signals=(
            *tuple(
                Signal(dt.date(2026, 2, d), f"signaal {d}", (ANNA.path,), (), f"S/{d}.md")
                for d in (1, 5, 9, 3)
            ),
            Signal(None, "zonder datum", (ANNA.path, BOB.path), (), "S/x.md"),
        ),
        conflicts=(
            Conflict(
                ("Organisaties/Acme.md", "Organisaties/Beta.md"),
                "aanbesteding",
                "open",
                "Belangen/a.md",
                (ANNA.path, BOB.path),
            ),
            Conflict(
                ("Organisaties/Acme.md", "Gamma"), "oud", "closed", "Belangen/b.md", (ANNA.path,)
            ),
        ),
        diagnostics=(),
        names={"Organisaties/Acme.md": "Acme", "Organisaties/Beta.md": "Beta"},
    )


def render(model: Model, cal: CalendarConfig | None = None, **kw: Any) -> bytes:
    cal = cal or CalendarConfig()
    return render_calendar(model, plan(model, cal), cal, "Mijn Kluis", **kw)


def check_valid(data: bytes) -> Calendar:
    """What every generated calendar must be: CRLF, folded, strict-parseable, complete."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"])
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert name in event, (name, event)
        assert event.decoded("DTSTAMP").tzinfo is not None
        for name in ("DTSTART", "DTEND"):
            tzid = event[name].params.get("TZID")
            assert tzid is None or tzid in zones
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert calendar.get_missing_tzids() == set()
    return calendar


def events(data: bytes) -> dict[str, Event]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def by_summary(data: bytes, summary: str) -> Event:
    (event,) = [e for e in events(data).values() if str(e["SUMMARY"]) == summary]
    return event


def icaljs(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """ical.js's reading of `data`; skipped locally without node or the module, never in CI."""
    if shutil.which("node") is None or not (ICALJS / "node_modules" / "ical.js").is_dir():
        if os.environ.get("CI"):
            pytest.fail("ical.js is not installed: run `npm ci` in tests/icaljs")
        pytest.skip("node or ical.js missing (npm ci in tests/icaljs)")
    path = tmp_path / "check.ics"
    path.write_bytes(data)
    result = subprocess.run(
        ["node", str(ICALJS / "validate.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_the_calendar_has_its_header_zone_and_name() -> None:
    calendar = check_valid(render(make_model(ANNA, BOB, CEES)))
    assert calendar["PRODID"] == "-//netwerknotities//netwerknotities//EN"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "netwerknotities"
    assert calendar["COLOR"] == "forestgreen"
    assert calendar["X-APPLE-CALENDAR-COLOR"] == "#2E7D32"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT6H"
    assert calendar["X-PUBLISHED-TTL"] == "PT6H"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    other = CalendarConfig(timezone="America/New_York", name="Netwerk", color="#0000FF")
    calendar = check_valid(render(make_model(ANNA), other))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    (event,) = [e for e in calendar.walk("VEVENT") if "RRULE" not in e]
    assert event["DTSTART"].to_ical() == b"20260316T090000"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert calendar["NAME"] == "Netwerk" and calendar["COLOR"] == "blue"


def test_a_moment_is_five_minutes_with_a_description_that_prepares_it() -> None:
    data = render(make_model(ANNA, BOB, CEES))
    event = by_summary(data, "Contact: Anna de Vries")
    assert event["DTSTART"].to_ical() == b"20260316T090000"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=5)
    url = "obsidian://open?vault=Mijn%20Kluis&file=Mensen%2FAnna%20de%20Vries"
    assert event["URL"] == url
    assert str(event["DESCRIPTION"]).split("\n") == [
        "Organisation: Acme, Stichting Vrij",
        "Role: CTO",
        "Last contact: 2026-02-08 — lunch: lunch bij de haven",
        "Latest signals:",
        "- 2026-02-09: signaal 9",
        "- 2026-02-05: signaal 5",
        "- 2026-02-03: signaal 3",
        "Talking points: zeilen, AI",
        "⚠ Careful: involved in an open conflict: aanbesteding (Acme, Beta)",
        "Due since: 2026-03-10",
        f"Open the note: {url}",
    ]
    never = by_summary(data, "Contact: Cees")
    assert "Last contact: never" in str(never["DESCRIPTION"])


def test_labels_follow_the_language() -> None:
    cal = CalendarConfig()
    model = make_model(ANNA)
    data = render_calendar(model, plan(model, cal), cal, "V", language="nl")
    event = by_summary(data, "Contact: Anna de Vries")
    assert str(event["DESCRIPTION"]).startswith("Organisatie: Acme, Stichting Vrij\nRol: CTO\n")
    assert "Let op: betrokken bij een open conflict" in str(event["DESCRIPTION"])
    assert by_summary(data, "Verjaardag: Anna de Vries")


def test_a_private_person_gets_the_name_only_and_no_birthday() -> None:
    data = render(make_model(ANNA, BOB, CEES))
    event = by_summary(data, "Contact: Bob Geheim")
    assert {"DESCRIPTION", "URL", "LOCATION", "CATEGORIES"}.isdisjoint(event)
    assert sorted(event) == [
        "DTEND",
        "DTSTAMP",
        "DTSTART",
        "SEQUENCE",
        "SUMMARY",
        "UID",
        "X-NETWERKNOTITIES-KEY",
    ]
    text = data.decode("utf-8")
    for secret in ("CFO", "secret hobby", "Mensen%2FBob", "19700704", "0704"):
        assert secret not in text
    # Bob's presence must not leak into Anna's moment either, beyond what is Anna's.
    assert all("Geheim" not in str(e.get("DESCRIPTION", "")) for e in events(data).values())


def test_uids_hold_no_personal_data_and_survive_reruns_edits_and_a_rename_with_id() -> None:
    data = render(make_model(ANNA, BOB, CEES))
    uids = sorted(events(data))
    assert all(re.fullmatch(r"[0-9a-f]{32}@netwerknotities", u) for u in uids)
    assert len(uids) == len(set(uids)) == 5  # three moments, two birthdays
    assert render(make_model(ANNA, BOB, CEES)) == data

    anna_uid = moment_uid(ANNA, ANNA.last_contact or NEVER)
    # Another note edited: Cees gets a contact and a new due date.
    cees = replace(CEES, last_contact=dt.date(2026, 3, 1), due=dt.date(2026, 3, 20))
    assert anna_uid in events(render(make_model(ANNA, BOB, cees)))
    # Anna's note renamed and moved, with its `id`: same UIDs for moment and birthday.
    renamed = replace(ANNA, path="Archief/Anna V.md", name="Anna V")
    after = events(render(make_model(renamed, BOB, CEES)))
    assert anna_uid in after and birthday_uid(ANNA) in after
    assert after[anna_uid]["SUMMARY"] == "Contact: Anna V"
    # Without an `id` the path is the identity: a rename is a new person to the calendar.
    assert moment_uid(replace(CEES, path="X/Cees.md"), NEVER) != moment_uid(CEES, NEVER)
    # Re-slotting keeps the UID; a new contact starts a new cycle and a new UID.
    moved = replace(ANNA, due=dt.date(2026, 3, 25))
    assert anna_uid in events(render(make_model(moved)))
    contacted = replace(ANNA, last_contact=dt.date(2026, 3, 12), due=dt.date(2026, 3, 19))
    assert anna_uid not in events(render(make_model(contacted)))


def test_stamp_and_sequence_change_only_when_the_moment_changes() -> None:
    dora = Person(path="Mensen/Dora.md", name="Dora", due=dt.date(2026, 3, 20))
    first = render(make_model(ANNA, BOB, dora))
    assert {e.decoded("DTSTAMP") for e in events(first).values()} == {
        dt.datetime(2026, 3, 16, tzinfo=dt.UTC)
    }
    assert {int(e["SEQUENCE"]) for e in events(first).values()} == {0}

    # Two days later nothing changed for Bob; Anna is moved by a snooze; Dora keeps
    # her slot but has a new signal in her description.
    later = dt.date(2026, 3, 18)
    anna = replace(ANNA, snooze_until=dt.date(2026, 3, 24))
    model = make_model(anna, BOB, dora, today=later)
    news = Signal(later, "nieuw", (dora.path,), (), "S/n.md")
    model = replace(model, signals=(*model.signals, news))
    second = render(model, previous=first)
    check_valid(second)
    before, after = events(first), events(second)
    bob = moment_uid(BOB, NEVER)
    assert after[bob].to_ical() == before[bob].to_ical()
    anna_uid = moment_uid(ANNA, ANNA.last_contact or NEVER)
    assert int(after[anna_uid]["SEQUENCE"]) == 1
    assert after[anna_uid].decoded("DTSTAMP") == dt.datetime(2026, 3, 18, tzinfo=dt.UTC)
    dora_uid = moment_uid(dora, NEVER)
    assert after[dora_uid]["DTSTART"].to_ical() == before[dora_uid]["DTSTART"].to_ical()
    assert int(after[dora_uid]["SEQUENCE"]) == 0  # same time, new text: new stamp only
    assert after[dora_uid].decoded("DTSTAMP") == dt.datetime(2026, 3, 18, tzinfo=dt.UTC)
    assert "nieuw" in str(after[dora_uid]["DESCRIPTION"])
    birthday = birthday_uid(ANNA)
    assert after[birthday].decoded("DTSTAMP") == dt.datetime(2026, 3, 16, tzinfo=dt.UTC)

    # Moved again: the sequence goes on counting; a rerun gives the same bytes.
    third_model = replace(model, people=(replace(anna, snooze_until=dt.date(2026, 3, 26)), BOB))
    third = render(third_model, previous=second)
    assert int(events(third)[anna_uid]["SEQUENCE"]) == 2
    assert render(third_model, previous=third) == third
    # A previous calendar without keys (an older version) is compared line by line.
    keyless = re.sub(rb"X-NETWERKNOTITIES-KEY:[^\r]*\r\n", b"", second)
    assert b"X-NETWERKNOTITIES-KEY" not in keyless
    assert render(third_model, previous=keyless) == third
    assert render(model, previous=keyless) == second
    # Rubbish as the previous calendar is ignored, not an error.
    assert render(make_model(ANNA), previous=b"\x00not a calendar") == render(make_model(ANNA))


def test_birthdays_are_yearly_all_day_events_and_29_february_shows_every_year() -> None:
    data = render(make_model(ANNA, BOB, CEES))
    check_valid(data)
    cees = by_summary(data, "Birthday: Cees")
    assert cees["DTSTART"].to_ical() == b"20001231"  # no year known: a leap year
    assert cees["DTEND"].to_ical() == b"20010101"
    assert cees["RRULE"].to_ical() == b"FREQ=YEARLY"
    assert cees["TRANSP"] == "TRANSPARENT"
    anna = by_summary(data, "Birthday: Anna de Vries")
    assert anna["DTSTART"].to_ical() == b"19880229"
    assert anna["DTEND"].to_ical() == b"19880301"
    assert anna["RRULE"].to_ical() == b"FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"

    calendar = Calendar.from_ical(data)
    days = sorted(
        (str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND"))
        for e in recurring_ical_events.of(calendar).between(
            dt.date(2027, 1, 1), dt.date(2029, 1, 1)
        )
        if str(e["SUMMARY"]).startswith("Birthday")
    )
    assert days == [
        ("Birthday: Anna de Vries", dt.date(2027, 2, 28), dt.date(2027, 3, 1)),
        ("Birthday: Anna de Vries", dt.date(2028, 2, 29), dt.date(2028, 3, 1)),
        ("Birthday: Cees", dt.date(2027, 12, 31), dt.date(2028, 1, 1)),
        ("Birthday: Cees", dt.date(2028, 12, 31), dt.date(2029, 1, 1)),
    ]
    off = render(make_model(ANNA, BOB, CEES), CalendarConfig(birthdays=False))
    assert not [e for e in events(off).values() if "RRULE" in e]


def test_bad_input_gives_diagnostics_and_a_valid_calendar(tmp_path: Path) -> None:
    odd = [
        Person(
            path="Mensen/a.md",
            name="Emoji 🎉 Zoë;\nNieuwe, regel",
            due=TODAY,
            role="baas;\nen, meer",
            interests=("a,b", "c;d"),
            birthday=Birthday(2, 30, 1980),
        ),
        Person(
            path="Mensen/b.md",
            name="Oud",
            due=dt.date(1, 1, 2),
            last_contact=dt.date(1, 1, 1),
            birthday=Birthday(5, 1, 2999),
        ),
        Person(
            path="Mensen/c.md",
            name="Toekomst",
            due=dt.date(9999, 12, 31),
            last_contact=dt.date(9998, 1, 1),
            birthday=Birthday(1, 1, 1),
        ),
        Person(path="Mensen/d.md", name="Schrikkel", due=TODAY, birthday=Birthday(2, 29, 1985)),
    ]
    model = make_model(*odd)
    data = render(model)
    check_valid(data)
    summaries = sorted(str(e["SUMMARY"]) for e in events(data).values())
    assert summaries == [
        "Birthday: Oud",
        "Birthday: Schrikkel",
        "Birthday: Toekomst",
        "Contact: Emoji 🎉 Zoë; Nieuwe, regel",
        "Contact: Oud",
        "Contact: Schrikkel",
    ]
    assert by_summary(data, "Birthday: Oud")["DTSTART"].to_ical() == b"20000501"
    assert by_summary(data, "Birthday: Schrikkel")["DTSTART"].to_ical() == b"20000229"
    assert [(d.path, d.code) for d in calendar_diagnostics(model)] == [
        ("Mensen/a.md", "bad-birthday"),
        ("Mensen/b.md", "bad-birthday"),
        ("Mensen/c.md", "bad-birthday"),
        ("Mensen/d.md", "bad-birthday"),
    ]
    assert len(icaljs(data, tmp_path)["events"]) == 6
    with pytest.raises(ConfigError, match=r"calendar\.timezone"):
        render(model, CalendarConfig(timezone="Europe/Atlantis"))


def test_helpers() -> None:
    assert css_colour_name("#2E7D32") == "forestgreen"
    assert css_colour_name("#FF0001") == "red"
    assert obsidian_url("A & B", "Map/Naam #1.md") == (
        "obsidian://open?vault=A%20%26%20B&file=Map%2FNaam%20%231"
    )


def test_icaljs_reads_every_event_at_the_same_instant_across_a_dst_change(tmp_path: Path) -> None:
    cal = CalendarConfig(per_day=1)
    people = [
        Person(path=f"Mensen/P{i}.md", name=f"P{i}", due=dt.date(2026, 3, 25 + i)) for i in range(4)
    ]
    model = make_model(*people, ANNA, today=dt.date(2026, 3, 23))
    moments = plan(model, cal)
    data = render_calendar(model, moments, cal, "V")
    check_valid(data)
    seen = icaljs(data, tmp_path)
    assert seen["zones"] == ["Europe/Amsterdam"]
    timed = {e["summary"]: (e["start"], e["end"]) for e in seen["events"] if not e["allDay"]}

    def utc(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    names = {p.path: p.name for p in model.people}
    assert timed == {f"Contact: {names[m.person]}": (utc(m.start), utc(m.end)) for m in moments}
    assert timed["Contact: P0"][0] == "2026-03-25T08:00:00.000Z"  # CET
    assert timed["Contact: P3"][0] == "2026-03-30T07:00:00.000Z"  # CEST
    (birthday,) = [e for e in seen["events"] if e["allDay"]]
    assert birthday["occurrences"][:3] == ["1988-02-29", "1989-02-28", "1990-02-28"]


def _normalise(component: Component) -> tuple[Any, ...]:
    """A component as sorted (name, value, params) and sorted children: order-insensitive."""
    props = sorted(
        (
            name,
            value.to_ical() if hasattr(value, "to_ical") else str(value),
            tuple(sorted(getattr(value, "params", {}).items())),
        )
        for name, values in component.items()
        for value in (values if isinstance(values, list) else [values])
    )
    children = sorted(_normalise(c) for c in component.subcomponents)
    return (component.name, tuple(props), tuple(children))


def _golden_calendar() -> bytes:
    from netwerknotities.build import BuildOptions, build_vault

    result = build_vault(
        EXAMPLE_VAULT, BuildOptions(today=GOLDEN_TODAY, use_cache=False, write=False)
    )
    assert result.model is not None
    cal = result.config.calendar
    moments = plan(result.model, cal)
    return render_calendar(
        result.model, moments, cal, "vault_example", None, result.config.language
    )


def test_the_example_vault_calendar_matches_its_golden_file(tmp_path: Path) -> None:
    if not (EXAMPLE_VAULT / "netwerknotities.toml").exists():
        pytest.skip("no example vault")
    data = _golden_calendar()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(data)
    check_valid(data)
    icaljs(data, tmp_path)
    golden = Calendar.from_ical(GOLDEN.read_bytes())
    got = Calendar.from_ical(data)
    assert _normalise(got) == _normalise(golden), (
        "the example calendar changed; if that is intended, rerun with UPDATE_GOLDEN=1"
    )
    assert data == GOLDEN.read_bytes()
