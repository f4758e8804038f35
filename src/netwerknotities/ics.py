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
import functools
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import quote

import icalendar
from icalendar import TRANSP, Calendar, Component, Event, Timezone

from .config import CalendarConfig
from .diagnostics import Diagnostic
from .icswrite import all_day_event
from .model import Birthday, Contact, Model, Person, Signal
from .network import second_order_exposed
from .planner import Moment, zone_of
from .tuplediff import alike, differing, spliced

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
        "indirect": "through someone they know",
        "open": "Open the note",
        "due": "Due since",
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
        "indirect": "via iemand die ze kennen",
        "open": "Open de notitie",
        "due": "Aan de beurt sinds",
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
    return _identity_of(person.id, person.path)


def _identity_of(id_: str, path: str) -> str:
    return f"id:{id_.strip()}" if id_.strip() else f"path:{path}"


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


def _index(model: Model, wanted: set[str], indirect: str) -> _Index:
    second = second_order_exposed(model) if model.conflicts else {}
    # everyone's, not only the wanted: only the wanted are looked up
    contacts = _contacts_by_person(model.contacts)
    signals = _signals_by_source(model.signals)
    conflicts: dict[str, list[str]] = {}
    for conflict in model.conflicts:
        if conflict.status.strip().lower() != "open":
            continue
        parties = ", ".join(clean_name(model.display(p)) for p in conflict.parties)
        text = f"{conflict.topic} ({parties})" if conflict.topic else parties
        for person in conflict.exposed:
            if person in wanted:
                conflicts.setdefault(person, []).append(text)
        # second order (P6): tied to one party, knowing someone tied to another
        for person in second.get(conflict.path, ()):
            if person in wanted:
                conflicts.setdefault(person, []).append(f"{text} — {indirect}")
    return _Index(contacts, signals, conflicts)


# The last contacts tuple (held) with each person's contacts in it, and the
# same for signals: the watcher's next model mostly differs in one note.
_Item = TypeVar("_Item", Contact, Signal)
_contacts_of: list[tuple[tuple[Contact, ...], dict[str, list[Contact]]]] = []
_signals_of: list[tuple[tuple[Signal, ...], dict[str, list[Signal]]]] = []


def _grouped(
    items: tuple[_Item, ...],
    keys: Callable[[_Item], Iterable[str]],
    memo: list[tuple[tuple[_Item, ...], dict[str, list[_Item]]]],
) -> dict[str, list[_Item]]:
    """Key -> its items, in model order. Updated by what the new tuple spliced in: a
    note's items go out and come in together, in model order, so items that
    `describe` cannot tell apart (same note and line) keep their order."""
    if memo:
        old, found = memo[0]
        if old is items:
            return found
        change = spliced(old, items)
        if change is not None:
            for item in change[0]:
                for key in keys(item):
                    own = found[key]
                    _remove(own, item)
                    if not own:
                        del found[key]
            _add(found, change[1], keys)
            memo[:] = [(items, found)]
            return found
    found = {}
    _add(found, items, keys)
    memo[:] = [(items, found)]
    return found


def _remove(items: list[_Item], item: _Item) -> None:
    """Take out `item` itself, looking from the end: what an edit takes out was mostly
    put in at the end by an earlier edit, and `list.remove` would compare every item
    before it field by field (thousands for a much-contacted person)."""
    for i in range(len(items) - 1, -1, -1):
        if items[i] is item:
            del items[i]
            return
    items.remove(item)  # an equal item: not expected, but as before


def _add(
    found: dict[str, list[_Item]], items: Iterable[_Item], keys: Callable[[_Item], Iterable[str]]
) -> None:
    for item in items:
        for key in keys(item):
            found.setdefault(key, []).append(item)


def _contacts_by_person(contacts: tuple[Contact, ...]) -> dict[str, list[Contact]]:
    return _grouped(contacts, lambda c: c.people, _contacts_of)


