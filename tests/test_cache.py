"""The parse cache: what a store saves is what the next load (and the next open) sees."""

from __future__ import annotations

from pathlib import Path

from netwerknotities.cache import NoteCache
from netwerknotities.notecodec import encode
from netwerknotities.parse import parse_note


def _entry(path: str, text: str) -> tuple[str, int, int, bytes]:
    note = parse_note(path, text.encode("utf-8"))
    return path, len(text), 7, encode(note)


def test_store_is_seen_by_the_next_load(tmp_path: Path) -> None:
    cache = NoteCache(tmp_path / "c.sqlite", 3)
    cache.store([_entry("a.md", "# A\n[[b]]\n"), _entry("b.md", "B\n")], {"a.md", "b.md"})
    loaded = cache.load()
    assert sorted(loaded) == ["a.md", "b.md"]
    assert loaded["a.md"][:2] == (len("# A\n[[b]]\n"), 7)
    assert [link.target for link in loaded["a.md"][2].links] == ["b"]
    cache.close()


def test_store_survives_close_and_forgets_gone_paths(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.store([_entry("old.md", "x\n")], {"old.md"})
    cache.store([_entry("new.md", "y\n")], {"new.md"})
    cache.set_fingerprint("build", "abc")
    cache.close()
    again = NoteCache(file, 3)
    assert sorted(again.load()) == ["new.md"]
    assert again.fingerprint("build") == "abc"
    again.close()


def test_another_parser_version_reads_nothing(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.store([_entry("a.md", "a\n")], {"a.md"})
    cache.close()
    other = NoteCache(file, 4)
    assert other.load() == {}
    other.close()


def test_no_cache_file_stores_nothing() -> None:
    cache = NoteCache(None, 3)
    cache.store([_entry("a.md", "a\n")], {"a.md"})
    assert cache.load() == {}
    cache.close()


def test_batches_added_are_kept_only_once_stored(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.add([_entry("a.md", "a\n")])
    cache.add([_entry("b.md", "b\n"), _entry("c.md", "c\n")])
    cache.close()  # a build that stops before `store`: nothing half-written is kept
    again = NoteCache(file, 3)
    assert again.load() == {}
    again.add([_entry("a.md", "a\n")])
    again.add([_entry("b.md", "b\n")])
    again.store((), {"a.md", "b.md"})
    again.close()
    third = NoteCache(file, 3)
    assert sorted(third.load()) == ["a.md", "b.md"]
    third.close()


def test_a_cache_that_fails_mid_write_is_dropped(tmp_path: Path) -> None:
    cache = NoteCache(tmp_path / "c.sqlite", 3)
    cache.add([("a.md", 1, 7, b"x"), ("a.md", 1, 7, b"y")])  # a replace, not an error
    assert cache._db is not None
    cache._db.execute("DROP TABLE notes")
    cache.add([_entry("b.md", "b\n")])  # the table is gone: sqlite3 raises
    assert cache._db is None
    cache.store([_entry("c.md", "c\n")], {"c.md"})  # and every later call is a no-op
    assert cache.load() == {}
    cache.close()
