"""Parsing in worker processes gives the same build as parsing in one process: the
same bytes, diagnostics and model, and a cache (written by a worker) that serves the
next build whole. The threshold is lowered so that a small vault takes the path a
large one takes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultFactory

from netwerknotities import build
from netwerknotities.build import BuildOptions, BuildResult, build_vault

TODAY = dt.date(2026, 11, 26)


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for i in range(40):
        tier = ("important", "regular", "unimportant")[i % 3]
        files[f"Mensen/{'ABCD'[i % 4]}/P{i:02d}.md"] = f"---\ntype: person\ntier: {tier}\n---\n"
    for day in range(1, 61):
        month, dom = 9 + (day - 1) // 28, (day - 1) % 28 + 1
        who = " ".join(f"[[P{(day * k) % 40:02d}]]" for k in (1, 3))
        files[f"Dagboek/2026-{month:02d}-{dom:02d}.md"] = (
            f"- #contact koffie met {who}\n- #signaal markt draait volgens [[P{day % 40:02d}]]\n"
        )
    files["Dagboek/2026-09-01 (conflicted copy).md"] = "- #contact [[P01]]\n"
    files["Kapot.md"] = "---\ntype: person\nrol: 'open\n---\n"
    files["Binair.md"] = b"\x00\x01binary"
    return files


def _build(vault: Path, cache: Path, jobs: int) -> tuple[BuildResult, dict[str, bytes]]:
    options = BuildOptions(today=TODAY, cache_dir=cache, jobs=jobs)
    result = build_vault(vault, options, shortcut=False)
    out = vault / result.config.output_folder
    return result, {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def low_threshold(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Workers from 8 notes on; returns, per parse, whether workers did it."""
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 8)
    pooled: list[bool] = []
    real = build.parse_batches

    def spy(*args: Any) -> Any:
        pooled.append(args[4] is not None and len(args[1]) >= 8)
        return real(*args)

    monkeypatch.setattr(build, "parse_batches", spy)
    return pooled


def test_workers_build_what_one_process_builds(
    make_vault: VaultFactory, tmp_path: Path, low_threshold: list[bool]
) -> None:
    vault = make_vault(_files())
    # a second path to a folder and to a file: left out by the scan
    os.symlink(vault / "Mensen" / "A", vault / "Ook A", target_is_directory=True)
    os.link(vault / "Mensen" / "B" / "P01.md", vault / "Mensen" / "B" / "Tweede.md")
    pooled, pooled_out = _build(vault, tmp_path / "c1", jobs=2)
    single, single_out = _build(vault, tmp_path / "c2", jobs=1)
    assert low_threshold == [True, False]
    assert pooled_out == single_out
    assert pooled.model is not None and pooled.model == single.model
    codes = {d.code for d in pooled.model.diagnostics}
    assert {"unreadable", "conflict-copy", "binary", "yaml-error"} <= codes
    assert pooled.parsed == single.parsed
    # the cache that a worker wrote serves the next build whole
    again, again_out = _build(vault, tmp_path / "c1", jobs=2)
    assert (again.parsed, again.from_cache) == (0, pooled.parsed)
    assert again_out == pooled_out


def test_changed_notes_parse_in_workers(
    make_vault: VaultFactory, tmp_path: Path, low_threshold: list[bool]
) -> None:
    vault = make_vault(_files())
    _build(vault, tmp_path / "cache", jobs=2)
    for day in range(1, 13):
        note = vault / "Dagboek" / f"2026-09-{day:02d}.md"
        note.write_text(f"- #contact lunch met [[P{day + 20:02d}]]\n", encoding="utf-8")
    warm, warm_out = _build(vault, tmp_path / "cache", jobs=2)
    assert low_threshold[-1] is True and warm.parsed == 12
    fresh, fresh_out = _build(vault, tmp_path / "fresh", jobs=1)
    assert warm_out == fresh_out
    assert warm.model == fresh.model


def test_the_watcher_starts_with_workers_and_leaves_a_whole_cache(
    make_vault: VaultFactory, tmp_path: Path, low_threshold: list[bool]
) -> None:
    from netwerknotities.watch import Watcher, WatchOptions

    vault = make_vault(_files())
    options = WatchOptions(
        today=TODAY, cache_dir=tmp_path / "cache", jobs=2, state_dir=tmp_path / "state"
    )
    watcher = Watcher(vault, options, log=lambda line: None)
    watcher.start()
    try:
        assert low_threshold == [True]
        watched = watcher.model
    finally:
        watcher.stop()
    result, _ = _build(vault, tmp_path / "cache", jobs=2)
    assert (result.parsed, result.from_cache) == (0, len(result.model.names))  # type: ignore[union-attr]
    assert result.model == watched


def test_workers_share_recurring_texts_and_this_process_does_not(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    from netwerknotities.cache import NoteCache
    from netwerknotities.config import load_config
    from netwerknotities.vault import scan_vault
    from netwerknotities.wikisyntax import share_texts

    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 8)
    vault = make_vault(_files())
    config = load_config(vault, None)
    scan = scan_vault(vault, config)
    pool = build.parse_pool(2, len(scan.notes))
    assert pool is not None
    with pool:
        state, parsed, _ = build.load_state(vault, config, scan, NoteCache(None, 1), 2, pool=pool)
    assert parsed == len(scan.notes)
    # every link to P01, from whichever note and worker, holds one and the same string
    targets = [
        link.target for note in state.notes.values() for link in note.links if link.target == "P01"
    ]
    assert len(targets) > 3 and all(t is targets[0] for t in targets)
    # the initializer travels to a worker that is spawned, not forked
    assert pickle.loads(pickle.dumps(share_texts)) is share_texts
