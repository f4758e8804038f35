"""The `.ics` calendar of contact moments and birthdays.

icalendar writes every line (escaping, folding at 75 octets, CRLF); this
module only decides what goes in. Three promises shape it:

- Stable identities. A moment's UID is a hash of the person's `id` property
  (else its path) and its contact cycle, so it survives reruns, edits of other
  notes and (with an `id`) a rename, and holds no personal data. A moment that
  is only re-slotted keeps its UID and gets `SEQUENCE` + 1; a new contact starts
  a new cycle, so the old moment disappears and a new one appears.
- Reproducible bytes. `DTSTAMP` is never the wall clock: an unchanged event
  keeps the stamp and sequence it had in the previous calendar, a changed or
  new one is stamped `today` 00:00 UTC.
- Privacy. A `private` person's moment carries the name only, and no birthday.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from icalendar import TRANSP, Calendar, Component, Event

from .config import CalendarConfig
from .diagnostics import Diagnostic
from .model import Birthday, Contact, Model, Person, Signal
from .planner import Moment, zone_of

PRODID = "-//netwerknotities//netwerknotities//EN"
UID_DOMAIN = "netwerknotities"
SIGNALS_SHOWN = 3
# A leap year, so that every MM-DD (29 February too) is a real date in it.
_NO_YEAR = 2000
_OLDEST_YEAR = 1900

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "moment": "Contact: {name}",
        "birthday": "Birthday: {name}",
        "organisation": "Organisation",
        "role": "Role",
        "last": "Last contact",
        "never": "never",
        "signals": "Latest signals",
        "interests": "Talking points",
        "conflict": "Careful: involved in an open conflict",
        "open": "Open the note",
        "due": "Due",
    },
    "nl": {
        "moment": "Contact: {name}",
        "birthday": "Verjaardag: {name}",
        "organisation": "Organisatie",
        "role": "Rol",
        "last": "Laatste contact",
        "never": "nooit",
        "signals": "Laatste signalen",
        "interests": "Gespreksonderwerpen",
        "conflict": "Let op: betrokken bij een open conflict",
        "open": "Open de notitie",
        "due": "Gepland voor",
    },
}

# RFC 7986 wants a CSS3 colour *name* in COLOR; apps that show the exact hex read
# X-APPLE-CALENDAR-COLOR. A few well-spread names are enough to pick the nearest.
_CSS_COLOURS = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "gray": (128, 128, 128),
    "silver": (192, 192, 192),
    "red": (255, 0, 0),
    "darkred": (139, 0, 0),
    "crimson": (220, 20, 60),
    "orange": (255, 165, 0),
    "darkorange": (255, 140, 0),
    "gold": (255, 215, 0),
    "yellow": (255, 255, 0),
    "olive": (128, 128, 0),
    "green": (0, 128, 0),
    "darkgreen": (0, 100, 0),
    "forestgreen": (34, 139, 34),
    "seagreen": (46, 139, 87),
    "limegreen": (50, 205, 50),
    "teal": (0, 128, 128),
    "turquoise": (64, 224, 208),
    "steelblue": (70, 130, 180),
    "royalblue": (65, 105, 225),
    "blue": (0, 0, 255),
    "navy": (0, 0, 128),
    "purple": (128, 0, 128),
    "indigo": (75, 0, 130),
    "violet": (238, 130, 238),
    "pink": (255, 192, 203),
    "hotpink": (255, 105, 180),
    "brown": (165, 42, 42),
    "chocolate": (210, 105, 30),
}


def css_colour_name(hex_colour: str) -> str:
    """The nearest CSS3 colour name of `#RRGGBB`."""
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return min(
        _CSS_COLOURS,
        key=lambda n: sum((a - b) ** 2 for a, b in zip(_CSS_COLOURS[n], rgb, strict=True)),
    )


def _identity(person: Person) -> str:
    return f"id:{person.id.strip()}" if person.id.strip() else f"path:{person.path}"


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def moment_uid(person: Person, cycle: dt.date) -> str:
    """Same person (by `id`, else path) and same contact cycle: same UID."""
    return _uid("moment", _identity(person), cycle.isoformat())


def birthday_uid(person: Person) -> str:
    return _uid("birthday", _identity(person))


def obsidian_url(vault_name: str, path: str) -> str:
    """An `obsidian://open` link; Obsidian's own "Copy Obsidian URL" encodes `/` too."""
    file = path[:-3] if path.lower().endswith(".md") else path
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(file, safe='')}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean_name(name: str) -> str:
    """A name on one line: calendar apps show a SUMMARY as one line."""
    return " ".join(_CONTROL.sub(" ", name).split()) or "?"


def birthday_start(birthday: Birthday, today: dt.date) -> dt.date | None:
    """The first day of the yearly birthday event, or None when MM-DD is no date.

    A birth year is kept when it is a real, plausible year; otherwise the event
    starts in a leap year, so that 29 February works without a year too.
    """
    year = birthday.year
    if year is not None and _OLDEST_YEAR <= year <= today.year:
        try:
            return dt.date(year, birthday.month, birthday.day)
        except ValueError:
            pass
    try:
        return dt.date(_NO_YEAR, birthday.month, birthday.day)
    except ValueError:
        return None


