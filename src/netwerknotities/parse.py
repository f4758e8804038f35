"""One Markdown file in, one `Note` out (spec sections 1, 4 and 5).

Decoding, the front-matter split and the property links live here; the YAML
is read by `yamlread`, the Markdown body by `mdparse`. Nothing here depends
on the config or on other notes, so a parsed note can be cached by its bytes
and `PARSER_VERSION`.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .diagnostics import Diagnostic
from .mdparse import scan_body
from .notes import Link, Note, PropertyValue
from .wikisyntax import (
    EMPTY_SCAN,
    MEMOS,
    LinkHead,
    is_tag,
    remember,
    shared,
    split_wikilink,
    wikilink,
)
from .yamlread import YamlError, load_yaml

# Bump whenever the same bytes would give a different Note, or its pickle changes:
# the parse cache keys on it.
PARSER_VERSION = 4

_FM_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# As in the body: up to the first `]]`, no `[[` inside.
_PROPERTY_LINK_RE = re.compile(r"(!?)\[\[((?:(?!\[\[)[^\n])+?)\]\]")
_TAG_SPLIT_RE = re.compile(r"[,\s]+")
_TAG_KEYS = frozenset({"tags", "tag"})
# `Link(...)` without the Python-level `__new__` of a named tuple: the same tuple, cheaper.
_new = tuple.__new__


class Split(NamedTuple):
    """A text cut into front-matter and body (`yaml` is None when there is no front-matter)."""

    yaml: str | None
    body: str
    body_line: int  # the file line the body starts on
    unclosed: bool = False


def split_frontmatter(text: str) -> Split:
    """Cut decoded text (LF line ends) into front-matter YAML and body.

    Front-matter only when line 1 is `---` (trailing blanks allowed); it
    closes at the next line that is `---` or `...`. Unclosed: all is body.
    """
    if not text.startswith("---"):
        return Split(None, text, 1)
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip(" \t") != "---":
        return Split(None, text, 1)
    close = None if first_end < 0 else _FM_CLOSE_RE.search(text, first_end + 1)
    if close is None:
        return Split(None, text, 1, unclosed=True)
    yaml_text = text[first_end + 1 : close.start()]
    # `Split(...)` without the named tuple's Python-level `__new__`: one is made per note
    return _new(Split, (yaml_text, text[close.end() + 1 :], 3 + yaml_text.count("\n"), False))


def _empty_note(path: str, diagnostic: Diagnostic) -> Note:
    return Note(path, {}, (), (), (), (diagnostic,))


# Property values recur (the same `"[[Name]]"` in note after note): remember the links a
# value holds, within bounds, as `wikisyntax` remembers link texts.
_KNOWN_VALUES: dict[str, tuple[LinkHead, ...]] = {}
MEMOS.append(_KNOWN_VALUES)


def _value_links(text: str) -> tuple[LinkHead, ...]:
    """The links in a property's text, as (target, subpath, display, embed)."""
    if (
        text.startswith("[[")
        and text.find("]]") == len(text) - 2
        and text.find("[[", 1) < 0
        and "\n" not in text
        and len(text) > 4
    ):
        # Most property links are a whole value, `[[Name]]`: what the expression would find.
        link = wikilink(text[2:-2], False)
        return () if link is None else (link[0],)
    heads: list[LinkHead] = []
    for match in _PROPERTY_LINK_RE.finditer(text):
        embed = bool(match.group(1))
        parts = split_wikilink(match.group(2), embed)
        if parts is not None:
            heads.append((*parts, embed))
    return tuple(heads)


def _string_links(text: str, key: str, line: int, out: list[Link]) -> None:
    heads = _KNOWN_VALUES.get(text)
    if heads is None:
        heads = _value_links(text)
        remember(_KNOWN_VALUES, text, heads)
    for head in heads:
        out.append(_new(Link, (*head, line, key, True)))


