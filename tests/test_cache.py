"""The parse cache: what a store saves is what the next load (and the next open) sees."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
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


def test_a_store_by_a_worker_is_seen_by_the_next_use(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.store([_entry("gone.md", "g\n")], {"gone.md"})
    with ProcessPoolExecutor(max_workers=1) as pool:
        cache.store([_entry("a.md", "a\n"), _entry("b.md", "b\n")], {"a.md", "b.md"}, pool)
        # this process goes on; its next use of the cache waits for the worker
        assert sorted(cache.load()) == ["a.md", "b.md"]
        cache.set_fingerprint("build", "f")
    cache.close()
    again = NoteCache(file, 3)
    assert sorted(again.load()) == ["a.md", "b.md"]
    assert again.fingerprint("build") == "f"
    again.close()


def test_a_worker_s_store_that_fails_drops_the_cache(tmp_path: Path) -> None:
    file = tmp_path / "c.sqlite"
    cache = NoteCache(file, 3)
    cache.store([_entry("a.md", "a\n")], {"a.md"})
    with ProcessPoolExecutor(max_workers=1) as pool:
        # a row the worker cannot encode for SQLite: its transaction fails
        cache.store([("b.md", 1, 7, object())], {"a.md", "b.md"}, pool)  # type: ignore[list-item]
        assert cache.load() == {}  # dropped: the build goes on without a cache
    cache.close()
    again = NoteCache(file, 3)
    assert sorted(again.load()) == ["a.md"]  # the failed transaction left nothing half-done
    again.close()


def test_a_cache_that_fails_mid_write_is_dropped(tmp_path: Path) -> None:
    cache = NoteCache(tmp_path / "c.sqlite", 3)
    cache.store([("a.md", 1, 7, b"x"), ("a.md", 1, 7, b"y")], {"a.md"})  # a replace, no error
    assert cache._db is not None
    cache._db.execute("DROP TABLE notes")
    cache.store([_entry("b.md", "b\n")], {"b.md"})  # the table is gone: sqlite3 raises
    assert cache._db is None
