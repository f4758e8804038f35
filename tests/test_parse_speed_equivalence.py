"""The parser's shortcuts give what the slower, plainer code they stand in for gives.

Each shortcut (a `str.find` loop instead of a regular expression, a character
test before an expression) is compared with the expression it spells out, on
random text dense in the characters that matter; whole bodies are compared
with markdown-it.
"""

from __future__ import annotations

import random

import pytest

from netwerknotities import mdlines
from netwerknotities.mdparse import scan_body
from netwerknotities.wikisyntax import TAG_RE, split_wikilink, wikilink

# Characters that open, close or break links, tags, headings and list markers.
_LINE_ALPHABET = ["[", "]", "[[", "]]", "![[", "!", "#", "|", "\\|", " ", "\t", "a", "B", "1", "/"]
_LINE_ALPHABET += ["-", "_", "é", "²", "٣", "ß", "x", "word", "#contact", "#12", " #", "\u00a0"]


def _random_line(rng: random.Random, alphabet: list[str], size: int = 14) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))


def test_links_and_tags_match_the_expression_scan() -> None:
    rng = random.Random(20261127)
    with_items = 0
    for _ in range(20000):
        line = _random_line(rng, _LINE_ALPHABET)
        expected = mdlines._all_inline_items(line)
        assert mdlines._links_and_tags(line) == expected, line
        with_items += bool(expected)
    assert with_items > 3000


@pytest.mark.parametrize(
    "line",
    ["#a", "#a b", "#é", "#²", "#12", "#1a", "#a_b", "#a/b", "#a-b", "#a.b", "#a\u00a0b", "x #a#b"],
)
def test_tag_words(line: str) -> None:
    assert mdlines._links_and_tags(line) == mdlines._all_inline_items(line)


def test_tag_shortcut_is_the_tag_expression() -> None:
    # `str.isalnum` words are exactly what `[\w/-]+` takes up to a blank, minus `_/-`.
    rng = random.Random(7)
    alphabet = ["a", "Z", "é", "²", "٣", "_", "/", "-", ".", "ß", "\u0301", "Ⅳ", "½", "x"]
    for _ in range(5000):
        word = _random_line(rng, alphabet, 6)
        match = TAG_RE.fullmatch("#" + word)
        if word.isalnum():
            assert match is not None, word


_BLOCK_ALPHABET = [">", "\t", " ", "%%", "%", "<!--", "<", "```", "``", "~~~", "~", "#", "##"]
_BLOCK_ALPHABET += ["#######", "-", "*", "+", "1", "12", "1234567890", ".", ")", "a", "é", "_"]


def test_opens_block_is_the_nested_block_expression() -> None:
    rng = random.Random(11)
    for _ in range(20000):
        text = _random_line(rng, _BLOCK_ALPHABET, 6)
        if text:
            expected = mdlines._NESTED_BLOCK_RE.match(text) is not None
            assert mdlines._opens_block(text) == expected, text


_PREFIXES = [
    "", "", "#", "# ", "#\t", "###### ", "####### ", "##x ", "- ", "-\t", "-  ", "-    ", "-",
    "* ", "+ ", "*", "_ _ _", "- - -", "* * *", "-- ", "1. ", "1) ", "1234567890. ", "12.", "  - ",
    "    - ", "> ", ">", "> # ", "> - ", "- # ", "- #", "- ## x", "- ######## x", "- 1. ", "- ---",
    "- [ ] ", "- [x] ", "- [ ]", "- []", "   ", "\t", "- _x", "- +", "- 1", "- >", "- ~~~",
    "- %%", "- <!--", "- *", "- \t", "-  #", "- #\t", "- #x", "- #", "  - #y", "    - z", "- `",
]  # fmt: skip
_WORDS = ["[[Jan]]", "#contact", "#signal/x", "#tag", "text", "[ ]", "[x]", "#", "##", "- x"]
_WORDS += ["![[a]]"]


def _random_body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 10)):
        if rng.random() < 0.2:
            lines.append("")
        else:
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 4)))
            lines.append(rng.choice(_PREFIXES) + words)
    return "\n".join(lines)


def test_headings_markers_and_rules_agree_with_markdown_it() -> None:
    rng = random.Random(5)
    fast = 0
    for _ in range(4000):
        body = _random_body(rng)
        assert scan_body(body, 2) == scan_body(body, 2, fast=False), body
        fast += mdlines.scan_lines(body, 2) is not None
    assert fast > 600  # the line reader really ran


def test_remembered_links_split_as_split_wikilink() -> None:
    rng = random.Random(3)
    alphabet = ["a", "B", " ", "#", "|", "\\|", "\\", "100", "x", "2", "é", "", "  "]
    for _ in range(3000):
        inner = _random_line(rng, alphabet, 8)
        embed = rng.random() < 0.5
        parts = split_wikilink(inner, embed)
        for _ in range(2):  # computed, then remembered
            link = wikilink(inner, embed)
            if parts is None:
                assert link is None
            else:
                target, subpath, display = parts
                assert link == (
                    (target, subpath, display, embed),
                    display or target or subpath or "",
                )
