"""The example vault under a fixed --today: golden index notes and export, and
byte-identical output from every run, cache or no cache.

Regenerate after a deliberate change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_VAULT, REPO

from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.export import export_data, export_json

TODAY = dt.date(2026, 11, 26)
GOLDEN = REPO / "tests" / "golden" / "vault_example"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault_example"
    shutil.copytree(EXAMPLE_VAULT, target, ignore=shutil.ignore_patterns("Netwerk"))
    return target


def _build(vault: Path, cache: Path, use_cache: bool = True) -> dict[str, bytes]:
    options = BuildOptions(today=TODAY, cache_dir=cache, use_cache=use_cache)
    result = build_vault(vault, options, shortcut=False)
    out = vault / result.config.output_folder
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _check(name: str, data: bytes) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1"
    assert data.decode("utf-8") == golden.read_text(encoding="utf-8")


def test_index_notes_match_the_golden_files(vault: Path, tmp_path: Path) -> None:
    outputs = _build(vault, tmp_path / "cache")
    notes = {name: data for name, data in outputs.items() if name.endswith(".md")}
    assert sorted(notes) == sorted(p.name for p in GOLDEN.glob("*.md")) or UPDATE
    for name, data in notes.items():
        _check(name, data)


def test_export_matches_the_golden_json(vault: Path, tmp_path: Path) -> None:
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache", write=False)
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None
    text = export_json(export_data(result.model, result.schedule, result.extra))
    json.loads(text)
    _check("export.json", text.encode("utf-8"))


def test_two_runs_cold_and_cached_give_identical_bytes(tmp_path: Path) -> None:
    first = tmp_path / "a" / "vault_example"
    second = tmp_path / "b" / "vault_example"
    for target in (first, second):
        shutil.copytree(EXAMPLE_VAULT, target, ignore=shutil.ignore_patterns("Netwerk"))
    cold = _build(first, tmp_path / "cache-a", use_cache=False)
    warm_cache = tmp_path / "cache-b"
    _build(second, warm_cache)
    again = _build(second, warm_cache)
    assert cold == again
    assert set(cold) >= {"Mensen.md", "Signalen.md", "Contactagenda.md", "contactmomenten.ics"}


def test_a_second_build_writes_nothing(vault: Path, tmp_path: Path) -> None:
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache")
    first = build_vault(vault, options)
    assert first.report.written
    out = vault / first.config.output_folder
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = build_vault(vault, options, shortcut=False)
    assert again.report.written == [] and again.report.unchanged
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    skipped = build_vault(vault, options)
    assert skipped.skipped


def test_an_edited_note_is_picked_up_by_the_next_build(vault: Path, tmp_path: Path) -> None:
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache")
    build_vault(vault, options)
    note = vault / "Dagboek" / "2026-11-24.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "\n- #contact belde [[Bram van Dijk]]\n",
        encoding="utf-8",
    )
    result = build_vault(vault, options)
    assert not result.skipped and result.parsed == 1
    assert result.model is not None
    bram = next(p for p in result.model.people if p.name == "Bram van Dijk")
    assert bram.last_contact == dt.date(2026, 11, 24)
