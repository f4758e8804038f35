"""The one way this tool writes into a user's own notes.

Read → compute → re-read and compare → atomic write. The new bytes are
computed from what was read; just before writing the file is read again, and
if it changed in between (the user saved in Obsidian, a sync arrived) nothing
is written and `ConcurrentChangeError` tells the user to run the command again.
The write itself goes to a dot-named temp file in the same folder (Obsidian
and sync clients skip dot-files) that replaces the note with `os.replace`, so a
crash leaves either the old or the new note, never half of one. The note's
file mode is kept. A new note is only ever created where no file exists yet.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ConcurrentChangeError, WriteError
from .textedit import FrontMatterError


class RefusedEditError(WriteError):
    """A note the tool will not edit (broken front-matter, not UTF-8); the message says why."""


@dataclass(frozen=True, slots=True)
class Edit:
    """What an edit did: the bytes before (None for a new file) and after."""

    path: Path
    before: bytes | None
    after: bytes

    @property
    def changed(self) -> bool:
        return self.before != self.after


def read_note(path: Path) -> bytes | None:
    """The note's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def write_note(path: Path, before: bytes | None, after: bytes) -> bool:
    """Write `after` to `path` if the file still holds `before` (None: does not exist).

    Returns False, writing nothing, when `after` equals `before`. Raises
    `ConcurrentChangeError` when the file changed since `before` was read.
    """
    if after == before:
        return False
    if path.is_symlink():
        # replacing the link itself would turn it into a copy: write where it points
        path = path.resolve()
    current = read_note(path)
    if current != before:
        what = "was created" if before is None else "changed" if current else "was removed"
        raise ConcurrentChangeError(
            f"{path} {what} while netwerknotities was editing it; nothing was written. "
            "Run the command again."
        )
    if before is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # 0o666 through the umask, as any new file; an existing note keeps its own mode
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(after)
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            if before is not None:
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        if before is None:
            _place_new(tmp, path)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return True


def _place_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to a `path` that must not exist; never overwrite a note made meanwhile."""
    try:
        os.link(tmp, path)  # fails when `path` exists: atomic no-clobber
    except FileExistsError as exc:
        raise ConcurrentChangeError(
            f"{path} was created while netwerknotities was writing it; nothing was written."
        ) from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # a file system without hard links (FAT, some network shares)
        if path.exists():
            raise ConcurrentChangeError(
                f"{path} was created while netwerknotities was writing it; nothing was written."
            ) from exc
        os.replace(tmp, path)


def edit_note(path: Path, change: Callable[[bytes | None], bytes]) -> Edit:
    """Read the note, compute its new bytes with `change`, and write them safely.

    `change` gets None for a note that does not exist yet. A `FrontMatterError`
    from `change` becomes `RefusedEditError` naming the note; nothing is written.
    """
    before = read_note(path)
    try:
        after = change(before)
    except FrontMatterError as exc:
        raise RefusedEditError(f"{path}: not edited: {exc}") from exc
    write_note(path, before, after)
    return Edit(path, before, after)


def create_note(path: Path, data: bytes) -> Edit:
    """Create a new note; refuses (ConcurrentChangeError) when a file is already there."""
    if read_note(path) is not None:
        raise ConcurrentChangeError(f"{path} already exists; nothing was written.")
    write_note(path, None, data)
    return Edit(path, None, data)
