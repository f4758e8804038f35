"""The Obsidian templates give valid front-matter once Obsidian fills them in.

A template holds `{{date}}` placeholders that are not valid YAML; that is why
templates live in the templates folder and are not read as notes. What
matters to a user is the note Obsidian makes from it: this fills the
placeholders the way the core Templates plugin does and reads the result
with PyYAML.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_VAULT, REPO

from netwerknotities.output import is_generated

TEMPLATES = REPO / "templates"
SJABLONEN = EXAMPLE_VAULT / "Sjablonen"
EXAMPLE_OUTPUT = EXAMPLE_VAULT / "Netwerk"  # where the README's first command writes
NOW = dt.datetime(2026, 11, 26, 10, 30, 0)

# The spec's properties (vault-format.md section 3) per kind, English name -> Dutch name.
PERSON = {
    "aliases": "aliases",
    "organisation": "organisatie",
    "role": "rol",
    "stakeholder": "stakeholder",
    "tier": "kring",
    "cadence": "frequentie",
    "last_contact": "laatste_contact",
    "knows": "kent",
    "introduced_by": "via",
    "internal": "intern",
    "interests": "interesses",
    "opposing": "tegengesteld",
    "birthday": "verjaardag",
    "snooze_until": "uitstellen_tot",
    "paused": "gepauzeerd",
    "email": "email",
    "phone": "telefoon",
    "linkedin": "linkedin",
    "private": "prive",
    "id": "id",
}
# An organisation has no role, birthday, colleagues or acquaintances of its own.
ORGANISATION = {
    k: v
    for k, v in PERSON.items()
    if k not in ("organisation", "role", "knows", "internal", "birthday")
}
CONTACT = {"date": "datum", "with": "met", "channel": "kanaal", "minutes": "minuten"}
SIGNAL = {"date": "datum", "source": "bron", "about": "over", "topic": "onderwerp"}
CONFLICT = {"parties": "partijen", "topic": "onderwerp", "status": "status", "since": "sinds"}
LISTS = {
    "aliases",
    "organisation",
    "stakeholder",
    "knows",
    "interests",
    "opposing",
    "with",
    "source",
    "about",
    "parties",
}
DATES = {"date", "since"}

# file name -> (type, properties by English name, Dutch names?)
EXPECTED: dict[str, tuple[str | None, dict[str, str], bool]] = {
    "Persoon.md": ("persoon", PERSON, True),
    "Organisatie.md": ("organisatie", ORGANISATION, True),
    "Contactmoment.md": ("contactmoment", CONTACT, True),
    "Signaal.md": ("signaal", SIGNAL, True),
    "Belang.md": ("belang", CONFLICT, True),
    "Dagnotitie.md": (None, {}, True),
    "en/Person.md": ("person", PERSON, False),
    "en/Organisation.md": ("organisation", ORGANISATION, False),
    "en/Contact.md": ("contact", CONTACT, False),
    "en/Signal.md": ("signal", SIGNAL, False),
    "en/Conflict.md": ("conflict", CONFLICT, False),
    "en/Daily note.md": (None, {}, False),
}

_MOMENT_TOKENS = re.compile(r"YYYY|MMMM|MM|M|DD|D|dddd|HH|mm|ss")
_MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
_DAYS_NL = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"


def _moment(fmt: str, when: dt.datetime) -> str:
    """The moment.js tokens the templates use, as Obsidian (Dutch locale) writes them."""
    values = {
        "YYYY": f"{when.year:04d}",
        "MMMM": _MONTHS_NL.split()[when.month - 1],
        "MM": f"{when.month:02d}",
        "M": str(when.month),
        "DD": f"{when.day:02d}",
        "D": str(when.day),
        "dddd": _DAYS_NL.split()[when.weekday()],
        "HH": f"{when.hour:02d}",
        "mm": f"{when.minute:02d}",
        "ss": f"{when.second:02d}",
    }
    return _MOMENT_TOKENS.sub(lambda m: values[m.group(0)], fmt)


def fill(text: str, title: str, when: dt.datetime = NOW) -> str:
    """Replace placeholders as Obsidian's core Templates plugin does (default formats)."""
    text = text.replace("{{title}}", title)
    text = re.sub(r"\{\{date:([^}]*)\}\}", lambda m: _moment(m.group(1), when), text)
    text = text.replace("{{date}}", _moment("YYYY-MM-DD", when))
    return text.replace("{{time}}", _moment("HH:mm", when))


