"""Dated notes: a `date` property, Obsidian's daily-notes format, or an ISO file name.

Obsidian names daily notes with a moment.js format (`YYYY-MM-DD`,
`DD-MM-YYYY`, `YYYY/MM/YYYY-MM-DD` where `/` makes sub-folders). Each
format is translated once into a regular expression (cached) that reads a
date back from a path, and into a formatter that writes one.

Supported tokens: `YYYY YY M MM Mo MMM MMMM D DD Do d dd ddd dddd`,
`[literal]` and `\\x`. Week, quarter, day-of-year, time and locale tokens
(`w W Q DDD H m s a L …`) make a format that never matches when parsing: a
weekly or hourly note is not one day's note.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .vault import ObsidianSettings

DEFAULT_FORMAT = "YYYY-MM-DD"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# moment's Dutch locale, accepted when reading: a vault may be set to Dutch.
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_SHORT_NL = (
    "jan.",
    "feb.",
    "mrt.",
    "apr.",
    "mei",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKDAYS_SHORT_NL = ("ma.", "di.", "wo.", "do.", "vr.", "za.", "zo.")
WEEKDAYS_MIN_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")

# moment's tokenizer, longest first; anything else is literal text.
_TOKEN_RE = re.compile(
    r"\[[^\]]*\]|\\.|YYYYYY|YYYYY|YYYY|YY|Y|MMMM|MMM|MM|Mo|M|DDDD|DDDo|DDD|DD|Do|D"
    r"|dddd|ddd|dd|do|d|[wW][wWo]?|Qo?|ggggg|gggg|GGGGG|GGGG|[eEaAxX]|[Hhk]{1,2}|mm?|ss?"
    r"|S{1,9}|zz?|ZZ?|N{1,5}|y{1,4}|LTS|LT|L{1,4}|l{1,4}|.",
    re.DOTALL,
)


def _alternation(*names: tuple[str, ...]) -> str:
    words = sorted({w for group in names for w in group}, key=len, reverse=True)
    return "(" + "|".join(re.escape(w) for w in words) + ")"


_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th|ste|de|e)"

# token -> (regex, field it sets or None when it is read and ignored)
_PARSE: dict[str, tuple[str, str | None]] = {
    "YYYY": (r"(\d{4})", "year"),
    "YY": (r"(\d{2})", "yy"),
    "MMMM": (_alternation(MONTHS, MONTHS_NL), "month_name"),
    "MMM": (_alternation(tuple(m[:3] for m in MONTHS), MONTHS_SHORT_NL), "month_name"),
    "MM": (r"(\d{2})", "month"),
    "Mo": (_ORDINAL, "month"),
    "M": (r"(\d{1,2})", "month"),
    "DD": (r"(\d{2})", "day"),
    "Do": (_ORDINAL, "day"),
    "D": (r"(\d{1,2})", "day"),
    "dddd": (_alternation(WEEKDAYS, WEEKDAYS_NL), None),
    "ddd": (_alternation(tuple(w[:3] for w in WEEKDAYS), WEEKDAYS_SHORT_NL), None),
    "dd": (_alternation(tuple(w[:2] for w in WEEKDAYS), WEEKDAYS_MIN_NL), None),
    "d": (r"([0-6])", None),
}

_NEVER = "(?!)"


def _tokens(fmt: str) -> list[str]:
    return _TOKEN_RE.findall(fmt)


def _is_literal(token: str) -> bool:
    return token.startswith(("[", "\\")) or (len(token) == 1 and not token.isalpha())


def _literal_text(token: str) -> str:
    if token.startswith("["):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    return token


def _is_unknown_letter(token: str) -> bool:
    """A single letter moment does not treat as a token is literal text (`T` in ISO)."""
    return len(token) == 1 and token.isalpha() and token not in "YMDdwWQgGeEaAxXHhkmsSzZNyLl"


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    fields: tuple[str | None, ...]


@functools.lru_cache(maxsize=64)
def _pattern(fmt: str) -> _Pattern:
    parts: list[str] = []
    fields: list[str | None] = []
    for token in _tokens(fmt):
        if _is_literal(token) or _is_unknown_letter(token):
            parts.append(re.escape(_literal_text(token)))
        elif token in _PARSE:
            regex, name = _PARSE[token]
            parts.append(regex)
            fields.append(name)
        else:
            # Week, time and locale tokens: no day can be read from them.
            parts.append(_NEVER)
    return _Pattern(re.compile("".join(parts), re.IGNORECASE), tuple(fields))


def _month_number(name: str) -> int | None:
    low = name.lower()
    for table in (MONTHS, MONTHS_NL, MONTHS_SHORT_NL):
        for index, month in enumerate(table):
            if month.lower() == low or month[:3].lower() == low:
                return index + 1
    return None


def parse_moment(text: str, fmt: str) -> dt.date | None:
    """The date `text` names in moment.js format `fmt`, or None (whole text must match)."""
    pattern = _pattern(fmt)
    match = pattern.regex.fullmatch(text)
    if match is None:
        return None
    values: dict[str, int] = {}
    for field_name, raw in zip(pattern.fields, match.groups(), strict=True):
        if field_name is None:
            continue
        if field_name == "month_name":
            number = _month_number(raw)
            if number is None:
                return None
            field_name, value = "month", number
        elif field_name == "yy":
            # moment reads two-digit years above 68 as 19xx.
            field_name, value = "year", int(raw) + (1900 if int(raw) > 68 else 2000)
        else:
            value = int(raw)
        # `YYYY/MM/YYYY-MM-DD` names the year twice: both must agree.
        if values.setdefault(field_name, value) != value:
            return None
    if not {"year", "month", "day"} <= values.keys():
        return None
    try:
        return dt.date(values["year"], values["month"], values["day"])
    except ValueError:
        return None


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


_FORMAT: dict[str, Callable[[dt.date], str]] = {
    "YYYY": lambda d: f"{d.year:04d}",
    "YY": lambda d: f"{d.year % 100:02d}",
    "Y": lambda d: str(d.year),
    "MMMM": lambda d: MONTHS[d.month - 1],
    "MMM": lambda d: MONTHS[d.month - 1][:3],
    "MM": lambda d: f"{d.month:02d}",
    "Mo": lambda d: _ordinal(d.month),
    "M": lambda d: str(d.month),
    "DDDD": lambda d: f"{d.timetuple().tm_yday:03d}",
    "DDD": lambda d: str(d.timetuple().tm_yday),
    "DD": lambda d: f"{d.day:02d}",
    "Do": lambda d: _ordinal(d.day),
    "D": lambda d: str(d.day),
    "dddd": lambda d: WEEKDAYS[d.weekday()],
    "ddd": lambda d: WEEKDAYS[d.weekday()][:3],
    "dd": lambda d: WEEKDAYS[d.weekday()][:2],
    "d": lambda d: str(d.isoweekday() % 7),
    "E": lambda d: str(d.isoweekday()),
    "WW": lambda d: f"{d.isocalendar()[1]:02d}",
    "W": lambda d: str(d.isocalendar()[1]),
    "GGGG": lambda d: f"{d.isocalendar()[0]:04d}",
    "Q": lambda d: str((d.month - 1) // 3 + 1),
}


def format_moment(day: dt.date, fmt: str) -> str:
    """`day` written in moment.js format `fmt` (English names).

    Tokens without a day-level meaning here (time, locale) are written as-is.
    """
    out: list[str] = []
    for token in _tokens(fmt):
        writer = _FORMAT.get(token)
        if writer is not None:
            out.append(writer(day))
        else:
            out.append(_literal_text(token))
    return "".join(out)


def _format_of(settings: ObsidianSettings) -> str:
    return settings.daily_notes_format or DEFAULT_FORMAT


def daily_note_path(day: dt.date, settings: ObsidianSettings) -> str:
    """The vault-relative path Obsidian would create for `day`'s daily note."""
    name = format_moment(day, _format_of(settings)) + ".md"
    folder = settings.daily_notes_folder.strip("/")
    return f"{folder}/{name}" if folder else name


