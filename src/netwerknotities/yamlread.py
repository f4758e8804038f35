"""Front-matter YAML read the way Obsidian's Properties view shows it.

PyYAML resolves plain scalars by YAML 1.1 rules (`NO` → False, `10:30` → 630,
`0123` → 83): data loss for a phone number or a country code. Here the libyaml
parser still does the scanning (speed), but every plain scalar is typed by
`_plain_value`: a number only when writing it back gives the same text,
`true`/`false` in any case, ISO dates and date-times, and text for the rest.
Quoted scalars are always text; mapping keys are the text as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml: slower, same result
    _BaseLoader = yaml.SafeLoader

# An alias bomb ("billion laughs") is cheap to compose because aliases share
# nodes, but every consumer that walks the value would explode; a real
# front-matter never comes near this many values.
MAX_EXPANDED_NODES = 10_000

_PLAIN_TAG = "tag:netwerknotities,2026:plain"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

_INT_RE = re.compile(r"-?[0-9]+")
# `int()` refuses longer texts (sys.int_info.default_max_str_digits): such a value is text
_MAX_INT_DIGITS = 4000
_FLOAT_RE = re.compile(r"-?[0-9]+\.[0-9]+")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt]|[ \t]+)"
    r"([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)"
    r"[ \t]*([Zz]|[-+][0-9]{2}(?::?[0-9]{2})?)?"
)


class YamlError(Exception):
    """The front-matter could not be read; `line` is 0-based within the YAML text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _plain_value(text: str) -> Any:
    """Type a plain (unquoted) scalar as Obsidian shows it."""
    if not text or text == "~":
        return None
    first = text[0]
    if first in "tTfFnN":
        low = text.lower()
        if low == "true":
            return True
        if low == "false":
            return False
        if low == "null":
            return None
        return text
    if first not in "-0123456789":
        return text
    if _INT_RE.fullmatch(text):
        if len(text) > _MAX_INT_DIGITS:  # past Python's int/str conversion limit: text
            return text
        number = int(text)
        return number if str(number) == text else text
    if _FLOAT_RE.fullmatch(text):
        real = float(text)
        return real if repr(real) == text else text
    if _DATE_RE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    match = _DATETIME_RE.fullmatch(text)
    if match:
        day, time, offset = match.groups()
        iso = f"{day}T{time.replace(',', '.')}{(offset or '').upper()}"
        try:
            return dt.datetime.fromisoformat(iso)
        except ValueError:
            return text
    return text


class _ObsidianLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping", node.start_mark
            )
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a property name must be plain text", key_node.start_mark
                )
            # The key as typed: `1:`, `null:` and `yes:` are names, not values.
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping


def _construct_plain(loader: _ObsidianLoader, node: ScalarNode) -> Any:
    return _plain_value(node.value)


_ObsidianLoader.add_constructor(_PLAIN_TAG, _construct_plain)


