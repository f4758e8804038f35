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

    def add(self, entries: Iterable[tuple[str, int, int, bytes]]) -> None:
        """Save freshly parsed notes (encoded) as they come; `store` commits them.

        One transaction for all of them: a build adds a batch whenever its parse
        workers deliver one, in the time it would otherwise only wait."""
        if self._db is None:
            return
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)",
                (
                    (path, size, mtime, self.parser_version, blob)
                    for path, size, mtime, blob in entries
                ),
            )
        except sqlite3.Error:
            self._drop()

    def store(self, entries: Iterable[tuple[str, int, int, bytes]], keep: set[str]) -> None:
        """Save freshly parsed notes (encoded), forget paths that are gone, and commit."""
        self.add(entries)
        if self._db is None:
            return
        try:
            with self._db:
                known = [row[0] for row in self._db.execute("SELECT path FROM notes")]
                gone = [(p,) for p in known if p not in keep]
                self._db.executemany("DELETE FROM notes WHERE path = ?", gone)
        except sqlite3.Error:
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
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)", (name, value))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
