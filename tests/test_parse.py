"""parse_note: bytes of one Markdown file in, a Note out (spec sections 1, 4, 5)."""

from __future__ import annotations

import datetime as dt
import pickle
import random

import pytest

from netwerknotities.diagnostics import Diagnostic
from netwerknotities.mdlines import scan_lines
from netwerknotities.mdparse import scan_body
from netwerknotities.notes import Link, Note, TaggedLine
from netwerknotities.parse import PARSER_VERSION, Split, parse_note, split_frontmatter
from netwerknotities.wikisyntax import BodyScan


def parse(text: str) -> Note:
    return parse_note("n.md", text.encode())


def targets(note: Note) -> list[str]:
    return [link.target for link in note.links]


def codes(note: Note) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in note.diagnostics]


def body_link(
    target: str,
    line: int,
    subpath: str | None = None,
    display: str | None = None,
    embed: bool = False,
    counts: bool = True,
) -> Link:
    return Link(target, subpath, display, embed, line, "body", counts)


def test_parser_version_is_an_int() -> None:
    assert isinstance(PARSER_VERSION, int)


# --- decoding ---------------------------------------------------------------

SAMPLE = (
    '---\ntags: [Person]\norganisation: "[[Acme]]"\n---\n# Jan\n\n'
    "- 10:00 #contact met [[Jan de Vries]]\n- [ ] bel [[Piet]]\n"
)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode(),
        b"\xef\xbb\xbf" + SAMPLE.encode(),
        SAMPLE.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode(),
        SAMPLE.replace("\n", "\r").encode(),
    ],
)
def test_bom_and_line_endings_read_alike(data: bytes) -> None:
    assert parse_note("n.md", data) == parse(SAMPLE)
    note = parse_note("n.md", data)
    assert note.properties == {"tags": ["Person"], "organisation": "[[Acme]]"}
    assert [(link.target, link.line) for link in note.links] == [
        ("Acme", 3),
        ("Jan de Vries", 7),
        ("Piet", 8),
    ]


def test_invalid_utf8_is_read_with_replacement() -> None:
    note = parse_note("n.md", b"first\nsecond [[Caf\xe9]]\n")
    assert codes(note) == [(2, "encoding")]
    assert targets(note) == ["Caf\ufffd"]


def test_nul_bytes_make_a_binary_file() -> None:
    note = parse_note("img.md", b"\x89PNG\x00\x00[[X]]")
    assert note == Note(
        "img.md", {}, (), (), (), (Diagnostic("img.md", 0, "binary", "the file holds NUL bytes"),)
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf"])
def test_empty_file(data: bytes) -> None:
    note = parse_note("e.md", data)
    assert codes(note) == [(0, "empty")]
    assert (note.properties, note.links, note.tags, note.has_frontmatter) == ({}, (), (), False)


def test_whitespace_only_file_is_not_empty() -> None:
    assert parse("\n\n").diagnostics == ()


# --- front-matter -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "properties", "has_frontmatter"),
    [
        ("---\na: 1\n---\nbody\n", {"a": 1}, True),
        ("---   \na: 1\n---\nbody\n", {"a": 1}, True),
        ("---\na: 1\n...\nbody\n", {"a": 1}, True),
        ("---\na: 1\n---  \nbody\n", {"a": 1}, True),
        ("---\na: 1\n---", {"a": 1}, True),
        ("---\n---\nbody\n", {}, True),
        ("---\n\n\n---\n", {}, True),
        ("\n---\na: 1\n---\n", {}, False),
        ("----\na: 1\n----\n", {}, False),
        ("--- a\nb: 1\n---\n", {}, False),
        ("text\n---\na: 1\n---\n", {}, False),
    ],
)
def test_frontmatter_split(text: str, properties: dict[str, object], has_frontmatter: bool) -> None:
    note = parse(text)
    assert note.properties == properties
    assert note.has_frontmatter is has_frontmatter
    assert note.diagnostics == ()


def test_body_line_numbers_count_the_frontmatter() -> None:
    note = parse("---\na: 1\nb: 2\n---\n\n[[X]]\n")
    assert note.links == (body_link("X", 6),)


def test_unclosed_frontmatter_is_body() -> None:
    note = parse("---\na: [[Jan]]\n#signal iets\n")
    assert codes(note) == [(1, "frontmatter-unclosed")]
    assert note.properties == {}
    assert note.has_frontmatter is False
    assert note.links == (body_link("Jan", 2),)
    assert note.tags == ("signal",)


