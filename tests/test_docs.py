"""The documentation keeps up with the code: every command has help and is in
the README, every diagnostic code is explained there."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import REPO

from netwerknotities.cli import main
from netwerknotities.config import ENTRIES
from netwerknotities.diagnostics import CODES

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_documented(name: str) -> None:
    command = main.commands[name]
    assert command.help and len(command.help) > 30
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert f"`{name} VAULT" in README


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_diagnostic_code_is_in_the_readme(code: str) -> None:
    assert f"`{code}`" in README


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_config_key_is_in_the_readme(entry: object) -> None:
    key = entry.key.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
    assert f"`{key}`" in README or key in README


def test_the_readme_starts_with_the_two_commands() -> None:
    blocks = README.split("```sh\n")
    assert "netwerknotities build vault_example" in blocks[1].split("```")[0]
    assert "pytest" in blocks[2].split("```")[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[2].split("```")[0].strip() in ci
