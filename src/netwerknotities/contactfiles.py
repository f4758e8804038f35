"""Contacts read from an export file: vCard 3.0/4.0, LinkedIn and Google Contacts CSV.

Each reader gives `ImportedContact`s and the problems it met. A whole file
that is not what it claims to be (a CSV with a wrong header, not UTF-8) is an
`ImportFileError`; one broken card in a good file is skipped with its reason
and the rest is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject

from .errors import EXIT_USAGE, NetwerkError

FORMATS = ("vcard", "linkedin", "google")


class ImportFileError(NetwerkError):
    """The file to import cannot be read as the format it should be in."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True, slots=True)
class ImportedContact:
    name: str
    source: str  # where in the file: "card 3 (line 20)", "row 5"
    aliases: tuple[str, ...] = ()
    organisation: str = ""
    role: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birthday: str = ""  # YYYY-MM-DD, or MM-DD when the year is unknown
    linkedin: str = ""
    notes: tuple[str, ...] = field(default=())  # what was read but left out, and why


@dataclass(frozen=True, slots=True)
class Unreadable:
    source: str
    reason: str


def read_contacts(
    path: Path, fmt: str | None = None
) -> tuple[list[ImportedContact], list[Unreadable]]:
    """The contacts in `path`, in file order; `fmt` None = tell from the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path}: not UTF-8 (byte {exc.start}); export the file as UTF-8 and try again"
        ) from exc
    fmt = fmt or detect_format(path, text)
    if fmt == "vcard":
        return read_vcards(text)
    if fmt == "linkedin":
        return read_linkedin(text, str(path))
    if fmt == "google":
        return read_google(text, str(path))
    raise ImportFileError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def detect_format(path: Path, text: str) -> str:
    head = text[:4000]
    if re.search(r"^BEGIN:VCARD", head, re.IGNORECASE | re.MULTILINE):
        return "vcard"
    if path.suffix.lower() in (".vcf", ".vcard"):
        return "vcard"
    if re.search(r"^First Name,Last Name,(URL|Email Address)", head, re.MULTILINE):
        return "linkedin"
    if "E-mail 1 - Value" in head or "Given Name" in head or "Organization Name" in head:
        return "google"
    raise ImportFileError(
        f"{path}: cannot tell whether this is a vCard, LinkedIn or Google Contacts file; "
        "name it with --format"
    )


# -- small normalisers ---------------------------------------------------------------


def _clean(text: Any) -> str:
    return " ".join(str(text or "").split())


def birthday_text(raw: str) -> str | None:
    """`1985-04-15`, `19850415`, `--0415`, `--04-15` → `1985-04-15` / `04-15`; None if not."""
    text = raw.strip()
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text)
    if match:
        month, day = (int(g) for g in match.groups())
        try:
            dt.date(2000, month, day)  # a leap year: 02-29 is a birthday
        except ValueError:
            return None
        return f"{month:02d}-{day:02d}"
    return None


def _with_birthday(raw: str, notes: list[str]) -> str:
    if not raw.strip():
        return ""
    value = birthday_text(raw)
    if value is None:
        notes.append(f"birthday {raw.strip()!r} is not a date; left out")
        return ""
    return value


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return tuple(seen.values())


# -- vCard ---------------------------------------------------------------------------

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """Each `BEGIN:VCARD … END:VCARD` block with its first line number.

    Split by hand so that one broken card cannot take the others down with it.
    """
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if _BEGIN.match(line):
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if _END.match(line):
                yield start, "\r\n".join(lines) + "\r\n"
                start, lines = None, []
    if start is not None:
        yield start, ""  # a card without END:VCARD


def read_vcards(text: str) -> tuple[list[ImportedContact], list[Unreadable]]:
    contacts: list[ImportedContact] = []
    problems: list[Unreadable] = []
    if not _BEGIN.search(text.lstrip()[:20]) and "BEGIN:VCARD" not in text.upper():
        raise ImportFileError("no vCard in this file (no BEGIN:VCARD line)")
    for number, (line, block) in enumerate(_cards(text), 1):
        source = f"card {number} (line {line})"
        if not block:
            problems.append(Unreadable(source, "the card has no END:VCARD"))
            continue
        try:
            card = vobject.readOne(block)
        except Exception as exc:  # vobject raises several unrelated types for broken input
            problems.append(Unreadable(source, f"not a valid vCard: {_reason(exc, block, line)}"))
            continue
        contact = _from_card(card, source)
        if contact is None:
            problems.append(Unreadable(source, "the card has no name and no e-mail"))
        else:
            contacts.append(contact)
    return contacts, problems


def _reason(exc: Exception, block: str, first_line: int) -> str:
    """vobject's message, with the line number in the file rather than in its own count."""
    text = re.sub(r"^At line \d+: ", "", str(exc)) or exc.__class__.__name__
    bad = text.partition("Failed to parse line: ")[2].strip()
    if bad:
        for offset, card_line in enumerate(block.split("\r\n")):
            if card_line.strip() == bad:
                return f"line {first_line + offset}: {text}"
    return text


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _is_pref(item: Any) -> bool:
    params = {k.upper(): [str(v).upper() for v in vs] for k, vs in item.params.items()}
    return "PREF" in params.get("TYPE", []) or "PREF" in params