def test_yaml_error_keeps_the_body() -> None:
    note = parse("---\ntitle: ok\ndate: {{date}}\n---\nmet [[Jan]] #contact\n")
    assert codes(note) == [(3, "yaml-error")]
    assert note.properties == {}
    assert note.has_frontmatter is True
    assert note.links == (body_link("Jan", 5),)
    assert note.lines == (TaggedLine(5, "met Jan", ("contact",), note.links),)


def test_yaml_error_line_is_a_file_line() -> None:
    note = parse("---\na: 1\nb: 2\n\tc: 3\n---\n")
    assert codes(note) == [(4, "yaml-error")]


@pytest.mark.parametrize("yaml_text", ["- a\n- b\n", "just text\n", "42\n"])
def test_frontmatter_that_is_not_a_mapping(yaml_text: str) -> None:
    note = parse(f"---\n{yaml_text}---\n[[X]]\n")
    assert codes(note) == [(2, "yaml-not-mapping")]
    assert note.properties == {}
    assert targets(note) == ["X"]


def test_alias_bomb_is_a_yaml_error() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    note = parse("---\n" + "\n".join(rows) + "\n---\n[[X]]\n")
    assert [d.code for d in note.diagnostics] == ["yaml-error"]
    assert note.properties == {}
    assert targets(note) == ["X"]


def test_obsidian_flavoured_values() -> None:
    note = parse(
        "---\ncountry: NO\nphone: 0612345670\ntime: 10:30\nage: 42\n"
        "date: 2026-11-20\nprivate: true\naliases: [Jantje, null]\n1: x\n---\n"
    )
    assert note.properties == {
        "country": "NO",
        "phone": "0612345670",
        "time": "10:30",
        "age": 42,
        "date": dt.date(2026, 11, 20),
        "private": True,
        "aliases": ["Jantje", None],
        "1": "x",
    }


# --- property links and tags ------------------------------------------------


def test_property_links() -> None:
    note = parse(
        "---\n"
        'organisation: "[[Acme BV]]"\n'
        "knows:\n"
        "  - [[Jan de Vries]]\n"
        '  - "[[Piet|P.]]"\n'
        "  - plain text\n"
        "via: [[Klaas]]\n"
        "refs: [[[Film (1)]], Polka Party!]\n"
        'mixed: "zie [[A#Kop]] en [[B]]"\n'
        'photo: "![[jan.png|100]]"\n'
        "count: 3\n"
        "---\n"
    )
    assert note.links == (
        Link("Acme BV", None, None, False, 2, "organisation"),
        Link("Jan de Vries", None, None, False, 3, "knows"),
        Link("Piet", None, "P.", False, 3, "knows"),
        Link("Klaas", None, None, False, 7, "via"),
        Link("Film (1)", None, None, False, 8, "refs"),
        Link("A", "Kop", None, False, 9, "mixed"),
        Link("B", None, None, False, 9, "mixed"),
        Link("jan.png", None, None, True, 10, "photo"),
    )


def test_property_links_come_before_body_links() -> None:
    note = parse('---\nwith: "[[B]]"\n---\n[[A]]\n')
    assert targets(note) == ["B", "A"]
    assert [link.source for link in note.links] == ["with", "body"]


@pytest.mark.parametrize(
    ("yaml_text", "tags"),
    [
        ("tags: [Person, '#Klant', no]", ("person", "klant", "no")),
        ("tags: person, klant", ("person", "klant")),
        ("tags: person klant", ("person", "klant")),
        ("tags: '#a/b'", ("a/b",)),
        ("tag: single", ("single",)),
        ("Tags:\n  - x\n  - null\n  - 2024\n  - y", ("x", "y")),
        ("tags:", ()),
        ("tags: [a, a, A]", ("a",)),
    ],
)
def test_frontmatter_tags(yaml_text: str, tags: tuple[str, ...]) -> None:
    assert parse(f"---\n{yaml_text}\n---\n").tags == tags


def test_frontmatter_tags_first_then_body_tags_once() -> None:
    note = parse("---\ntags: [b, a]\n---\n#c #a #B\n")
    assert note.tags == ("b", "a", "c")


