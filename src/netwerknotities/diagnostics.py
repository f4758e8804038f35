"""Diagnostics: problems found in a user's notes.

A diagnostic names a vault-relative path, a 1-based line (0 when the problem
is about the whole file), a stable code and a message. They are collected and
reported; they never stop the rest of the vault from being processed.
"""

from __future__ import annotations

from dataclasses import dataclass

# Codes, with the README's explanation next to each. Keep this list and the
# README table in step (tests/test_docs.py checks it).
CODES: dict[str, str] = {
    "yaml-error": "the front-matter is not valid YAML; the note is read without properties",
    "yaml-not-mapping": "the front-matter is YAML but not a list of properties",
    "frontmatter-unclosed": "a note starts with `---` that is never closed; read as plain text",
    "encoding": "the file is not UTF-8; it was read with replacement characters",
    "binary": "the file holds NUL bytes; it was skipped",
    "too-large": "the file is larger than the configured limit; it was skipped",
    "unreadable": "the file could not be read (permissions, vanished, loop, name not UTF-8)",
    "empty": "the file is empty",
    "conflict-copy": "a sync-conflict copy of another note; not indexed",
    "unresolved-link": "a link to a note that does not exist",
    "ambiguous-link": "a link whose name several notes share; resolved as Obsidian does",
    "bad-date": "a date property or tagged line date that cannot be read",
    "bad-cadence": "a cadence that is not like 10d, 3w, 2m or 1y",
    "bad-tier": "a tier that is not important/regular/unimportant (or the Dutch words)",
    "duplicate-name": "two people share one name; links must name the folder",
    "contact-no-date": "a #contact line in a note that has no date",
    "contact-no-person": "a #contact line or contact note that links no person",
    "conflict-parties": "a conflict with fewer than two parties",
    "bad-birthday": "a birthday that is not a date or MM-DD",
}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    path: str
    line: int
    code: str
    message: str

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[str, int, str, str]]:
        # through the constructor: much faster to pickle (parse cache, worker processes)
        return (Diagnostic, (self.path, self.line, self.code, self.message))

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.code}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}
