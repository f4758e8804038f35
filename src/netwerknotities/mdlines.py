"""A line-by-line reader for plain Markdown bodies, to spare markdown-it.

Most notes are paragraphs, headings, lists, quotes and the odd fence or
one-line comment. For those this reader gives exactly what `mdparse` gives
with markdown-it-py, several times faster; anything it is not sure of
(escapes, tables, indented code, unclosed code spans or comments, unusual list
indentation) makes it return None and markdown-it reads the body. The rules
below mirror markdown-it's list, quote, fence and heading rules as enabled in
`mdparse`; tests/test_parse.py compares both readers on thousands of bodies.
"""

from __future__ import annotations

import re

from .notes import Link, TaggedLine
from .wikisyntax import LINE_TAGS, TAG_RE, TASK_RE, BodyScan, WikiParts, split_wikilink

# Escapes need markdown-it.
_FAST_BLOCKERS_RE = re.compile(r"\\")
# A line with `|` followed by a line that could be a table's delimiter row.
_TABLE_RE = re.compile(r"\|[^\n]*\n[ \t>]*[-:|][-:| \t]*$", re.MULTILINE)
_HR_RE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
_HEADING_RE = re.compile(r"(#{1,6})(?:[ \t]|$)")
_MARKER_RE = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])([ \t]+|$)")
# Text in a list item or quote that opens a block of its own, or starts indented.
_NESTED_BLOCK_RE = re.compile(
    r"[>\t ]|%%|<!--|```|~~~|#{1,6}(?:[ \t]|$)|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)"
)
_INLINE_RE = re.compile(r"!?\[\[|#|`+|%%|<!--")
# A line worth scanning (`# Heading` is not).
_INLINE_HINT_RE = re.compile(r"\[\[|#[^\s#]|`|%%|<!--")
# Deeper nesting than this may reach markdown-it's nesting limit: leave it to markdown-it.
_MAX_FAST_INDENT = 12
_BLANK, _PARA, _ITEM, _QUOTE, _QUOTE_BLANK = range(5)
# First characters of a line that may open something other than a paragraph.
_BLOCK_STARTS = frozenset(">%<-*_#+0123456789`~")

# One inline item of a line: start, end, what a reader sees there, and the link or the tag.
_Item = tuple[int, int, str, tuple[WikiParts, bool] | None, str | None]


class _NotPlain(Exception):
    """The body holds something the line-by-line reader leaves to markdown-it."""


def _columns(indent: str) -> int:
    column = 0
    for char in indent:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def _heading_text(text: str, hashes: int) -> str:
    """A heading's inline content, as markdown-it cuts it (`## Title ##` → `Title`)."""
    content = text[hashes:].rstrip(" \t")
    cut = content.rstrip("#")
    if len(cut) < len(content) and cut and cut[-1] in " \t":
        content = cut
    return content.strip()


def _code_span(text: str, at: int, run: int) -> _Item:
    pos = at + run
    while (close := text.find("`" * run, pos)) >= 0:
        end = close + run
        while end < len(text) and text[end] == "`":
            end += 1
        if end - close == run:
            content = text[at + run : close]
            if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                content = content[1:-1]
            return (at, end, content, None, None)
        pos = end
    raise _NotPlain  # may close on a later line of the paragraph


