"""Edit a note's front-matter and body as text, changing only the bytes that must change.

A user's note is never re-dumped through a YAML library: that would reorder
keys, drop comments, change quoting and list style. Instead the one key's
lines are found and replaced (or a line is added before the closing `---`),
and everything else — BOM, CRLF, comments, other keys — is copied as it was.

As a safety net every edit is checked with a YAML parser afterwards: the new
front-matter must read exactly like the old one except for the edited key.
When that does not hold, or the front-matter cannot be read at all, the edit
is refused with `FrontMatterError` rather than risk a user's note.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

BOM = b"\xef\xbb\xbf"

_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# A top-level key: quoted, or plain (not starting with a YAML indicator), then ':' and a
# space or the end of the line.
_KEY_RE = re.compile(
    r"""^(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'\-\[\]{},&*!|>%@`?:][^\r\n]*?)"""
    r"""[ \t]*:(?=[ \t]|$)"""
)
_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@`")

try:  # libyaml when present: the safety check runs on every edit
    _LOADER: Any = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LOADER = yaml.BaseLoader


class FrontMatterError(ValueError):
    """The front-matter cannot be edited safely; the message says why."""


@dataclass(frozen=True, slots=True)
class _Doc:
    """A note split into lines (each with its own line ending), after the BOM."""

    bom: bool
    newline: str
    lines: tuple[str, ...]
    close: int | None  # index of the closing `---`; None when there is no front-matter


def _decode(data: bytes) -> tuple[bool, str]:
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        return bom, body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(f"the file is not UTF-8 (byte {exc.start}); not edited") from exc


def _split_lines(text: str) -> tuple[str, ...]:
    # Only \n ends a line here, as in YAML and Obsidian; str.splitlines() would also
    # split on form feeds and U+2028, changing bytes it should not touch.
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return tuple(lines)


def _content(line: str) -> str:
    return line.rstrip("\n").removesuffix("\r")


def newline_of(text: str) -> str:
    """The newline the file uses (its first line's), `\\n` for a file without one."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _parse(data: bytes) -> _Doc:
    bom, text = _decode(data)
    lines = _split_lines(text)
    close: int | None = None
    if lines and _FENCE_RE.match(_content(lines[0])):
        for i in range(1, len(lines)):
            if _CLOSE_RE.match(_content(lines[i])):
                close = i
                break
        else:
            raise FrontMatterError("the front-matter starts with --- but is never closed")
    return _Doc(bom, newline_of(text), lines, close)


def _join(doc: _Doc, lines: Sequence[str]) -> bytes:
    return (BOM if doc.bom else b"") + "".join(lines).encode("utf-8")


def _unquote_key(raw: str) -> str:
    if raw.startswith('"'):
        loaded = yaml.load(raw, Loader=_LOADER)
        return str(loaded)
    if raw.startswith("'"):
        return raw[1:-1].replace("''", "'")
    return raw


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    start: int  # index of the key line
    end: int  # index after the last line of its value
    colon: int  # offset just after the ':' in the key line


def _is_continuation(content: str) -> bool:
    if content[:1] in (" ", "\t"):
        return bool(content.strip())
    return content == "-" or content.startswith(("- ", "-\t"))


def _flow_end(doc: _Doc, start: int, first_value: str) -> int:
    """Index after the last line of a flow collection or quoted scalar that spans lines."""
    depth, quote, i = 0, "", start
    text = first_value
    while True:
        j = 0
        while j < len(text):
            ch = text[j]
            if quote:
                if quote == '"' and ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'" and (j == 0 or text[j - 1] in " \t[{,:"):
                quote = ch
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
            elif ch == "#" and (j == 0 or text[j - 1] in " \t"):
                break
            j += 1
        if (depth <= 0 and not quote) or i + 1 >= (doc.close or 0):
            return i + 1
        i += 1
        text = _content(doc.lines[i])


def _entries(doc: _Doc) -> list[_Entry]:
    assert doc.close is not None
    entries: list[_Entry] = []
    i = 1
    while i < doc.close:
        content = _content(doc.lines[i])
        match = _KEY_RE.match(content)
        if not match:
            i += 1
            continue
        colon = match.end()
        value = content[colon:].strip()
        end = i + 1
        if value[:1] in ("[", "{", '"', "'"):
            end = _flow_end(doc, i, value)
        # Indented lines and `- item` lines belong to the value; blank lines and column-0
        # comments only when more of the value follows them.
        j = end
        while j < doc.close:
            c = _content(doc.lines[j])
            if _is_continuation(c):
                end = j + 1
            elif c.strip() and not c.startswith("#"):
                break
            j += 1
        entries.append(_Entry(_unquote_key(match.group("key").rstrip()), i, end, colon))
        i = end
    return entries


def _load_mapping(doc: _Doc, lines: Sequence[str]) -> dict[str, Any]:
    text = "".join(lines[1 : doc.close]) if doc.close is not None else ""
    try:
        loaded = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"the front-matter is not valid YAML{where}: {problem}") from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise FrontMatterError("the front-matter is not a list of properties")
    return loaded


def frontmatter_keys(data: bytes) -> list[str]:
    """The top-level keys of the front-matter, in order, as written (unquoted)."""
    doc = _parse(data)
    return [] if doc.close is None else [e.key for e in _entries(doc)]


def check_frontmatter(data: bytes) -> None:
    """Raise `FrontMatterError` when the note's front-matter cannot be edited safely."""
    doc = _parse(data)
    if doc.close is None:
        return
    _load_mapping(doc, doc.lines)
    seen: set[str] = set()
    for entry in _entries(doc):
        if entry.key in seen:
            raise FrontMatterError(f"the key {entry.key!r} appears twice in the front-matter")
        seen.add(entry.key)


def _trailing_comment(value: str) -> str:
    """The ` # comment` at the end of a one-line value (outside quotes), with its spacing."""
    quote = ""
    for j, ch in enumerate(value):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (j == 0 or value[j - 1] in " \t[{,"):
            quote = ch
        elif ch == "#" and j > 0 and value[j - 1] in " \t":
            k = j
            while k > 0 and value[k - 1] in " \t":
                k -= 1
            return value[k:]
    return ""


