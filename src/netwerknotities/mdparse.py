"""The Markdown body of a note: its wikilinks, tags and tagged lines.

markdown-it-py finds the block structure (code, quotes, lists, tables), so a
`[[link]]` in a code block or a `%% comment %%` does not count. Only the rules
that decide where links and tags can be are enabled, and inline parsing runs
only on the paragraphs that can hold a link or a tag. Plain bodies (most of a
vault) are read by `mdlines` instead, with the same result: the parse is on
the hot path of a cold build of tens of thousands of notes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .mdlines import scan_lines
from .notes import Link, TaggedLine
from .wikisyntax import (
    CANDIDATE_RE,
    COMMENTS,
    EMPTY_SCAN,
    LINE_TAGS,
    TAG_RE,
    TASK_RE,
    BodyScan,
    split_wikilink,
)

__all__ = ["EMPTY_SCAN", "BodyScan", "comment_plugin", "scan_body", "tag_plugin", "wikilink_plugin"]

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
    match = TAG_RE.match(src, pos, state.posMax)
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
    for opener, closer in COMMENTS:
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
    pair = next((p for p in COMMENTS if src.startswith(p[0], pos)), None)
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
    goes through markdown-it (`mdlines`; tests/test_parse.py checks that both agree).
    """
    # `str` searches first: the expression costs several nanoseconds a character.
    if "[[" not in body and ("#" not in body or not CANDIDATE_RE.search(body)):
        return EMPTY_SCAN
    if fast:
        scan = scan_lines(body, first_line)
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
            task = TASK_RE.match(content)
            open_task = task is not None and task.group(1) == " "
        if not CANDIDATE_RE.search(content):
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
        if any(tag.split("/", 1)[0] in LINE_TAGS for tag in own_tags):
            text = _reader_text(children)
            if is_item_head and (marker := TASK_RE.match(text)):
                text = text[marker.end() :]
            lines.append(
                TaggedLine(start, text, tuple(dict.fromkeys(own_tags)), tuple(own_links), open_task)
            )
    return BodyScan(tuple(links), tuple(tags), tuple(lines))