def _inline_items(text: str) -> list[_Item]:
    """Wikilinks, tags, code spans and comments of one line, as the inline rules find them."""
    items: list[_Item] = []
    pos = 0
    next_close = -2  # the first `]]` at or after the last link start looked at
    while match := _INLINE_RE.search(text, pos):
        at = match.start()
        pos = at + 1
        char = text[at]
        if char == "#":
            if at and not text[at - 1].isspace():
                continue
            tag = TAG_RE.match(text, at)
            if tag is not None and not tag.group(1).isdigit():
                items.append((at, tag.end(), "", None, tag.group(1).lower()))
                pos = tag.end()
            continue
        if char == "`":
            item = _code_span(text, at, match.end() - at)
            items.append(item)
            pos = item[1]
            continue
        if char in "%<":
            closer = "%%" if char == "%" else "-->"
            close = text.find(closer, match.end())
            if close < 0:
                raise _NotPlain
            pos = close + len(closer)
            items.append((at, pos, "", None, None))
            continue
        embed = char == "!"
        start = at + (3 if embed else 2)
        if next_close != -1 and start > next_close:
            next_close = text.find("]]", start)  # the first `]]` after an earlier start holds
        close = next_close
        if close < 0 or text.find("[[", start, close) >= 0:
            continue
        parts = split_wikilink(text[start:close], embed)
        if parts is not None:
            target, subpath, display = parts
            items.append((at, close + 2, display or target or subpath or "", (parts, embed), None))
            pos = close + 2
    return items


# A block: item head, open task, in a quote, [(line index, text)].
_Block = tuple[bool, bool, bool, list[tuple[int, str]]]


def _open_column(items: list[int], indent: int) -> int:
    """Close the list items a line at `indent` is not inside; the column its block starts at."""
    while items and items[-1] > indent:
        items.pop()
    return items[-1] if items else 0


def _fast_blocks(body: str) -> list[_Block]:
    """The body's paragraphs, headings and list items, read line by line.

    Raises `_NotPlain` where this reader is not sure to read as markdown-it does.
    """
    if _FAST_BLOCKERS_RE.search(body) or ("|" in body and _TABLE_RE.search(body)):
        raise _NotPlain
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    prev = _BLANK
    items: list[int] = []  # content columns of the open list items, innermost last
    fence = ""  # inside a fenced code block: the run that closes it
    for index, raw in enumerate(body.split("\n")):
        text = raw.lstrip(" \t")
        if fence:
            if (
                text.startswith(fence)
                and not text.lstrip(fence[0]).strip(" \t")
                and _columns(raw[: len(raw) - len(text)]) < 4
            ):
                fence = ""
            continue
        if not text:
            prev = _BLANK
            continue
        indent = len(raw) - len(text)
        if indent:
            indent = _columns(raw[:indent])
            if indent >= _MAX_FAST_INDENT:
                raise _NotPlain
        first = text[0]
        if prev == _QUOTE_BLANK and first != ">":
            prev = _BLANK  # a quote ends at a line after its blank line
        if first not in _BLOCK_STARTS:
            # most lines: text that starts or continues a paragraph
            if prev != _BLANK:
                current.append((index, text))
                continue
            if indent - _open_column(items, indent) >= 4:
                raise _NotPlain  # indented code
            current = [(index, text)]
            blocks.append((False, False, False, current))
            prev = _PARA
            continue
        if first == ">":
            if indent:
                raise _NotPlain
            quoted = text[2:] if text.startswith("> ") else text[1:]
            items.clear()
            if not quoted.strip(" \t"):
                prev = _QUOTE_BLANK
                continue
            if _NESTED_BLOCK_RE.match(quoted) or _HR_RE.fullmatch(quoted):
                raise _NotPlain
            if prev == _QUOTE:
                current.append((index, quoted))
            else:
                current = [(index, quoted)]
                blocks.append((False, False, True, current))
                prev = _QUOTE
            continue
        if first in "`~":
            run = len(text) - len(text.lstrip(first))
            if run >= 3:
                if indent or (first == "`" and "`" in text[run:]):
                    raise _NotPlain
                fence = first * run
                items.clear()
                prev = _BLANK
                continue
        if first in "%<" and text.startswith(("%%", "<!--")):
            if indent:
                raise _NotPlain
            closer = "%%" if first == "%" else "-->"
            close = text.find(closer, 2 if first == "%" else 4)
            if close < 0:
                raise _NotPlain  # a comment over several lines
            if not text[close + len(closer) :].strip():
                items.clear()
                prev = _BLANK  # a comment block ends what came before
                continue
        if first in "-*_" and _HR_RE.fullmatch(text):
            if indent:
                raise _NotPlain
            items.clear()
            prev = _BLANK
            continue
        heading = _HEADING_RE.match(text) if first == "#" else None
        if heading is not None:
            if indent:
                raise _NotPlain
            blocks.append((False, False, False, [(index, _heading_text(text, heading.end(1)))]))
            items.clear()
            prev = _BLANK
            continue
        marker = _MARKER_RE.match(text) if first in "-*+0123456789" else None
        if marker is not None:
            rest = text[marker.end() :]
            if (
                not rest
                or marker.end() > 4
                or "\t" in marker.group(1)
                or _NESTED_BLOCK_RE.match(rest)
                or _HR_RE.fullmatch(rest)
            ):
                raise _NotPlain
            ordered = first.isdigit()
            if prev == _ITEM and indent >= items[-1]:
                # a nested item interrupts its parent's paragraph
                if ordered or indent - items[-1] >= 4:
                    raise _NotPlain
            elif (prev == _PARA and ordered) or indent - _open_column(items, indent) >= 4:
                raise _NotPlain
            items.append(indent + marker.end())
            task = TASK_RE.match(rest)
            current = [(index, rest)]
            blocks.append((True, task is not None and task.group(1) == " ", False, current))
            prev = _ITEM
            continue
        if prev == _BLANK:
            if indent - _open_column(items, indent) >= 4:
                raise _NotPlain
            current = [(index, text)]
            blocks.append((False, False, False, current))
            prev = _PARA
        else:
            current.append((index, text))  # continues a paragraph, item or quote
    return blocks