# --- wikilinks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "link"),
    [
        ("[[Target]]", ("Target", None, None, False)),
        ("[[Target.md]]", ("Target.md", None, None, False)),
        ("[[Folder/Target]]", ("Folder/Target", None, None, False)),
        ("[[Target#Heading]]", ("Target", "Heading", None, False)),
        ("[[#Heading]]", ("", "Heading", None, False)),
        ("[[Target#^block]]", ("Target", "^block", None, False)),
        ("[[Target|shown]]", ("Target", None, "shown", False)),
        ("[[Target#H|shown]]", ("Target", "H", "shown", False)),
        ("[[ Target |  shown ]]", ("Target", None, "shown", False)),
        ("[[E#one | ee ]]", ("E", "one", "ee", False)),
        ("[[Target\\|shown]]", ("Target", None, "shown", False)),
        ("[[Target|]]", ("Target", None, None, False)),
        ("![[embed]]", ("embed", None, None, True)),
        ("![[img.png|100]]", ("img.png", None, None, True)),
        ("![[img.png|100x200]]", ("img.png", None, None, True)),
        ("![[img.png \\| 300]]", ("img.png", None, None, True)),
        ("![[note|alias]]", ("note", None, "alias", True)),
        ("[[Nöte with 'quotes']]", ("Nöte with 'quotes'", None, None, False)),
        ("x [[a [[Inner]] y", ("Inner", None, None, False)),
    ],
)
def test_link_forms(markdown: str, link: tuple[str, str | None, str | None, bool]) -> None:
    note = parse(f"text {markdown} text\n")
    assert [(x.target, x.subpath, x.display, x.embed) for x in note.links] == [link]


@pytest.mark.parametrize(
    "markdown",
    ["[[]]", "[[ ]]", "[[|x]]", "[[#]]", "[[open\nclose]]", "[[unclosed", "[single]", "![[Partial"],
)
def test_not_links(markdown: str) -> None:
    assert parse(f"text {markdown} text\n").links == ()


def test_link_inside_table_cell() -> None:
    note = parse("| who | what |\n|---|---|\n| [[Jan\\|J.]] #contact | [[B]] |\n")
    assert note.links == (body_link("Jan", 3, display="J."), body_link("B", 3))
    assert note.lines == (TaggedLine(3, "J.", ("contact",), (note.links[0],)),)


# --- code and comments --------------------------------------------------------

EXCLUDED = """\
```
[[fenced]] #contact
```

~~~
[[tilde]]
~~~

    [[indented]]

`[[inline]]` and ``[[double `tick`]]``

%% [[inline comment]] %% <!-- [[html comment]] --> [[Visible]] #tag

%%
[[block comment]] #contact
%%

<!--
[[html block]]
-->

\\[[escaped]] \\#escaped
"""


def test_code_and_comments_do_not_count() -> None:
    note = parse(EXCLUDED)
    assert targets(note) == ["Visible"]
    assert note.tags == ("tag",)
    assert note.lines == ()


def test_unclosed_comment_hides_the_rest() -> None:
    assert targets(parse("[[A]]\n\n%%\n[[B]]\n\n[[C]]\n")) == ["A"]
    assert targets(parse("[[A]] %% [[B]]\n[[C]]\n\n[[D]]\n")) == ["A", "D"]


# --- tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "tags"),
    [
        ("#tag", ("tag",)),
        ("#Tag #TAG", ("tag",)),
        ("#a/b-c_d", ("a/b-c_d",)),
        ("#café #y1982", ("café", "y1982")),
        ("#1985 #2026/11", ("2026/11",)),
        ("a#b http://x.nl/#anchor (#x) [[N#h]]", ()),
        ("end of #sentence.", ("sentence",)),
        ("# Heading", ()),
        ("## Heading #inheading", ("inheading",)),
        ("#", ()),
        ("##double", ()),
    ],
)
def test_body_tags(markdown: str, tags: tuple[str, ...]) -> None:
    assert parse(markdown + "\n").tags == tags


# --- tagged lines and mentions -----------------------------------------------

DAILY = """\
---
date: 2026-11-20
---
# 2026-11-20

- 10:00 #contact met [[Jan de Vries]] over [[Project X#Plan|het plan]]
- [ ] bel [[Klaas]] #signal/later
- [x] belde [[Marie]]
    - nested [[Kind]] #contactmoment
> [[Quote]] #signaal zegt
> dat het goed gaat
![[foto.png|100]] en [[Los]]

Een alinea met #signaal
over twee regels [[Bron]].
"""