def _check_size(root: Node) -> None:
    """Refuse alias bombs and recursive aliases before anything walks the value."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in busy:
            raise YamlError(node.start_mark.line, "a recursive alias")
        busy.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
        busy.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise YamlError(node.start_mark.line, "too many aliases (expands too far)")
        sizes[key] = total
        return total

    size(root)


def _describe(exc: yaml.YAMLError) -> tuple[int, str]:
    if isinstance(exc, yaml.MarkedYAMLError):
        # For a key without `:` the context mark is the bad line; the problem
        # mark is where the scanner gave up, often the next line.
        # Likewise a quoted scalar that never closes: the scanner gives up at the end
        # of the front-matter, the quote that opened it is what the user must fix.
        starts_there = exc.context in (
            "while scanning a simple key",
            "while scanning a quoted scalar",
        )
        mark = (exc.context_mark if starts_there else None) or exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.context, exc.problem) if p]
        return (mark.line if mark is not None else 0), "; ".join(parts) or "invalid YAML"
    return 0, str(exc).splitlines()[0] if str(exc) else "invalid YAML"


# --- the common front-matter, without the YAML machinery ------------------------
#
# Most front-matter is `key: value` lines and lists of `  - value` lines, with
# values of letters, digits and a little punctuation. For exactly that (every
# character of every line checked) the value is read here, the same as libyaml
# and the constructors above give it (tests/test_yamlread.py compares both on
# random text), several times faster; anything else goes to libyaml.

# A plain scalar that starts with a letter or digit, holds no indicator (`#`, `,`,
# brackets, quotes, ...) nor a `:` but one inside a word (`https://x`, `10:30`), and
# ends in no blank: it is the text as it stands.
_PLAIN = r"[^\W_](?:[\w ./()+@-]|:(?=[\w./()+@-]))*(?<! )"
_FLOW_PLAIN = r"[^\W_][\w./()+@-]*"
# Quoted scalars without escapes, on one line: their text.
_DOUBLE = r'"([\w !#$%&\'()+,./:;<=>?@\[\]^`{|}~-]*)"'
_SINGLE = r"'([\w !#$%&()+,./:;<=>?@\[\]^`{|}~\"-]*)'"
_FLOW_ITEM = rf'{_FLOW_PLAIN}|"[\w !#$%&\'()+,./:;<=>?@\[\]^`{{|}}~-]*"'
_VALUE = rf"({_PLAIN})|{_DOUBLE}|{_SINGLE}"
_KEY_LINE_RE = re.compile(
    rf"(\w[\w-]*(?: [\w-]+)*):(?: (?:{_VALUE}|\[((?:(?:{_FLOW_ITEM})(?:, (?:{_FLOW_ITEM}))*)?)\]))?"
)
_ITEM_LINE_RE = re.compile(rf"( *)- (?:{_VALUE})")
# The commonest lines, `key: words`, `key: "text"`, `key:` and `  - words` or `  - "text"`,
# by narrower expressions several times cheaper than `_KEY_LINE_RE` and `_ITEM_LINE_RE`
# (whose plain value allows a `:` inside a word, checked at every character). What they
# match the full ones match with the same key and value: a key without blanks ends at the
# first `:`, and the plain value is `_PLAIN` without a `:` (tests/test_yamlread.py checks).
_SIMPLE_PLAIN = r"[^\W_][\w./()+@-]*(?: [\w./()+@-]+)*"
_SIMPLE_KEY_LINE_RE = re.compile(rf"(\w[\w-]*):(?: (?:({_SIMPLE_PLAIN})|{_DOUBLE}))?")
_SIMPLE_ITEM_LINE_RE = re.compile(rf"( *)- (?:({_SIMPLE_PLAIN})|{_DOUBLE})")
_FLOW_ITEM_RE = re.compile(rf'({_FLOW_PLAIN})|"([^"]*)"')
_MAX_SIMPLE_KEY = 200  # libyaml allows a key of 1024 characters at most


# Front-matter lines recur (`type: person`, `  - "[[Jan]]"`, the same date in many notes):
# what a line gives is remembered, within bounds, as `wikisyntax` remembers link texts.
# Only values that cannot change are kept (text, numbers, dates, None: never a list).
_KNOWN_KEY_LINES: dict[str, tuple[str, Any]] = {}  # line → (key, value)
_KNOWN_ITEM_LINES: dict[str, tuple[str, Any]] = {}  # line → (indentation, value)
_MAX_KNOWN_LINES = 20_000
_MAX_KNOWN_LENGTH = 200
_LIST = object()  # the "value" of `key:` alone: null, or the list on the lines below


def _item_line(line: str) -> tuple[str, Any] | None:
    """The indentation and value of a plain `  - value` line; None if it is not one."""
    known = _KNOWN_ITEM_LINES.get(line)
    if known is not None:
        return known
    match = _SIMPLE_ITEM_LINE_RE.fullmatch(line)
    if match is not None:
        spaces, plain, double = match.groups()
        single = None
    else:
        match = _ITEM_LINE_RE.fullmatch(line)
        if match is None:
            return None
        spaces, plain, double, single = match.groups()
    if plain is not None:
        known = (spaces, _plain_value(plain))
    else:
        known = (spaces, double if double is not None else single)
    if len(line) <= _MAX_KNOWN_LENGTH:
        if len(_KNOWN_ITEM_LINES) >= _MAX_KNOWN_LINES:
            _KNOWN_ITEM_LINES.clear()
        _KNOWN_ITEM_LINES[line] = known
    return known


def _key_line(line: str) -> tuple[str, Any] | None:
    """The key and value of a plain `key: value` line (`_LIST` for `key:` alone, a new
    list for `key: [a, b]`); None if it is not one."""
    known = _KNOWN_KEY_LINES.get(line)
    if known is not None:
        return known
    match = _SIMPLE_KEY_LINE_RE.fullmatch(line)
    if match is not None:
        key, plain, double = match.groups()
        single = flow = None
    else:
        match = _KEY_LINE_RE.fullmatch(line)
        if match is None:
            return None
        key, plain, double, single, flow = match.groups()
    if len(key) > _MAX_SIMPLE_KEY:
        return None
    if flow is not None:  # `[a, "b"]`: a list, which a caller may change, so not kept
        items = [
            _plain_value(plain) if plain else double
            for plain, double in _FLOW_ITEM_RE.findall(flow)
        ]
        return key, items
    if plain is not None:
        known = (key, _plain_value(plain))
    elif double is not None:
        known = (key, double)
    elif single is not None:
        known = (key, single)
    else:
        known = (key, _LIST)
    if len(line) <= _MAX_KNOWN_LENGTH:
        if len(_KNOWN_KEY_LINES) >= _MAX_KNOWN_LINES:
            _KNOWN_KEY_LINES.clear()
        _KNOWN_KEY_LINES[line] = known
    return known


def _load_simple(text: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """`load_yaml` for the plainest front-matter; None for anything else."""
    if "*" in text:  # `_check_size` may have something to say
        return None
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    key = ""
    items: list[Any] | None = None  # the list that an item line adds to
    indent: str | None = None  # the indentation of that list's items
    for index, line in enumerate(text.split("\n")):
        if not line:
            items = None
            continue
        if line[0] in " -":
            if items is None:
                return None
            item = _item_line(line)
            if item is None:
                return None
            spaces, value = item
            if indent is None:
                indent = spaces
                mapping[key] = items
            elif spaces != indent:
                return None
            items.append(value)
            continue
        pair = _key_line(line)
        if pair is None:
            return None
        key, value = pair
        lines[key] = index
        items = None
        if value is _LIST:
            mapping[key] = None
            items, indent = [], None
        else:
            mapping[key] = value
    if not mapping:
        return None
    return mapping, lines


def load_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Read one YAML document; return the value and, for a mapping, each key's 0-based line.

    Raises `YamlError` for anything that is not readable YAML.
    """
    simple = _load_simple(text)
    if simple is not None:
        return simple
    return _load_full(text)


def _load_full(text: str) -> tuple[Any, dict[str, int]]:
    """`load_yaml` through libyaml and the constructors above."""
    loader = _ObsidianLoader(text)
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            if "*" in text:
                _check_size(node)
            value = loader.construct_document(node)
        except yaml.YAMLError as exc:
            line, message = _describe(exc)
            raise YamlError(line, message) from None
        except RecursionError:
            raise YamlError(0, "nested too deeply") from None
        except (ValueError, TypeError, OverflowError) as exc:
            # explicit tags such as `!!int abc` fail inside PyYAML's own constructors
            raise YamlError(0, str(exc) or "invalid value") from None
        lines: dict[str, int] = {}
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode):
                    lines[key_node.value] = key_node.start_mark.line
        return value, lines
    finally:
        loader.dispose()