def scan_lines(body: str, first_line: int) -> BodyScan | None:
    """Links, tags and tagged lines of a plain body, read line by line; None if not plain."""
    try:
        return _fast_scan_blocks(_fast_blocks(body), first_line)
    except _NotPlain:
        return None


def _fast_scan_blocks(blocks: list[_Block], first_line: int) -> BodyScan:
    hint = _INLINE_HINT_RE.search
    links: list[Link] = []
    tags: dict[str, None] = {}
    tagged: list[TaggedLine] = []
    for is_item_head, open_task, quoted, block_lines in blocks:
        # Every line is scanned, also one without links: an unclosed code span
        # or comment there still sends the body to markdown-it.
        found: list[tuple[int, list[_Item]]] | None = None
        for index, text in block_lines:
            if hint(text) and (items := _inline_items(text)):
                if found is None:
                    found = [(index, items)]
                else:
                    found.append((index, items))
        if found is None:
            continue
        counts = not (open_task or quoted)
        own_links: list[Link] = []
        own_tags: list[str] = []
        for index, items in found:
            line = first_line + index
            for _, _, _, link, tag in items:
                if link is not None:
                    (target, subpath, display), embed = link
                    own_links.append(
                        Link(target, subpath, display, embed, line, "body", counts and not embed)
                    )
                elif tag is not None:
                    own_tags.append(tag)
        links.extend(own_links)
        if not own_tags:
            continue
        for tag in own_tags:
            tags[tag] = None
        if any(tag.split("/", 1)[0] in LINE_TAGS for tag in own_tags):
            items_of = dict(found)
            shown = " ".join(_fast_reader_text(t, items_of.get(i, [])) for i, t in block_lines)
            text = " ".join(shown.split())
            if is_item_head and (marker := TASK_RE.match(text)):
                text = text[marker.end() :]
            start = first_line + block_lines[0][0]
            tagged.append(
                TaggedLine(start, text, tuple(dict.fromkeys(own_tags)), tuple(own_links), open_task)
            )
    return BodyScan(tuple(links), tuple(tags), tuple(tagged))


def _fast_reader_text(text: str, items: list[_Item]) -> str:
    if not items:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, shown, _, _ in items:
        parts.append(text[pos:start])
        parts.append(shown)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