def _value_lines(key_prefix: str, sep: str, value: str, comment: str, nl: str) -> list[str]:
    if value.startswith("\n"):  # a block value: `key:` then its indented lines
        head = key_prefix + (comment if comment else "")
        return [head + nl] + [line + nl for line in value[1:].split("\n")]
    parts = value.split("\n")
    first = key_prefix + sep + parts[0] + (comment if len(parts) == 1 else "")
    return [first + nl] + [p + nl for p in parts[1:]]


def set_property(data: bytes, key: str, value_yaml: str) -> bytes:
    """Set `key` to `value_yaml` (YAML text, see `yaml_value`) in the front-matter.

    An existing key keeps its place, spelling, spacing after the colon and a trailing
    comment; its value lines (continuations, block or flow lists) are replaced. A new
    key goes before the closing `---`; a note without front-matter gets one. Every
    other byte stays as it was. Raises `FrontMatterError` when that cannot be done safely.
    """
    doc = _parse(data)
    nl = doc.newline
    if doc.close is None:
        head = ["---" + nl, *_value_lines(_plain_key(key) + ":", " ", value_yaml, "", nl)]
        return _join(doc, [*head, "---" + nl, *doc.lines])
    before = _load_mapping(doc, doc.lines)
    entries = [e for e in _entries(doc) if e.key == key]
    if len(entries) > 1:
        raise FrontMatterError(f"the key {key!r} appears twice in the front-matter")
    lines = list(doc.lines)
    if entries:
        entry = entries[0]
        content = _content(lines[entry.start])
        rest = content[entry.colon :]
        sep = rest[: len(rest) - len(rest.lstrip(" \t"))] if rest.strip() else " "
        if not sep or sep.startswith("\t"):
            sep = " "
        # a comment on the key line survives; comments inside the old value go with it
        comment = _trailing_comment(rest)
        if entry.end == entry.start + 1:
            value_yaml = _same_quotes(rest[: len(rest) - len(comment)].strip(), value_yaml)
        new = _value_lines(content[: entry.colon], sep, value_yaml, comment, nl)
        lines[entry.start : entry.end] = new
    else:
        new = _value_lines(_plain_key(key) + ":", " ", value_yaml, "", nl)
        lines[doc.close : doc.close] = new
    result = _join(doc, lines)
    _verify(before, _parse(result), key, value_yaml)
    return result


