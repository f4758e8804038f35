"""Finding a person by NAME, and `tier`: one line of their note changes."""

from __future__ import annotations

import pytest
from conftest import VaultFactory

from netwerknotities.config import Config, config_from_mapping
from netwerknotities.errors import NotFoundError
from netwerknotities.personedit import (
    PersonRef,
    fold,
    load_view,
    match_person,
    parse_tier,
    resolve_name,
    set_tier,
    set_tiers,
    tier_edit,
)
from netwerknotities.textedit import FrontMatterError
from netwerknotities.usernotes import RefusedEditError

PEOPLE = [
    PersonRef("Mensen/Zoë Çelik.md", "Zoë Çelik", ("Zoe",)),
    PersonRef("Mensen/Anna Smit.md", "Anna Smit", ("Anna", "A. Smit")),
    PersonRef("Mensen/Anna de Boer.md", "Anna de Boer", ("Anna",)),
]


def test_fold() -> None:
    assert fold("  ZOË   Çelik ") == "zoe celik"


def test_matches_name_and_alias_case_and_accent_insensitively() -> None:
    assert match_person("zoe CELIK", PEOPLE).path == "Mensen/Zoë Çelik.md"
    match = resolve_name("a. smit", PEOPLE)
    assert (match.person.name, match.alias) == ("Anna Smit", "A. Smit")
    assert resolve_name("Anna Smit", PEOPLE).alias is None


def test_ambiguous_lists_every_candidate() -> None:
    with pytest.raises(NotFoundError) as info:
        match_person("anna", PEOPLE)
    assert info.value.message == (
        "'anna' matches several people: Anna Smit (Mensen/Anna Smit.md); "
        "Anna de Boer (Mensen/Anna de Boer.md). Name the one you mean."
    )


def test_unknown_suggests_close_names() -> None:
    with pytest.raises(NotFoundError) as info:
        match_person("Ana Smit", PEOPLE)
    assert info.value.message == "no person named 'Ana Smit'. Did you mean: Anna Smit?"
    with pytest.raises(NotFoundError) as info:
        match_person("Xavier", PEOPLE)
    assert info.value.message == "no person named 'Xavier'."


@pytest.mark.parametrize(
    ("before", "tier", "after"),
    [
        (b"---\ntier: important\n---\n", "regular", b"---\ntier: regular\n---\n"),
        (b"---\nkring: belangrijk\n---\n", "regular", b"---\nkring: gewoon\n---\n"),
        # the value's language wins over the key's
        (b"---\nkring: important\n---\n", "regular", b"---\nkring: regular\n---\n"),
        (b"---\nTier: gewoon\n---\n", "important", b"---\nTier: belangrijk\n---\n"),
        (b"---\nkring:\n---\n", "important", b"---\nkring: belangrijk\n---\n"),
        # no tier yet: the note's own language decides the key
        (
            b"---\ntype: persoon\norganisatie: x\nrol: y\n---\n",
            "unimportant",
            b"---\ntype: persoon\norganisatie: x\nrol: y\nkring: onbelangrijk\n---\n",
        ),
        (
            b"---\ntype: person\nrole: y\n---\n",
            "unimportant",
            b"---\ntype: person\nrole: y\ntier: unimportant\n---\n",
        ),
        (b"Body only.\n", "important", b"---\ntier: important\n---\nBody only.\n"),
    ],
)
def test_tier_edit(before: bytes, tier: str, after: bytes) -> None:
    assert tier_edit(before, tier, Config()) == after


def test_tier_edit_uses_the_users_own_property_name() -> None:
    config = config_from_mapping({"properties": {"tier": ["circle"]}})
    assert tier_edit(b"---\ncircle: regular\n---\n", "important", config) == (
        b"---\ncircle: important\n---\n"
    )


def test_tier_and_kring_both_present_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="tier and kring"):
        tier_edit(b"---\ntier: regular\nkring: gewoon\n---\n", "important", Config())


@pytest.mark.parametrize("word", ["Belangrijk", "REGULAR", " onbelangrijk "])
def test_parse_tier(word: str) -> None:
    assert parse_tier(word) in ("important", "regular", "unimportant")


def test_parse_tier_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="not a tier: 'vip'"):
        parse_tier("vip")


def test_set_tier_on_a_vault(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            "Mensen/Jan.md": "\ufeff---\r\ntype: person # kind\r\nkring: gewoon\r\n---\r\nx",
            "Mensen/Kapot.md": "---\ntype: person\nrole: [unclosed\n---\n",
        }
    )
    view = load_view(vault, Config())
    jan = match_person("jan", view.people)
    edit = set_tier(vault, jan, "important", Config())
    assert edit.changed
    assert (vault / "Mensen/Jan.md").read_bytes() == (
        "\ufeff---\r\ntype: person # kind\r\nkring: belangrijk\r\n---\r\nx".encode()
    )
    assert not set_tier(vault, jan, "important", Config()).changed
    broken = match_person("kapot", view.people)
    with pytest.raises(
        RefusedEditError,
        match=r"Kapot\.md: not edited: the front-matter cannot be read \(yaml-error, line 4\)",
    ):
        set_tier(vault, broken, "important", Config())
    assert (vault / "Mensen/Kapot.md").read_text() == "---\ntype: person\nrole: [unclosed\n---\n"


def test_set_tiers_for_review_apply(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            "Mensen/A.md": "---\ntype: person\ntier: regular\n---\n",
            "Mensen/B.md": "---\ntype: person\ntier: important\n---\n",
            "Mensen/C.md": "---\ntype: person\nrole: [broken\n---\n",
        }
    )
    view = load_view(vault, Config())
    outcome = set_tiers(
        view,
        [
            ("Mensen/A.md", "important"),
            ("Mensen/B.md", "important"),
            ("Mensen/C.md", "regular"),
            ("Mensen/D.md", "regular"),
        ],
    )
    assert outcome.changed == ("Mensen/A.md",)
    assert outcome.unchanged == ("Mensen/B.md",)
    assert [p for p, _ in outcome.failed] == ["Mensen/C.md", "Mensen/D.md"]
    assert "not edited: the front-matter cannot be read" in outcome.failed[0][1]
    assert (vault / "Mensen/A.md").read_text() == "---\ntype: person\ntier: important\n---\n"
