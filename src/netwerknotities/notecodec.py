"""Notes as bytes: how a parsed `Note` crosses from a parse worker to the build and
lies in the parse cache.

A note is written as plain tuples with `marshal`, which knows only built-in
types and is several times faster than `pickle` both ways (dumps about 9 against
20 µs a note of the benchmark vault, loads about 7 against 13, rebuilding the
named tuples included). Property values that are dates go beside the other
values as ISO texts. Anything else `marshal` cannot hold (a date inside a list,
a note with diagnostics, a time zone that is not a fixed offset) makes that one
note a pickle. The first byte says which of the two a blob is.

A tagged line's links are the same objects as a run of the note's own links
(the parser makes them so); they are written as that run's bounds, so the
decoded note shares them too, as a pickle's would.
"""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from typing import Any

from .notes import Link, Note, TaggedLine

_MARSHAL = 0x6D  # b"m"
_PICKLE = 0x70  # b"p"
_new = tuple.__new__
_DATE = dt.date
_DATETIME = dt.datetime


class _Unplain(Exception):
    """The note holds something that only a pickle keeps exactly."""


def encode(note: Note) -> bytes:
    """The note as bytes for `decode`."""
    if not note.diagnostics:
        try:
            return b"m" + marshal.dumps(_plain(note), marshal.version)
        except (ValueError, _Unplain):
            pass  # something marshal cannot hold: this note is a pickle
    return b"p" + pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes) -> Note:
    """The note that `encode` wrote (raises on damaged bytes)."""
    kind = data[0]
    if kind == _MARSHAL:
        return _note(marshal.loads(memoryview(data)[1:]))
    if kind == _PICKLE:
        note = pickle.loads(memoryview(data)[1:])
        if not isinstance(note, Note):
            raise ValueError("not a note")
        return note
    raise ValueError("not a note")


def _plain(note: Note) -> tuple[Any, ...]:
    path, properties, tags, links, lines, _, has_frontmatter = note
    dates: tuple[tuple[str, str], ...] = ()
    if properties:
        found = [
            (key, value)
            for key, value in properties.items()
            if type(value) is _DATE or type(value) is _DATETIME
        ]
        if found:
            properties = dict(properties)
            for key, value in found:
                if type(value) is _DATETIME and not (
                    value.tzinfo is None or type(value.tzinfo) is dt.timezone
                ):
                    raise _Unplain
                properties[key] = None
            dates = tuple((key, value.isoformat()) for key, value in found)
    plain_lines: list[tuple[Any, ...]] = []
    if lines:
        where = {id(link): i for i, link in enumerate(links)}
        for line in lines:
            own = line.links
            start = where.get(id(own[0])) if own else 0
            if start is not None and _is_run(links, start, own):
                run: tuple[Any, ...] = (start, len(own))
            else:  # not a run of the note's links: the links themselves
                run = (None, tuple(map(tuple, own)))
            plain_lines.append((line.line, line.text, line.tags, *run, line.open_task))
    return (
        path,
        properties,
        tags,
        tuple(map(tuple, links)),
        tuple(plain_lines),
        dates,
        has_frontmatter,
    )


def _is_run(links: tuple[Link, ...], start: int, own: tuple[Link, ...]) -> bool:
    """Whether `own` are the very objects `links[start : start + len(own)]`."""
    return len(links) >= start + len(own) and all(
        links[start + i] is link for i, link in enumerate(own)
    )


def _note(plain: tuple[Any, ...]) -> Note:
    path, properties, tags, plain_links, plain_lines, dates, has_frontmatter = plain
    for key, iso in dates:
        properties[key] = (
            _DATETIME.fromisoformat(iso) if len(iso) > 10 else _DATE.fromisoformat(iso)
        )
    links = tuple([_new(Link, link) for link in plain_links])
    lines: tuple[TaggedLine, ...] = ()
    if plain_lines:
        built: list[TaggedLine] = []
        for line, text, line_tags, start, run, open_task in plain_lines:
            # `run`: how many of the note's links from `start`, or the links themselves
            own = (
                links[start : start + run]
                if start is not None
                else tuple([_new(Link, link) for link in run])
            )
            built.append(_new(TaggedLine, (line, text, line_tags, own, open_task)))
        lines = tuple(built)
    return _new(Note, (path, properties, tags, links, lines, (), has_frontmatter))