def _same_quotes(old: str, value_yaml: str) -> str:
    """A plain new value in the quotes the user wrote the old one in."""
    if not value_yaml or value_yaml[0] in "\"'[{\n" or "\n" in value_yaml:
        return value_yaml
    if len(old) >= 2 and old[0] == old[-1] == '"':
        return json.dumps(value_yaml, ensure_ascii=False)
    if len(old) >= 2 and old[0] == old[-1] == "'":
        return "'" + value_yaml.replace("'", "''") + "'"
    return value_yaml


def read_frontmatter(data: bytes) -> dict[str, Any]:
    """The front-matter with every scalar as the text typed (no YAML typing); {} when none.

    Raises `FrontMatterError` when it cannot be read.
    """
    doc = _parse(data)
    return {} if doc.close is None else _load_mapping(doc, doc.lines)


def _plain_key(key: str) -> str:
    if _KEY_RE.match(key + ":") and _unquote_key(key) == key and "#" not in key:
        return key
    return json.dumps(key, ensure_ascii=False)


def _verify(before: dict[str, Any], after_doc: _Doc, key: str, value_yaml: str) -> None:
    after = _load_mapping(after_doc, after_doc.lines)
    text = ("v:" if value_yaml.startswith("\n") else "v: ") + value_yaml
    try:
        wanted = yaml.load(text, Loader=_LOADER)["v"]
    except (yaml.YAMLError, TypeError, KeyError) as exc:
        raise FrontMatterError(f"not a YAML value for {key!r}: {value_yaml!r}") from exc
    expected = dict(before)
    expected[key] = wanted
    if after != expected:
        raise FrontMatterError(
            f"changing {key!r} would change other properties too; the note was not edited"
        )


def append_lines(data: bytes, lines: Sequence[str]) -> bytes:
    """Append `lines` at the end of the file, in its newline style.

    A newline is added first when the file does not end with one. The BOM and every
    existing byte stay as they were. Works on bytes, so it never re-encodes the file.
    """
    body = data[len(BOM) :] if data.startswith(BOM) else data
    first = body.find(b"\n")
    nl = b"\r\n" if first > 0 and body[first - 1 : first] == b"\r" else b"\n"
    out = bytearray(data)
    if body and not body.endswith(b"\n"):
        out += nl
    for line in lines:
        out += line.encode("utf-8") + nl
    return bytes(out)


def append_line(data: bytes, line: str) -> bytes:
    """`append_lines` for one line."""
    return append_lines(data, [line])


# -- YAML values as Obsidian writes them ---------------------------------------------------


def yaml_text(value: str) -> str:
    """A text value: plain when it reads back as the same text, else double-quoted."""
    if _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_FIRST_BAD:
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 or 0x80 <= ord(ch) < 0xA0 for ch in value):
        return False
    if any(ch in value for ch in "\u2028\u2029\ufeff"):
        return False
    try:
        # YAML 1.1 resolvers: `no`, `0612`, `10:30`, `2026-01-01` must be quoted to stay text
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def yaml_link(link: str) -> str:
    """A wikilink in a property: always quoted, as Obsidian writes it (`"[[Name]]"`)."""
    return json.dumps(link, ensure_ascii=False)


def yaml_date(day: dt.date) -> str:
    return day.isoformat()


def yaml_list(items: Sequence[str]) -> str:
    """A block list as Obsidian writes it (items already YAML text); `[]` when empty."""
    if not items:
        return "[]"
    return "".join(f"\n  - {item}" for item in items)
