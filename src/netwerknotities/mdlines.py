"""A line-by-line reader for plain Markdown bodies, to spare markdown-it.

Most notes are paragraphs, headings, lists, quotes and the odd fence or
one-line comment. For those this reader gives exactly what `mdparse` gives
with markdown-it-py, several times faster; anything it is not sure of
(escapes, tables, indented code, unclosed code spans or comments, unusual list
indentation) makes it return None and markdown-it reads the body. The rules
below mirror markdown-it's list, quote, fence and heading rules as enabled in
`mdparse`; tests/test_parse.py compares both readers on thousands of bodies.

It is on the hot path of a cold build, so it reads each line once, and where
it can it tests characters and uses `str.find` rather than regular expressions
(which cost several nanoseconds a character);
tests/test_parse_speed_equivalence.py checks each such shortcut.
"""

from __future__ import annotations

import re

from .notes import Link, TaggedLine
from .wikisyntax import LINE_TAGS, TAG_RE, TASK_RE, BodyScan, LinkHead, shared, wikilink

# A line with `|` followed by a line that could be a table's delimiter row.
_TABLE_RE = re.compile(r"\|[^\n]*\n[ \t>]*[-:|][-:| \t]*$", re.MULTILINE)
_HR_RE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")
_MARKER_RE = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])([ \t]+|$)")
# Text in a list item or quote that opens a block of its own, or starts indented.
_NESTED_BLOCK_RE = re.compile(
    r"[>\t ]|%%|<!--|```|~~~|#{1,6}(?:[ \t]|$)|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)"
)
_INLINE_RE = re.compile(r"!?\[\[|#|`+|%%|<!--")
# Deeper nesting than this may reach markdown-it's nesting limit: leave it to markdown-it.
_MAX_FAST_INDENT = 12
_BLANK, _PARA, _ITEM, _QUOTE, _QUOTE_BLANK = range(5)
# First characters of a line that may open something other than a paragraph.
_BLOCK_STARTS = frozenset(">%<-*_#+0123456789`~")

_HR_CHARS = {"-": "- \t", "*": "* \t", "_": "_ \t"}
# First characters of text that `_NESTED_BLOCK_RE` may match.
_NESTED_STARTS = frozenset(">\t %<`~#-*+0123456789")

# `Link(...)` without the Python-level `__new__` of a named tuple: the same tuple, cheaper.
_new = tuple.__new__

# After `- `: text that makes the item more than `- text` (a rule, a nested block, an
# indented start, or nothing; `#` is looked at on its own).
_NOT_PLAIN_ITEM = ">\t %<`~-*+_0123456789"

# (item head, open task, counts as mention) of a new block.
_PARA_FLAGS = (False, False, True)
_QUOTE_FLAGS = (False, False, False)
_ITEM_FLAGS = (True, False, True)
_OPEN_TASK_FLAGS = (True, True, False)

# One inline item of a line: start, end, what a reader sees there, and the link or the tag.
_Item = tuple[int, int, str, LinkHead | None, str | None]


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
    if "`" in text or "%%" in text or "<!--" in text:
        return _all_inline_items(text)
    return _links_and_tags(text)