_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")


# The first 11 characters of a name decide its ISO prefix date (the pattern's 10 and the
# character after): a vault's names share a few thousand of them.
_PREFIX_DATES: dict[str, dt.date | None] = {}
_MAX_PREFIX_DATES = 50_000


def _iso_date(head: str) -> dt.date | None:
    match = _ISO_PREFIX.match(head)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def iso_prefix_date(name: str) -> dt.date | None:
    """The date an ISO prefix of a file name gives (`2026-11-20 Lunch.md`)."""
    head = name[:11]
    if head in _PREFIX_DATES:
        return _PREFIX_DATES[head]
    day = _iso_date(head)
    if len(_PREFIX_DATES) >= _MAX_PREFIX_DATES:
        _PREFIX_DATES.clear()
    _PREFIX_DATES[head] = day
    return day


# daily-notes folder setting -> (length of the folder and its `/`, both lowered)
_FOLDER_PREFIXES: dict[str, tuple[int, str]] = {}


def daily_format_date(path: str, settings: ObsidianSettings) -> dt.date | None:
    """The date of a note in the daily-notes folder whose path there matches the format."""
    stem = path[:-3] if path[-3:].lower() == ".md" else path
    setting = settings.daily_notes_folder
    if setting:
        known = _FOLDER_PREFIXES.get(setting)
        if known is None:
            folder = setting.strip("/")
            known = (len(folder) + 1, folder.lower() + "/") if folder else (0, "")
            if len(_FOLDER_PREFIXES) < 64:
                _FOLDER_PREFIXES[setting] = known
        size, prefix = known
        if size:
            if stem[:size].lower() != prefix:
                return None
            stem = stem[size:]
    return parse_moment(stem, _format_of(settings))


def note_date(
    path: str, properties_date: dt.date | None, settings: ObsidianSettings
) -> dt.date | None:
    """A note's date: its `date` property, else the daily-notes format, else an ISO name prefix."""
    if properties_date is not None:
        return properties_date
    from_format = daily_format_date(path, settings)
    if from_format is not None:
        return from_format
    return iso_prefix_date(path.rsplit("/", 1)[-1])
