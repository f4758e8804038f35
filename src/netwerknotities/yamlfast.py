"""The common front-matter, read without the YAML machinery (see `yamlread`).

Compiled by setup.py where a C compiler is there: this runs for nearly every note
of a cold build. What a value means (`_plain_value`) is decided here for both
readers, so that they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .wikisyntax import MEMOS, remember, shared

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


# --- the common front-matter, without the YAML machinery ------------------------
#
# Most front-matter is `key: value` lines and lists of `  - value` lines, with
# values of letters, digits and a little punctuation. For exactly that (every
# character of every line checked) the value is read here, the same as libyaml
# and the constructors of `yamlread` give it (tests/test_yamlread.py compares both on
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
MEMOS.extend((_KNOWN_KEY_LINES, _KNOWN_ITEM_LINES))
_LIST = object()  # the "value" of `key:` alone: null, or the list on the lines below


def _shared(value: Any) -> Any:
    """A recurring text value (`persoon`, `[[Jan Jansen]]`) as `wikisyntax.shared`."""
    return shared(value) if type(value) is str else value


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
    known = (spaces, _shared(known[1]))
    remember(_KNOWN_ITEM_LINES, line, known)
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
            _shared(_plain_value(plain) if plain else double)
            for plain, double in _FLOW_ITEM_RE.findall(flow)
        ]
        return shared(key), items
    if plain is not None:
        known = (key, _plain_value(plain))
    elif double is not None:
        known = (key, double)
    elif single is not None:
        known = (key, single)
    else:
        known = (key, _LIST)
    known = (shared(key), _shared(known[1]))
    remember(_KNOWN_KEY_LINES, line, known)
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