def test_tagged_lines() -> None:
    note = parse(DAILY)
    jan, plan, klaas, _marie, kind, quote, foto, los, bron = note.links
    assert note.lines == (
        TaggedLine(6, "10:00 met Jan de Vries over het plan", ("contact",), (jan, plan)),
        TaggedLine(7, "bel Klaas", ("signal/later",), (klaas,), open_task=True),
        TaggedLine(9, "nested Kind", ("contactmoment",), (kind,)),
        TaggedLine(
            10, "Quote zegt dat het goed gaat foto.png en Los", ("signaal",), (quote, foto, los)
        ),
        TaggedLine(14, "Een alinea met over twee regels Bron.", ("signaal",), (bron,)),
    )
    assert note.lines[0].is_contact and not note.lines[0].is_signal
    assert note.lines[1].is_signal


def test_counts_as_mention() -> None:
    note = parse(DAILY)
    assert [(link.target, link.line, link.counts_as_mention) for link in note.links] == [
        ("Jan de Vries", 6, True),
        ("Project X", 6, True),
        ("Klaas", 7, False),
        ("Marie", 8, True),
        ("Kind", 9, True),
        ("Quote", 10, False),
        ("foto.png", 12, False),
        ("Los", 12, False),
        ("Bron", 15, True),
    ]


def test_only_an_items_own_first_paragraph_is_its_task() -> None:
    note = parse("- [ ] bel [[A]]\n\n  daarna [[B]]\n- [ ]\n  [[C]]\n")
    assert [(x.target, x.counts_as_mention) for x in note.links] == [
        ("A", False),
        ("B", True),
        ("C", False),
    ]


def test_other_tags_make_no_line() -> None:
    assert parse("- [[Jan]] #project\n").lines == ()


# --- the line reader agrees with markdown-it ----------------------------------

_PIECES = [
    "[[Jan]]", "[[Piet|P.]]", "![[img.png|100]]", "#contact", "#signal/x", "#tag", "a#b", "#123",
    "`[[code]]`", "``a ` b``", "`x", "%% [[c]] %%", "<!-- [[h]] -->", "[[a#b|c]]", "[[ ]]",
    "[[#H]]", "word", "more words", "[ ]", "[x]", "*em*", "2.", "-", ">", "#", "|", "[[x", "]]",
    "%%", "<!--", "-->", "Ünïcode",
]  # fmt: skip
_PREFIXES = [
    "", "", "", "- ", "* ", "+ ", "1. ", "2. ", "- [ ] ", "- [x] ", "  - ", "    - ", "\t- ",
    "\t\t- ", "> ", ">", "# ", "## ", "   ", "    ", "---", "***", "- - -", "%% c %%",
    "<!-- c -->", "%%", "1) ", "10. ", " ", "-  ", "-\t", "> - ", "> > ", "  > ", "#contact ",
    "| a | b |", "|---|---|", "```", "\\", "~~~", "````", "```py", "  ```", "``` a`b", "~~~~ x",
    "> a | ", "> --- | --- ", "- a | ", "  --- | --- ",
]  # fmt: skip


_LIST_PREFIXES = [
    " " * indent + marker
    for indent in range(10)
    for marker in ("- ", "1. ", "2) ", "* ", "", "- [ ] ", ">", "# ", "```")
] + ["\t" * depth + marker for depth in (1, 2, 3) for marker in ("- ", "", "1. ")]
_ESCAPES_AND_TABLES = ("\\", "|---|---|")


def _random_body(rng: random.Random) -> str:
    """A random body: 40 % list-heavy, 40 % plain, 20 % with anything."""
    roll = rng.random()
    if roll < 0.4:
        prefixes = _LIST_PREFIXES
    elif roll < 0.8:
        prefixes = [p for p in _PREFIXES if p.strip() not in _ESCAPES_AND_TABLES]
    else:
        prefixes = _PREFIXES
    lines = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.2:
            lines.append("")
        else:
            words = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 5)))
            lines.append(rng.choice(prefixes) + words)
    return "\n".join(lines)


def test_line_reader_agrees_with_markdown_it() -> None:
    rng = random.Random(20261120)
    fast = 0
    for _ in range(3000):
        body = _random_body(rng)
        assert scan_body(body, 3) == scan_body(body, 3, fast=False), body
        fast += scan_lines(body, 3) is not None
    assert fast > 300  # the line reader really ran


