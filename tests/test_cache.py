"""The parse cache: a store made in the background is there for every later use."""

from __future__ import annotations

import pickle
from pathlib import Path

from netwerknotities.cache import NoteCache
from netwerknotities.parse import parse_note


def _entry(path: str, text: str) -> tuple[str, int, int, bytes]:
    note = parse_note(path, text.encode("utf-8"))
    return path, len(text), 7, pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)


def test_background_store_is_seen_by_the_next_load(tmp_path: Path) -> None:
    cache = NoteCache(tmp_path / "c.sqlite", 3)
    cache.store_in_background(
        [_entry("a.md", "# A\n[[b]]\n"), _entry("b.md", "B\n")], {"a.md", "b.md"}
    )
    loaded = cache.load()  # waits for the writer
    assert sorted(loaded) == ["a.md", "b.md"]
    assert loaded["a.md"][:2] == (len("# A\n[[b]]\n"), 7)
    assert [link.target for link in loaded["a.md"][2].links] == ["b"]
    cache.close()


def test_background_store_survives_close_and_forgets_gone_paths(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.store([_entry("old.md", "x\n")], {"old.md"})
    cache.store_in_background([_entry("new.md", "y\n")], {"new.md"})
    cache.set_fingerprint("build", "abc")
    cache.close()  # waits for the writer before closing
    again = NoteCache(file, 3)
    assert sorted(again.load()) == ["new.md"]
    assert again.fingerprint("build") == "abc"
    again.close()


def test_no_cache_file_stores_nothing(tmp_path: Path) -> None:
    cache = NoteCache(None, 3)
    cache.store_in_background([_entry("a.md", "a\n")], {"a.md"})
    assert cache.load() == {}
    cache.close()
