"""What one Markdown file gives: a `Note`.

A note is parsed in isolation (its path and bytes in, a `Note` out, see
`parse.py`); everything else is derived from the set of notes. A `Note` holds
only what is independent of the config, so the parse cache stays valid when
the config changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, SupportsIndex

from .diagnostics import Diagnostic

# A front-matter value as read: what Obsidian's Properties view shows.
PropertyValue = Any  # str | int | float | bool | dt.date | dt.datetime | None | list[...]

# Tags that make a line a contact moment or a signal (lowercase, without '#').
CONTACT_TAGS = frozenset({"contact", "contactmoment"})
SIGNAL_TAGS = frozenset({"signal", "signaal"})

# Pickles of the types below rebuild them with `tuple.__new__`, in C: the default for a named
# tuple calls its Python-level `__new__` for every link of every note, and those pickles
# cross from the parse workers to the build and fill the parse cache.
_tuple_new = tuple.__new__


class Link(NamedTuple):
    """A wikilink as written in a note.

    `target` is the link path without `#subpath` and `|display` (`""` for a
    link to a heading in the same note). `source` is `"body"` or the
    property key the link stood in. `counts_as_mention` is False for links in
    unchecked tasks, quotes and embeds (spec section 4, `contact_from_mentions`).

    A named tuple, not a dataclass: a vault has hundreds of thousands of links,
    and tuples are several times cheaper to build and to pickle (worker
    processes, the parse cache).
    """

    target: str
    subpath: str | None
    display: str | None
    embed: bool
    line: int
    source: str = "body"
    counts_as_mention: bool = True

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (_tuple_new, (Link, tuple(self)))


class TaggedLine(NamedTuple):
    """A paragraph, list item or table cell that carries a contact or signal tag.

    `text` is the line as a reader sees it: tags removed, a link shown as its
    display text (or its target), white space folded, a task box removed.
    `open_task` is True for an unchecked task (`- [ ] #contact call [[X]]`):
    a plan, not yet a contact.
    """

    line: int
    text: str
    tags: tuple[str, ...]
    links: tuple[Link, ...]
    open_task: bool = False

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (_tuple_new, (TaggedLine, tuple(self)))

    @property
    def is_contact(self) -> bool:
        return any(_tag_root(t) in CONTACT_TAGS for t in self.tags)

    @property
    def is_signal(self) -> bool:
        return any(_tag_root(t) in SIGNAL_TAGS for t in self.tags)


def _tag_root(tag: str) -> str:
    return tag.split("/", 1)[0]


class Note(NamedTuple):
    """One parsed Markdown file.

    `path` is vault-relative with `/`. `properties` is the front-matter as
    read (never mutated after parsing). `tags` are lowercase, without `#`,
    from front-matter and body. `links` are property links first, then body
    links in order. `lines` are the tagged lines (contact and signal).
    A named tuple like its parts: notes cross process boundaries and fill the
    parse cache by pickle, and a tuple is the cheapest to rebuild.
    """

    path: str
    properties: dict[str, PropertyValue]
    tags: tuple[str, ...]
    links: tuple[Link, ...]
    lines: tuple[TaggedLine, ...]
    diagnostics: tuple[Diagnostic, ...]
    has_frontmatter: bool = False

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return (_tuple_new, (Note, tuple(self)))

    @property
    def name(self) -> str:
        """File name without `.md`: how notes and people are named."""
        return note_name(self.path)

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]


def note_name(path: str) -> str:
    """The file name of a vault-relative path without a `.md` ending."""
    base = path.rpartition("/")[2]
    return base[:-3] if base.lower().endswith(".md") else base


def property_date(value: PropertyValue) -> dt.date | None:
    """A property value as a date, when it is one (a date-time gives its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
