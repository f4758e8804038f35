"""The safe-write protocol for a user's notes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from netwerknotities.errors import ConcurrentChangeError, NotFoundError
from netwerknotities.textedit import set_property
from netwerknotities.usernotes import (
    RefusedEditError,
    create_note,
    edit_note,
    read_note,
    write_note,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_edit_writes_atomically_and_keeps_mode(tmp_path: Path) -> None:
    note = tmp_path / "Jan.md"
    note.write_bytes(b"---\ntier: important\n---\n")
    os.chmod(note, 0o640)
    edit = edit_note(note, lambda data: set_property(data or b"", "tier", "regular"))
    assert edit.changed
    assert note.read_bytes() == b"---\ntier: regular\n---\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_unchanged_bytes_are_not_written(tmp_path: Path) -> None:
    note = tmp_path / "Jan.md"
    note.write_bytes(b"same")
    os.utime(note, ns=(1_000_000_000, 1_000_000_000))
    edit = edit_note(note, lambda data: data or b"")
    assert not edit.changed
    assert note.stat().st_mtime_ns == 1_000_000_000


def test_change_during_compute_is_detected_and_nothing_written(tmp_path: Path) -> None:
    """Simulates the user saving the note in Obsidian while the tool computes its edit."""
    note = tmp_path / "Jan.md"
    note.write_bytes(b"---\ntier: important\n---\n")

    def change_while_computing(data: bytes | None) -> bytes:
        note.write_bytes(b"---\ntier: important\n---\nTyped by the user.\n")
        return set_property(data or b"", "tier", "regular")

    with pytest.raises(ConcurrentChangeError, match="changed while"):
        edit_note(note, change_while_computing)
    assert note.read_bytes() == b"---\ntier: important\n---\nTyped by the user.\n"
    assert _leftovers(tmp_path) == []


def test_removed_or_created_meanwhile(tmp_path: Path) -> None:
    note = tmp_path / "Jan.md"
    with pytest.raises(ConcurrentChangeError, match="was removed"):
        write_note(note, b"old", b"new")
    note.write_bytes(b"theirs")
    with pytest.raises(ConcurrentChangeError, match="was created"):
        write_note(note, None, b"mine")
    assert note.read_bytes() == b"theirs"


def test_create_never_overwrites(tmp_path: Path) -> None:
    note = tmp_path / "Mensen" / "Jan.md"
    create_note(note, b"new person\n")
    assert note.read_bytes() == b"new person\n"
    with pytest.raises(ConcurrentChangeError, match="already exists"):
        create_note(note, b"second copy\n")
    assert note.read_bytes() == b"new person\n"
    assert _leftovers(note.parent) == []


def test_broken_frontmatter_is_refused_with_reason(tmp_path: Path) -> None:
    note = tmp_path / "Jan.md"
    note.write_bytes(b"---\nname: [unclosed\n---\n")
    with pytest.raises(RefusedEditError, match=r"Jan\.md: not edited: .*not valid YAML"):
        edit_note(note, lambda data: set_property(data or b"", "tier", "regular"))
    assert note.read_bytes() == b"---\nname: [unclosed\n---\n"


def test_errors_from_the_change_propagate(tmp_path: Path) -> None:
    def missing(data: bytes | None) -> bytes:
        raise NotFoundError("gone")

    with pytest.raises(NotFoundError):
        edit_note(tmp_path / "nope.md", missing)
    assert read_note(tmp_path / "nope.md") is None


def test_a_symlinked_note_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "elders" / "Jan.md"
    real.parent.mkdir()
    real.write_bytes(b"---\ntier: important\n---\n")
    link = tmp_path / "vault" / "Jan.md"
    link.parent.mkdir()
    link.symlink_to(real)
    edit_note(link, lambda data: set_property(data or b"", "tier", "regular"))
    assert link.is_symlink()
    assert real.read_bytes() == b"---\ntier: regular\n---\n"
