"""Front-matter YAML read as Obsidian shows it (spec section 1)."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from netwerknotities import yamlfast, yamlread
from netwerknotities.yamlread import MAX_EXPANDED_NODES, YamlError, load_yaml


def value(text: str) -> Any:
    loaded, _ = load_yaml(f"x: {text}\n")
    assert isinstance(loaded, dict)
    return loaded["x"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("Off", "Off"),
        ("10:30", "10:30"),
        ("0612345670", "0612345670"),
        ("0123", "0123"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("+5", "+5"),
        ("-0", "-0"),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1e3", "1e3"),
        (".5", ".5"),
        ("2.50", "2.50"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("42", 42),
        ("-3", -3),
        ("0", 0),
        ("31612345678", 31612345678),
        ("2.5", 2.5),
        ("-0.25", -0.25),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FaLsE", False),
        ("null", None),
        ("Null", None),
        ("~", None),
        ("", None),
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2026-02-30", "2026-02-30"),
        ("2026-11-20T10:30:00", dt.datetime(2026, 11, 20, 10, 30)),
        ("2026-11-20T10:30", dt.datetime(2026, 11, 20, 10, 30)),
        ("2026-11-20 10:30", dt.datetime(2026, 11, 20, 10, 30)),
        (
            "2026-11-20T10:30:00+01:00",
            dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("2026-11-20T10:30:00Z", dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)),
        ("2026-11-20T25:30", "2026-11-20T25:30"),
        ("11-20", "11-20"),
        ("'42'", "42"),
        ('"true"', "true"),
        ("'2026-11-20'", "2026-11-20"),
        ("'null'", "null"),
        ("Jan de Vries", "Jan de Vries"),
        ("[a, 1, no]", ["a", 1, "no"]),
    ],
)
def test_plain_scalars_keep_what_the_user_typed(text: str, expected: Any) -> None:
    got = value(text)
    assert got == expected
    assert type(got) is type(expected)


def test_keys_are_the_text_as_typed() -> None:
    loaded, lines = load_yaml("1: one\nnull: two\nyes: three\n2026-01-01: four\n'q': five\n")
    assert loaded == {"1": "one", "null": "two", "yes": "three", "2026-01-01": "four", "q": "five"}
    assert lines == {"1": 0, "null": 1, "yes": 2, "2026-01-01": 3, "q": 4}


def test_duplicate_key_last_wins() -> None:
    assert load_yaml("a: 1\na: 2\n") == ({"a": 2}, {"a": 1})


def test_unquoted_wikilink_is_a_nested_list() -> None:
    assert value("[[Jan de Vries]]") == [["Jan de Vries"]]


def test_nested_values() -> None:
    loaded, _ = load_yaml("a:\n  b: 0123\n  c: [yes, 2026-01-02]\n")
    assert loaded == {"a": {"b": "0123", "c": ["yes", dt.date(2026, 1, 2)]}}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: {{date}}\n", 0, "property name"),
        ("{{ foo }}: bar\n", 0, "property name"),
        ("a: 1\nb: [unclosed\n", 2, ""),
        ("a:\n\tb: 1\n", 1, "token"),
        ("\ntest: 'a'\n\n___\n", 3, "':'"),
        ("x: !!int abc\n", 0, "abc"),
        ("x: !!python/object:os.system ls\n", 0, "constructor"),
        ("a: &a [*a]\n", 0, "recursive"),
        ("x: " + "[" * 2000 + "]" * 2000 + "\n", 0, "depth"),
    ],
)
def test_yaml_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_alias_bomb_is_refused() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    with pytest.raises(YamlError) as caught:
        load_yaml("\n".join(rows) + "\n")
    assert "aliases" in caught.value.message


def test_a_few_aliases_are_fine() -> None:
    loaded, _ = load_yaml("a: &x [1, 2]\nb: *x\n")
    assert loaded == {"a": [1, 2], "b": [1, 2]}
    assert MAX_EXPANDED_NODES >= 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("   \n", None), ("# only a comment\n", None), ("- a\n- b\n", ["a", "b"])],
)
def test_documents_that_are_not_mappings(text: str, expected: Any) -> None:
    assert load_yaml(text) == (expected, {})


# --- the plain front-matter read without libyaml --------------------------------

_KEYS = ["a", "type", "x y", "a-b", "_k", "é", "1", "null", "yes", "a ", " a", "-a", "a:b", "?a"]
_KEYS += ["'a'", '"a"', "a#", "k" * 300, "ǅ", "a\u00a0b", "a\tb", "a  b", "<<", "a_b", "A"]
_SEPARATORS = [": ", ": ", ": ", ":", ":  ", ": \t", " :", ":\t", ": # c"]
_VALUES = ["b", "b c", "b  c", "b ", " b", "b:", "b:c", "b: c", "b #c", "b#c", "-b", "- b", "-1"]
_VALUES += ["b,c", "[b]", "[b, c]", "[b,c]", "[ b ]", "[]", '["b", c]', '["b, c"]', "[b c]"]
_VALUES += ["['b']", "[b, ]", "[, b]", "[[b]]", '"[[B]]"', "[[B]]", '["[[B]]"]', "[b]]", "[b"]
_VALUES += ['"b"', '"b\\"c"', '"b\\nc"', '"b" ', "'b'", "'b''c'", "'b\"'", '""', "''", "'b"]
_VALUES += ["https://x.nl/a", "10:30", "a::b", "a:/b", "2024-01-02", "2024-01-02 10:00", "0612"]
_VALUES += ["1.5", "1.50", "true", "TRUE", "~", "null", "yes", "NO", "@b", "`b`", "!b", "&b"]
_VALUES += ["*b", "%b", "|", ">", "{b}", "b}", "(b)", "b.c", "é", "²", "٣", "b\u2028c"]
_VALUES += ["b\u00a0", "\ufeffb", "b\x85c", "b\x07", "12", "-0", "0x1F", "1e3", "b/c", "b+c"]
_VALUES += ["b@c", "b(c)", "b'c", 'b"c', "b\\c", "b%c", "b!c", "b&c", "b|c", "b>c", "b=c", ""]
_INDENTS = ["", " ", "  ", "  ", "    ", "\t"]
_DASHES = ["- ", "- ", "-", "-  ", "-\t"]


# What the plain reader takes (drawn most of the time, so that whole documents are plain).
_PLAIN_KEYS = ["a", "type", "x y", "a-b", "_k", "é", "1", "null", "yes", "A", "a_b"]
_PLAIN_VALUES = ["b", "b c", "b:c", "-1", "[b]", "[b, c]", "[]", '["b", c]', '["b, c"]', '"[[B]]"']
_PLAIN_VALUES += ['"b"', "'b'", '""', "''", "https://x.nl/a", "10:30", "2024-01-02", "0612", "1.5"]
_PLAIN_VALUES += ["1.50", "true", "TRUE", "null", "NO", "b.c", "é", "²", "٣", "12", "-0", "1e3"]
_PLAIN_VALUES += ["b/c", "b@c", "b(c)", "2024-01-02 10:00", "2024-02-30", "0x1F", "a::b", ".5"]


def _pick(rng: random.Random, plain: list[str], anything: list[str]) -> str:
    return rng.choice(plain if rng.random() < 0.9 else anything)


def _random_yaml(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 7)):
        roll = rng.random()
        if roll < 0.55:
            value = _pick(rng, _PLAIN_VALUES, _VALUES)
            lines.append(_pick(rng, _PLAIN_KEYS, _KEYS) + _pick(rng, [": "], _SEPARATORS) + value)
        elif roll < 0.7:
            lines.append(_pick(rng, _PLAIN_KEYS, _KEYS) + ":")
        elif roll < 0.95:
            dash = _pick(rng, ["- "], _DASHES)
            value = _pick(rng, _PLAIN_VALUES, _VALUES)
            lines.append(_pick(rng, ["", "  "], _INDENTS) + dash + value)
        else:
            lines.append(rng.choice(["", "", " ", "# c", "---", "...", "  b", "\t"]))
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


def _read_by_libyaml(text: str) -> str:
    try:
        return repr(yamlread._load_full(text))
    except YamlError as exc:
        return f"YamlError({exc.line}, {exc.message})"


def test_plain_front_matter_reads_as_libyaml_reads_it() -> None:
    rng = random.Random(20261127)
    simple = 0
    for _ in range(20000):
        text = _random_yaml(rng)
        read = yamlfast._load_simple(text)
        if read is not None:
            simple += 1
            assert repr(read) == _read_by_libyaml(text), text
    assert simple > 2000  # the plain reader really ran


@pytest.mark.parametrize(
    "text",
    [
        "type: persoon\ntelefoon: 0612345678\nverjaardag: 1980-02-30\nactief: true\n",
        'met:\n  - "[[Tess Groot]]"\n  - Piet\nkanaal: lunch\nminuten: 15\n',
        "a:\n- x\n- 2\nb: [c, \"[[D]]\", 3]\nc: []\nd:\ne: 'f g'\n",
        "a: 1\na: 2\nb:\n  - x\na:\n  - y\n",
        "website: https://example.nl/1\ntijd: 10:30\nop: 2026-01-02 10:00\n",
    ],
)
def test_plain_front_matter_examples(text: str) -> None:
    assert yamlfast._load_simple(text) is not None
    assert repr(load_yaml(text)) == _read_by_libyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: b\n  c\n",
        "a: b\n  - c\n",
        "a:\n\n  - b\n",
        "a:\n  - b\n - c\n",
        "- a\n",
        "a: *b\n",
        "# c\n",
    ],
)
def test_other_yaml_goes_to_libyaml(text: str) -> None:
    assert yamlfast._load_simple(text) is None


def test_plain_reader_characters_read_as_libyaml_reads_them() -> None:
    templates = ["a: b{}d\n", "a: {}b\n", 'a: "b{}"\n', "a: 'b{}'\n", "b{}: x\n", "a: [b{}]\n"]
    templates += ['a: ["{}"]\n', "a:\n  - b{}\n", "a: 1{}:2\n"]
    points = [*range(0x300), 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0x1D400, 0x10FFFF, 0x3000, 0x0660]
    accepted = 0
    for point in points:
        for template in templates:
            text = template.format(chr(point))
            read = yamlfast._load_simple(text)
            if read is not None:
                accepted += 1
                assert repr(read) == _read_by_libyaml(text), text
    assert accepted > 1000


def test_simple_key_line_is_a_narrower_key_line() -> None:
    # Whatever the cheap expression takes, the full one takes with the same key and value.
    rng = random.Random(41)
    alphabet = ["a", "B", "é", "_", "-", " ", ":", ": ", '"', "'", "1", ".", "/", "(", ")"]
    alphabet += ["+", "@", "#", ",", "[", "]", "[[", "]]", "\u00a0", "²", "\t", "|", "!"]
    key_alphabet = ["a", "B", "é", "_", "-", "1", " ", "²"]
    taken = 0
    for _ in range(30000):
        key = "".join(rng.choice(key_alphabet) for _ in range(rng.randint(1, 4)))
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.3:
            value = '"' + value + '"'
        line = key + rng.choice([":", ": ", ": ", ":  ", " : "]) + value
        simple = yamlfast._SIMPLE_KEY_LINE_RE.fullmatch(line)
        if simple is not None:
            taken += 1
            full = yamlfast._KEY_LINE_RE.fullmatch(line)
            assert full is not None, line
            assert simple.groups() == full.group(1, 2, 3), line
            assert full.group(4, 5) == (None, None), line
    assert taken > 1000


def test_simple_item_line_is_a_narrower_item_line() -> None:
    rng = random.Random(43)
    alphabet = ["a", "B", "é", "_", "-", " ", ":", ": ", '"', "'", "1", ".", "/", "(", ")"]
    alphabet += ["+", "@", "#", ",", "[", "]", "[[", "]]", "\u00a0", "²", "\t", "|", "!"]
    taken = 0
    for _ in range(30000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.3:
            value = '"' + value + '"'
        line = rng.choice(["", " ", "  ", "\t"]) + rng.choice(["- ", "-", "-  "]) + value
        simple = yamlfast._SIMPLE_ITEM_LINE_RE.fullmatch(line)
        if simple is not None:
            taken += 1
            full = yamlfast._ITEM_LINE_RE.fullmatch(line)
            assert full is not None, line
            assert simple.groups() == full.group(1, 2, 3), line
            assert full.group(4) is None, line
    assert taken > 1000


def test_remembered_lines_read_as_new_ones() -> None:
    # A line read before comes from memory: the same values, and never a shared list.
    rng = random.Random(20261128)
    for _ in range(3000):
        text = _random_yaml(rng)
        yamlfast._KNOWN_KEY_LINES.clear()
        yamlfast._KNOWN_ITEM_LINES.clear()
        fresh = repr(yamlfast._load_simple(text))
        assert repr(yamlfast._load_simple(text)) == fresh, text


def test_remembered_lines_share_no_list() -> None:
    text = "a: [b, c]\nd:\n  - e\n"
    first = yamlfast._load_simple(text)
    assert first is not None
    first[0]["a"].append("x")
    first[0]["d"].append("y")
    assert yamlfast._load_simple(text) == ({"a": ["b", "c"], "d": ["e"]}, {"a": 0, "d": 1})


def test_a_yaml_set_keeps_the_order_written() -> None:
    # a Python set would print in an order that changes with the hash seed
    value, _ = load_yaml("a: !!set {b, a, c}\nb: !!set\n  ? z\n  ? y\n")
    assert value == {"a": ["b", "a", "c"], "b": ["z", "y"]}


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Mensen").mkdir(parents=True)
    (vault / "Mensen" / "Jan.md").write_text(
        "---\ntype: person\naliases: !!set {Jantje, JJ, Johannes, J}\n"
        "interesses: !!set {zorg, bouw, energie, water, onderwijs}\n---\n",
        encoding="utf-8",
    )
    script = (
        "import sys, datetime as dt; from pathlib import Path\n"
        "from netwerknotities.build import BuildOptions, build_vault\n"
        "from netwerknotities.export import export_data, export_json\n"
        "r = build_vault(Path(sys.argv[1]), BuildOptions(today=dt.date(2026, 11, 26),"
        " use_cache=False, write=False), shortcut=False)\n"
        "sys.stdout.write(export_json(export_data(r.model, r.schedule, r.extra)))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(vault)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert "Johannes" in outputs.pop()