def _ordered(items: list[Any]) -> list[str]:
    """Values with the preferred one (TYPE=pref in 3.0, PREF=n in 4.0) first."""
    ranked = sorted(enumerate(items), key=lambda p: (not _is_pref(p[1]), p[0]))
    return [_clean(item.value) for _, item in ranked]


def _from_card(card: Any, source: str) -> ImportedContact | None:
    notes: list[str] = []
    name = ""
    if _values(card, "fn"):
        name = _clean(card.fn.value)
    if not name and _values(card, "n"):
        n = card.n.value
        name = _clean(" ".join(str(p) for p in (n.prefix, n.given, n.additional, n.family) if p))
    emails = _unique(_ordered(_values(card, "email")))
    if not name and emails:
        name = emails[0]
    if not name:
        return None
    phones = _unique([p.removeprefix("tel:") for p in _ordered(_values(card, "tel"))])
    org = ""
    if _values(card, "org"):
        value = card.org.value
        org = _clean(value[0] if isinstance(value, list) and value else value)
    aliases = [
        _clean(part)
        for item in _values(card, "nickname")
        for part in (item.value if isinstance(item.value, list) else [item.value])
    ]
    role = _clean(card.title.value) if _values(card, "title") else ""
    bday = _with_birthday(str(card.bday.value), notes) if _values(card, "bday") else ""
    if _values(card, "photo"):
        notes.append("photo not imported")
    linkedin = ""
    for url in _values(card, "url"):
        if "linkedin.com" in str(url.value).lower():
            linkedin = _clean(url.value)
    return ImportedContact(
        name=name,
        source=source,
        aliases=_unique([a for a in aliases if a and a != name]),
        organisation=org,
        role=role,
        emails=emails,
        phones=phones,
        birthday=bday,
        linkedin=linkedin,
        notes=tuple(notes),
    )


# -- CSV -----------------------------------------------------------------------------

LINKEDIN_COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position")


def read_linkedin(text: str, where: str) -> tuple[list[ImportedContact], list[Unreadable]]:
    """LinkedIn's `Connections.csv`: a few lines of notes, then the header."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if line.startswith("First Name,Last Name,")), None
    )
    if start is None:
        raise ImportFileError(
            f"{where}: no LinkedIn header line; expected one starting with "
            f"{','.join(LINKEDIN_COLUMNS)}"
        )
    reader = csv.DictReader(io.StringIO("".join(lines[start:])))
    required = ("First Name", "Last Name", "Company", "Position")
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"{where}: the header lacks {', '.join(missing)}")
    contacts: list[ImportedContact] = []
    problems: list[Unreadable] = []
    for row in reader:
        source = f"row {reader.line_num + start}"
        name = _clean(f"{row.get('First Name') or ''} {row.get('Last Name') or ''}")
        if not name:
            problems.append(Unreadable(source, "no name"))
            continue
        email = _clean(row.get("Email Address"))
        contacts.append(
            ImportedContact(
                name=name,
                source=source,
                organisation=_clean(row.get("Company")),
                role=_clean(row.get("Position")),
                emails=(email,) if email else (),
                linkedin=_clean(row.get("URL")),
            )
        )
    return contacts, problems


def _multi(value: str | None) -> list[str]:
    """Google joins several values of one field with ` ::: `."""
    return [_clean(v) for v in (value or "").split(":::") if _clean(v)]


def read_google(text: str, where: str) -> tuple[list[ImportedContact], list[Unreadable]]:
    """Google Contacts CSV, old (`Given Name`, `Organization 1 - Name`) or new layout."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    name_columns = {"Name", "First Name", "Given Name", "Last Name", "Family Name"}
    if not name_columns & set(header) or not any("E-mail" in h or "Phone" in h for h in header):
        raise ImportFileError(
            f"{where}: not a Google Contacts CSV: the header has no name, e-mail or phone "
            f"columns (it starts with {', '.join(header[:4]) or 'nothing'})"
        )
    email_cols = sorted(h for h in header if re.fullmatch(r"E-mail \d+ - Value", h))
    phone_cols = sorted(h for h in header if re.fullmatch(r"Phone \d+ - Value", h))
    contacts: list[ImportedContact] = []
    problems: list[Unreadable] = []
    for row in reader:
        source = f"row {reader.line_num}"
        notes: list[str] = []

        def col(*names: str, row: dict[str, str | None] = row) -> str:
            return next((_clean(row.get(n)) for n in names if _clean(row.get(n))), "")

        name = col("Name") or _clean(
            " ".join(
                col(c)
                for c in (
                    "Name Prefix",
                    "First Name",
                    "Given Name",
                    "Middle Name",
                    "Additional Name",
                    "Last Name",
                    "Family Name",
                )
            )
        )
        emails = _unique([e for c in email_cols for e in _multi(row.get(c))])
        if not name and emails:
            name = emails[0]
        if not name:
            problems.append(Unreadable(source, "no name and no e-mail"))
            continue
        if col("Photo"):
            notes.append("photo not imported")
        contacts.append(
            ImportedContact(
                name=name,
                source=source,
                aliases=_unique([a for a in _multi(col("Nickname")) if a != name]),
                organisation=col("Organization Name", "Organization 1 - Name"),
                role=col("Organization Title", "Organization 1 - Title"),
                emails=emails,
                phones=_unique([p for c in phone_cols for p in _multi(row.get(c))]),
                birthday=_with_birthday(col("Birthday"), notes),
                notes=tuple(notes),
            )
        )
    return contacts, problems