def calendar_diagnostics(model: Model) -> tuple[Diagnostic, ...]:
    """Birthdays the calendar cannot show as written (the user's notes, not the config)."""
    found = []
    for person in model.people:
        birthday = person.birthday
        if birthday is None:
            continue
        start = birthday_start(birthday, model.today)
        if start is None:
            message = f"{birthday.month:02d}-{birthday.day:02d} is not a day of the year"
            found.append(Diagnostic(person.path, 0, "bad-birthday", message))
        elif birthday.year is not None and start.year != birthday.year:
            message = (
                f"birth year {birthday.year} is not between {_OLDEST_YEAR} and"
                f" {model.today.year}; the birthday is shown without it"
            )
            found.append(Diagnostic(person.path, 0, "bad-birthday", message))
    return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class _Index:
    """What a description needs, gathered once for all moments."""

    contacts: dict[str, list[Contact]]
    signals: dict[str, list[Signal]]
    conflicts: dict[str, list[str]]


def _index(model: Model, wanted: set[str]) -> _Index:
    contacts: dict[str, list[Contact]] = {}
    for contact in model.contacts:
        for person in contact.people:
            if person in wanted:
                contacts.setdefault(person, []).append(contact)
    signals: dict[str, list[Signal]] = {}
    for signal in model.signals:
        for source in signal.sources:
            if source in wanted:
                signals.setdefault(source, []).append(signal)
    conflicts: dict[str, list[str]] = {}
    for conflict in model.conflicts:
        if conflict.status.strip().lower() != "open":
            continue
        parties = ", ".join(clean_name(model.display(p)) for p in conflict.parties)
        text = f"{conflict.topic} ({parties})" if conflict.topic else parties
        for person in conflict.exposed:
            if person in wanted:
                conflicts.setdefault(person, []).append(text)
    return _Index(contacts, signals, conflicts)


def _last_contact(person: Person, index: _Index, model: Model, labels: dict[str, str]) -> str:
    if person.last_contact is None:
        return f"{labels['last']}: {labels['never']}"
    same_day = [c for c in index.contacts.get(person.path, ()) if c.date == person.last_contact]
    same_day.sort(key=lambda c: (c.path != person.last_contact_path, c.path, c.line))
    line = f"{labels['last']}: {person.last_contact.isoformat()}"
    if same_day:
        contact = same_day[0]
        what = [contact.channel.strip(), " ".join(contact.text.split())]
        what = [w for w in what if w] or [clean_name(model.display(contact.path))]
        line += " — " + ": ".join(what)
    return line


