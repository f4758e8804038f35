"""Front-matter YAML read as Obsidian shows it (spec section 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

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
