"""The one declared configuration schema.

The config file is `netwerknotities.toml` in the vault root (or `--config`).
Every key, its type, default and meaning is declared once, in `ENTRIES`;
`load_config` validates a file against it and nothing else in the package
reads raw config dicts. `render_config_template` writes the commented file
that `init` puts in a vault, from the same declarations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

CONFIG_FILE = "netwerknotities.toml"

KINDS = ("person", "organisation", "contact", "signal", "conflict")
TIERS = ("important", "regular", "unimportant")

_CADENCE_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_CADENCE_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}
_WINDOW_RE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


# A longer cadence means "never" in a lifetime, and dates end in the year 9999.
MAX_CADENCE_DAYS = 100 * 365


def parse_cadence(text: str) -> int | None:
    """`10d`, `3w`, `2m`, `1y` as a number of days; None when unreadable (or over 100 years)."""
    match = _CADENCE_RE.match(text)
    if not match or len(match.group(1)) > 9:
        return None
    days = int(match.group(1)) * _CADENCE_UNITS[match.group(2).lower()]
    return days if 0 < days <= MAX_CADENCE_DAYS else None


@dataclass(frozen=True, slots=True)
class Window:
    """A daily time window for contact moments, e.g. 09:00-09:30."""

    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_window(text: str) -> Window:
    match = _WINDOW_RE.match(text.strip())
    if not match:
        raise ValueError(f"not a time window like 09:00-09:30: {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError as exc:
        raise ValueError(f"not a time window like 09:00-09:30: {text!r}") from exc
    if end <= start:
        raise ValueError(f"a time window must end after it starts: {text!r}")
    return Window(start, end)


@dataclass(frozen=True, slots=True)
class CalendarConfig:
    timezone: str = "Europe/Amsterdam"
    windows: tuple[Window, ...] = (
        Window(dt.time(9, 0), dt.time(9, 30)),
        Window(dt.time(16, 30), dt.time(17, 0)),
    )
    moment_minutes: int = 5
    per_day: int = 3
    per_week: int = 10
    horizon_days: int = 28
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    holidays: str = ""  # a country code for the `holidays` package, e.g. "NL"
    birthdays: bool = True
    name: str = "netwerknotities"
    color: str = "#2E7D32"
    refresh_hours: int = 6
    file: str = "contactmomenten.ics"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Config:
    language: str = "en"
    output_folder: str = "netwerknotities"
    vault_name: str = ""  # "" = the vault folder's name, as Obsidian names vaults
    templates_folder: str = ""  # "" = read from Obsidian's settings
    config_folder: str = ".obsidian"
    daily_notes_folder: str | None = None  # None = read from Obsidian's settings
    daily_notes_format: str | None = None
    contact_from_mentions: bool = False
    max_file_mb: float = 10.0
    cadence: Mapping[str, int | None] = field(
        default_factory=lambda: {"important": 30, "regular": 91, "unimportant": None}
    )
    folders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    source: str = ""  # the file this config was read from, "" for defaults

    def obsidian_vault_name(self, vault: Path) -> str:
        """The vault's name in `obsidian://` links. Set `vault_name` when the folder has
        another name on another device: both must write the same calendar bytes."""
        return self.vault_name or vault.resolve().name

    def property_names(self, canonical: str) -> tuple[str, ...]:
        """The user's own names for a property, checked after the built-in ones."""
        return self.properties.get(canonical, ())


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    """One declared key: where it lives, its type, default and meaning."""

    key: str  # dotted: "language", "calendar.per_week", "cadence.important"
    type_name: str
    default: str  # as TOML text, for the template
    description: str
    convert: Callable[[Any], Any]


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("must be a whole number of at least 1")
    return value


def _int_up_to(most: int) -> Callable[[Any], int]:
    """A whole number from 1 to `most`: far beyond it dates run off the calendar (Python's
    dates end in the year 9999) and nobody means it."""

    def convert(value: Any) -> int:
        number = _positive_int(value)
        if number > most:
            raise ValueError(f"must be at most {most}")
        return number

    return convert


def _calendar_file(value: Any) -> str:
    text = _str(value).strip()
    if not text.lower().endswith(".ics") or text.startswith(".") or re.search(r"[/\\:]", text):
        raise ValueError('must be a file name like "contactmomenten.ics" (no folder)')
    return text


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("must be a positive number")
    return float(value)


def _language(value: Any) -> str:
    text = _str(value).lower()
    if text not in ("en", "nl"):
        raise ValueError('must be "en" or "nl"')
    return text


