"""The CLI's wiring: exit codes, messages, JSON where scripts want it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_VAULT, VaultFactory

from netwerknotities.cli import main

TODAY = ["--today", "2026-11-26"]


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "vault_example"
    shutil.copytree(EXAMPLE_VAULT, target, ignore=shutil.ignore_patterns("Netwerk"))
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_build_then_nothing_changed(example: Path) -> None:
    code, out, _ = run("build", str(example), *TODAY)
    assert code == 0 and "24 people" in out
    code, out, _ = run("build", str(example), *TODAY, "--json")
    assert code == 0 and json.loads(out)["skipped"] is True


def test_missing_vault_is_exit_3_with_one_line(tmp_path: Path) -> None:
    code, out, err = run("build", str(tmp_path / "nope"), *TODAY)
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "no such vault folder" in err


def test_broken_config_is_exit_4(make_vault: VaultFactory) -> None:
    vault = make_vault({"netwerknotities.toml": "language = 'fr'\n", "A.md": "x\n"})
    code, _, err = run("export", str(vault), *TODAY)
    assert code == 4 and "language" in err


def test_bad_today_is_a_usage_error(example: Path) -> None:
    code, _, err = run("build", str(example), "--today", "26-11-2026")
    assert code == 2 and "2026-11-26" in err


def test_check_lists_problems_and_strict_fails(example: Path) -> None:
    code, out, err = run("check", str(example), *TODAY)
    assert code == 0
    assert "Mensen/Mark de Wit.md:4: yaml-error:" in out
    assert "7 problems in 55 notes" in err
    code, _, _ = run("check", str(example), *TODAY, "--strict")
    assert code == 1
    code, out, _ = run("check", str(example), *TODAY, "--json")
    assert {d["code"] for d in json.loads(out)} >= {"yaml-error", "conflict-copy"}


def test_check_strict_passes_on_a_clean_vault(make_vault: VaultFactory) -> None:
    vault = make_vault({"Jan.md": "---\ntype: person\n---\n"})
    code, _, err = run("check", str(vault), *TODAY, "--strict")
    assert code == 0 and "0 problems" in err


def test_export_is_json_with_the_contract_keys(example: Path) -> None:
    code, out, _ = run("export", str(example), *TODAY)
    data = json.loads(out)
    assert code == 0
    for key in (
        "people",
        "organisations",
        "contacts",
        "signals",
        "conflicts",
        "schedule",
        "diagnostics",
        "review",
        "reach",
        "variety",
    ):
        assert key in data


def test_foreign_file_in_the_output_folder_is_exit_5(example: Path) -> None:
    (example / "Netwerk").mkdir()
    (example / "Netwerk" / "Mensen.md").write_text("# mijn eigen lijst\n", encoding="utf-8")
    code, _, err = run("build", str(example), *TODAY)
    assert code == 5 and "not written by netwerknotities" in err
    assert (example / "Netwerk" / "Mensen.md").read_text(encoding="utf-8") == "# mijn eigen lijst\n"
    assert (example / "Netwerk" / "Signalen.md").exists()


def test_init_adds_config_and_templates_and_never_overwrites(make_vault: VaultFactory) -> None:
    vault = make_vault({".obsidian/templates.json": '{"folder": "Sjablonen"}'})
    code, out, _ = run("init", str(vault))
    assert code == 0
    assert (vault / "netwerknotities.toml").exists()
    assert (vault / "Sjablonen" / "Person.md").exists()
    (vault / "Sjablonen" / "Person.md").write_text("mine\n", encoding="utf-8")
    code, out, _ = run("init", str(vault))
    assert code == 0 and "kept" in out
    assert (vault / "Sjablonen" / "Person.md").read_text(encoding="utf-8") == "mine\n"


def test_calendar_to_stdout_and_file(example: Path, tmp_path: Path) -> None:
    code, out, _ = run("calendar", str(example), *TODAY)
    assert code == 0 and out.startswith("BEGIN:VCALENDAR")
    target = tmp_path / "feed.ics"
    code, _, _ = run("calendar", str(example), *TODAY, "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_path_unknown_name_is_exit_6(example: Path) -> None:
    code, _, err = run("path", str(example), "Niemand Bekend", *TODAY)
    assert code == 6 and "Niemand Bekend" in err
    code, out, _ = run("path", str(example), "Henk Smeets", *TODAY, "--json")
    assert code == 0 and json.loads(out)["paths"][0] == ["Ingrid Vos", "Henk Smeets"]


def test_tier_and_log_change_only_what_they_must(example: Path) -> None:
    note = example / "Mensen" / "Bas Koster.md"
    before = note.read_text(encoding="utf-8")
    code, _, _ = run("tier", str(example), "bas koster", "gewoon")
    assert code == 0
    after = note.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [("kring: superbelangrijk", "kring: gewoon")]
    code, out, _ = run("log", str(example), "Bas Koster", "--date", "2026-11-25", *TODAY)
    assert code == 0 and "Dagboek/2026-11-25.md" in out
    code, _, err = run("log", str(example), "Onbekend", *TODAY)
    assert code == 6 and "Nothing was written" in err


def test_review_json_and_apply_needs_confirmation(example: Path) -> None:
    code, out, _ = run("review", str(example), *TODAY, "--json")
    data = json.loads(out)
    assert code == 0 and set(data["distribution"]) == {
        "important",
        "regular",
        "unimportant",
        "none",
    }
    result = CliRunner().invoke(main, ["review", str(example), *TODAY, "--apply"], input="n\n")
    assert result.exit_code == 0 and "Nothing was changed" in result.stderr


def test_token_is_stable_and_resettable(example: Path) -> None:
    _, first, _ = run("token", str(example))
    _, again, _ = run("token", str(example))
    _, reset, _ = run("token", str(example), "--reset")
    assert first == again != reset
    assert first.startswith("http://127.0.0.1:8765/feed/")


def test_init_without_an_obsidian_templates_folder_keeps_templates_out_of_the_notes(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"Jan.md": "---\ntype: person\n---\n"})
    code, _, _ = run("init", str(vault))
    assert code == 0 and (vault / "Templates" / "Person.md").exists()
    assert 'templates_folder = "Templates"' in (vault / "netwerknotities.toml").read_text(
        encoding="utf-8"
    )
    code, _, err = run("check", str(vault), *TODAY, "--strict")
    assert code == 0, err
