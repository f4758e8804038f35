"""Shared test helpers: a factory that writes a small vault into tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_VAULT = REPO / "vault_example"
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"

VaultFactory = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the parse cache and the feed tokens of every test out of the user's home."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))


@pytest.fixture
def make_vault(tmp_path: Path) -> VaultFactory:
    """Write {relative path: text or bytes} under a fresh vault folder and return it."""

    def factory(files: Mapping[str, str | bytes]) -> Path:
        vault = tmp_path / "vault"
        vault.mkdir(exist_ok=True)
        for rel, content in files.items():
            target = vault / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return vault

    return factory
