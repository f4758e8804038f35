"""Front-matter edited as text: only the one key's bytes change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netwerknotities.textedit import (
    FrontMatterError,
    append_line,
    append_lines,
    check_frontmatter,
    frontmatter_keys,
    read_frontmatter,
    set_property,
    yaml_link,
    yaml_list,
    yaml_text,
)

GOLDEN = Path(__file__).parent / "fixtures" / "edits"


def test_replaces_scalar_keeping_spacing_comment_and_crlf() -> None:
    before = b"\xef\xbb\xbf---\r\ntitle: x # c\r\ntier:   important  # why\r\nz: 1\r\n---\r\nbody"
    after = set_property(before, "tier", "regular")
    expected = b"\xef\xbb\xbf---\r\ntitle: x # c\r\ntier:   regular  # why\r\nz: 1\r\n---\r\n"
    assert after == expected + b"body"


def test_replaces_block_list_with_its_continuation_lines() -> None:
    before = b"---\ntags:\n  - a\n# between\n  - b\n\nnext: 1\n---\n"
    assert set_property(before, "tags", "[x]") == b"---\ntags: [x]\n\nnext: 1\n---\n"


def test_replaces_unindented_block_list_and_multiline_flow() -> None:
    before = b"---\na:\n- 1\n- 2\nb: [1,\n  2]\nc: 3\n---\n"
    assert set_property(before, "a", "x") == b"---\na: x\nb: [1,\n  2]\nc: 3\n---\n"
    assert set_property(before, "b", "y") == b"---\na:\n- 1\n- 2\nb: y\nc: 3\n---\n"


def test_block_value_written_as_obsidian_does() -> None:
    before = b"---\naliases: old\n---\n"
    value = yaml_list(["Jan", yaml_text("J. Jansen: CEO")])
    after = set_property(before, "aliases", value)
    assert after == b'---\naliases:\n  - Jan\n  - "J. Jansen: CEO"\n---\n'


def test_keeps_the_users_quotes() -> None:
    assert set_property(b'---\ntier: "important"\n---\n', "tier", "regular") == (
        b'---\ntier: "regular"\n---\n'
    )
    assert set_property(b"---\ntier: 'important'\n---\n", "tier", "regular") == (
        b"---\ntier: 'regular'\n---\n"
    )


def test_quoted_key_is_found() -> None:
    before = b'---\n"tier": important\nx: 1\n---\n'
    assert set_property(before, "tier", "regular") == b'---\n"tier": regular\nx: 1\n---\n'


def test_adds_missing_key_before_closing_line() -> None:
    before = b"---\r\nname: x\r\n# last comment\r\n...\r\nbody\r\n"
    after = set_property(before, "tier", "regular")
    assert after == b"---\r\nname: x\r\n# last comment\r\ntier: regular\r\n...\r\nbody\r\n"


def test_creates_frontmatter_when_there_is_none() -> None:
    assert set_property(b"\xef\xbb\xbfHello\r\n", "tier", "regular") == (
        b"\xef\xbb\xbf---\r\ntier: regular\r\n---\r\nHello\r\n"
    )
    assert set_property(b"", "tier", "regular") == b"---\ntier: regular\n---\n"
    # a blank line before `---` means no front-matter: the old block stays body text
    assert set_property(b"\n---\na: 1\n---\n", "tier", "x") == (
        b"---\ntier: x\n---\n\n---\na: 1\n---\n"
    )


def test_empty_frontmatter_gets_the_key() -> None:
    assert set_property(b"---\n---\nbody", "tier", "x") == b"---\ntier: x\n---\nbody"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"---\nname: x\nbody without end\n", "never closed"),
        (b"---\nname: [x\n---\n", "not valid YAML"),
        (b"---\n- a\n- b\n---\n", "not a list of properties"),
        (b"---\ntier: a\ntier: b\n---\n", "appears twice"),
        (b"---\nname: \xff\n---\n", "not UTF-8"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(data: bytes, reason: str) -> None:
    with pytest.raises(FrontMatterError, match=reason):
        set_property(data, "tier", "regular")
    with pytest.raises(FrontMatterError, match=reason):
        check_frontmatter(data)


def test_keys_and_values_as_typed() -> None:
    data = b"---\nphone: 0612345670\n'my key': NO\ntags: [a, b]\n---\n"
    assert frontmatter_keys(data) == ["phone", "my key", "tags"]
    assert read_frontmatter(data) == {"phone": "0612345670", "my key": "NO", "tags": ["a", "b"]}


def test_append_line_in_the_files_newline_style() -> None:
    assert append_line(b"a\r\nb", "#contact") == b"a\r\nb\r\n#contact\r\n"
    assert append_line(b"a\nb\n", "x") == b"a\nb\nx\n"
    assert append_line(b"", "x") == b"x\n"
    assert append_line(b"\xef\xbb\xbf", "x") == b"\xef\xbb\xbfx\n"
    assert append_lines(b"\xef\xbb\xbfa\r\n", ["x", "y"]) == b"\xef\xbb\xbfa\r\nx\r\ny\r\n"
    # bytes that are not UTF-8 are left as they are
    assert append_line(b"\xff\n", "x") == b"\xff\nx\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jan Jansen", "Jan Jansen"),
        ("0612345670", '"0612345670"'),
        ("no", '"no"'),
        ("10:30", '"10:30"'),
        ("2026-11-20", '"2026-11-20"'),
        ("a: b", '"a: b"'),
        ("#tag", '"#tag"'),
        ("[[Acme]]", '"[[Acme]]"'),
        ("+31 6 12345678", "+31 6 12345678"),
        ("Zoë Çelik", "Zoë Çelik"),
        (" padded", '" padded"'),
        ("", '""'),
        ('say "hi"', 'say "hi"'),
        ("- x", '"- x"'),
    ],
)
def test_yaml_text_reads_back_as_the_same_text(value: str, expected: str) -> None:
    assert yaml_text(value) == expected
    assert read_frontmatter(f"---\nv: {expected}\n---\n".encode())["v"] == value


def test_yaml_link_is_quoted() -> None:
    assert yaml_link("[[Acme|ACME]]") == '"[[Acme|ACME]]"'


@pytest.mark.parametrize("case", sorted(p.name[:-10] for p in GOLDEN.glob("*.before.md")))
def test_golden_tier_edits(case: str) -> None:
    before = (GOLDEN / f"{case}.before.md").read_bytes()
    key, _, value = (GOLDEN / f"{case}.edit").read_text(encoding="utf-8").strip().partition("=")
    expected = (GOLDEN / f"{case}.after.md").read_bytes()
    assert set_property(before, key, value) == expected


# -- property-based: over generated front-matter, a tier change touches only its line -----

_words = st.from_regex(r"[A-Za-zéüß0-9][A-Za-zéüß0-9 ._]{0,8}[A-Za-zéüß0-9]", fullmatch=True)
_keys = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_\-.]{0,10}", fullmatch=True),
    st.from_regex(r"[A-Za-zé][A-Za-zé ]{0,6}[a-z]", fullmatch=True),
    _words.map(lambda w: f'"{w}: q"'),
    _words.map(lambda w: f"'{w}'"),
    st.sampled_from(["ключ", "名前", "e-mail", "@odd", "Tier", "tiers", "x_tier"]).map(
        lambda k: f'"{k}"' if k.startswith("@") else k
    ),
)


def _value_lines(kind: int, a: str, b: str) -> list[str]:
    return [
        [f": {a}"],
        [f': "{a}: {b}"'],
        [f": '{a} # not a comment'"],
        [f": {a} # comment"],
        [":"],
        [f": [{a}, '{b}']"],
        [f": [{a},", f"  {b}]"],
        [":", f"  - {a}", f"  - {b}"],
        [":", f"- {a}", "# inside", f"- {b}"],
        [": |", f"  {a}", "", f"  {b}"],
        [f": {a}", f"  {b}"],
    ][kind]


_entry = st.tuples(_keys, st.integers(0, 10), _words, _words)
_extra = st.sampled_from(["", "# a comment", "#", "   "])

_TIER_FORMS = [
    (["tier: important"], "tier: regular"),
    (["tier:    important"], "tier:    regular"),
    (['tier: "important"'], 'tier: "regular"'),
    (["tier: 'important'"], "tier: 'regular'"),
    (["tier: important # was gewoon"], "tier: regular # was gewoon"),
    (["tier:"], "tier: regular"),
    (["tier: [important]"], "tier: regular"),
    (["tier:", "  - important"], "tier: regular"),
    (["tier:", "- important"], "tier: regular"),
]


def _unquoted(raw: str) -> str:
    return raw[1:-1].replace("''", "'") if raw[:1] in "'\"" else raw


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(_entry, max_size=6, unique_by=lambda e: _unquoted(e[0])),
    extras=st.lists(_extra, min_size=7, max_size=7),
    tier_form=st.integers(-1, len(_TIER_FORMS) - 1),
    position=st.integers(0, 6),
    bom=st.booleans(),
    crlf=st.booleans(),
    body=st.sampled_from(["", "body\n", "---\nnot: front\n---\n", "no final newline"]),
)
def test_tier_change_touches_only_the_tier_line(
    entries: list[tuple[str, int, str, str]],
    extras: list[str],
    tier_form: int,
    position: int,
    bom: bool,
    crlf: bool,
    body: str,
) -> None:
    entries = [e for e in entries if _unquoted(e[0]) != "tier"]
    blocks: list[list[str]] = []
    for key, kind, a, b in entries:
        lines = _value_lines(kind, a, b)
        blocks.append([key + lines[0], *lines[1:]])
    expected_blocks = [list(b) for b in blocks]
    at = min(position, len(blocks))
    if tier_form >= 0:
        old, new = _TIER_FORMS[tier_form]
        blocks.insert(at, old)
        expected_blocks.insert(at, [new])

    # comments and blank lines between entries (never inside a value)
    def render(bs: list[list[str]], add: list[str] | None) -> list[str]:
        out: list[str] = []
        for i, block in enumerate(bs):
            out += block
            if i + 1 < len(bs):
                out.append(extras[i % len(extras)])
        if add is not None:
            out += add
        return out

    nl = "\r\n" if crlf else "\n"
    prefix = "\ufeff" if bom else ""
    before_lines = render(blocks, None)
    after_lines = render(expected_blocks, None if tier_form >= 0 else ["tier: regular"])

    def doc(lines: list[str]) -> bytes:
        text = prefix + nl.join(["---", *lines, "---"]) + nl + body.replace("\n", nl)
        return text.encode("utf-8")

    before = doc(before_lines)
    assert set_property(before, "tier", "regular") == doc(after_lines)