def _links_and_tags(text: str) -> list[_Item]:
    """`_all_inline_items` for a line without code spans or comments, with `str.find`
    instead of a regular expression that costs several nanoseconds a character."""
    items: list[_Item] = []
    pos = 0
    next_close = -2  # the first `]]` at or after the last link start looked at
    # The first `#` and the first `[[` at or after `pos`.
    hash_at = text.find("#")
    link_at = text.find("[[")
    while hash_at >= 0 or link_at >= 0:
        # `![[` is an embed when its `!` is not before `pos`.
        at = link_at - 1 if link_at > pos and text[link_at - 1] == "!" else link_at
        if hash_at >= 0 and (link_at < 0 or hash_at < at):
            pos = hash_at + 1
            if not hash_at or text[hash_at - 1].isspace():
                # `TAG_RE` (`#[\w/-]+`, `\w` being `str.isalnum` or `_`), the expression
                # only when the word up to the next blank is not all letters and digits
                end = text.find(" ", pos)
                name = text[pos:end] if end >= 0 else text[pos:]
                if name.isalnum():
                    end = pos + len(name)
                elif tag := TAG_RE.match(text, hash_at):
                    name, end = tag.group(1), tag.end()
                else:
                    end = -1
                if end >= 0 and not name.isdigit():
                    pos = end
                    items.append((hash_at, pos, "", None, shared(name.lower())))
            hash_at = text.find("#", pos)
            continue  # a tag holds no `[`: `link_at` is still the first after `pos`
        pos = at + 1
        embed = at != link_at
        start = link_at + 2
        if next_close != -1 and start > next_close:
            next_close = text.find("]]", start)  # the first `]]` after an earlier start holds
        close = next_close
        if close >= 0 and text.find("[[", start, close) < 0:
            link = wikilink(text[start:close], embed)
            if link is not None:
                pos = close + 2
                items.append((at, pos, link[1], link[0], None))
        link_at = text.find("[[", pos)
        if 0 <= hash_at < pos:
            hash_at = text.find("#", pos)
    return items


def _all_inline_items(text: str) -> list[_Item]:
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
                items.append((at, tag.end(), "", None, shared(tag.group(1).lower())))
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
        link = wikilink(text[start:close], embed)
        if link is not None:
            items.append((at, close + 2, link[1], link[0], None))
            pos = close + 2
    return items


def _opens_block(text: str) -> bool:
    """`_NESTED_BLOCK_RE.match(text)` for non-empty text, the expression only when it may match."""
    first = text[0]
    if first not in _NESTED_STARTS:
        return False
    if first == "#":  # a heading, as `#{1,6}(?:[ \t]|$)`
        hashes = len(text) - len(text.lstrip("#"))
        return hashes <= 6 and (hashes == len(text) or text[hashes] in " \t")
    return _NESTED_BLOCK_RE.match(text) is not None


def _closes_fence(raw: str, fence: str) -> bool:
    """Whether a line inside a fenced code block closes it (`fence`: the opening run)."""
    text = raw.lstrip(" \t")
    return (
        text.startswith(fence)
        and not text.lstrip(fence[0]).strip(" \t")
        and _columns(raw[: len(raw) - len(text)]) < 4
    )


def _open_column(items: list[int], indent: int) -> int:
    """Close the list items a line at `indent` is not inside; the column its block starts at."""
    while items and items[-1] > indent:
        items.pop()
    return items[-1] if items else 0


def scan_lines(body: str, first_line: int) -> BodyScan | None:
    """Links, tags and tagged lines of a plain body, read line by line; None if not plain."""
    if "\\" in body or ("|" in body and _TABLE_RE.search(body)):
        return None  # escapes and tables need markdown-it
    try:
        return _scan(body, first_line)
    except _NotPlain:
        return None


