"""parse_note over other projects' test material (see corpora/README.md in shared/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPORA

from netwerknotities.mdparse import scan_body
from netwerknotities.notes import Note
from netwerknotities.parse import parse_note, split_frontmatter

OBSIDIANTOOLS = CORPORA / "obsidiantools" / "tests"
OBSIDIAN_EXPORT = CORPORA / "obsidian-export" / "tests" / "testdata" / "input"
PYTHON_FRONTMATTER = CORPORA / "python-frontmatter" / "tests"


def _md_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.md")) if root.is_dir() else []


ALL_FILES = _md_files(OBSIDIANTOOLS) + _md_files(OBSIDIAN_EXPORT)


def _parse(root: Path, rel: str) -> Note:
    path = root / rel
    if not path.is_file():
        pytest.skip(f"corpus file {rel} is absent")
    return parse_note(rel, path.read_bytes())


def _links(note: Note) -> list[tuple[str, str | None, str | None, bool]]:
    return [(x.target, x.subpath, x.display, x.embed) for x in note.links]


@pytest.mark.skipif(not ALL_FILES, reason="corpora are absent")
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_corpus_file_parses(path: Path) -> None:
    data = path.read_bytes()
    note = parse_note(path.name, data)
    assert note.path == path.name
    for link in note.links:
        assert link.line >= 1
        assert link.target or link.subpath
    # the line reader and markdown-it agree on real files too
    text = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    split = split_frontmatter(text)
    assert scan_body(split.body, split.body_line) == scan_body(
        split.body, split.body_line, fast=False
    )


# --- obsidiantools ------------------------------------------------------------


def test_obsidiantools_wikilinks() -> None:
    note = _parse(OBSIDIANTOOLS, "general/wikilinks_extraction.md")
    assert _links(note) == [
        ("A", None, None, False),
        ("B", None, None, False),
        ("C", None, "see", False),
        ("D", "one", "dee", False),
        ("E", "one", "ee", False),
        ("A", None, None, False),
    ]
    assert [x.line for x in note.links] == [1, 2, 3, 4, 5, 6]


def test_obsidiantools_links_in_code_do_not_count() -> None:
    note = _parse(OBSIDIANTOOLS, "general/wikilinks_exclude-code.md")
    assert note.links == ()


@pytest.mark.parametrize(
    ("rel", "line"),
    [("general/invalid-frontmatter_1.md", 5), ("general/frontmatter_parse-double-curly.md", 2)],
)
def test_obsidiantools_invalid_frontmatter(rel: str, line: int) -> None:
    note = _parse(OBSIDIANTOOLS, rel)
    assert [(d.line, d.code) for d in note.diagnostics] == [(line, "yaml-error")]
    assert note.properties == {}
    assert note.has_frontmatter


def test_obsidiantools_template_placeholder_keeps_the_body() -> None:
    note = _parse(OBSIDIANTOOLS, "vault-stub/lipsum/Causam mihi.md")
    assert [(d.line, d.code) for d in note.diagnostics] == [(7, "yaml-error")]
    assert [x.target for x in note.links] == ["Dives", "Manus", "Ne fuit", "Aetna"]


@pytest.mark.parametrize(
    ("rel", "properties"),
    [
        ("general/frontmatter-only_1.md", {"foo": "bar"}),
        ("general/frontmatter-only_2.md", {}),
        ("general/frontmatter-only_3.md", {"test": "a"}),
        ("general/frontmatter-only_4.md", {"test": "a"}),
    ],
)
def test_obsidiantools_frontmatter_only(rel: str, properties: dict[str, str]) -> None:
    note = _parse(OBSIDIANTOOLS, rel)
    assert (note.properties, note.has_frontmatter, note.diagnostics) == (properties, True, ())


@pytest.mark.parametrize("n", [1, 2, 3])
def test_obsidiantools_separators_are_not_frontmatter(n: int) -> None:
    note = _parse(OBSIDIANTOOLS, f"general/not-frontmatter_{n}.md")
    assert (note.properties, note.has_frontmatter, note.diagnostics) == ({}, False, ())


def test_obsidiantools_embeds_in_a_table() -> None:
    note = _parse(OBSIDIANTOOLS, "general/embedded-images_in-table.md")
    assert _links(note) == [
        ("Strategy 1", None, None, False),
        ("test-image_1_before.png", None, None, True),
        ("test-image_1_after.png", None, None, True),
        ("Strategy 2", None, None, False),
        ("test-image_2_before.png", None, None, True),
        ("test-image_2_after.png", None, None, True),
    ]


def test_obsidiantools_sussudio() -> None:
    note = _parse(OBSIDIANTOOLS, "vault-stub/Sussudio.md")
    # `references: [[[American Psycho (film)]], Polka Party!]` is an unquoted link in YAML
    assert note.links[0].source == "references"
    assert _links(note) == [
        ("American Psycho (film)", None, None, False),
        ("Sussudio.mp3", None, None, True),
        ("1999.flac", None, None, True),
        ("American Psycho (film)", "Patrick Bateman", None, False),
    ]
    assert note.tags == (
        "y1982",
        "y_1982",
        "y-1982",
        "y1982/sep",
        "y2000/party-over/oops/out-of-time",
    )
    assert note.properties["year"] == 1985
    assert note.properties["chart_peaks"] == [{"US": 1}, {"UK": 12}]


# --- obsidian-export ----------------------------------------------------------


def test_obsidian_export_link_forms() -> None:
    note = _parse(OBSIDIAN_EXPORT, "main-samples/obsidian-wikilinks.md")
    assert _links(note) == [
        ("pure-markdown-examples", None, None, False),
        ("Pure-Markdown-Examples", None, None, False),
        ("pure-markdown-examples", None, "pure markdown examples", False),
        ("pure-markdown-examples", "Heading 1", None, False),
        ("pure-markdown-examples", "Heading 1", "pure markdown examples", False),
        ("uppercased-note", None, None, False),
        ("_underscored-note", None, None, False),
    ]


def test_obsidian_export_trimming() -> None:
    note = _parse(OBSIDIAN_EXPORT, "main-samples/issue-188-wikilinks-need-trimming.md")
    assert _links(note) == [("foo", None, None, False)] * 4 + [("foo", None, "foo", False)] * 4 + [
        ("foo", "^abc", None, False),
        ("foo", "^abc", None, False),
        ("foo", "^abc", "foo > ^abc", False),
        ("foo", "^abc", None, False),
    ]


def test_obsidian_export_embeds() -> None:
    note = _parse(OBSIDIAN_EXPORT, "main-samples/embeds.md")
    assert [(x.target, x.embed, x.counts_as_mention) for x in note.links] == [
        ("note-with-frontmatter", True, False),
        ("note-with-frontmatter", True, False),
        ("non-existing note", True, False),
        ("white.png", True, False),
        ("bulb.svg", True, False),
        ("note.pdf", True, False),
    ]


def test_obsidian_export_section_references() -> None:
    note = _parse(OBSIDIAN_EXPORT, "main-samples/section-ref-a.md")
    assert _links(note) == [("", "This is a header", None, False), ("", "^dda637", None, False)]


def test_obsidian_export_empty_file() -> None:
    note = _parse(OBSIDIAN_EXPORT, "main-samples/Uppercased-note.md")
    assert [d.code for d in note.diagnostics] == ["empty"]


def test_obsidian_export_yaml_no_stays_text() -> None:
    note = _parse(OBSIDIAN_EXPORT, "filter-by-tags/no-no-export.md")
    assert note.properties == {"tags": ["no", "no-export"]}
    assert note.tags == ("no", "no-export")


# --- python-frontmatter as an oracle for the split ----------------------------

# Deliberate differences from python-frontmatter, where the spec decides:
# - `extra-dash.txt` opens with `----`: python-frontmatter takes any run of 3+
#   dashes, the spec only `---`, so for us that file has no front-matter.
# - `unpretty.md` has `enabled: yes` and `print_to_stdout: yes`: YAML 1.1 makes
#   them True, Obsidian (and the spec) keep the text "yes".
# - python-frontmatter strips the text before splitting, so a blank line before
#   `---` still opens front-matter there; the spec says it does not.
_AGREES = [
    "yaml/chinese.txt",
    "yaml/extra-space.txt",
    "yaml/hello-markdown.md",
    "yaml/hello-world.txt",
    "yaml/network-diagrams.md",
    "yaml/unpretty.md",
    "empty/empty-frontmatter.txt",
    "empty/no-frontmatter.txt",
]


def _yes_as_true(value: object) -> object:
    if isinstance(value, dict):
        return {k: _yes_as_true(v) for k, v in value.items()}
    return True if value == "yes" else value


@pytest.mark.parametrize("rel", _AGREES)
def test_split_agrees_with_python_frontmatter(rel: str) -> None:
    frontmatter = pytest.importorskip("frontmatter")
    path = PYTHON_FRONTMATTER / rel
    if not path.is_file():
        pytest.skip("python-frontmatter corpus is absent")
    data = path.read_bytes()
    post = frontmatter.loads(data.decode("utf-8"))
    note = parse_note(rel, data)
    split = split_frontmatter(data.decode("utf-8"))
    assert split.body.strip() == post.content
    assert _yes_as_true(note.properties) == post.metadata
    expected = json.loads(path.with_name(path.stem + ".result.json").read_text("utf-8"))
    expected.pop("content")
    assert _yes_as_true(note.properties) == expected


def test_split_differs_from_python_frontmatter_on_four_dashes() -> None:
    path = PYTHON_FRONTMATTER / "yaml" / "extra-dash.txt"
    if not path.is_file():
        pytest.skip("python-frontmatter corpus is absent")
    note = parse_note("extra-dash.txt", path.read_bytes())
    assert (note.has_frontmatter, note.properties) == (False, {})
