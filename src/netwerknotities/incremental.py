"""Bring a `VaultState` up to date with a few changed paths, or with a fresh scan.

The watcher learns from file events *which* paths may have changed; whether
they did is decided here, by stat: a path whose (size, mtime) matches what was
parsed is left alone, a gone path is dropped, anything else is read and parsed
again on its own. A re-parse that yields the same `Note` (a `touch`, an editor
that saves unchanged bytes) is not a change either, so the model is derived
again only when something a reader could see has changed.

What a full scan would have said about a single file (a conflict copy, a file
over the size limit, an attachment that appeared) is redone here for that one
file, so that the per-path update and the periodic rescan agree.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

from .build import VaultState, parse_files, read_and_parse
from .config import Config
from .diagnostics import Diagnostic
from .notes import Note
from .vault import (
    Scan,
    VaultFile,
    conflict_original,
    is_conflict_copy,
    is_ignored_path,
    scan_vault,
)


@dataclass(slots=True)
class Change:
    """What an update found: notes parsed again, notes gone, and other changes."""

    parsed: list[str] = field(default_factory=list)  # new or changed notes
    removed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # attachments, scan diagnostics, config

    def __bool__(self) -> bool:
        return bool(self.parsed or self.removed or self.other)

    def merge(self, more: Change) -> None:
        self.parsed.extend(p for p in more.parsed if p not in self.parsed)
        self.removed.extend(p for p in more.removed if p not in self.removed)
        self.other.extend(p for p in more.other if p not in self.other)


def _is_note_name(name: str) -> bool:
    return name[-3:].lower() == ".md"


def _scan_diagnostic(rel: str, info: os.stat_result, max_bytes: float) -> Diagnostic | None:
    """What `scan_vault` reports about one existing file (the same words)."""
    name = rel.rpartition("/")[2]
    if is_conflict_copy(name):
        folder = rel.rpartition("/")[0]
        original = conflict_original(name)
        original_rel = f"{folder}/{original}" if folder else original
        return Diagnostic(rel, 0, "conflict-copy", f"a sync-conflict copy of {original_rel}")
    if not stat.S_ISREG(info.st_mode):
        return Diagnostic(rel, 0, "unreadable", "not a regular file")
    if info.st_size > max_bytes:
        size_mb = info.st_size / (1024 * 1024)
        limit_mb = max_bytes / (1024 * 1024)
        return Diagnostic(
            rel, 0, "too-large", f"{size_mb:.1f} MB is over the {limit_mb:g} MB limit"
        )
    return None


def _set_scan(state: VaultState, attachments: set[str] | None, diags: list[Diagnostic]) -> None:
    scan = state.scan
    state.scan = dataclasses.replace(
        scan,
        attachments=tuple(sorted(attachments)) if attachments is not None else scan.attachments,
        diagnostics=tuple(sorted(diags)),
    )


def _forget(state: VaultState, rel: str, change: Change) -> None:
    if state.notes.pop(rel, None) is not None:
        change.removed.append(rel)
    state.stamps.pop(rel, None)


def _drop(state: VaultState, rel: str, change: Change) -> None:
    """The note is gone or no longer counts: forget it and what reading it said."""
    _forget(state, rel, change)
    before = len(state.read_diagnostics)
    state.read_diagnostics = [d for d in state.read_diagnostics if d.path != rel]
    if len(state.read_diagnostics) != before and rel not in change.removed:
        change.other.append(rel)


def apply_paths(state: VaultState, paths: Iterable[str]) -> Change:
    """Update `state` for these vault-relative paths (each may be new, changed or gone)."""
    change = Change()
    max_bytes = state.config.max_file_mb * 1024 * 1024
    attachments = set(state.scan.attachments)
    attachments_before = set(attachments)
    scan_diags = list(state.scan.diagnostics)
    scan_diags_before = set(scan_diags)
    settings = state.scan.settings
    for rel in sorted(set(paths)):
        name = rel.rpartition("/")[2]
        if is_ignored_path(rel, state.config, settings) and not (
            is_conflict_copy(name) and not name.startswith(".")
        ):
            continue  # not part of the vault (output folder, templates, dot entries, litter)
        scan_diags = [d for d in scan_diags if d.path != rel]
        try:
            info = os.stat(state.vault / rel)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            _drop(state, rel, change)
            attachments.discard(rel)
            reason = exc.strerror or exc.__class__.__name__
            scan_diags.append(Diagnostic(rel, 0, "unreadable", reason))
            continue
        if info is None or stat.S_ISDIR(info.st_mode):
            # A folder here means a folder event slipped through; the rescan handles it.
            _drop(state, rel, change)
            attachments.discard(rel)
            continue
        if not _is_note_name(rel):
            attachments.add(rel)
            continue
        problem = _scan_diagnostic(rel, info, max_bytes)
        if problem is not None:
            scan_diags.append(problem)
            _drop(state, rel, change)
            continue
        stamp = (info.st_size, info.st_mtime_ns)
        if state.stamps.get(rel) == stamp:
            continue
        note, diag = read_and_parse(state.vault, rel)
        _take(state, rel, stamp, note, diag, change)
    attachments_changed = attachments != attachments_before
    if attachments_changed or set(scan_diags) != scan_diags_before:
        change.other.append("(scan)")
        _set_scan(state, attachments if attachments_changed else None, scan_diags)
    return change


def _take(
    state: VaultState,
    rel: str,
    stamp: tuple[int, int],
    note: Note | None,
    diag: Diagnostic | None,
    change: Change,
) -> None:
    """Put one freshly read file into the state; a note equal to the old one is no change."""
    state.read_diagnostics = [d for d in state.read_diagnostics if d.path != rel]
    if diag is not None:
        state.read_diagnostics.append(diag)
        change.other.append(rel)
    if note is None:
        _forget(state, rel, change)
        return
    state.stamps[rel] = stamp
    if state.notes.get(rel) != note:
        state.notes[rel] = note
        change.parsed.append(rel)


def rescan(state: VaultState, config: Config, jobs: int = 0) -> Change:
    """A full stat walk (with `config`, which may be new); parse only what changed."""
    scan: Scan = scan_vault(state.vault, config)
    change = Change()
    if config != state.config or scan.settings != state.scan.settings:
        change.other.append("(settings)")
    if scan.attachments != state.scan.attachments or scan.diagnostics != state.scan.diagnostics:
        change.other.append("(scan)")
    present = {f.path for f in scan.notes}
    for rel in sorted(set(state.notes) - present):
        _drop(state, rel, change)
    todo: list[VaultFile] = [
        f for f in scan.notes if state.stamps.get(f.path) != (f.size, f.mtime_ns)
    ]
    by_path = {f.path: f for f in todo}
    for rel, note, _blob, diag in parse_files(state.vault, todo, jobs):
        f = by_path[rel]
        _take(state, rel, (f.size, f.mtime_ns), note, diag, change)
    state.config = config
    state.scan = scan
    return change
