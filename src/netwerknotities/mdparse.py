"""The Markdown body of a note: its wikilinks, tags and tagged lines.

markdown-it-py finds the block structure (code, quotes, lists, tables), so a
`[[link]]` in a code block or a `%% comment %%` does not count. Only the rules
that decide where links and tags can be are enabled, and inline parsing runs
only on the paragraphs that can hold a link or a tag: the parse is on the hot
path of a cold build of tens of thousands of notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .notes import CONTACT_TAGS, SIGNAL_TAGS, Link, TaggedLine

# `#tag`: letters, digits, `_`, `-`, `/`; at least one character not a digit.
_TAG_RE = re.compile(r"#([\w/-]+)")
_EMBED_SIZE_RE = re.compile(r"[0-9]+(?:x[0-9]+)?")
# Could this text hold a wikilink or a tag at all? (`# Heading` cannot.)
_CANDIDATE_RE = re.compile(r"\[\[|#[^\s#]")
_TASK_RE = re.compile(r"\[(.)\](?:[ \t\n]+|$)")
_LINE_TAGS = CONTACT_TAGS | SIGNAL_TAGS

# (opener, closer) of Obsidian and HTML comments.
_COMMENTS = (("%%", "%%"), ("<!--", "-->"))

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
        if embed and display is not None and _EMBED_SIZE_RE.fullmatch(display):
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


def is_tag(name: str) -> bool:
    return not name.isdigit() and _TAG_RE.fullmatch("#" + name) is not None


# --- markdown-it-py plugins -------------------------------------------------


def _first_after(state: StateInline, needle: str, start: int) -> int:
    """`state.src.find(needle, start)`, remembered: a line of a thousand `[[`
    without `]]` must not cost a thousand searches to its end."""
    cache: dict[str, tuple[str, int]] = state.env.setdefault("_netwerknotities_find", {})
    known = cache.get(needle)
    if known is not None and known[0] is state.src and (known[1] < 0 or start <= known[1]):
        return known[1]
    found = state.src.find(needle, start, state.posMax)
    cache[needle] = (state.src, found)
    return found


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    if src.startswith("![[", pos):
        embed, start = True, pos + 3
    elif src.startswith("[[", pos):
        embed, start = False, pos + 2
    else:
        return False
    close = _first_after(state, "]]", start)
    if close < 0 or src.find("\n", start, close) >= 0 or src.find("[[", start, close) >= 0:
        return False
    parts = split_wikilink(src[start:close], embed)
    if parts is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"parts": parts, "embed": embed, "pos": pos}
    state.pos = close + 2
    return True


def wikilink_plugin(md: MarkdownIt) -> None:
    """Obsidian wikilinks and embeds as `wikilink` tokens (meta: parts, embed, pos)."""
    md.inline.ruler.after("text", "wikilink", _wikilink_rule)


def _tag_rule(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    if src[pos] != "#" or (pos > 0 and not src[pos - 1].isspace()):
        return False
    match = _TAG_RE.match(src, pos, state.posMax)
    if match is None:
        return False
    name = match.group(1)
    if name.isdigit():
        return False
    if not silent:
        token = state.push("tag", "", 0)
        token.content = name.lower()
    state.pos = match.end()
    return True


def tag_plugin(md: MarkdownIt) -> None:
    """`#tag` after white space (or at the start) as `tag` tokens, lowercased."""
    md.inline.ruler.after("text", "tag", _tag_rule)


def _comment_inline_rule(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    for opener, closer in _COMMENTS:
        if src.startswith(opener, pos):
            close = _first_after(state, closer, pos + len(opener))
            if close >= 0:
                state.pos = close + len(closer)
                return True
            if opener == "%%":  # Obsidian hides the rest of an unclosed comment
                state.pos = state.posMax
                return True
            return False
    return False


def _comment_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    pair = next((p for p in _COMMENTS if src.startswith(p[0], pos)), None)
    if pair is None:
        return False
    opener, closer = pair
    next_line = start_line + 1
    close = src.find(closer, pos + len(opener), maximum)
    if close >= 0:
        if src[close + len(closer) : maximum].strip():
            return False  # text after the comment: an inline comment in a paragraph
    else:
        while next_line < end_line:
            if state.sCount[next_line] < state.blkIndent and not state.isEmpty(next_line):
                break
            line_start = state.bMarks[next_line] + state.tShift[next_line]
            next_line += 1
            if src.find(closer, line_start, state.eMarks[next_line - 1]) >= 0:
                break
    if silent:
        return True
    state.line = next_line
    token = state.push("comment_block", "", 0)
    token.map = [start_line, next_line]
    return True


def comment_plugin(md: MarkdownIt) -> None:
    """`%% … %%` and `<!-- … -->`, inline and as blocks, hide what they hold."""
    md.block.ruler.before(
        "fence",
        "comment_block",
        _comment_block_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.after("text", "comment_inline", _comment_inline_rule)


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("zero")
    md.enable(["code", "fence", "blockquote", "hr", "list", "heading", "table"])
    md.enable(["newline", "escape", "backticks"])
    comment_plugin(md)
    wikilink_plugin(md)
    tag_plugin(md)
    return md


_MD = _make_parser()


# --- walking the tokens -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyScan:
    links: tuple[Link, ...]
    tags: tuple[str, ...]
    lines: tuple[TaggedLine, ...]


EMPTY_SCAN = BodyScan((), (), ())


def _reader_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "wikilink":
            target, subpath, display = child.meta["parts"]
            parts.append(display or target or subpath or "")
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind != "tag":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def scan_body(body: str, first_line: int, *, fast: bool = True) -> BodyScan:
    """Links, tags and tagged lines of a Markdown body that starts on file line `first_line`.

    With `fast`, a body of plain paragraphs, headings and lists (the bulk of a
    vault) is read line by line with the same result as markdown-it gives;
    anything else (code, quotes, comments, tables, escapes, odd indentation)
    goes through markdown-it. tests/test_parse.py checks that both agree.
    """
    if not _CANDIDATE_RE.search(body):
        return EMPTY_SCAN
    if fast:
        scan = _fast_scan(body, first_line)
        if scan is not None:
            return scan
    return _markdown_it_scan(body, first_line)


def _markdown_it_scan(body: str, first_line: int) -> BodyScan:
    md = _MD
    env: dict[str, object] = {}
    blocks: list[Token] = []
    md.block.parse(body, md, env, blocks)
    links: list[Link] = []
    tags: dict[str, None] = {}
    lines: list[TaggedLine] = []
    quote_depth = 0
    item_head = False  # the next inline is a list item's own first paragraph
    for block in blocks:
        kind = block.type
        if kind != "inline":
            if kind == "list_item_open":
                item_head = True
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind != "paragraph_open":
                item_head = False
            continue
        content = block.content
        open_task = False
        is_item_head, item_head = item_head, False
        if is_item_head:
            task = _TASK_RE.match(content)
            open_task = task is not None and task.group(1) == " "
        if not _CANDIDATE_RE.search(content):
            continue
        children: list[Token] = []
        md.inline.parse(content, md, env, children)
        start = first_line + (block.map[0] if block.map else 0)
        own_links: list[Link] = []
        own_tags: list[str] = []
        for child in children:
            if child.type == "wikilink":
                target, subpath, display = child.meta["parts"]
                embed = child.meta["embed"]
                own_links.append(
                    Link(
                        target,
                        subpath,
                        display,
                        embed,
                        start + content.count("\n", 0, child.meta["pos"]),
                        "body",
                        not (embed or open_task or quote_depth),
                    )
                )
            elif child.type == "tag":
                own_tags.append(child.content)
        links.extend(own_links)
        for tag in own_tags:
            tags[tag] = None
        if any(tag.split("/", 1)[0] in _LINE_TAGS for tag in own_tags):
            text = _reader_text(children)
            if is_item_head and (marker := _TASK_RE.match(text)):
                text = text[marker.end() :]
            lines.append(TaggedLine(start, text, tuple(dict.fromkeys(own_tags)), tuple(own_links)))
    return BodyScan(tuple(links), tuple(tags), tuple(lines))


# --- the line-by-line reader for plain bodies -------------------------------

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
            tag = _TAG_RE.match(text, at)
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
            task = _TASK_RE.match(rest)
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


def _fast_scan(body: str, first_line: int) -> BodyScan | None:
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
        if any(tag.split("/", 1)[0] in _LINE_TAGS for tag in own_tags):
            items_of = dict(found)
            shown = " ".join(_fast_reader_text(t, items_of.get(i, [])) for i, t in block_lines)
            text = " ".join(shown.split())
            if is_item_head and (marker := _TASK_RE.match(text)):
                text = text[marker.end() :]
            start = first_line + block_lines[0][0]
            tagged.append(TaggedLine(start, text, tuple(dict.fromkeys(own_tags)), tuple(own_links)))
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
