"""`log`: record a contact moment in seconds, as a `#contact` line in the daily note.

The line goes at the end of the daily note of that day, found and named as
Obsidian's daily-notes settings say, and created (from the daily-notes
template when one is set) when it does not exist yet. Every name is resolved
before anything is written: one unknown or ambiguous name and nothing is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dailynotes import daily_note_path, format_moment
from .errors import NotFoundError
from .personedit import NameMatch, VaultView, resolve_name
from .resolve import normalise_name
from .textedit import append_lines
from .usernotes import RefusedEditError, edit_note

_RELATIVE_DAYS = {"today": 0, "vandaag": 0, "yesterday": 1, "gisteren": 1, "eergisteren": 2}


@dataclass(frozen=True, slots=True)
class LogResult:
    path: str  # vault-relative path of the daily note
    lines: tuple[str, ...]
    created: bool


def parse_day(text: str, today: dt.date) -> dt.date:
    """`2026-11-20`, `today`, `yesterday` (or the Dutch words) as a date.

    Raises ValueError with a message for the user: a mistyped date, or one in the
    future (a planned meeting is not yet a contact).
    """
    word = text.strip().lower()
    if word in _RELATIVE_DAYS:
        return today - dt.timedelta(days=_RELATIVE_DAYS[word])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        raise ValueError(f"not a date like 2026-11-20: {text!r}")
    try:
        day = dt.date.fromisoformat(word)
    except ValueError as exc:
        raise ValueError(f"no such date: {text!r} ({exc})") from exc
    if day > today:
        raise ValueError(f"{day} is in the future; log a contact once it has happened")
    return day


def _one_line(text: str) -> str:
    return " ".join(text.split())


def contact_lines(
    links: Sequence[str],
    *,
    minutes: int | None = None,
    channel: str = "",
    note: str = "",
    signal: str = "",
) -> list[str]:
    """The list items `log` appends: a `#contact` line, and a `#signal` line when given.

    `- #contact [[Jan Jansen]], [[Piet|Pietje]] (phone, 15 min): note`
    """
    details = [d for d in (_one_line(channel), f"{minutes} min" if minutes else "") if d]
    line = "- #contact " + ", ".join(links)
    if details:
        line += f" ({', '.join(details)})"
    if _one_line(note):
        line += f": {_one_line(note)}"
    lines = [line]
    if _one_line(signal):
        lines.append(f"- #signal {', '.join(links)}: {_one_line(signal)}")
    return lines


def resolve_names(names: Sequence[str], view: VaultView) -> list[NameMatch]:
    """Every name as one person, in the order given, each person once.

    All problems are collected into one NotFoundError, so the user fixes them at once.
    """
    if not names:
        raise NotFoundError("name at least one person")
    matches: dict[str, NameMatch] = {}
    problems: list[str] = []
    for name in names:
        try:
            match = resolve_name(name, view.people)
        except NotFoundError as exc:
            problems.append(exc.message)
            continue
        matches.setdefault(match.person.path, match)
    if problems:
        raise NotFoundError(" ".join(problems) + " Nothing was written.")
    return list(matches.values())


def daily_template(view: VaultView, day: dt.date, title: str) -> bytes:
    """A new daily note's bytes: Obsidian's daily-notes template filled in, or empty."""
    try:
        settings_file = view.vault / view.config.config_folder / "daily-notes.json"
        raw = json.loads(settings_file.read_text(encoding="utf-8-sig"))
        template = raw.get("template") if isinstance(raw, dict) else None
    except (OSError, ValueError):
        return b""
    if not isinstance(template, str) or not template.strip():
        return b""
    rel = template.strip().strip("/")
    path = view.vault / (rel if rel.lower().endswith(".md") else rel + ".md")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return b""
    fmt = view.settings.daily_notes_format
    # Obsidian fills these when it creates a daily note; `{{time}}` needs a clock, so it stays
    text = re.sub(
        r"\{\{\s*date\s*:\s*([^}]*?)\s*\}\}", lambda m: format_moment(day, m.group(1)), text
    )
    text = re.sub(r"\{\{\s*date\s*\}\}", format_moment(day, fmt), text)
    text = re.sub(r"\{\{\s*title\s*\}\}", title, text)
    return text.encode("utf-8")


def find_daily_note(view: VaultView, day: dt.date) -> str:
    """The daily note's path; an existing note whose path differs only in case wins."""
    wanted = daily_note_path(day, view.settings)
    key = normalise_name(wanted)
    for note in view.notes:
        if normalise_name(note.path) == key:
            return note.path
    return wanted


def log_contact(
    view: VaultView,
    names: Sequence[str],
    day: dt.date,
    *,
    minutes: int | None = None,
    channel: str = "",
    note: str = "",
    signal: str = "",
) -> LogResult:
    """Append the contact (and signal) lines for `names` to the daily note of `day`."""
    if minutes is not None and minutes < 1:
        raise ValueError(f"minutes must be at least 1, not {minutes}")
    matches = resolve_names(names, view)
    links = [view.index.link_text(m.person.path, m.alias) for m in matches]
    lines = contact_lines(links, minutes=minutes, channel=channel, note=note, signal=signal)
    rel = find_daily_note(view, day)
    title = rel.rpartition("/")[2][:-3]

    def change(data: bytes | None) -> bytes:
        if data is None:
            data = daily_template(view, day, title)
        else:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RefusedEditError(
                    f"{rel}: not edited: the file is not UTF-8 (byte {exc.start})"
                ) from exc
        return append_lines(data, lines)

    edit = edit_note(view.vault / rel, change)
    return LogResult(rel, tuple(lines), edit.before is None)