def _bare_link(value: Any) -> str | None:
    """An unquoted `[[Name]]` is YAML for a list holding a list holding `Name`."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    ):
        return value[0][0]
    return None


def _property_links(key: str, value: PropertyValue, line: int, out: list[Link]) -> None:
    """Links in a property: in a string, in a list's strings, or unquoted (`[[Name]]`)."""
    if isinstance(value, str):
        if "[[" in value:
            _string_links(value, key, line, out)
        return
    if not isinstance(value, list):
        return
    bare = _bare_link(value)
    if bare is not None:
        _string_links(f"[[{bare}]]", key, line, out)
        return
    for item in value:
        if isinstance(item, str):
            if "[[" in item:
                _string_links(item, key, line, out)
        elif (bare := _bare_link(item)) is not None:
            _string_links(f"[[{bare}]]", key, line, out)


def _property_tags(value: PropertyValue) -> list[str]:
    items = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, list | dict):
            continue
        for word in _TAG_SPLIT_RE.split(str(item)):
            name = word.lstrip("#").lower()
            if name and is_tag(name):
                tags.append(shared(name))
    return tags


def _read_properties(
    path: str, yaml_text: str, diagnostics: list[Diagnostic]
) -> tuple[dict[str, PropertyValue], dict[str, int]]:
    """The front-matter mapping and each key's 0-based line in `yaml_text`."""
    if not yaml_text.strip():
        return {}, {}
    try:
        value, key_lines = load_yaml(yaml_text)
    except YamlError as exc:
        # The YAML text starts on file line 2, right after the opening `---`.
        diagnostics.append(Diagnostic(path, exc.line + 2, "yaml-error", exc.message))
        return {}, {}
    if value is None:
        return {}, {}
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        diagnostics.append(
            Diagnostic(path, 2, "yaml-not-mapping", f"the front-matter is {kind}, not properties")
        )
        return {}, {}
    return value, key_lines


def _decode(path: str, data: bytes, diagnostics: list[Diagnostic]) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8", "replace")
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "encoding",
                f"not valid UTF-8 (byte {exc.start}); read with replacement characters",
            )
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_note(path: str, data: bytes) -> Note:
    """Parse the bytes of one Markdown file; `path` is vault-relative with `/`."""
    if 0 in data:  # a NUL byte (testing the int is a `memchr`, the one-byte string is not)
        return _empty_note(path, Diagnostic(path, 0, "binary", "the file holds NUL bytes"))
    diagnostics: list[Diagnostic] = []
    text = _decode(path, data, diagnostics)
    if not text:
        return _empty_note(path, Diagnostic(path, 0, "empty", "the file is empty"))

    split = split_frontmatter(text)
    properties: dict[str, PropertyValue] = {}
    key_lines: dict[str, int] = {}
    if split.unclosed:
        diagnostics.append(
            Diagnostic(path, 1, "frontmatter-unclosed", "`---` on line 1 is never closed")
        )
    elif split.yaml is not None:
        properties, key_lines = _read_properties(path, split.yaml, diagnostics)
    body, body_line = split.body, split.body_line

    scan = scan_body(body, body_line) if body else EMPTY_SCAN
    all_links = scan.links
    all_tags = scan.tags  # in order, each once
    if properties:
        links: list[Link] = []
        tags: list[str] = []
        for key, value in properties.items():
            if key.lower() in _TAG_KEYS:
                tags.extend(_property_tags(value))
            if isinstance(value, str) and "[[" not in value:
                continue  # most values: text without a link
            _property_links(key, value, key_lines.get(key, 0) + 2, links)
        if links:
            all_links = (*links, *all_links)
        if tags:
            all_tags = tuple(dict.fromkeys([*tags, *all_tags]))
    # `Note(...)` without the named tuple's Python-level `__new__`, fields in their order
    return _new(
        Note,
        (
            path,
            properties,
            all_tags,
            all_links,
            scan.lines,
            tuple(diagnostics),
            split.yaml is not None,
        ),
    )