def _signals_by_source(signals: tuple[Signal, ...]) -> dict[str, list[Signal]]:
    return _grouped(signals, lambda s: s.sources, _signals_of)


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
class _Spec:
    """Everything one event says, except DTSTAMP and SEQUENCE, as plain values."""

    uid: str
    summary: str
    start: dt.date  # a datetime for a moment, a date for a birthday
    end: dt.date
    rrule: tuple[tuple[str, int | str], ...] = ()
    description: str = ""
    url: str = ""
    transparent: bool = False

    def key(self) -> str:
        """Hashes of the content and of the timing, kept in the event: a rerun that
        finds the same key reuses last time's bytes instead of serialising again."""
        return _spec_key(self)

    def to_ical(self, stamp: dt.datetime, sequence: int) -> bytes:
        """The event's bytes: an all-day event written directly (see `icswrite`), the same
        bytes icalendar would write; an event with a time through icalendar."""
        if type(self.start) is dt.date and type(self.end) is dt.date:
            return all_day_event(
                uid=self.uid,
                summary=self.summary,
                start=self.start,
                end=self.end,
                stamp=stamp,
                sequence=sequence,
                rrule=self.rrule,
                description=self.description,
                transparent=self.transparent,
                url=self.url,
                extra=((_KEY, self.key()),),
            )
        ical: bytes = self.event(stamp, sequence).to_ical()
        return ical

    def event(self, stamp: dt.datetime, sequence: int) -> Event:
        event = Event.new(
            uid=self.uid,
            stamp=stamp,
            sequence=sequence,
            start=self.start,
            end=self.end,
            summary=self.summary,
            transparency=TRANSP.TRANSPARENT if self.transparent else None,
        )
        if self.rrule:
            event.add("rrule", dict(self.rrule))
        if self.description:
            event.add("description", self.description)
        if self.url:
            event.add("url", self.url)
        event.add(_KEY, self.key())
        return event


# Part of every key: a new icalendar may write other bytes for the same event.
_FORMAT = ("netwerknotities-ics-1", icalendar.__version__)
_KEY = "X-NETWERKNOTITIES-KEY"


@dataclass(frozen=True, slots=True)
class _Previous:
    blob: bytes  # the event as written last time, BEGIN to END
    key: str
    stamp: dt.datetime
    sequence: int


