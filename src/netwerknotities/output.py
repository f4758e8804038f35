"""Writing the tool's own outputs: atomically, only when the bytes change,
and never over a file the tool did not write.

A generated Markdown note carries `generated_by: netwerknotities` in its
front-matter; a generated calendar carries our `PRODID`. A file in the output
folder without that mark is the user's: it is left alone and reported.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WriteError

GENERATED_KEY = "generated_by"
GENERATED_MARK = b"generated_by: netwerknotities"
ICS_MARK = b"PRODID:-//netwerknotities//"


def is_generated(data: bytes) -> bool:
    """Does this file carry our mark? (front-matter of a note, PRODID of a calendar)"""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"---"):
        end = head.find(b"\n---", 3)
        front = head[: end if end != -1 else len(head)]
        return any(line.strip() == GENERATED_MARK for line in front.splitlines())
    return ICS_MARK in head


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # foreign files we did not touch


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Read once: os.umask can only be read by setting it, which is not thread-safe later.
_UMASK = _read_umask()


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a dot-named temp file in the same folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); an output gets the mode of the file it
        # replaces, or what the user's umask gives a new file.
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_outputs(
    folder: Path,
    outputs: Mapping[str, bytes],
    prune: bool = True,
    keep: Collection[str] | None = None,
) -> WriteReport:
    """Bring `folder` to hold exactly `outputs` ({relative name: bytes}) among our files.

    Files we generated that are no longer produced are removed when `prune`
    (say, after a change of `language`); foreign files are never touched.
    `keep` names every current output when `outputs` holds only those to write
    (the watcher's case): the others are not pruned.
    """
    current = outputs if keep is None else keep
    report = WriteReport()
    for name in sorted(outputs):
        data = outputs[name]
        target = folder / name
        try:
            existing = target.read_bytes()
        except FileNotFoundError:
            existing = None
        except (IsADirectoryError, NotADirectoryError):
            # a folder of that name, or a file where the output folder should be: not ours
            report.refused.append(name)
            continue
        except OSError as exc:
            raise WriteError(f"{target}: cannot read: {exc.strerror or exc}") from exc
        if existing is not None:
            if existing == data:
                report.unchanged.append(name)
                continue
            if not is_generated(existing):
                report.refused.append(name)
                continue
        try:
            atomic_write(target, data)
        except OSError as exc:
            raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        report.written.append(name)
    if prune and folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.name in current or entry.name.startswith(".") or not entry.is_file():
                continue
            if entry.suffix.lower() not in (".md", ".ics"):
                continue
            try:
                mine = is_generated(entry.read_bytes())
            except OSError:
                continue
            if mine:
                entry.unlink()
                report.removed.append(entry.name)
    return report
