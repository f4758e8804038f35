"""Which files count: the vault scan and the Obsidian settings it needs.

The scan is a stat-only walk (`os.scandir`): no file is read here. It skips
what Obsidian users never mean as notes (dot entries such as `.obsidian/`
or a renamed config folder, `.trash/`, `.git/`; the tool's own output
folder; the templates folders) and reports, as diagnostics, what would
otherwise be silently lost or counted twice: sync-conflict copies, files
over the size limit, unreadable folders, dangling symlinks and symlinks
that lead back to a folder already scanned.
"""

from __future__ import annotations

import json
import operator
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .config import Config
from .dailynotes import DEFAULT_FORMAT
from .diagnostics import Diagnostic
from .errors import VaultError
from .resolve import normalise_name


class VaultFile(NamedTuple):
    """A note file as the scan found it (a named tuple: a vault has tens of thousands)."""

    path: str  # vault-relative, '/'-separated
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class ObsidianSettings:
    templates_folders: tuple[str, ...] = ()
    daily_notes_folder: str = ""
    daily_notes_format: str = DEFAULT_FORMAT


@dataclass(frozen=True, slots=True)
class Scan:
    notes: tuple[VaultFile, ...]  # the .md files that count, sorted by path
    attachments: tuple[str, ...]  # other files, sorted: link targets that exist
    settings: ObsidianSettings
    diagnostics: tuple[Diagnostic, ...]


# --- Obsidian's settings -------------------------------------------------------------

TEMPLATES_JSON = "templates.json"
TEMPLATER_JSON = "plugins/templater-obsidian/data.json"
DAILY_NOTES_JSON = "daily-notes.json"


def _read_json(path: Path) -> tuple[dict[str, Any], str | None]:
    """A settings file as a dict; {} when absent, and a reason when it is broken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, f"cannot read Obsidian's settings ({exc}); using defaults"
    if not isinstance(data, dict):
        return {}, "Obsidian's settings are not a JSON object; using defaults"
    return data, None


def _folder_setting(value: Any) -> str:
    """A folder as Obsidian stores it (`/Templates/`, `Templates`) as a vault path."""
    if not isinstance(value, str):
        return ""
    folder = value.strip().strip("/")
    return "" if folder in ("", ".") else folder


def _settings(vault: Path, config: Config) -> tuple[ObsidianSettings, list[Diagnostic]]:
    base = vault / config.config_folder
    diagnostics: list[Diagnostic] = []
    loaded: dict[str, dict[str, Any]] = {}
    for rel in (TEMPLATES_JSON, TEMPLATER_JSON, DAILY_NOTES_JSON):
        data, problem = _read_json(base / rel)
        loaded[rel] = data
        if problem is not None:
            path = f"{config.config_folder}/{rel}"
            diagnostics.append(Diagnostic(path, 0, "unreadable", problem))
    templates = {
        _folder_setting(loaded[TEMPLATES_JSON].get("folder")),
        _folder_setting(loaded[TEMPLATER_JSON].get("templates_folder")),
        _folder_setting(config.templates_folder),
    }
    daily = loaded[DAILY_NOTES_JSON]
    folder = (
        _folder_setting(config.daily_notes_folder)
        if config.daily_notes_folder is not None
        else _folder_setting(daily.get("folder"))
    )
    fmt = config.daily_notes_format
    if fmt is None:
        raw = daily.get("format")
        fmt = raw.strip() if isinstance(raw, str) else ""
    settings = ObsidianSettings(
        templates_folders=tuple(sorted(t for t in templates if t)),
        daily_notes_folder=folder,
        daily_notes_format=fmt or DEFAULT_FORMAT,
    )
    return settings, diagnostics


def read_settings(vault: Path, config: Config) -> ObsidianSettings:
    """Templates and daily-notes settings from Obsidian's config folder; the config overrides."""
    return _settings(vault, config)[0]


# --- names that do not count ---------------------------------------------------------

