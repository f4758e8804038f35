"""The parse cache: one SQLite file per vault, outside the vault.

Keyed by path, size and mtime (and the parser's version), it holds each
parsed `Note` so that a rebuild re-parses only what changed. It also keeps
the fingerprint of the last complete build, so that a build over an
unchanged vault can stop after the stat walk. It lives in the user's cache
folder, never in the vault: sync tools would copy it between devices.
A cache that cannot be opened, or was written by another schema, is dropped
and rebuilt; losing it only costs time.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from pathlib import Path

from .notecodec import decode
from .notes import Note

SCHEMA_VERSION = 2  # 2: notes encoded by `notecodec` (1: pickles)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "netwerknotities"


def vault_key(vault: Path) -> str:
    return hashlib.sha256(str(vault.resolve()).encode("utf-8")).hexdigest()[:16]


class NoteCache:
    """Parsed notes by (path, size, mtime_ns, parser version)."""

    def __init__(self, file: Path | None, parser_version: int) -> None:
        self.parser_version = parser_version
        self.file = file
        self._db: sqlite3.Connection | None = None
        self._pending: Future[None] | None = None  # a store that a worker process does
        if file is not None:
            self._db = self._open(file)

    def _open(self, file: Path) -> sqlite3.Connection | None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(file)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                db.executescript(
                    "DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS builds;"
                    "CREATE TABLE notes (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
                    " parser INTEGER, data BLOB);"
                    "CREATE TABLE builds (name TEXT PRIMARY KEY, fingerprint TEXT);"
                    f"PRAGMA user_version = {SCHEMA_VERSION};"
                )
            return db
        except sqlite3.Error:
            return None  # unusable cache: work without one

    def load(self) -> dict[str, tuple[int, int, Note]]:
        """Every cached note of the current parser version."""
        self._settle()
        if self._db is None:
            return {}
        result: dict[str, tuple[int, int, Note]] = {}
        try:
            rows = self._db.execute(
                "SELECT path, size, mtime, data FROM notes WHERE parser = ?",
                (self.parser_version,),
            )
            for path, size, mtime, data in rows:
                try:
                    result[path] = (size, mtime, decode(data))
                except Exception:  # a damaged row only costs a re-parse
                    continue
        except sqlite3.Error:
            return {}
        return result

    def store(
        self,
        entries: Iterable[tuple[str, int, int, bytes]],
        keep: set[str],
        pool: Executor | None = None,
    ) -> None:
        """Save freshly parsed notes (encoded), forget paths that are gone, and commit.

        With `pool` (worker processes), one worker does the inserts and the commit on a
        connection of its own while this process goes on: after a cold build's parse one
        core is otherwise idle. The next call on this cache, `close` included, waits for
        it; if it failed, the cache is dropped as any failed write is."""
        self._settle()
        if self._db is None or self.file is None:
            return
        try:
            known = [row[0] for row in self._db.execute("SELECT path FROM notes")]
        except sqlite3.Error:
            self._drop()
            return
        gone = [p for p in known if p not in keep]
        if pool is not None:
            # this connection holds no lock now: the worker's own can write
            self._pending = pool.submit(
                store_rows, str(self.file), self.parser_version, list(entries), gone
            )
            return
        try:
            with self._db:
                _write(self._db, self.parser_version, entries, gone)
        except sqlite3.Error:
            self._drop()

    def _settle(self) -> None:
        """Wait for a store that a worker does; drop the cache if it failed."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            pending.result()
        except Exception:  # sqlite3.Error, a lost worker: only costs a re-parse next time
            self._drop()

    def _drop(self) -> None:
        """Give up on a cache that failed mid-write: the next build starts from nothing."""
        db, self._db = self._db, None
        if db is None:
            return
        try:
            db.rollback()
            db.close()
        except sqlite3.Error:
            pass

    def fingerprint(self, name: str) -> str | None:
        self._settle()
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT fingerprint FROM builds WHERE name = ?", (name,)
            ).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def set_fingerprint(self, name: str, value: str) -> None:
        self._settle()
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)", (name, value))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        try:
            self._settle()  # may be interrupted (Ctrl-C): the connection is closed anyway
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None


def _write(
    db: sqlite3.Connection,
    parser_version: int,
    entries: Iterable[tuple[str, int, int, bytes]],
    gone: list[str],
) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)",
        ((path, size, mtime, parser_version, blob) for path, size, mtime, blob in entries),
    )
    db.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in gone])


def store_rows(
    file: str, parser_version: int, entries: list[tuple[str, int, int, bytes]], gone: list[str]
) -> None:
    """`NoteCache.store` in a worker process: its own connection, one transaction."""
    db = sqlite3.connect(file, timeout=30)
    try:
        with db:
            _write(db, parser_version, entries, gone)
    finally:
        db.close()
