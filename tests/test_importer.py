"""`import`: vCard 3/4, LinkedIn and Google CSV into person notes, never a second copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import VaultFactory

from netwerknotities.config import Config, config_from_mapping
from netwerknotities.contactfiles import ImportFileError, birthday_text, read_contacts
from netwerknotities.filenames import safe_stem, unique_stem
from netwerknotities.importer import (
    apply_plan,
    import_file,
    phone_key,
    plan_import,
    report_lines,
)
from netwerknotities.personedit import VaultView, load_view

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = dt.date(2026, 11, 20)

TEMPLATE = """---
type: persoon
aliases: []
organisatie: []
rol:
kring: gewoon
email:
telefoon:
verjaardag:
id: "{{date:YYYYMMDDHHmmss}}"
---
# {{title}}

## Gesprekken
"""

VAULT = {
    ".obsidian/templates.json": '{"folder": "Sjablonen"}',
    "Sjablonen/Persoon.md": TEMPLATE,
    "Mensen/Zoë Çelik.md": (
        "\ufeff---\r\ntype: persoon\r\nrol: voorzitter # sinds 2024\r\n"
        "email: zoe@thuis.example\r\n---\r\nNotities.\r\n"
    ),
    "Mensen/Ruben Smit.md": "---\ntype: persoon\nrol: [kapot\n---\n",
    "Organisaties/Gemeente Utrecht.md": "---\ntype: organisatie\naliases: [Gemeente]\n---\n",
    "Projecten/Thomas Bos.md": "A project note that happens to share a name.\n",
}


def _view(vault: Path, config: Config | None = None) -> VaultView:
    return load_view(vault, config or Config())


# -- reading files -------------------------------------------------------------------


def test_vcard3_non_ascii_photo_several_emails_and_a_broken_card() -> None:
    contacts, problems = read_contacts(FIXTURES / "contacts-v3.vcf")
    zoe = contacts[0]
    assert (zoe.name, zoe.aliases, zoe.organisation, zoe.role) == (
        "Zoë Çelik",
        ("Zoe",),
        "Energiecoöperatie Zonnig Zuilen",
        "Voorzitter",
    )
    # the preferred address first
    assert zoe.emails == ("zoe.celik@zonnigzuilen.example", "zoe@thuis.example")
    assert (zoe.phones, zoe.birthday, zoe.notes) == (
        ("+31 6 12345678",),
        "1985-04-15",
        ("photo not imported",),
    )
    assert contacts[1].role == "Senior adviseur, warmte"
    assert contacts[2].notes == ("birthday '1979-02-30' is not a date; left out",)
    assert contacts[3].name == "info@anoniem.example"
    assert [(p.source, p.reason) for p in problems] == [
        (
            "card 3 (line 28)",
            "not a valid vCard: line 32: Failed to parse line: "
            "this line has no colon and breaks the card",
        )
    ]


def test_vcard4() -> None:
    contacts, problems = read_contacts(FIXTURES / "contacts-v4.vcf")
    assert problems == []
    lukasz = contacts[0]
    assert lukasz.name == "Łukasz Żółć"
    assert lukasz.emails == ("l.zolc@gemeente.example", "lukasz@prive.example")
    assert lukasz.phones == ("+48-601-234-567",)
    assert lukasz.birthday == "02-29"
    assert lukasz.linkedin == "https://www.linkedin.com/in/lukaszzolc"
    assert contacts[1].birthday == "1990-01-02"


def test_vobject_corpus_card() -> None:
    contacts, problems = read_contacts(FIXTURES / "vobject" / "radicale-1587.vcf")
    assert [c.name for c in contacts] == ["Given Family"] and problems == []


def test_linkedin_export_with_its_preamble() -> None:
    contacts, problems = read_contacts(FIXTURES / "Connections.csv")
    assert problems == []
    assert [(c.source, c.name, c.organisation, c.role, c.emails) for c in contacts] == [
        ("row 5", "Zoë Çelik", "Energiecoöperatie Zonnig Zuilen", "Voorzitter", ()),
        (
            "row 6",
            "Ruben Smit",
            "GroenWarmte Installaties",
            "Directeur, eigenaar",
            ("ruben@groenwarmte.example",),
        ),
        ("row 7", "Sanne de Vries", "Woonstichting Domstad", "Projectleider", ()),
    ]
    assert contacts[0].linkedin == "https://www.linkedin.com/in/zoecelik"


def test_google_contacts_csv() -> None:
    contacts, problems = read_contacts(FIXTURES / "google.csv")
    thomas = contacts[0]
    assert thomas.emails == ("thomas@dag.example", "t.bos@dag.example", "tbos@mail.example")
    assert (thomas.aliases, thomas.birthday, thomas.phones) == (
        ("Tom",),
        "05-17",
        ("+31 6 11112222",),
    )
    assert contacts[1].phones == ("030 286 0000", "06 33334444")
    assert [(p.source, p.reason) for p in problems] == [("row 4", "no name and no e-mail")]


@pytest.mark.parametrize(
    ("file", "fmt", "message"),
    [
        ("wrong-header.csv", None, "cannot tell whether"),
        ("wrong-header.csv", "google", "not a Google Contacts CSV"),
        ("wrong-header.csv", "linkedin", "no LinkedIn header line"),
        ("google.csv", "linkedin", "no LinkedIn header line"),
        ("Connections.csv", "vcard", "no vCard in this file"),
    ],
)
def test_wrong_files_are_clear_errors(file: str, fmt: str | None, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_contacts(FIXTURES / file, fmt)


def test_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_bytes(b"BEGIN:VCARD\nFN:Jos\xe9\nEND:VCARD\n")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_contacts(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1985-04-15", "1985-04-15"),
        ("19850415", "1985-04-15"),
        ("--0415", "04-15"),
        ("--04-15", "04-15"),
        ("--0230", None),
        ("15-04-1985", None),
    ],
)
def test_birthday_text(raw: str, expected: str | None) -> None:
    assert birthday_text(raw) == expected


def test_phone_key() -> None:
    assert phone_key("+31 6 12345678") == phone_key("06-12345678") == phone_key("0031612345678")
    assert phone_key("112") == "112"


# -- file names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AC/DC Fan 🎸", "AC-DC Fan 🎸"),
        ('Jan "JJ" Jansen: CEO?', "Jan -JJ- Jansen- CEO-"),
        ("Dr. J. Smith...", "Dr. J. Smith"),
        ("  .hidden ", "hidden"),
        ("CON", "CON_"),
        ("com1.backup", "com1.backup_"),
        ("a\tb\x00c", "a b c"),
        ("[[x]] #tag ^b|", "-x- -tag -b-"),
        ("///", "Unnamed"),
        ("é" * 150, "é" * 100),
    ],
)
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_unique_stem_compares_as_file_systems_do() -> None:
    assert unique_stem("Zoë", ["zoe\u0308", "ZOË 2"]) == "Zoë 3"
    assert unique_stem("Eva", ["Jan"]) == "Eva"


# -- planning and writing ------------------------------------------------------------


def test_import_creates_from_the_users_template(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    plan, outcome = import_file(_view(vault), FIXTURES / "contacts-v4.vcf", TODAY)
    assert [(a.kind, a.path) for a in plan.actions] == [
        ("create", "Mensen/Łukasz Żółć.md"),
        ("create", "Mensen/Aïcha Benali.md"),
    ]
    assert outcome.written == ("Mensen/Łukasz Żółć.md", "Mensen/Aïcha Benali.md")
    expected = (FIXTURES / "expected" / "Łukasz Żółć.md").read_bytes()
    assert (vault / "Mensen/Łukasz Żółć.md").read_bytes() == expected


def test_import_enriches_never_overwrites_and_reports(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    plan, outcome = import_file(_view(vault), FIXTURES / "contacts-v3.vcf", TODAY)
    assert report_lines(plan) == [
        "enrich  Zoë Çelik [card 1 (line 1)] -> Mensen/Zoë Çelik.md: add aliases, organisatie,"
        " telefoon, verjaardag: already in the vault as Zoë Çelik (e-mail zoe@thuis.example)",
        "        differs: email: the file also has zoe.celik@zonnigzuilen.example",
        "        note: photo not imported",
        "create  Jan-Willem van der Berg [card 2 (line 16)] -> Mensen/Jan-Willem van der Berg.md",
        "skip    (unreadable) [card 3 (line 28)]: not a valid vCard: line 32: "
        "Failed to parse line: this line has no colon and breaks the card",
        "create  AC/DC Fan 🎸 [card 4 (line 34)] -> Mensen/AC-DC Fan 🎸.md",
        "        note: birthday '1979-02-30' is not a date; left out",
        "create  info@anoniem.example [card 5 (line 41)] -> Mensen/info@anoniem.example.md",
        "3 created, 1 enriched, 1 skipped",
    ]
    assert outcome.failed == ()
    assert (vault / "Mensen/Zoë Çelik.md").read_bytes() == (
        FIXTURES / "expected" / "Zoë Çelik.enriched.md"
    ).read_bytes()
    fan = (vault / "Mensen/AC-DC Fan 🎸.md").read_text(encoding="utf-8")
    assert "aliases:\n  - AC/DC Fan 🎸\n" in fan


def test_second_import_changes_nothing(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    for name in ("contacts-v3.vcf", "contacts-v4.vcf", "google.csv", "Connections.csv"):
        import_file(_view(vault), FIXTURES / name, TODAY)
    snapshot = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    for name in ("contacts-v3.vcf", "contacts-v4.vcf", "google.csv", "Connections.csv"):
        plan, outcome = import_file(_view(vault), FIXTURES / name, TODAY)
        assert plan.of("create") == [] and plan.of("enrich") == [], name
        assert outcome.written == ()
    assert {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()} == snapshot


def test_dry_run_writes_nothing(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    plan, outcome = import_file(_view(vault), FIXTURES / "google.csv", TODAY, dry_run=True)
    assert plan.summary() == "2 created, 0 enriched, 1 skipped"
    assert outcome.written == ()
    assert {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()} == before


def test_names_never_collide_and_broken_people_are_not_touched(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    plan, _ = import_file(_view(vault), FIXTURES / "Connections.csv", TODAY, dry_run=True)
    assert [(a.kind, a.path, a.reason) for a in plan.actions] == [
        (
            "enrich",
            "Mensen/Zoë Çelik.md",
            "already in the vault as Zoë Çelik (name Zoë Çelik)",
        ),
        (
            "skip",
            "Mensen/Ruben Smit.md",
            "matches Ruben Smit, not edited: the front-matter cannot be read "
            "(yaml-error, line 4): while parsing a flow sequence; "
            "did not find expected ',' or ']'",
        ),
        ("create", "Mensen/Sanne de Vries.md", ""),
    ]
    plan, _ = import_file(_view(vault), FIXTURES / "google.csv", TODAY, dry_run=True)
    # a project note already has the name: the person gets "Thomas Bos 2", alias "Thomas Bos"
    assert plan.actions[0].path == "Mensen/Thomas Bos 2.md"
    assert b"aliases:\n  - Thomas Bos\n  - Tom\n" in plan.actions[0].after


def test_duplicates_within_one_file_become_one_person(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    card = (FIXTURES / "contacts-v4.vcf").read_text(encoding="utf-8")
    twice = vault.parent / "twice.vcf"
    twice.write_text(card + card.replace("FN:Łukasz Żółć", "FN:Luk Zolc"), encoding="utf-8")
    plan, _ = import_file(_view(vault), twice, TODAY, dry_run=True)
    assert [(a.kind, a.source) for a in plan.actions] == [
        ("create", "card 1 (line 1), card 3 (line 22)"),
        ("create", "card 2 (line 15), card 4 (line 36)"),
    ]


def test_note_changed_after_planning_is_left_alone(make_vault: VaultFactory) -> None:
    vault = make_vault(VAULT)
    view = _view(vault)
    contacts, problems = read_contacts(FIXTURES / "contacts-v3.vcf")
    plan = plan_import(view, contacts, problems, TODAY)
    note = vault / "Mensen/Zoë Çelik.md"
    note.write_bytes(note.read_bytes() + b"Typed meanwhile.\r\n")
    outcome = apply_plan(view, plan)
    assert [path for path, _ in outcome.failed] == ["Mensen/Zoë Çelik.md"]
    assert "changed while" in outcome.failed[0][1]
    assert note.read_bytes().endswith(b"Notities.\r\nTyped meanwhile.\r\n")
    assert len(outcome.written) == 3


def test_folder_and_builtin_template(make_vault: VaultFactory) -> None:
    vault = make_vault({"Welkom.md": "Hallo\n"})
    config = config_from_mapping({"language": "en"})
    plan, _ = import_file(_view(vault, config), FIXTURES / "contacts-v4.vcf", TODAY)
    assert plan.actions[1].path == "People/Aïcha Benali.md"
    assert (vault / "People/Aïcha Benali.md").read_text(encoding="utf-8") == (
        "---\ntype: person\nemail: aicha@example.org\nbirthday: 1990-01-02\n---\n"
    )
    plan, _ = import_file(
        _view(vault, config), FIXTURES / "google.csv", TODAY, folder="Contacts/New"
    )
    assert plan.actions[0].path == "Contacts/New/Thomas Bos.md"