def _scan(body: str, first_line: int) -> BodyScan:
    """One pass: the block structure as markdown-it sees it, and the inline items of each
    block line as it comes (a block's lines are consecutive, so are its links).

    Raises `_NotPlain` where this reader is not sure to read as markdown-it does.
    """
    links: list[Link] = []
    tags: dict[str, None] = {}
    tagged: list[TaggedLine] = []
    # Regular expressions cost several nanoseconds a character; `in` is far cheaper,
    # so a line is only looked at closely when it may hold an inline item.
    rare = "`" in body or "%%" in body or "<!--" in body
    prev = _BLANK
    items: list[int] = []  # content columns of the open list items, innermost last
    fence = ""  # inside a fenced code block: the run that closes it
    # The current block: its first line, its lines with their inline items, whether it is
    # a list item's head, an open task, whether its links count as mentions, its tags so
    # far, whether one of them makes it a tagged line, where its links start.
    start = 0
    lines: list[tuple[str, list[_Item] | None]] = []
    item_head = open_task = False
    counts = True
    flags: tuple[bool, bool, bool] | None  # (item head, open task, counts) of a new block
    own_tags: list[str] | None = None
    line_tag = False
    link_start = 0
    found: list[_Item] | None
    for index, raw in enumerate(body.split("\n")):
        if not raw:  # a blank line; in a fence nothing changes
            if not fence:
                prev = _BLANK
            continue
        first = raw[0]
        if fence:
            if _closes_fence(raw, fence):
                fence = ""
            continue
        if first == " " or first == "\t":
            text = raw.lstrip(" \t")
            if not text:
                prev = _BLANK
                continue
            indent = _columns(raw[: len(raw) - len(text)])
            if indent >= _MAX_FAST_INDENT:
                raise _NotPlain
            first = text[0]
        else:  # most lines start at the margin
            text = raw
            indent = 0
        if prev == _QUOTE_BLANK and first != ">":
            prev = _BLANK  # a quote ends at a line after its blank line
        flags = None  # a line that continues the current block
        if first not in _BLOCK_STARTS:
            # most lines: text that starts or continues a paragraph
            if prev == _BLANK:
                if indent:
                    if indent - _open_column(items, indent) >= 4:
                        raise _NotPlain  # indented code
                elif items:
                    items.clear()
                flags = _PARA_FLAGS
                prev = _PARA
        elif first == ">":
            if indent:
                raise _NotPlain
            text = text[2:] if text.startswith("> ") else text[1:]
            items.clear()
            if not text.strip(" \t"):
                prev = _QUOTE_BLANK
                continue
            if _opens_block(text) or _HR_RE.fullmatch(text):
                raise _NotPlain
            if prev != _QUOTE:
                flags = _QUOTE_FLAGS
                prev = _QUOTE
        elif (
            first == "-"
            and text[1:2] == " "
            and text[2:3] not in _NOT_PLAIN_ITEM
            and (text[2] != "#" or text[3:4] not in "# \t")
        ):
            # the most common list item, `- text`: no rule, no nested block (the general
            # case below, spelt out for its marker)
            text = text[2:]
            if prev == _ITEM and indent >= items[-1]:
                if indent - items[-1] >= 4:
                    raise _NotPlain
            elif not indent:
                items.clear()
            elif indent - _open_column(items, indent) >= 4:
                raise _NotPlain
            items.append(indent + 2)
            task = TASK_RE.match(text) if text[0] == "[" else None
            flags = _OPEN_TASK_FLAGS if task and task.group(1) == " " else _ITEM_FLAGS
            prev = _ITEM
        else:
            if first in "`~":
                run = len(text) - len(text.lstrip(first))
                if run >= 3:
                    if indent or (first == "`" and "`" in text[run:]):
                        raise _NotPlain
                    fence = first * run
                    items.clear()
                    prev = _BLANK
                    continue
            elif first in "%<" and text.startswith(("%%", "<!--")):
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
            if first in "-*_" and not text.strip(_HR_CHARS[first]) and _HR_RE.fullmatch(text):
                if indent:
                    raise _NotPlain
                items.clear()
                prev = _BLANK
                continue
            # `#{1,6}` and a blank or the end: a heading
            hashes = 0
            if first == "#":
                hashes = len(text) - len(text.lstrip("#"))
                if hashes > 6 or (hashes < len(text) and text[hashes] not in " \t"):
                    hashes = 0
            # where a list item's text starts after its marker (`_MARKER_RE`), 0 if no item
            marker_end = 0
            if first in "-*+":
                if len(text) == 1 or text[1] in " \t":
                    if len(text) > 2 and text[2] not in " \t":
                        marker_end = 2  # most items: `- text`
                    else:
                        marker_end = len(text) - len(text[1:].lstrip(" \t"))
            elif first in "0123456789" and (marker := _MARKER_RE.match(text)):
                marker_end = marker.end()
            if hashes:
                if indent:
                    raise _NotPlain
                # without closing `#`s to cut the heading text is the rest of the line
                text = _heading_text(text, hashes) if text[-1] in "# \t" else text[hashes:].strip()
                items.clear()
                flags = _PARA_FLAGS
                prev = _BLANK  # a heading is a block of one line
            elif marker_end:
                tab = "\t" in text[:marker_end]
                text = text[marker_end:]
                if (
                    not text
                    or marker_end > 4
                    or tab
                    or (text[0] in _NESTED_STARTS and _opens_block(text))
                    or (text[0] in "-*_" and _HR_RE.fullmatch(text))
                ):
                    raise _NotPlain
                ordered = first not in "-*+"
                if prev == _ITEM and indent >= items[-1]:
                    # a nested item interrupts its parent's paragraph
                    if ordered or indent - items[-1] >= 4:
                        raise _NotPlain
                elif prev == _PARA and ordered:
                    raise _NotPlain
                elif not indent:
                    items.clear()
                elif indent - _open_column(items, indent) >= 4:
                    raise _NotPlain
                items.append(indent + marker_end)
                task = TASK_RE.match(text) if text[0] == "[" else None
                flags = _OPEN_TASK_FLAGS if task and task.group(1) == " " else _ITEM_FLAGS
                prev = _ITEM
            elif prev == _BLANK:
                if indent - _open_column(items, indent) >= 4:
                    raise _NotPlain
                flags = _PARA_FLAGS
                prev = _PARA
        found = None
        if rare:
            if "#" in text or "[[" in text or "`" in text or "%%" in text or "<!--" in text:
                found = _inline_items(text) or None
        elif "#" in text or "[[" in text:
            found = _links_and_tags(text) or None
        if flags is not None:
            if line_tag:
                own_links = links[link_start:]
                _tag_line(
                    first_line + start, lines, own_links, own_tags, item_head, open_task, tagged
                )
            item_head, open_task, counts = flags
            start = index
            lines = [(text, found)]
            own_tags = None
            line_tag = False
            link_start = len(links)
        else:
            lines.append((text, found))  # continues a paragraph, item or quote
        if found is not None:
            line = first_line + index
            tail = (line, "body", counts)  # the last fields of the line's links
            for _, _, _, head, tag in found:
                if head is not None:
                    # an embed is no mention
                    links.append(_new(Link, head + ((line, "body", False) if head[3] else tail)))
                elif tag is not None:
                    tags[tag] = None
                    if own_tags is None:
                        own_tags = [tag]
                    else:
                        own_tags.append(tag)
                    if not line_tag and (
                        tag in LINE_TAGS or ("/" in tag and tag.partition("/")[0] in LINE_TAGS)
                    ):
                        line_tag = True
    if line_tag:
        own_links = links[link_start:]
        _tag_line(first_line + start, lines, own_links, own_tags, item_head, open_task, tagged)
    return _new(BodyScan, (tuple(links), tuple(tags), tuple(tagged)))


def _tag_line(
    start: int,
    lines: list[tuple[str, list[_Item] | None]],
    own_links: list[Link],
    own_tags: list[str] | None,
    item_head: bool,
    open_task: bool,
    tagged: list[TaggedLine],
) -> None:
    """Add the tagged line of a block (file line `start`) that has a contact or signal tag."""
    assert own_tags
    if len(lines) == 1:  # most tagged lines are one line long
        line, found = lines[0]
        seen = _fast_reader_text(line, found) if found else line
    else:
        seen = " ".join([_fast_reader_text(t, found) if found else t for t, found in lines])
    text = " ".join(seen.split())
    if item_head and text.startswith("[") and (marker := TASK_RE.match(text)):
        text = text[marker.end() :]
    tag_names = (own_tags[0],) if len(own_tags) == 1 else tuple(dict.fromkeys(own_tags))
    tagged.append(_new(TaggedLine, (start, text, tag_names, tuple(own_links), open_task)))


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