_FIELD = {
    name: re.compile(rf"^{name}:([^\r\n]*)\r?$".encode(), re.MULTILINE)
    for name in ("UID", "DTSTAMP", "SEQUENCE", _KEY)
}
_TIMING = re.compile(rb"^(?:DTSTART|DTEND|DURATION|RRULE)[;:][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.M)


@functools.lru_cache(maxsize=1 << 15)
def _spec_key(spec: _Spec) -> str:
    # cached: the watcher renders the same events after every edit
    content = hashlib.sha256(repr((_FORMAT, spec)).encode("utf-8")).hexdigest()[:16]
    timing = repr((spec.start, spec.end, spec.rrule)).encode("utf-8")
    return f"{content}.{hashlib.sha256(timing).hexdigest()[:16]}"


@functools.lru_cache(maxsize=2)
def _read_previous(previous: bytes | None) -> dict[str, _Previous]:
    """UID -> what the last calendar said; anything unreadable is simply forgotten.

    Cached: the watcher passes the same bytes again and again; the result is only read.
    """
    found: dict[str, _Previous] = {}
    for chunk in (previous or b"").split(b"BEGIN:VEVENT\r\n")[1:]:
        end = chunk.find(b"END:VEVENT\r\n")
        if end < 0:
            continue
        blob = b"BEGIN:VEVENT\r\n" + chunk[: end + len(b"END:VEVENT\r\n")]
        values = {}
        for name, pattern in _FIELD.items():
            match = pattern.search(blob)
            values[name] = match.group(1).decode("utf-8", "replace") if match else ""
        try:
            stamp = dt.datetime.strptime(values["DTSTAMP"], "%Y%m%dT%H%M%SZ")
            sequence = int(values["SEQUENCE"] or "0")
        except ValueError:
            continue
        if values["UID"]:
            found[values["UID"]] = _Previous(
                blob, values[_KEY], stamp.replace(tzinfo=dt.UTC), sequence
            )
    return found


def _serialise(spec: _Spec, known: dict[str, _Previous], stamp: dt.datetime) -> bytes:
    """The event's bytes: last time's when nothing changed; else new, with DTSTAMP
    moved on, and SEQUENCE + 1 when the time moved (RFC 5545 3.8.7.4)."""
    key = spec.key()
    before = known.get(spec.uid)
    if before is None:
        return spec.to_ical(stamp, 0)
    if before.key == key:
        return before.blob
    if before.key:
        moved = before.key.split(".")[-1] != key.split(".")[1]
    else:  # written without keys (an older version): compare the lines themselves
        fresh = spec.to_ical(stamp, 0)
        if _body(fresh) == _body(before.blob):
            return spec.to_ical(before.stamp, before.sequence)
        moved = _TIMING.findall(fresh) != _TIMING.findall(before.blob)
    return spec.to_ical(max(stamp, before.stamp), before.sequence + int(moved))


def _body(blob: bytes) -> list[bytes]:
    """An event's unfolded lines without the ones that say when it was written."""
    lines = re.sub(rb"\r?\n[ \t]", b"", blob).splitlines()
    return [x for x in lines if not x.startswith((b"DTSTAMP", b"SEQUENCE", _KEY.encode()))]


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


def _moment_specs(
    model: Model,
    moments: Sequence[Moment],
    cal: CalendarConfig,
    vault_name: str,
    labels: dict[str, str],
) -> list[_Spec]:
    with _INDEXING:  # the indexes kept for the next calendar are updated in place
        return _specs_of_moments(model, moments, cal, vault_name, labels)


_INDEXING = threading.Lock()


def _specs_of_moments(
    model: Model,
    moments: Sequence[Moment],
    cal: CalendarConfig,
    vault_name: str,
    labels: dict[str, str],
) -> list[_Spec]:
    zone = zone_of(cal)
    people = _people_by_path(model.people)
    index = _index(model, {m.person for m in moments}, labels["indirect"])
    specs = []
    for moment in moments:
        person = people.get(moment.person)
        if person is None:
            continue
        spec = _Spec(
            uid=moment_uid(person, moment.cycle),
            summary=labels["moment"].format(name=clean_name(person.name)),
            start=moment.start.astimezone(zone),
            end=moment.end.astimezone(zone),
        )
        if not person.private:
            url = obsidian_url(vault_name, person.path)
            description = describe(person, moment, index, model, labels)
            spec = replace(spec, description=f"{description}\n{labels['open']}: {url}", url=url)
        specs.append(spec)
    return specs


# The last people tuple (held) by path, updated in place for the next one.
_by_path: list[tuple[tuple[Person, ...], dict[str, Person]]] = []


def _people_by_path(people: tuple[Person, ...]) -> dict[str, Person]:
    """path -> person (do not change it): after an edit, only the Person objects that
    differ from the last tuple's are put in."""
    if _by_path:
        old, found = _by_path[0]
        if old is not people and len(old) == len(people):
            changed = differing(old, people)
            if all(old[i].path == people[i].path for i in changed):
                for i in changed:
                    found[people[i].path] = people[i]
                old = people
        if old is people:
            _by_path[:] = [(people, found)]
            return found
    found = {p.path: p for p in people}
    _by_path[:] = [(people, found)]
    return found


# The last people tuple (held, so its identity is safe) with its birthday events.
_birthdays: list[tuple[tuple[Person, ...], tuple[Any, ...], list[_Spec]]] = []


def _birthday_inputs(person: Person) -> tuple[Any, ...]:
    """All that `_birthday_specs` reads of a person."""
    return (person.path, person.birthday, person.private, person.name, person.id)


def _birthday_specs(model: Model, vault_name: str, labels: dict[str, str]) -> list[_Spec]:
    """The birthday events, in order: the same list object while nothing they read
    changed (do not change it)."""
    # The watcher asks again after every edit, mostly for people whose birthdays did
    # not change (a contact changes a person's last contact, not their birthday).
    inputs = (model.today, vault_name, labels["birthday"])
    if _birthdays and _birthdays[0][1] == inputs:
        people, _, specs = _birthdays[0]
        if people is model.people or alike(people, model.people, _birthday_inputs):
            _birthdays[:] = [(model.people, inputs, specs)]
            return specs
    found = []
    for person in model.people:
        if person.birthday is None or person.private:
            continue
        item = _birthday_spec(person.birthday, person.path, person.name, person.id, *inputs)
        if item is not None:
            found.append(item)
    found.sort(key=lambda item: item[0])
    specs = [spec for _, spec in found]
    _birthdays[:] = [(model.people, inputs, specs)]
    return specs


@functools.lru_cache(maxsize=1 << 15)
def _birthday_spec(
    birthday: Birthday,
    path: str,
    name: str,
    id_: str,
    today: dt.date,
    vault_name: str,
    label: str,
) -> tuple[tuple[int, int, str], _Spec] | None:
    """One person's birthday event with its sort key: a function of what it reads only."""
    start = birthday_start(birthday, today)
    if start is None:
        return None
    rrule: tuple[tuple[str, int | str], ...] = (("freq", "yearly"),)
    if (start.month, start.day) == (2, 29):
        # RFC 5545 skips an invalid date, so a plain yearly rule shows 29
        # February once in four years; the last day of February shows it
        # every year, on the 29th when there is one.
        rrule = (("freq", "yearly"), ("bymonth", 2), ("bymonthday", -1))
    spec = _Spec(
        uid=_uid("birthday", _identity_of(id_, path)),
        summary=label.format(name=clean_name(name)),
        start=start,
        end=start + dt.timedelta(days=1),
        rrule=rrule,
        url=obsidian_url(vault_name, path),
        transparent=True,
    )
    return (start.month, start.day, path), spec


def render_calendar(
    model: Model,
    moments: Sequence[Moment],
    cal: CalendarConfig,
    vault_name: str,
    previous: bytes | None = None,
    language: str = "en",
) -> bytes:
    """The calendar as bytes; `previous` is the calendar written last time, if any."""
    labels = LABELS.get(language, LABELS["en"])
    stamp = dt.datetime.combine(model.today, dt.time(0, 0), tzinfo=dt.UTC)

    specs = _moment_specs(model, moments, cal, vault_name, labels)
    birthdays = _birthday_specs(model, vault_name, labels) if cal.birthdays else []
    known = _read_previous(previous)
    # icalendar writes every event (or wrote it last time, when it is unchanged):
    # joining whole events is what Calendar.to_ical() does too, minus the cost of
    # serialising thousands of unchanged birthdays again on every build.
    head = _calendar_head(cal, vault_name, model.today)
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    events = [_serialise(spec, known, stamp) for spec in specs]
    events.append(_serialised_block(birthdays, known, stamp))
    return b"".join([head[: -len(end)], *events, end])


# The last birthday events (held) serialised against what the last calendar said.
_blocks: list[tuple[list[_Spec], dict[str, _Previous], dt.datetime, bytes]] = []


def _serialised_block(specs: list[_Spec], known: dict[str, _Previous], stamp: dt.datetime) -> bytes:
    """`specs` serialised one after another; again only when the list, the last
    calendar's events or the stamp changed (thousands of birthdays, after every edit)."""
    if _blocks and _blocks[0][0] is specs and _blocks[0][1] is known and _blocks[0][2] == stamp:
        return _blocks[0][3]
    block = b"".join([_serialise(spec, known, stamp) for spec in specs])
    _blocks[:] = [(specs, known, stamp, block)]
    return block


@functools.lru_cache(maxsize=4)
def _calendar_head(cal: CalendarConfig, vault_name: str, today: dt.date) -> bytes:
    """The calendar without its events: the same bytes for the same settings and day
    (cached: the watcher writes the calendar after every edit)."""
    zone = zone_of(cal)
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
    # Only the years around the moments: a short VTIMEZONE, and bytes that
    # change once a year rather than never covering far-future moments.
    until = max(today.year + 3, (today + dt.timedelta(days=cal.horizon_days)).year + 2)
    timezone = Timezone.from_tzid(
        zone.key, first_date=dt.date(today.year - 1, 1, 1), last_date=dt.date(until, 1, 1)
    )
    _one_rdate_per_line(timezone)
    calendar.add_component(timezone)

    head: bytes = calendar.to_ical()
    return head
