"""Crashes found by fuzzing random vaults: each run must end with a diagnostic or a
documented exit code, never a traceback. Marked xfail(strict) until fixed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from conftest import VaultFactory

from netwerknotities.cli import main

PERSON = "---\ntype: person\ntier: important\n---\n"
DAILY = "- #contact [[Jan]]\n"
EXIT_CONFIG = 4
EXIT_WRITE = 5


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--today", "2026-11-26", "--no-cache"])


def assert_no_crash(result: Result, codes: tuple[int, ...]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in codes, result.output


def config_vault(make_vault: VaultFactory, config: str) -> str:
    files = {"Jan.md": PERSON, "2026-11-20.md": DAILY, "netwerknotities.toml": config}
    return str(make_vault(files))


@pytest.mark.xfail(strict=True, reason="crash: ValueError from _folder on a [folders] entry")
def test_a_folders_entry_outside_the_vault_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[folders]\nperson = ["../Mensen"]\n')
    assert_no_crash(run("check", vault), (EXIT_CONFIG,))


@pytest.mark.xfail(strict=True, reason="crash: ValueError from _folder on a dot folder")
def test_a_dot_folder_in_folders_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[folders]\nperson = [".people"]\n')
    assert_no_crash(run("export", vault), (EXIT_CONFIG,))


@pytest.mark.xfail(strict=True, reason="crash: OverflowError in plan() past year 9999")
def test_a_horizon_past_year_9999_does_not_crash(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, "[calendar]\nhorizon_days = 3000000\n")
    assert_no_crash(run("check", vault), (0, EXIT_CONFIG))


@pytest.mark.xfail(strict=True, reason="crash: OverflowError in timedelta(hours=refresh_hours)")
def test_a_huge_refresh_interval_does_not_crash(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, "[calendar]\nrefresh_hours = 99999999999999999999\n")
    assert_no_crash(run("check", vault), (0, EXIT_CONFIG))


@pytest.mark.xfail(strict=True, reason="crash: IsADirectoryError writing calendar file ''")
def test_an_empty_calendar_file_name_does_not_crash(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[calendar]\nfile = ""\n')
    assert_no_crash(run("build", vault), (EXIT_CONFIG, EXIT_WRITE))


@pytest.mark.xfail(strict=True, reason="crash: IsADirectoryError in write_outputs")
def test_a_folder_in_the_way_of_an_output_is_a_write_error(make_vault: VaultFactory) -> None:
    vault = make_vault({"Jan.md": PERSON})
    (vault / "netwerknotities" / "contactmomenten.ics").mkdir(parents=True)
    assert_no_crash(run("build", str(vault)), (EXIT_WRITE,))


@pytest.mark.xfail(strict=True, reason="crash: NotADirectoryError in write_outputs")
def test_a_file_named_like_the_output_folder_is_a_write_error(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON, "netwerknotities": "a file, not a folder\n"}))
    assert_no_crash(run("build", vault), (EXIT_WRITE,))


def run_on(day: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--today", day, "--no-cache"])


@pytest.mark.xfail(strict=True, reason="crash: OverflowError, --today 9999-12-31")
def test_the_last_date_as_today_does_not_crash(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON}))
    assert_no_crash(run_on("9999-12-31", "export", vault), (0, 2))


@pytest.mark.xfail(strict=True, reason="crash: ValueError year 0, --today 0001-01-01")
def test_the_first_date_as_today_does_not_crash(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON}))
    assert_no_crash(run_on("0001-01-01", "export", vault), (0, 2))