def front_matter(text: str) -> str:
    lines = text.split("\n")
    assert lines[0] == "---", "a template must start with front-matter"
    end = next(i for i, line in enumerate(lines[1:], 1) if line in ("---", "..."))
    return "\n".join(lines[1:end])


def _all_templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.md")) + sorted(SJABLONEN.glob("*.md"))


def _key(path: Path) -> str:
    base = TEMPLATES if path.is_relative_to(TEMPLATES) else SJABLONEN
    return path.relative_to(base).as_posix()


def test_every_template_is_expected() -> None:
    assert sorted(_key(p) for p in TEMPLATES.rglob("*.md")) == sorted(EXPECTED)


def test_example_vault_holds_a_copy_of_the_dutch_templates() -> None:
    dutch = {p.name: p.read_bytes() for p in TEMPLATES.glob("*.md")}
    copies = {p.name: p.read_bytes() for p in SJABLONEN.glob("*.md")}
    assert copies == dutch


@pytest.mark.parametrize("path", _all_templates(), ids=lambda p: _key(p))
@pytest.mark.parametrize("title", ["Jan de Vries", "Zoë's offerte - fase 2", "1984"])
def test_filled_template_has_valid_front_matter(path: Path, title: str) -> None:
    kind, spec, dutch = EXPECTED[_key(path)]
    filled = fill(path.read_text(encoding="utf-8"), title)
    assert "{{" not in filled and "}}" not in filled
    props = yaml.safe_load(front_matter(filled)) or {}
    assert isinstance(props, dict)
    assert props.get("type") == kind
    names = {english: (dutch_name if dutch else english) for english, dutch_name in spec.items()}
    assert sorted(set(names.values()) - set(props)) == []
    for english, name in names.items():
        if english in LISTS:
            assert isinstance(props[name], list), name
        if english in DATES:
            assert props[name] == NOW.date(), name
        if english == "topic":
            assert props[name] == title
        if english == "id":
            # Quoted: a timestamp id must stay text, not become a number.
            assert props[name] == "20261126103000"
        if english == "minutes":
            assert props[name] == 5


@pytest.mark.parametrize("path", _all_templates(), ids=lambda p: _key(p))
def test_unfilled_template_uses_placeholders(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "{{title}}" in text or "{{date" in text


def test_placeholders_break_yaml_so_templates_folder_must_be_skipped() -> None:
    # Why the example vault sets its templates folder: this is what a reader would hit.
    text = (SJABLONEN / "Contactmoment.md").read_text(encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(front_matter(text))


def test_moment_tokens() -> None:
    assert _moment("dddd D MMMM YYYY", NOW) == "donderdag 26 november 2026"
    assert (
        fill("{{date}} {{time}} {{date:YYYYMMDDHHmmss}}", "x") == "2026-11-26 10:30 20261126103000"
    )


def _example_notes() -> list[Path]:
    return sorted(
        p
        for p in EXAMPLE_VAULT.rglob("*.md")
        if not p.relative_to(EXAMPLE_VAULT).parts[0].startswith(".")
        and not p.is_relative_to(SJABLONEN)
        and not p.is_relative_to(EXAMPLE_OUTPUT)
    )


def test_example_vault_yaml_breaks_only_where_marked_on_purpose() -> None:
    # The example doubles as the integration-test vault: an accidental typo in
    # it would silently change what the other tests expect.
    broken = []
    for path in _example_notes():
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        try:
            yaml.safe_load(front_matter(text))
        except yaml.YAMLError:
            broken.append(path.relative_to(EXAMPLE_VAULT).as_posix())
            assert "Expres fout" in text, path
    assert broken == ["Mensen/Mark de Wit.md"]


def test_example_vault_holds_its_notes_and_at_most_our_outputs() -> None:
    # The README's first command builds into vault_example/Netwerk/ (git-ignored): the tests
    # run after it too, and whatever lies there must be what netwerknotities wrote.
    if EXAMPLE_OUTPUT.exists():
        for path in EXAMPLE_OUTPUT.rglob("*"):
            assert path.is_file() and is_generated(path.read_bytes()), path
    assert 40 <= len(_example_notes()) <= 60
