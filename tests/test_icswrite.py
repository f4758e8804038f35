"""The hand-written all-day events are byte for byte what icalendar writes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from netwerknotities import ics
from netwerknotities.icswrite import escape_text, fold

STAMP = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
RULES: list[tuple[tuple[str, int | str], ...]] = [
    (),
    (("freq", "yearly"),),
    (("freq", "yearly"), ("bymonth", 2), ("bymonthday", -1)),
]


def _spec(
    uid: str,
    summary: str,
    start: dt.date,
    rrule: tuple[tuple[str, int | str], ...] = RULES[1],
    description: str = "",
    transparent: bool = True,
    url: str = "",
) -> ics._Spec:
    return ics._Spec(
        uid=uid,
        summary=summary,
        start=start,
        end=start + dt.timedelta(days=1),
        rrule=rrule,
        description=description,
        url=url,
        transparent=transparent,
    )


def _icalendar(spec: ics._Spec, stamp: dt.datetime, sequence: int) -> bytes:
    """The event as icalendar writes it, from the calendar's own `_Spec.event`."""
    data: bytes = spec.event(stamp, sequence).to_ical()
    return data


def _mine(spec: ics._Spec, stamp: dt.datetime, sequence: int) -> bytes:
    """The bytes the calendar writes: an all-day event goes through `all_day_event`."""
    return spec.to_ical(stamp, sequence)


# Text that exercises escaping and folding: separators, backslash escapes, line ends,
# two-, three- and four-byte characters, and lengths around the 75-octet limit.
_awkward = st.text(
    alphabet=st.sampled_from(list("ab ,;:\\^\r\n\"'Nné€😀ẞİ\t=%&?/")),  # `\N` too
    max_size=160,
)
_plain = st.text(max_size=120).filter(lambda t: "\x00" not in t)


@settings(max_examples=400, deadline=None)
@given(
    summary=st.one_of(_awkward, _plain),
    description=st.one_of(st.just(""), _awkward, _plain),
    url=st.one_of(
        st.just(""),
        st.from_regex(
            r"obsidian://open\?vault=[a-z%0-9]{1,40}&file=[A-Za-z%0-9]{1,90}", fullmatch=True
        ),
    ),
    day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 30)),
    sequence=st.integers(min_value=0, max_value=1000),
    rule=st.sampled_from(RULES),
    transparent=st.booleans(),
    uid=st.one_of(st.just("4ec0a2f31103843ec11f6931a633ffb7@netwerknotities"), _awkward),
    hour=st.integers(min_value=0, max_value=23),
)
def test_same_bytes_as_icalendar(
    summary: str,
    description: str,
    url: str,
    day: dt.date,
    sequence: int,
    rule: tuple[tuple[str, int | str], ...],
    transparent: bool,
    uid: str,
    hour: int,
) -> None:
    if not uid.strip():
        uid = "x@netwerknotities"
    stamp = STAMP.replace(hour=hour)
    spec = _spec(uid, summary, day, rule, description, transparent, url)
    assert _mine(spec, stamp, sequence) == _icalendar(spec, stamp, sequence)


def test_a_birthday_as_in_the_example_calendar() -> None:
    spec = _spec(
        "4ec0a2f31103843ec11f6931a633ffb7@netwerknotities",
        "Verjaardag: Marloes Dekker",
        dt.date(1968, 12, 2),
        url="obsidian://open?vault=vault_example&file=Mensen%2FMarloes%20Dekker",
    )
    expected = (
        b"BEGIN:VEVENT\r\nSUMMARY:Verjaardag: Marloes Dekker\r\n"
        b"DTSTART;VALUE=DATE:19681202\r\nDTEND;VALUE=DATE:19681203\r\n"
        b"DTSTAMP:20261126T000000Z\r\nUID:4ec0a2f31103843ec11f6931a633ffb7@netwerknotities\r\n"
        b"SEQUENCE:0\r\nRRULE:FREQ=YEARLY\r\nTRANSP:TRANSPARENT\r\n"
        b"URL:obsidian://open?vault=vault_example&file=Mensen%2FMarloes%20Dekker\r\n"
        b"X-NETWERKNOTITIES-KEY:5f08acc78b210332.3e83268fd3eb2a97\r\nEND:VEVENT\r\n"
    )
    assert _mine(spec, STAMP, 0) == expected == _icalendar(spec, STAMP, 0)


def test_escape_and_fold_edges() -> None:
    assert escape_text("a,b;c\\d\r\ne\rf\\Ng") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    assert fold("x" * 74) == "x" * 74
    assert fold("x" * 75) == "x" * 74 + "\r\n x"
    # a backslash escape is never cut in two
    assert fold("x" * 73 + "\\n" + "y") == "x" * 73 + "\r\n \\ny"
    # a character of several bytes is never cut
    assert fold("x" * 73 + "€") == "x" * 73 + "\r\n €"
