"""The relationship model: people, organisations, contacts, signals, conflicts.

Plain frozen values derived from the set of notes by `relations.py`. Every
entity keeps the vault-relative `path` of the note it came from, which is its
identity; `name` (the file name without `.md`) is what users see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Birthday:
    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    path: str
    name: str
    aliases: tuple[str, ...] = ()
    tier: str | None = None  # important / regular / unimportant
    organisations: tuple[str, ...] = ()  # paths of organisation notes, or plain names
    role: str = ""
    stakeholder: tuple[str, ...] = ()
    cadence_days: int | None = None
    last_contact: dt.date | None = None
    last_contact_path: str | None = None  # the note that recorded the last contact
    due: dt.date | None = None
    knows: tuple[str, ...] = ()  # paths of person notes, or plain names
    introduced_by: str | None = None  # a path or a plain name
    internal: bool = False
    private: bool = False
    paused: bool = False
    snooze_until: dt.date | None = None
    interests: tuple[str, ...] = ()
    opposing: tuple[str, ...] = ()  # paths or plain names
    birthday: Birthday | None = None
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    id: str = ""
    backlinks: tuple[str, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Organisation:
    path: str
    name: str
    aliases: tuple[str, ...] = ()
    stakeholder: tuple[str, ...] = ()
    backlinks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    date: dt.date
    people: tuple[str, ...]  # paths of person notes
    path: str
    line: int = 0  # 0 for a contact note, else the tagged line
    text: str = ""
    channel: str = ""
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    date: dt.date | None
    text: str
    sources: tuple[str, ...]  # paths of the people (or organisations) who gave it
    about: tuple[str, ...]  # paths or plain names
    path: str
    line: int = 0
    topic: str = ""


@dataclass(frozen=True, slots=True)
class Conflict:
    parties: tuple[str, ...]  # paths or plain names
    topic: str
    status: str  # open / closed
    path: str
    exposed: tuple[str, ...] = ()  # paths of people tied to two or more parties
    since: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Model:
    """Everything derived from one vault for one `today`."""

    today: dt.date
    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    contacts: tuple[Contact, ...]
    signals: tuple[Signal, ...]
    conflicts: tuple[Conflict, ...]
    diagnostics: tuple[Diagnostic, ...]
    note_count: int = 0
    names: dict[str, str] = field(default_factory=dict)  # path -> display name

    def display(self, ref: str) -> str:
        """The name of a path, or a plain name as it is."""
        return self.names.get(ref, ref)