# Obsidian Sync `(Conflicted copy DEVICE 202611201030)`, Dropbox `(Jan's conflicted
# copy 2026-11-20)`, Nextcloud `(conflicted copy 2026-11-20 103000)`.
_PAREN_CONFLICT = re.compile(r"\s*\([^()]*conflicted copy[^()]*\)", re.IGNORECASE)
# Syncthing `name.sync-conflict-20261120-103000-ABCDEFG.md`.
_SYNCTHING_CONFLICT = re.compile(r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?", re.IGNORECASE)


def is_conflict_copy(name: str) -> bool:
    """Whether a file name is a sync service's conflict copy of another file."""
    return bool(_PAREN_CONFLICT.search(name) or _SYNCTHING_CONFLICT.search(name))


def conflict_original(name: str) -> str:
    """The file name a conflict copy was made from."""
    return _SYNCTHING_CONFLICT.sub("", _PAREN_CONFLICT.sub("", name, count=1), count=1)


_LITTER_SUFFIXES = (".swp", ".swo", ".swx", "~")
_LITTER_NAMES = frozenset({"4913"})  # vim's write-permission probe


def _under(rel_key: str, folders: tuple[str, ...]) -> bool:
    return any(rel_key == f or rel_key.startswith(f + "/") for f in folders)


def _skipped_folders(config: Config, settings: ObsidianSettings) -> tuple[str, ...]:
    folders = (_folder_setting(config.output_folder), *settings.templates_folders)
    return tuple(sorted({normalise_name(f) for f in folders if f}))


def is_ignored_path(rel: str, config: Config, settings: ObsidianSettings) -> bool:
    """Whether a change to `rel` (vault-relative) can be ignored by the watcher.

    Dot entries (config folder, `.DS_Store`, `.syncthing.*.tmp`, `.*.icloud`),
    the output folder, templates, editor litter and conflict copies.
    """
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p.startswith(".") for p in parts):
        return True
    name = parts[-1]
    if name.endswith(_LITTER_SUFFIXES) or name in _LITTER_NAMES or is_conflict_copy(name):
        return True
    return _under(normalise_name("/".join(parts)), _skipped_folders(config, settings))


# --- the walk ------------------------------------------------------------------------


@dataclass(slots=True)
class _Walk:
    vault: Path
    skipped: tuple[str, ...]
    max_bytes: float
    notes: list[tuple[bool, VaultFile, tuple[int, int]]]
    attachments: list[str]
    diagnostics: list[Diagnostic]
    seen_dirs: set[tuple[int, int]]
    # Folders reached through a symlink wait until every real folder is walked,
    # so that a link to a folder inside the vault is the copy that gets skipped.
    deferred: list[tuple[str, str]]


def scan_vault(vault: Path, config: Config) -> Scan:
    """Every note and attachment that counts, with diagnostics for what was left out."""
    if not vault.exists():
        raise VaultError(f"{vault}: vault not found")
    if not vault.is_dir():
        raise VaultError(f"{vault}: not a folder")
    settings, diagnostics = _settings(vault, config)
    root = vault.stat()
    walk = _Walk(
        vault=vault,
        skipped=_skipped_folders(config, settings),
        max_bytes=config.max_file_mb * 1024 * 1024,
        notes=[],
        attachments=[],
        diagnostics=diagnostics,
        seen_dirs={(root.st_dev, root.st_ino)},
        deferred=[],
    )
    pending: list[tuple[str, str]] = [(str(vault), "")]
    via_link = False
    while pending or walk.deferred:
        if not pending:
            # From here on every folder was reached through a symlink.
            via_link = True
            walk.deferred.sort(reverse=True)
            pending = [d for d in walk.deferred if _enter_linked(walk, d)]
            walk.deferred = []
            continue
        path, rel = pending.pop()
        pending.extend(_scan_folder(walk, path, rel, via_link))
    notes = _unique_notes(walk)
    return Scan(
        notes=notes,
        attachments=tuple(sorted(walk.attachments)),
        settings=settings,
        diagnostics=tuple(sorted(walk.diagnostics)),
    )


def _enter_linked(walk: _Walk, folder: tuple[str, str]) -> bool:
    path, rel = folder
    try:
        info = os.stat(path)
    except OSError as exc:
        walk.diagnostics.append(Diagnostic(rel, 0, "unreadable", f"cannot open folder: {exc}"))
        return False
    ident = (info.st_dev, info.st_ino)
    if ident in walk.seen_dirs:
        walk.diagnostics.append(
            Diagnostic(
                rel,
                0,
                "unreadable",
                "symlink to a folder that is already scanned (a loop or a second path to it);"
                " skipped",
            )
        )
        return False
    walk.seen_dirs.add(ident)
    return True


_NAME = operator.attrgetter("name")


