"""Dated notes and moment.js daily-note formats (spec section 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from netwerknotities.dailynotes import (
    daily_format_date,
    daily_note_path,
    format_moment,
    iso_prefix_date,
    note_date,
    parse_moment,
)
from netwerknotities.vault import ObsidianSettings

D = dt.date(2026, 11, 20)  # a Friday


def settings(folder: str = "", fmt: str = "YYYY-MM-DD") -> ObsidianSettings:
    return ObsidianSettings(templates_folders=(), daily_notes_folder=folder, daily_notes_format=fmt)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("YYYY-MM-DD", "2026-11-20"),
        ("DD-MM-YYYY", "20-11-2026"),
        ("YYYY/MM/YYYY-MM-DD", "2026/11/2026-11-20"),
        ("YYYY/MMMM/D MMM YY", "2026/November/20 Nov 26"),
        ("dddd, MMMM Do YYYY", "Friday, November 20th 2026"),
        ("ddd DD.MM.YYYY", "Fri 20.11.2026"),
        ("[Journal] YYYY-MM-DD", "Journal 2026-11-20"),
        ("YYYYMMDD", "20261120"),
        ("D-M-YYYY", "20-11-2026"),
    ],
)
def test_format_and_parse_round_trip(fmt: str, text: str) -> None:
    assert format_moment(D, fmt) == text
    assert parse_moment(text, fmt) == D


def test_parse_accepts_dutch_names_and_any_case() -> None:
    assert parse_moment("vrijdag 20 november 2026", "dddd D MMMM YYYY") == D
    assert parse_moment("20 mrt. 2026", "D MMM YYYY") == dt.date(2026, 3, 20)
    assert parse_moment("20 NOV 2026", "D MMM YYYY") == D
    assert parse_moment("1ste januari 2026", "Do MMMM YYYY") == dt.date(2026, 1, 1)


def test_parse_rejects_non_matching_and_impossible_dates() -> None:
    assert parse_moment("2026-11-20 extra", "YYYY-MM-DD") is None
    assert parse_moment("2026-02-30", "YYYY-MM-DD") is None
    assert parse_moment("2026/12/2026-11-20", "YYYY/MM/YYYY-MM-DD") is None  # months disagree
    assert parse_moment("Friday", "dddd") is None  # no day can be read


def test_two_digit_years_follow_moment() -> None:
    assert parse_moment("20-11-26", "DD-MM-YY") == D
    assert parse_moment("20-11-85", "DD-MM-YY") == dt.date(1985, 11, 20)


def test_week_and_time_tokens_never_match() -> None:
    # A weekly or hourly note is not one day's note: such formats give no dates.
    assert parse_moment("Week 47", "[Week] ww") is None
    assert parse_moment("2026-W47", "gggg-[W]ww") is None
    assert parse_moment("2026-11-20 10", "YYYY-MM-DD HH") is None


def test_letters_that_are_no_tokens_are_literal() -> None:
    assert format_moment(D, "YYYY-MM-DDT") == "2026-11-20T"
    assert parse_moment("2026-11-20T", "YYYY-MM-DDT") == D


def test_daily_note_path() -> None:
    assert daily_note_path(D, settings()) == "2026-11-20.md"
    assert daily_note_path(D, settings("Journal", "YYYY/MM/YYYY-MM-DD")) == (
        "Journal/2026/11/2026-11-20.md"
    )
    assert daily_note_path(D, settings("Daily", "")) == "Daily/2026-11-20.md"


def test_note_date_precedence() -> None:
    s = settings("Daily", "DD-MM-YYYY")
    prop = dt.date(2025, 1, 2)
    # The property first.
    assert note_date("Daily/20-11-2026.md", prop, s) == prop
    # Then the daily-notes format, inside its folder only.
    assert note_date("Daily/20-11-2026.md", None, s) == D
    assert note_date("Elsewhere/20-11-2026.md", None, s) is None
    # Then an ISO prefix anywhere.
    assert note_date("Meetings/2026-11-20 Lunch.md", None, s) == D
    assert note_date("2026-11-20.md", None, s) == D
    assert note_date("Daily/2026-11-20.md", None, s) == D


def test_format_beats_iso_prefix() -> None:
    # YYYY-DD-MM reads 2026-01-02 as 1 February; the ISO prefix would say 2 January.
    s = settings("Daily", "YYYY-DD-MM")
    assert note_date("Daily/2026-01-02.md", None, s) == dt.date(2026, 2, 1)
    assert note_date("Other/2026-01-02.md", None, s) == dt.date(2026, 1, 2)


def test_iso_prefix_needs_a_valid_whole_date() -> None:
    s = settings()
    assert note_date("2026-11-201.md", None, s) is None
    assert note_date("2026-13-01 Plan.md", None, s) is None
    assert note_date("Notes 2026-11-20.md", None, s) is None
    assert note_date("Sub/2026-11-20 x.MD", None, s) == D


def test_daily_folder_nested_format_in_subfolders() -> None:
    s = settings("Journal", "YYYY/MM/YYYY-MM-DD")
    assert note_date("Journal/2026/11/2026-11-20.md", None, s) == D
    assert note_date("journal/2026/11/2026-11-20.md", None, s) == D
    assert note_date("Journal/2026/12/2026-11-20.md", None, s) == D  # ISO prefix still dates it


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-11-20 Lunch.md", dt.date(2026, 11, 20)),
        ("2026-11-20.md", dt.date(2026, 11, 20)),
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2026-11-201 Lunch.md", None),  # a longer number is no date
        ("2026-11-2 Lunch.md", None),
        ("2026-13-01 Lunch.md", None),  # no month 13
        ("2026-02-30.md", None),
        ("Lunch 2026-11-20.md", None),  # a prefix only
        ("2026-11", None),
    ],
)
def test_iso_prefix_date(name: str, expected: dt.date | None) -> None:
    # twice: the second answer comes from what the first remembered
    assert iso_prefix_date(name) == expected
    assert iso_prefix_date(name) == expected


@pytest.mark.parametrize(
    ("folder", "path", "expected"),
    [
        ("", "2026-11-20.md", dt.date(2026, 11, 20)),
        ("/", "2026-11-20.md", dt.date(2026, 11, 20)),  # the vault's root, written as `/`
        ("Dagboek", "dagboek/2026-11-20.md", dt.date(2026, 11, 20)),  # case does not count
        ("/Dagboek/", "Dagboek/2026-11-20.MD", dt.date(2026, 11, 20)),
        ("Dagboek", "2026-11-20.md", None),  # outside the folder
        ("Dagboek", "Dagboeken/2026-11-20.md", None),
        ("A/B/", "A/B/2026-11-20.md", dt.date(2026, 11, 20)),
        ("A/B/", "A/2026-11-20.md", None),
        ("Dİ", "Dİ/2026-11-20.md", dt.date(2026, 11, 20)),  # İ lowers to two characters
    ],
)
def test_daily_format_date_by_folder(folder: str, path: str, expected: dt.date | None) -> None:
    settings = ObsidianSettings(daily_notes_folder=folder, daily_notes_format="YYYY-MM-DD")
    # twice: the second time the folder's prefix comes from what the first remembered
    assert daily_format_date(path, settings) == expected
    assert daily_format_date(path, settings) == expected
