"""Obsidian's wikilink and tag syntax, shared by the two Markdown readers.

`mdparse` reads a body with markdown-it-py, `mdlines` reads plain bodies line
by line; both must find the same links and tags, so the pieces live here.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple, TypeVar

from .notes import CONTACT_TAGS, SIGNAL_TAGS, Link, TaggedLine

# `#tag`: letters, digits, `_`, `-`, `/`; at least one character not a digit.
TAG_RE = re.compile(r"#([\w/-]+)")
EMBED_SIZE_RE = re.compile(r"[0-9]+(?:x[0-9]+)?")
# Could this text hold a wikilink or a tag at all? (`# Heading` cannot.)
CANDIDATE_RE = re.compile(r"\[\[|#[^\s#]")
TASK_RE = re.compile(r"\[(.)\](?:[ \t\n]+|$)")
LINE_TAGS = CONTACT_TAGS | SIGNAL_TAGS

# (opener, closer) of Obsidian and HTML comments.
COMMENTS = (("%%", "%%"), ("<!--", "-->"))

WikiParts = tuple[str, str | None, str | None]


def split_wikilink(inner: str, embed: bool) -> WikiParts | None:
    """`Target#subpath|display` → (target, subpath, display); None when it is no link.

    `\\|` (the form a table needs) separates like `|`. For an embed a display
    of `100` or `100x200` is an image size, not a text.
    """
    bar = inner.find("|")
    display: str | None = None
    if bar >= 0:
        display = inner[bar + 1 :].strip() or None
        inner = inner[: bar - 1] if bar > 0 and inner[bar - 1] == "\\" else inner[:bar]
        if embed and display is not None and EMBED_SIZE_RE.fullmatch(display):
            display = None
    hash_at = inner.find("#")
    subpath: str | None = None
    if hash_at >= 0:
        subpath = inner[hash_at + 1 :].strip() or None
        inner = inner[:hash_at]
    target = inner.strip()
    if not target and subpath is None:
        return None
    return target, subpath, display


# A wikilink's (target, subpath, display, embed): the first fields of its `Link`.
LinkHead = tuple[str, str | None, str | None, bool]

# Texts that recur from note to note (link targets, property names and short values,
# tags) are interned in the parse workers: `marshal` (`notecodec`) writes an interned
# string as such and reads it back interned, so the build holds one copy for all the notes
# that write it, not one a note. Only there: since Python 3.12 an interned string can
# outlive its last use, and a watcher, which parses edit after edit, would keep them all.
_SHARE_TEXTS = False
MAX_SHARED_LENGTH = 200
T = TypeVar("T")
# the parsers' memos of texts they split before: emptied when sharing starts, since what a
# forked worker inherits from its parent was remembered unshared
MEMOS: list[dict[Any, Any]] = []


def share_texts(on: bool) -> None:
    """Intern recurring texts (`shared`) from now on, or not: on in parse workers."""
    global _SHARE_TEXTS
    if on and not _SHARE_TEXTS:
        for memo in MEMOS:
            memo.clear()
    _SHARE_TEXTS = on


def shared(text: str) -> str:
    """`text`, interned when this process shares texts and it is short enough."""
    if _SHARE_TEXTS and len(text) <= MAX_SHARED_LENGTH:
        return sys.intern(text)
    return text


# A memo's bounds: a long-running watcher keeps them.
MEMO_SIZE = 20_000
MEMO_TEXT_LENGTH = 200


def remember(memo: dict[str, T], text: str, value: T) -> None:
    """Keep `value` for `text` in `memo` (one of `MEMOS`), within the bounds: a long text
    is not kept, and a full memo starts again empty."""
    if len(text) <= MEMO_TEXT_LENGTH:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[text] = value


# Link texts recur (the same people in note after note): remember how they split.
_KNOWN_LINKS: tuple[dict[str, tuple[LinkHead, str] | None], ...] = ({}, {})
MEMOS.extend(_KNOWN_LINKS)


def wikilink(inner: str, embed: bool) -> tuple[LinkHead, str] | None:
    """`split_wikilink` as the first fields of a `Link`, and what a reader sees of the link
    (its display, or else its target or subpath); None when it is no link."""
    known = _KNOWN_LINKS[embed]
    if inner in known:
        return known[inner]
    parts = split_wikilink(inner, embed)
    link = None
    if parts is not None:
        target, subpath, display = parts
        link = ((shared(target), subpath, display, embed), display or target or subpath or "")
    remember(known, inner, link)
    return link


def is_tag(name: str) -> bool:
    return not name.isdigit() and TAG_RE.fullmatch("#" + name) is not None


class BodyScan(NamedTuple):
    """What a body holds: links and tags in order, and the tagged lines (a named tuple:
    one is made for every note)."""

    links: tuple[Link, ...]
    tags: tuple[str, ...]
    lines: tuple[TaggedLine, ...]


EMPTY_SCAN = BodyScan((), (), ())
