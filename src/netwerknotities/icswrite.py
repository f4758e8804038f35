"""All-day events (the birthdays) written straight to bytes, as icalendar writes them.

A vault of 5,000 people has 5,000 yearly birthday events. Through icalendar's
component machinery (property objects, parameters, sorting, a fold that walks
every character) the first calendar of such a vault takes about a second,
ten times the rest of it. These events always have the same few properties,
so they are written here line by line instead: the same bytes, which
`tests/test_icswrite.py` checks against icalendar on random and awkward
values. Events with a time (the contact moments, a few dozen) still go
through icalendar, with their time zones.
"""

from __future__ import annotations

import datetime as dt
import functools

from icalendar import vRecur

_LIMIT = 75  # octets of a content line, as icalendar folds them


def escape_text(text: str) -> str:
    """A TEXT value escaped by RFC 5545 3.3.11, in icalendar's order of replacements."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: str) -> str:
    """A content line folded as icalendar folds it: a part is cut before the character
    that would make it 75 octets or more, and never right after a `\\` or `^`."""
    if len(line) < _LIMIT and (line.isascii() or len(line.encode("utf-8")) < _LIMIT):
        return line  # nearly every line: no character walk
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= _LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                # an escape stays whole: its backslash starts the next part
                escape = current.pop()
                parts.append("".join(current))
                current = [escape]
                count = len(escape.encode("utf-8"))
            else:
                parts.append("".join(current))
                current = []
                count = 0
        current.append(char)
        count += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


@functools.lru_cache(maxsize=64)
def _recur(rule: tuple[tuple[str, int | str], ...]) -> str:
    # a birthday has one of two rules: icalendar's own writer, once each
    text: str = vRecur(dict(rule)).to_ical().decode("utf-8")  # type: ignore[no-untyped-call]
    return text


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def all_day_event(
    *,
    uid: str,
    summary: str,
    start: dt.date,
    end: dt.date,
    stamp: dt.datetime,
    sequence: int,
    rrule: tuple[tuple[str, int | str], ...] = (),
    description: str = "",
    transparent: bool = False,
    url: str = "",
    extra: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """One VEVENT of whole days, in icalendar's property order; `stamp` is in UTC and
    `extra` are X- properties (text), written last in name order as icalendar sorts them."""
    utc = stamp.astimezone(dt.UTC)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{escape_text(summary)}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"DTSTAMP:{_date(utc)}T{utc.hour:02}{utc.minute:02}{utc.second:02}Z",
        f"UID:{escape_text(uid)}",
        f"SEQUENCE:{sequence}",
    ]
    if rrule:
        lines.append(f"RRULE:{_recur(rrule)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if transparent:
        lines.append("TRANSP:TRANSPARENT")
    if url:
        lines.append(f"URL:{url}")
    for name, value in sorted(extra):
        lines.append(f"{name.upper()}:{escape_text(value)}")
    lines.append("END:VEVENT")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
