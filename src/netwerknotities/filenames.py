"""File names for new notes that are safe on every OS and never collide.

A vault is synced between Linux, macOS, Windows, Android and iOS, so a name
must be valid on all of them: no `/ \\ : * ? " < > |`, no control characters,
no trailing dot or space, no reserved Windows device name (`CON`, `COM1`, …).
`# ^ [ ]` are allowed by file systems but break `[[wikilinks]]` in Obsidian,
so they go too. A leading dot would hide the note from Obsidian and this tool.
Names compare case-insensitively and after Unicode normalisation, as they do
on macOS and Windows and in Obsidian's link resolution.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FORBIDDEN = set('/\\:*?"<>|#^[]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)
# bytes for the stem: room for " 999" and ".md" within the common 255-byte limit
_MAX_STEM_BYTES = 200
FALLBACK = "Unnamed"


def name_key(stem: str) -> str:
    """How two file names compare on a case-insensitive, normalising file system."""
    return unicodedata.normalize("NFC", stem).casefold()


def safe_stem(name: str, fallback: str = FALLBACK) -> str:
    """`name` made into a file name (without `.md`) valid on every OS and in wikilinks."""
    text = unicodedata.normalize("NFC", name)
    chars = []
    for ch in text:
        if ch in _FORBIDDEN:
            chars.append("-")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != "\u200d":
            # control and format characters; the zero-width joiner holds emoji together
            chars.append(" ")
        else:
            chars.append(ch)
    text = re.sub(r"\s+", " ", "".join(chars)).strip()
    text = re.sub(r"-{2,}", "-", text)
    text = text.lstrip(". ")
    text = _truncate(text, _MAX_STEM_BYTES).rstrip(". ")
    if not text or set(text) <= {"-", " "}:
        text = fallback
    if text.split(".", 1)[0].rstrip().upper() in _RESERVED:
        text += "_"
    return text


def _truncate(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def unique_stem(stem: str, taken: Iterable[str]) -> str:
    """`stem`, or `stem 2`, `stem 3`, … — the first that no name in `taken` equals.

    `taken` holds the stems (file names without `.md`) of every note in the vault:
    a new note whose name another note already has would make `[[links]]` ambiguous.
    """
    keys = {name_key(t) for t in taken}
    if name_key(stem) not in keys:
        return stem
    n = 2
    while name_key(f"{stem} {n}") in keys:
        n += 1
    return f"{stem} {n}"