def _utf8(name: str) -> bool:
    """Whether a name from the file system is text (not bytes kept as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_VIA_AND_FILE = operator.itemgetter(0, 1)


def _scan_folder(walk: _Walk, path: str, rel: str, via_link: bool) -> list[tuple[str, str]]:
    """Record the files of one folder; return its real sub-folders to walk."""
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=_NAME)
    except OSError as exc:
        walk.diagnostics.append(
            Diagnostic(rel or ".", 0, "unreadable", f"cannot read folder: {exc.strerror or exc}")
        )
        return []
    folders: list[tuple[str, str]] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        entry_rel = f"{rel}/{name}" if rel else name
        if not name.isascii() and not _utf8(name):
            # bytes that are no UTF-8 (an old archive, another OS): Obsidian cannot open the
            # file either, and the name could not be written into a note or the calendar
            shown = entry_rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            walk.diagnostics.append(
                Diagnostic(shown, 0, "unreadable", "the name is not valid UTF-8; skipped")
            )
            continue
        try:
            is_dir = entry.is_dir()
            is_link = entry.is_symlink()
        except OSError as exc:
            walk.diagnostics.append(Diagnostic(entry_rel, 0, "unreadable", str(exc)))
            continue
        if is_dir:
            if _under(normalise_name(entry_rel), walk.skipped):
                continue
            if is_link:
                walk.deferred.append((entry.path, entry_rel))
            else:
                try:
                    info = entry.stat()
                except OSError as exc:
                    walk.diagnostics.append(Diagnostic(entry_rel, 0, "unreadable", str(exc)))
                    continue
                walk.seen_dirs.add((info.st_dev, info.st_ino))
                folders.append((entry.path, entry_rel))
            continue
        _record_file(walk, entry, entry_rel, is_link or via_link)
    folders.reverse()  # popped from the end: walk in name order
    return folders


def _record_file(walk: _Walk, entry: os.DirEntry[str], rel: str, via_link: bool) -> None:
    is_link = entry.is_symlink()
    name = entry.name
    is_note = name[-3:].lower() == ".md"
    if not is_note:
        if is_link and not os.path.exists(entry.path):
            walk.diagnostics.append(Diagnostic(rel, 0, "unreadable", "dangling symlink"))
        elif name.endswith(_LITTER_SUFFIXES) or name in _LITTER_NAMES:
            pass
        else:
            walk.attachments.append(rel)
        return
    if "onflict" in name and is_conflict_copy(name):  # cheap test first: 50,000 names
        original = conflict_original(name)
        folder = rel.rpartition("/")[0]
        original_rel = f"{folder}/{original}" if folder else original
        walk.diagnostics.append(
            Diagnostic(rel, 0, "conflict-copy", f"a sync-conflict copy of {original_rel}")
        )
        return
    try:
        info = entry.stat()
    except FileNotFoundError:
        message = "dangling symlink" if is_link else "the file vanished during the scan"
        walk.diagnostics.append(Diagnostic(rel, 0, "unreadable", message))
        return
    except OSError as exc:
        walk.diagnostics.append(Diagnostic(rel, 0, "unreadable", str(exc)))
        return
    if not stat.S_ISREG(info.st_mode):
        walk.diagnostics.append(Diagnostic(rel, 0, "unreadable", "not a regular file"))
        return
    if info.st_size > walk.max_bytes:
        size_mb = info.st_size / (1024 * 1024)
        limit_mb = walk.max_bytes / (1024 * 1024)
        walk.diagnostics.append(
            Diagnostic(rel, 0, "too-large", f"{size_mb:.1f} MB is over the {limit_mb:g} MB limit")
        )
        return
    walk.notes.append(
        (via_link, VaultFile(rel, info.st_size, info.st_mtime_ns), (info.st_dev, info.st_ino))
    )


def _unique_notes(walk: _Walk) -> tuple[VaultFile, ...]:
    """Drop a note reached a second time through a link, so no person is counted twice."""
    kept: dict[tuple[int, int], str] = {}
    notes: list[VaultFile] = []
    # (via a link, the file): a file's path comes first in it, and no two files share one
    for _via_link, note, ident in sorted(walk.notes, key=_VIA_AND_FILE):
        if ident[1] != 0 and ident in kept:
            walk.diagnostics.append(
                Diagnostic(note.path, 0, "unreadable", f"the same file as {kept[ident]}; skipped")
            )
            continue
        kept[ident] = note.path
        notes.append(note)
    return tuple(sorted(notes))  # by path: the first field, unique
