"""The note codec: every note comes back equal, whichever of its two forms it took."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPORA, EXAMPLE_VAULT
from hypothesis import given, settings
from hypothesis import strategies as st

from netwerknotities.notecodec import decode, encode
from netwerknotities.notes import Link, Note, TaggedLine
from netwerknotities.parse import parse_note
from netwerknotities.wikisyntax import share_texts


def _round_trip(note: Note) -> Note:
    copy = decode(encode(note))
    assert copy == note
    assert type(copy) is Note
    assert all(type(link) is Link for link in copy.links)
    for line in copy.lines:
        assert type(line) is TaggedLine
        assert all(type(link) is Link for link in line.links)
    # values keep their exact types (a datetime stays a datetime, True stays a bool)
    assert [type(v) for v in copy.properties.values()] == [
        type(v) for v in note.properties.values()
    ]
    return copy


def _md_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.md") if p.is_file())


@pytest.mark.parametrize("path", _md_files(EXAMPLE_VAULT, CORPORA), ids=str)
def test_every_example_and_corpus_note_round_trips(path: Path) -> None:
    _round_trip(parse_note(path.name, path.read_bytes()))


def test_plain_notes_take_the_fast_form_and_odd_ones_a_pickle() -> None:
    plain = parse_note("2026-11-20.md", b"---\ndatum: 2026-11-20\n---\n- #contact [[Jan]]\n")
    assert encode(plain)[:1] == b"m"
    nested_date = parse_note("a.md", b"---\ndata: [2026-11-20]\n---\n")
    assert isinstance(nested_date.properties["data"][0], dt.date)
    assert encode(nested_date)[:1] == b"p"
    _round_trip(nested_date)
    broken = parse_note("b.md", b"---\na: 'open\n---\ntext\n")
    assert broken.diagnostics
    assert encode(broken)[:1] == b"p"
    _round_trip(broken)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 11, 20),
        dt.date(999, 1, 2),
        dt.datetime(2026, 11, 20, 10, 30),
        dt.datetime(2026, 11, 20, 10, 30, 5, 123456),
        dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC),
    ],
)
def test_date_properties_come_back_as_they_were(value: dt.date) -> None:
    note = Note("a.md", {"voor": 1, "datum": value, "na": "x"}, (), (), (), (), True)
    copy = _round_trip(note)
    assert list(copy.properties) == ["voor", "datum", "na"]
    assert copy.properties["datum"] == value
    assert encode(note)[:1] == b"m"
    # the note itself is not changed by encoding it
    assert note.properties["datum"] is value


def test_a_tagged_line_shares_the_note_s_links() -> None:
    note = parse_note("d.md", b"tekst [[A]]\n\n- #contact met [[B]] en [[C]]\n- #signaal [[D]]\n")
    copy = _round_trip(note)
    first, second = copy.lines
    assert first.links[0] is copy.links[1] and first.links[1] is copy.links[2]
    assert second.links[0] is copy.links[3]


def test_a_tagged_line_with_links_of_its_own_round_trips() -> None:
    # a note built by hand, not by the parser: the line's links are not the note's
    a = Link("A", None, None, False, 3)
    b = Link("B", "kop", "Bee", False, 3, "body", False)
    note = Note("x.md", {}, ("contact",), (a,), (TaggedLine(3, "t", ("contact",), (b, a)),), ())
    copy = _round_trip(note)
    assert copy.lines[0].links == (b, a)


def test_damaged_bytes_are_refused() -> None:
    with pytest.raises(Exception):  # noqa: B017 - any error: the cache re-parses the note
        decode(b"x123")
    with pytest.raises(Exception):  # noqa: B017
        decode(b"m\x00\x01")


_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.dates()
    | st.datetimes(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), _values, max_size=5))
def test_any_properties_round_trip(properties: dict[str, object]) -> None:
    _round_trip(Note("p.md", properties, (), (), (), (), True))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab[]#|\n -!`%>*1.contaisgn", max_size=120))
def test_any_parsed_body_round_trips(body: str) -> None:
    _round_trip(parse_note("n.md", body.encode("utf-8")))


@pytest.fixture
def sharing() -> Iterator[None]:
    """This process shares recurring texts, as a parse worker does."""
    share_texts(True)
    try:
        yield
    finally:
        share_texts(False)


def test_recurring_texts_are_one_string_across_decoded_notes(sharing: None) -> None:
    # Two notes parsed and sent apart, as two workers would: what both write (a link
    # target, a property key and value, a tag) is one object after decoding, not a copy
    # a note (the memory of a large vault's build depends on it).
    texts = [
        '---\ntype: persoon\nmet:\n  - "[[Jan Jansen]]"\n---\n- #contact koffie [[Jan Jansen]]\n',
        '---\ntype: persoon\nmet:\n  - "[[Jan Jansen]]"\n---\n- #contact bel [[Jan Jansen]]\n',
    ]
    a, b = (decode(encode(parse_note(f"N{i}.md", t.encode()))) for i, t in enumerate(texts))
    assert a.links[0].target == "Jan Jansen" and a.links[0].target is b.links[0].target
    assert a.links[-1].target is b.links[-1].target
    (key_a,) = (k for k in a.properties if k == "type")
    (key_b,) = (k for k in b.properties if k == "type")
    assert key_a is key_b and a.properties["type"] is b.properties["type"]
    assert a.lines[0].tags[0] is b.lines[0].tags[0]


def test_a_process_that_does_not_share_interns_nothing() -> None:
    # the build's own process and the watcher parse without interning: since Python 3.12
    # an interned string may live on after its last use
    text = "---\nsleutel_q7x: waarde_q7x\n---\n- #tag_q7x [[Doel q7x]]\n"
    note = parse_note("N.md", text.encode())
    (key,) = note.properties
    target = note.links[0].target
    for value in (key, note.properties[key], target, note.tags[0]):
        copy = "".join(list(value))  # a new object with the same text
        assert sys.intern(copy) is copy  # nothing with this text was interned before
