"""Crashes found by fuzzing random vaults: each run must end with a diagnostic or a
documented exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

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


def test_a_folders_entry_outside_the_vault_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[folders]\nperson = ["../Mensen"]\n')
    assert_no_crash(run("check", vault), (EXIT_CONFIG,))


def test_a_dot_folder_in_folders_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[folders]\nperson = [".people"]\n')
    assert_no_crash(run("export", vault), (EXIT_CONFIG,))


def test_a_horizon_past_year_9999_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, "[calendar]\nhorizon_days = 3000000\n")
    assert_no_crash(run("check", vault), (EXIT_CONFIG,))


def test_a_huge_refresh_interval_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, "[calendar]\nrefresh_hours = 99999999999999999999\n")
    assert_no_crash(run("check", vault), (EXIT_CONFIG,))


def test_an_empty_calendar_file_name_is_a_config_error(make_vault: VaultFactory) -> None:
    vault = config_vault(make_vault, '[calendar]\nfile = ""\n')
    assert_no_crash(run("build", vault), (EXIT_CONFIG,))


def test_a_calendar_file_outside_the_output_folder_is_a_config_error(
    make_vault: VaultFactory,
) -> None:
    vault = config_vault(make_vault, '[calendar]\nfile = "../../escape.ics"\n')
    assert_no_crash(run("build", vault), (EXIT_CONFIG,))
    assert not any(p.name == "escape.ics" for p in Path(vault).parent.parent.rglob("*.ics"))


def test_a_cadence_of_ages_is_a_diagnostic(make_vault: VaultFactory) -> None:
    person = "---\ntype: person\ncadence: 99999999999y\nlast_contact: 2026-01-01\n---\n"
    vault = str(
        make_vault({"Jan.md": person, "Piet.md": "---\ntype: person\nfrequentie: 40000d\n---\n"})
    )
    result = run("check", vault)
    assert_no_crash(result, (0,))
    assert result.output.count(": bad-cadence: ") == 2


def test_a_folder_in_the_way_of_an_output_is_a_write_error(make_vault: VaultFactory) -> None:
    vault = make_vault({"Jan.md": PERSON})
    (vault / "netwerknotities" / "contactmomenten.ics").mkdir(parents=True)
    assert_no_crash(run("build", str(vault)), (EXIT_WRITE,))


def test_a_file_named_like_the_output_folder_is_a_write_error(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON, "netwerknotities": "a file, not a folder\n"}))
    assert_no_crash(run("build", vault), (EXIT_WRITE,))


def run_on(day: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--today", day, "--no-cache"])


def test_the_last_date_as_today_is_refused(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON}))
    assert_no_crash(run_on("9999-12-31", "export", vault), (2,))


def test_the_first_date_as_today_is_refused(make_vault: VaultFactory) -> None:
    vault = str(make_vault({"Jan.md": PERSON}))
    assert_no_crash(run_on("0001-01-01", "export", vault), (2,))
