"""`log`: a #contact line in the daily note, written safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import VaultFactory

from netwerknotities.config import Config
from netwerknotities.contactlog import contact_lines, log_contact, parse_day
from netwerknotities.errors import NotFoundError
from netwerknotities.parse import parse_note
from netwerknotities.personedit import load_view
from netwerknotities.relations import derive_model

TODAY = dt.date(2026, 11, 20)
GOLDEN = Path(__file__).parent / "fixtures" / "edits" / "log"

PEOPLE = {
    "Mensen/Zoë Çelik.md": "---\ntype: persoon\naliases: [Zoe]\n---\n",
    "Mensen/Jan Jansen.md": "---\ntype: person\naliases:\n  - JJ\n  - null\n---\n",
    "Oud/Jan Jansen.md": "---\ntype: person\n---\n",
    "Mensen/Piet Bakker.md": "---\ntags: [persoon]\naliases: Pietje\n---\n",
    "Mensen/Eva.md": "---\ntype: person\n---\n",
    "Projecten/Eva.md": "Not a person, but it shares a name.\n",
    ".obsidian/daily-notes.json": '{"folder": "Dagboek", "format": "DD-MM-YYYY"}',
}


def test_contact_lines() -> None:
    assert contact_lines(["[[A]]"]) == ["- #contact [[A]]"]
    assert contact_lines(
        ["[[A]]", "[[B|Bee]]"], minutes=15, channel="phone", note="about\nthe tender", signal="X"
    ) == [
        "- #contact [[A]], [[B|Bee]] (phone, 15 min): about the tender",
        "- #signal [[A]], [[B|Bee]]: X",
    ]


def test_log_creates_daily_note_named_by_obsidian_settings(make_vault: VaultFactory) -> None:
    vault = make_vault(PEOPLE)
    result = log_contact(
        load_view(vault, Config()), ["zoe celik", "pietje"], TODAY, minutes=5, channel="call"
    )
    assert result.path == "Dagboek/20-11-2026.md"
    assert result.created
    assert (vault / result.path).read_bytes() == (
        b"- #contact [[Zo\xc3\xab \xc3\x87elik]], [[Piet Bakker|Pietje]] (call, 5 min)\n"
    )


def test_log_links_as_obsidian_writes_them(make_vault: VaultFactory) -> None:
    vault = make_vault(PEOPLE)
    view = load_view(vault, Config())
    result = log_contact(view, ["Eva", "JJ", "Zoë Çelik"], TODAY, signal="wil groeien")
    # `Eva` shares its name with a project note: the link names the folder;
    # `JJ` is an alias of Mensen/Jan Jansen, a name another note shares too
    assert result.lines == (
        "- #contact [[Mensen/Eva]], [[Mensen/Jan Jansen|JJ]], [[Zoë Çelik]]",
        "- #signal [[Mensen/Eva]], [[Mensen/Jan Jansen|JJ]], [[Zoë Çelik]]: wil groeien",
    )


def test_log_appends_to_existing_note_keeping_crlf_and_bom(make_vault: VaultFactory) -> None:
    before = (GOLDEN / "log_daily.before.md").read_bytes()
    vault = make_vault({**PEOPLE, "Dagboek/20-11-2026.md": before})
    log_contact(load_view(vault, Config()), ["Piet Bakker"], TODAY, note="koffie")
    assert (vault / "Dagboek/20-11-2026.md").read_bytes() == (
        GOLDEN / "log_daily.after.md"
    ).read_bytes()


def test_logged_line_reads_back_as_a_contact(make_vault: VaultFactory) -> None:
    vault = make_vault(PEOPLE)
    view = load_view(vault, Config())
    log_contact(view, ["JJ", "Zoe"], dt.date(2026, 11, 2), signal="nieuwe baan")
    view = load_view(vault, Config())
    model = derive_model(list(view.notes), view.index, view.settings, Config(), TODAY)
    assert [(c.date, c.people) for c in model.contacts] == [
        (dt.date(2026, 11, 2), ("Mensen/Jan Jansen.md", "Mensen/Zoë Çelik.md"))
    ]
    assert [(s.text, s.sources) for s in model.signals] == [
        ("JJ, Zoe: nieuwe baan", ("Mensen/Jan Jansen.md", "Mensen/Zoë Çelik.md"))
    ]


def test_daily_note_template_is_used(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            **PEOPLE,
            ".obsidian/daily-notes.json": '{"folder": "Dagboek", "template": "Sjablonen/Dag"}',
            "Sjablonen/Dag.md": "---\ndatum: {{date}}\n---\n# {{title}} ({{date:dddd}})\n",
        }
    )
    log_contact(load_view(vault, Config()), ["Eva"], TODAY)
    assert (vault / "Dagboek/2026-11-20.md").read_text(encoding="utf-8") == (
        "---\ndatum: 2026-11-20\n---\n# 2026-11-20 (Friday)\n- #contact [[Mensen/Eva]]\n"
    )


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Jan Jansen"], r"several people: Jan Jansen \(Mensen/Jan Jansen\.md\); Jan Jansen \(Oud"),
        (["Zoey Celik"], r"no person named 'Zoey Celik'\. Did you mean: Zoë Çelik\?"),
        (["Eva", "Nobody"], r"no person named 'Nobody'\. Nothing was written\."),
        ([], "at least one person"),
    ],
)
def test_unknown_or_ambiguous_name_writes_nothing(
    make_vault: VaultFactory, names: list[str], message: str
) -> None:
    vault = make_vault(PEOPLE)
    with pytest.raises(NotFoundError, match=message):
        log_contact(load_view(vault, Config()), names, TODAY)
    assert not (vault / "Dagboek").exists()


def test_daily_note_that_is_not_utf8_is_refused(make_vault: VaultFactory) -> None:
    vault = make_vault({**PEOPLE, "Dagboek/20-11-2026.md": b"caf\xe9\n"})
    with pytest.raises(Exception, match="not UTF-8"):
        log_contact(load_view(vault, Config()), ["Eva"], TODAY)
    assert (vault / "Dagboek/20-11-2026.md").read_bytes() == b"caf\xe9\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-19", dt.date(2026, 11, 19)), ("gisteren", dt.date(2026, 11, 19))],
)
def test_parse_day(text: str, expected: dt.date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20-11-2026", "not a date like 2026-11-20"),
        ("2026-02-30", "no such date"),
        ("2026-12-01", "in the future"),
    ],
)
def test_parse_day_rejects_mistyped_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_day(text, TODAY)


def test_parse_note_sees_the_golden_after_file_as_valid() -> None:
    note = parse_note("d.md", (GOLDEN / "log_daily.after.md").read_bytes())
    assert [line.is_contact for line in note.lines] == [True, True]