@pytest.mark.parametrize(
    "body",
    [
        "> a | [[X]] #contact\n> --- | ---\n> b | c\n",
        "- a | [[X]] #contact\n  --- | ---\n",
        "   - a [[X]]\n    - b #contact\n",
        "- [ ]\n [[X]] #signal\n",
    ],
)
def test_line_reader_agrees_on_known_traps(body: str) -> None:
    assert scan_body(body, 1) == scan_body(body, 1, fast=False)


def test_plain_daily_note_takes_the_line_reader() -> None:
    body = "# Log\n\n- 10:00 #contact met [[Jan]]\n  - [ ] bel [[Piet]]\n> [[Q]] #signal\n"
    assert scan_lines(body, 1) is not None
    assert scan_lines("```\n[[x]]\n```\n", 1) is not None
    assert scan_lines("a \\#b\n", 1) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[" * 20000 + "X]]", ["[X"]),
        ("[[" * 20000, []),
        ("[[a\n" * 20000 + "]]", []),
        ("- " + "[[" * 20000 + " #contact", []),
        ("a " + "<!--" * 20000 + " [[Y]]", ["Y"]),
        ("<!--" * 20000 + "\n[[Y]]", []),
    ],
)
def test_long_unclosed_runs(body: str, expected: list[str]) -> None:
    assert targets(parse(body)) == expected


def test_property_link_takes_the_innermost_opening() -> None:
    note = parse('---\na: "[[x [[Y]]"\n---\n')
    assert targets(note) == ["Y"]


def test_notes_survive_pickle() -> None:
    # notes cross process boundaries and live in the parse cache as pickles
    note = parse(DAILY)
    copy = pickle.loads(pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == note
    assert copy.lines[0].links[0] == note.links[0]
    assert copy.properties == {"date": dt.date(2026, 11, 20)}


def test_open_task_lines_are_marked() -> None:
    note = parse("- [ ] #contact bel [[Jan]]\n- [x] #contact belde [[Piet]]\n- #contact [[Kees]]\n")
    assert [(t.text, t.open_task) for t in note.lines] == [
        ("bel Jan", True),
        ("belde Piet", False),
        ("Kees", False),
    ]


def test_named_tuples_built_by_position_have_every_field() -> None:
    # parse_note builds its Note, Split and BodyScan by position (no Python-level __new__):
    # a field added to one of them must not go missing.
    note = parse("---\na: 1\n---\n#contact [[Jan]]\n")
    assert len(note) == len(Note._fields)
    assert note == Note(**note._asdict())
    split = split_frontmatter("---\na: 1\n---\nb\n")
    assert len(split) == len(Split._fields)
    scan = scan_lines("#contact [[Jan]]\n", 1)
    assert scan is not None
    assert len(scan) == len(BodyScan._fields)


def test_property_text_links_match_the_expression_and_are_remembered() -> None:
    # `[[Name]]` values take a shortcut and every value's links are remembered: both give
    # what the property-link expression alone finds, the first time and the next.
    from netwerknotities import parse as parse_module
    from netwerknotities.wikisyntax import split_wikilink

    rng = random.Random(9)
    alphabet = ["[[", "]]", "![[", "[", "]", "a", "B", " ", "#", "|", "\n", "x", "é", "100"]
    linked = 0
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        if rng.random() < 0.3:
            text = "[[" + text + "]]"
        expected = []
        for match in parse_module._PROPERTY_LINK_RE.finditer(text):
            embed = bool(match.group(1))
            parts = split_wikilink(match.group(2), embed)
            if parts is not None:
                expected.append(Link(*parts, embed, 4, "k"))
        for _ in range(2):
            out: list[Link] = []
            parse_module._string_links(text, "k", 4, out)
            assert out == expected, text
        linked += bool(expected)
    assert linked > 500


@pytest.mark.parametrize(
    "body",
    [
        "```\n[[A]]\n   ```\n[[B]]\n",
        "```\n[[A]]\n    ```\n[[B]]\n",
        "```\n[[A]]\n\t```\n[[B]]\n",
        "~~~~\n[[A]]\n  ~~~\n ~~~~~ \n[[B]] #contact\n",
        "```\n  \n\t\n[[A]]\n```\n   \n[[B]]\n",
        "- x\n  ```\n  [[A]]\n  ```\n[[B]]\n",
    ],
)
def test_line_reader_agrees_on_fence_closers(body: str) -> None:
    # inside a fence only a closing run at less than four columns ends it
    assert scan_body(body, 1) == scan_body(body, 1, fast=False)