def describe(
    person: Person, moment: Moment, index: _Index, model: Model, labels: dict[str, str]
) -> str:
    """The text that prepares the five minutes."""
    lines = []
    organisations = ", ".join(clean_name(model.display(o)) for o in person.organisations)
    if organisations:
        lines.append(f"{labels['organisation']}: {organisations}")
    if person.role.strip():
        lines.append(f"{labels['role']}: {' '.join(person.role.split())}")
    lines.append(_last_contact(person, index, model, labels))
    signals = sorted(
        index.signals.get(person.path, ()),
        key=lambda s: (s.date or dt.date.min, s.path, s.line),
        reverse=True,
    )[:SIGNALS_SHOWN]
    if signals:
        lines.append(f"{labels['signals']}:")
        for signal in signals:
            when = f"{signal.date.isoformat()}: " if signal.date else ""
            lines.append(f"- {when}{' '.join(signal.text.split())}")
    interests = ", ".join(" ".join(i.split()) for i in person.interests if i.strip())
    if interests:
        lines.append(f"{labels['interests']}: {interests}")
    for conflict in sorted(index.conflicts.get(person.path, ())):
        lines.append(f"⚠ {labels['conflict']}: {conflict}")
    lines.append(f"{labels['due']}: {moment.due.isoformat()}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Previous:
    body: tuple[str, ...]  # unfolded lines without DTSTAMP and SEQUENCE
    timing: tuple[str, ...]  # DTSTART, DTEND, RRULE lines
    stamp: dt.datetime
    sequence: int


_TIMING = ("DTSTART", "DTEND", "DURATION", "RRULE")


def _name_of(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def _event_lines(ical: bytes) -> list[str]:
    text = re.sub(r"\r?\n[ \t]", "", ical.decode("utf-8", errors="replace"))
    return [line for line in re.split(r"\r?\n", text) if line]


def _split(lines: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    body = tuple(line for line in lines if _name_of(line) not in ("DTSTAMP", "SEQUENCE"))
    return body, tuple(line for line in body if _name_of(line) in _TIMING)


def _read_previous(previous: bytes | None) -> dict[str, _Previous]:
    """UID -> what the last calendar said; anything unreadable is simply forgotten."""
    if not previous:
        return {}
    found: dict[str, _Previous] = {}
    event: list[str] | None = None
    for line in _event_lines(previous):
        if line == "BEGIN:VEVENT":
            event = []
        elif line == "END:VEVENT" and event is not None:
            values = {_name_of(x): x.split(":", 1)[-1] for x in event}
            try:
                stamp = dt.datetime.strptime(values["DTSTAMP"], "%Y%m%dT%H%M%SZ")
                sequence = int(values.get("SEQUENCE", "0"))
                uid = values["UID"]
            except (KeyError, ValueError):
                event = None
                continue
            body, timing = _split(["BEGIN:VEVENT", *event, "END:VEVENT"])
            found[uid] = _Previous(body, timing, stamp.replace(tzinfo=dt.UTC), sequence)
            event = None
        elif event is not None:
            event.append(line)
    return found


def _stamp(event: Event, previous: dict[str, _Previous], stamp: dt.datetime) -> None:
    """Keep the previous DTSTAMP and SEQUENCE of an unchanged event; bump a moved one."""
    before = previous.get(str(event["UID"]))
    if before is None:
        return
    body, timing = _split(_event_lines(event.to_ical()))
    if body == before.body:
        event.stamp = before.stamp
        event.sequence = before.sequence
    else:
        event.stamp = max(stamp, before.stamp)
        event.sequence = before.sequence + (1 if timing != before.timing else 0)


def _one_rdate_per_line(timezone: Component) -> None:
    """icalendar lists a zone's transitions in one RDATE; ical.js (Nextcloud) reads only
    the first value of each RDATE and so misses every later DST change. One per line
    means the same in RFC 5545 and reads right everywhere."""
    for rule in timezone.subcomponents:
        found = rule.get("RDATE")
        if found is None:
            continue
        lists = found if isinstance(found, list) else [found]
        dates = [value.dt for rdates in lists for value in rdates.dts]
        del rule["RDATE"]
        for date in dates:
            rule.add("rdate", date)


def render_calendar(
    model: Model,
    moments: Sequence[Moment],
    cal: CalendarConfig,
    vault_name: str,
    previous: bytes | None = None,
    language: str = "en",
) -> bytes:
    """The calendar as bytes; `previous` is the calendar written last time, if any."""
    zone = zone_of(cal)
    labels = LABELS.get(language, LABELS["en"])
    stamp = dt.datetime.combine(model.today, dt.time(0, 0), tzinfo=dt.UTC)
    known = _read_previous(previous)
    people = {p.path: p for p in model.people}
    index = _index(model, {m.person for m in moments})

    calendar = Calendar.new(
        prodid=PRODID,
        name=cal.name,
        color=css_colour_name(cal.color),
        refresh_interval=dt.timedelta(hours=cal.refresh_hours),
        calscale="GREGORIAN",
        uid=_uid("calendar", vault_name, cal.name),
    )
    calendar.add("x-apple-calendar-color", cal.color)
    calendar.add("x-published-ttl", f"PT{cal.refresh_hours}H")
    calendar.add("x-wr-timezone", cal.timezone)

    events: list[Event] = []
    for moment in moments:
        person = people.get(moment.person)
        if person is None:
            continue
        name = clean_name(person.name)
        event = Event.new(
            uid=moment_uid(person, moment.cycle),
            stamp=stamp,
            sequence=0,
            start=moment.start.astimezone(zone),
            end=moment.end.astimezone(zone),
            summary=labels["moment"].format(name=name),
        )
        if not person.private:
            url = obsidian_url(vault_name, person.path)
            description = describe(person, moment, index, model, labels)
            event.add("description", f"{description}\n{labels['open']}: {url}")
            event.add("url", url)
        events.append(event)

    if cal.birthdays:
        birthdays = []
        for person in model.people:
            if person.birthday is None or person.private:
                continue
            start = birthday_start(person.birthday, model.today)
            if start is not None:
                birthdays.append((start.month, start.day, person.path, start, person))
        birthdays.sort(key=lambda b: b[:3])
        for *_, start, person in birthdays:
            event = Event.new(
                uid=birthday_uid(person),
                stamp=stamp,
                sequence=0,
                start=start,
                end=start + dt.timedelta(days=1),
                summary=labels["birthday"].format(name=clean_name(person.name)),
                transparency=TRANSP.TRANSPARENT,
                url=obsidian_url(vault_name, person.path),
            )
            if (start.month, start.day) == (2, 29):
                # RFC 5545 skips an invalid date, so a plain yearly rule shows
                # 29 February once in four years; the last day of February
                # shows it every year, on the 29th when there is one.
                event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
            else:
                event.add("rrule", {"freq": "yearly"})
            events.append(event)

    for event in events:
        _stamp(event, known, stamp)
        calendar.add_component(event)
    # Only the years around the moments: a short VTIMEZONE, and bytes that
    # change once a year rather than never covering far-future moments.
    until = max(model.today.year + 3, (model.today + dt.timedelta(days=cal.horizon_days)).year + 2)
    calendar.add_missing_timezones(
        first_date=dt.date(model.today.year - 1, 1, 1), last_date=dt.date(until, 1, 1)
    )
    for timezone in calendar.walk("VTIMEZONE"):
        _one_rdate_per_line(timezone)
    ical: bytes = calendar.to_ical()
    return ical