def _folder(value: Any) -> str:
    text = _str(value).strip().strip("/")
    if ".." in text.split("/") or text.startswith("."):
        raise ValueError("must be a folder inside the vault that does not start with a dot")
    return text


def _cadence(value: Any) -> int | None:
    text = _str(value)
    if text.strip().lower() in ("", "none", "geen"):
        return None
    days = parse_cadence(text)
    if days is None:
        raise ValueError('must be like "10d", "3w", "2m", "1y" or "none"')
    return days


def _timezone(value: Any) -> str:
    text = _str(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"is not a known time zone: {text!r}") from exc
    return text


def _windows(value: Any) -> tuple[Window, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError('must be a list like ["09:00-09:30", "16:30-17:00"]')
    windows = sorted((parse_window(_str(v)) for v in value), key=lambda w: w.start)
    for a, b in itertools.pairwise(windows):
        if b.start < a.end:
            raise ValueError(f"windows {a} and {b} overlap")
    return tuple(windows)


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _working_days(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError('must be a list like ["mon", "tue", "wed", "thu", "fri"]')
    days = []
    for item in value:
        name = _str(item).lower()[:3]
        if name not in _DAY_NAMES:
            raise ValueError(f"unknown day {item!r}")
        days.append(_DAY_NAMES.index(name))
    return tuple(sorted(set(days)))


def _color(value: Any) -> str:
    text = _str(value)
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        raise ValueError('must be a colour like "#2E7D32"')
    return text.upper()


def _country(value: Any) -> str:
    text = _str(value).strip().upper()
    if text:
        import holidays

        if text not in holidays.list_supported_countries():
            raise ValueError(f"is not a country the holidays package knows: {text!r}")
    return text


def _name_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be text or a list of text")
    return tuple(value)


ENTRIES: tuple[ConfigEntry, ...] = (
    ConfigEntry("language", "text", '"en"', 'labels of generated notes: "en" or "nl"', _language),
    ConfigEntry(
        "output_folder",
        "text",
        '"netwerknotities"',
        "folder inside the vault for the generated notes and calendar",
        _folder,
    ),
    ConfigEntry(
        "vault_name",
        "text",
        '""',
        "the vault's name in obsidian:// links; empty = the vault folder's name",
        _str,
    ),
    ConfigEntry(
        "templates_folder",
        "text",
        '""',
        "templates folder to skip; empty = as set in Obsidian's Templates/Templater settings",
        lambda v: _folder(v) if _str(v) else "",
    ),
    ConfigEntry(
        "config_folder",
        "text",
        '".obsidian"',
        "Obsidian's config folder name",
        _str,
    ),
    ConfigEntry(
        "daily_notes_folder",
        "text",
        "(from Obsidian)",
        "daily notes folder; unset = as set in Obsidian's Daily notes settings",
        _str,
    ),
    ConfigEntry(
        "daily_notes_format",
        "text",
        "(from Obsidian)",
        "daily note name format (moment.js tokens); unset = Obsidian's setting or YYYY-MM-DD",
        _str,
    ),
    ConfigEntry(
        "contact_from_mentions",
        "bool",
        "false",
        "count every link to a person in a dated note as a contact",
        _bool,
    ),
    ConfigEntry(
        "max_file_mb",
        "number",
        "10",
        "larger notes are skipped with a diagnostic",
        _positive_number,
    ),
    ConfigEntry(
        "cadence.important", "cadence", '"30d"', "default cadence of important people", _cadence
    ),
    ConfigEntry(
        "cadence.regular",
        "cadence",
        '"13w"',
        "default cadence of regular people and people without a tier",
        _cadence,
    ),
    ConfigEntry(
        "cadence.unimportant",
        "cadence",
        '"none"',
        "default cadence of unimportant people (none: no moments, P2)",
        _cadence,
    ),
    ConfigEntry(
        "calendar.timezone", "text", '"Europe/Amsterdam"', "time zone of the moments", _timezone
    ),
    ConfigEntry(
        "calendar.windows",
        "list",
        '["09:00-09:30", "16:30-17:00"]',
        "daily windows in which moments are planned",
        _windows,
    ),
    ConfigEntry(
        "calendar.moment_minutes", "int", "5", "length of a contact moment", _int_up_to(240)
    ),
    ConfigEntry("calendar.per_day", "int", "3", "at most this many moments a day", _int_up_to(100)),
    ConfigEntry(
        "calendar.per_week", "int", "10", "at most this many moments a week (P7)", _int_up_to(500)
    ),
    ConfigEntry(
        "calendar.horizon_days", "int", "28", "how far ahead moments are planned", _int_up_to(3660)
    ),
    ConfigEntry(
        "calendar.working_days",
        "list",
        '["mon", "tue", "wed", "thu", "fri"]',
        "days on which moments are planned",
        _working_days,
    ),
    ConfigEntry(
        "calendar.holidays",
        "text",
        '""',
        'country code for public holidays without moments, e.g. "NL"',
        _country,
    ),
    ConfigEntry("calendar.birthdays", "bool", "true", "add yearly all-day birthday events", _bool),
    ConfigEntry("calendar.name", "text", '"netwerknotities"', "calendar name in the app", _str),
    ConfigEntry("calendar.color", "text", '"#2E7D32"', "calendar colour", _color),
    ConfigEntry(
        "calendar.refresh_hours",
        "int",
        "6",
        "suggested refresh interval for apps",
        _int_up_to(8760),
    ),
    ConfigEntry(
        "calendar.file",
        "text",
        '"contactmomenten.ics"',
        "file name of the calendar in the output folder",
        _calendar_file,
    ),
)

_SECTIONS_OF_LISTS = ("folders", "properties")


def load_config(vault: Path, config_path: Path | None = None) -> Config:
    """Read the config for `vault`; defaults when there is no file.

    Raises `ConfigError` with a one-line message naming the file and key.
    """
    path = config_path if config_path is not None else vault / CONFIG_FILE
    if not path.exists():
        if config_path is not None:
            raise ConfigError(f"{path}: config file not found")
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return config_from_mapping(raw, str(path))


def config_from_mapping(raw: Mapping[str, Any], source: str = "") -> Config:
    values: dict[str, Any] = {}
    calendar: dict[str, Any] = {}
    cadence = dict(Config().cadence)
    known = {e.key: e for e in ENTRIES}
    for key, value in _flatten(raw):
        section = key.split(".", 1)[0]
        if section in _SECTIONS_OF_LISTS:
            continue
        entry = known.get(key)
        if entry is None:
            raise ConfigError(f"{source or 'config'}: unknown key {key!r}")
        try:
            converted = entry.convert(value)
        except ValueError as exc:
            raise ConfigError(f"{source or 'config'}: {key} {exc}") from exc
        if section == "calendar":
            calendar[key.split(".", 1)[1]] = converted
        elif section == "cadence":
            cadence[key.split(".", 1)[1]] = converted
        else:
            values[key] = converted
    mapped: dict[str, dict[str, tuple[str, ...]]] = {}
    for section in _SECTIONS_OF_LISTS:
        table = raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{source or 'config'}: [{section}] must be a table")
        mapped[section] = {}
        for name, names in table.items():
            if section == "folders" and name not in KINDS:
                raise ConfigError(
                    f"{source or 'config'}: folders.{name}: not a kind ({', '.join(KINDS)})"
                )
            try:
                items = _name_list(names)
                if section == "folders":
                    items = tuple(_folder(i) for i in items)
            except ValueError as exc:
                raise ConfigError(f"{source or 'config'}: {section}.{name} {exc}") from exc
            mapped[section][name] = items
    return Config(
        **values,
        cadence=cadence,
        folders=mapped["folders"],
        properties=mapped["properties"],
        calendar=CalendarConfig(**calendar),
        source=source,
    )


def _flatten(raw: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in raw.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict) and full.split(".", 1)[0] not in _SECTIONS_OF_LISTS:
            items.extend(_flatten(value, full + "."))
        else:
            items.append((full, value))
    return items


def render_config_template() -> str:
    """The commented config file `init` writes: every key, commented out at its default."""
    lines = [
        "# netwerknotities configuration. Every key is optional; the values shown are",
        "# the defaults. Remove the '#' in front of a key to change it.",
        "",
    ]
    section = ""
    for entry in ENTRIES:
        head, _, name = entry.key.rpartition(".")
        if head != section:
            lines += ["", f"[{head}]"]
            section = head
        lines.append(f"# {entry.description}")
        if entry.default.startswith("("):
            lines.append(f'# {name or entry.key} = ""  {entry.default}')
        else:
            lines.append(f"# {name or entry.key} = {entry.default}")
    lines += [
        "",
        "# Folders whose notes are of one kind, whatever their properties say.",
        "[folders]",
        '# person = ["Mensen"]',
        '# organisation = ["Organisaties"]',
        "",
        "# Your own property names, read besides the built-in ones.",
        "[properties]",
        '# organisation = ["company", "org"]',
        "",
    ]
    return "\n".join(lines)
