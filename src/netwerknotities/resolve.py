"""Obsidian's link resolution, by hand: no library does this.

A `LinkIndex` is built once from the vault's paths and aliases; `resolve`
is then a few dict lookups, because the model calls it for every link of
every note (hundreds of thousands of times on a large vault).

The rules follow Obsidian 1.13 (`getFirstLinkpathDest`):

- `[[Name]]`, `[[Name.md]]` and `[[Folder/Name]]` name a file by a path
  suffix, case-insensitively and after Unicode normalisation; surrounding
  white space is ignored (`[[Quick Switcher ]]` finds `Quick switcher.md`).
- When several files match: an exact vault path wins, else the match
  relative to the linking note's own folder, else the shortest path (then
  alphabetical, so the choice never depends on scan order). All matches are
  reported as `candidates`.
- File names win over aliases; an alias several notes share is ambiguous
  in the same way.
- Attachments are named with their extension (`![[img.png]]`).
- `[[#Heading]]` (empty target) is the linking note itself.
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import unicodedata
from collections.abc import Iterable, KeysView, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link points. `candidates` lists every match when there are several."""

    path: str | None
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


UNRESOLVED = Resolution(None, ())


def _normalise(text: str) -> str:
    if text.isascii():
        return text.lower().strip()
    folded = unicodedata.normalize("NFC", text).casefold()
    return unicodedata.normalize("NFC", folded).strip()


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """The form under which names are compared: NFC, case-folded, stripped.

    NFC first so that a decomposed `ö` (as macOS file systems write it)
    equals a composed one; NFC again after case folding because folding can
    decompose (`İ`).
    """
    return _normalise(text)


def _strip_md(text: str) -> str:
    return text[:-3] if text[-3:].lower() == ".md" else text


def note_stem(path: str) -> str:
    """A note's path without `.md`."""
    return _strip_md(path)


def _key(path: str, *, note: bool) -> str:
    """The normalised link path of a file: notes lose `.md`, attachments keep their extension."""
    return normalise_name(_strip_md(path) if note else path)


def _order(path: str) -> tuple[int, str]:
    return (len(path), path)


class LinkIndex:
    """Every name and path a link may use, mapped to the files it can mean.

    Immutable after construction; building it is linear in the number of
    path components and aliases.
    """

    __slots__ = ("_aliases", "_exact", "_memo", "_memo_in_folder", "_names", "_sorted", "_suffixes")

    def __init__(
        self,
        note_paths: Iterable[str],
        aliases: Mapping[str, Iterable[object]],  # only texts name a note
        attachments: Iterable[str] = (),
    ) -> None:
        exact: dict[str, str] = {}
        # Nearly every suffix names one file: its tuple is made at once, and only the
        # few shared suffixes gather a list (`shared`) that replaces it at the end.
        suffixes: dict[str, tuple[str, ...]] = {}
        shared: dict[str, list[str]] = {}
        names: dict[str, tuple[str, ...]] = {}
        files = [(p, True) for p in note_paths] + [(p, False) for p in attachments]
        files.sort(key=lambda f: (len(f[0]), f[0]))
        for path, is_note in files:
            stem = path[:-3] if is_note and path[-3:].lower() == ".md" else path
            # every path once: the memo of `normalise_name` would only be filled, never hit
            key = _normalise(stem)
            # On a case-sensitive file system `Note.md` and `note.md` can both
            # exist; the shortest-then-alphabetical order picks the first.
            exact.setdefault(key, path)
            suffix = key
            while True:
                bucket = suffixes.get(suffix)
                if bucket is None:
                    suffixes[suffix] = (path,)
                else:
                    many = shared.get(suffix)
                    if many is None:
                        shared[suffix] = [*bucket, path]
                    else:
                        many.append(path)
                cut = suffix.find("/")
                if cut < 0:
                    break
                suffix = suffix[cut + 1 :]
            names[path] = (stem.rpartition("/")[2],)
        for suffix, many in shared.items():
            suffixes[suffix] = tuple(many)
        alias_map: dict[str, list[str]] = {}
        # only the few notes with aliases need the (shortest-first) order
        for path in sorted((p for p, given in aliases.items() if given), key=_order):
            own = names.get(path)
            seen: set[str] = set()
            for alias in aliases[path]:
                # Real vaults hold `aliases: [null]` and numbers; only text names a note.
                if not isinstance(alias, str) or not alias.strip():
                    continue
                alias_key = normalise_name(alias)
                if alias_key in seen:
                    continue
                seen.add(alias_key)
                alias_map.setdefault(alias_key, []).append(path)
                if own is not None:
                    own = (*own, alias.strip())
            if own is not None:
                names[path] = own
        self._exact = exact
        # Shortest first: the last resort of an ambiguous link is element 0.
        self._suffixes = suffixes
        self._sorted = {k: tuple(sorted(v)) for k, v in shared.items()}
        self._aliases = {k: tuple(v) for k, v in alias_map.items()}
        self._names = names
        # The same targets recur all over a vault: remember their resolution,
        # per folder only where the linking note's folder decides it.
        self._memo: dict[str, Resolution] = {}
        self._memo_in_folder: dict[tuple[str, str], Resolution] = {}

    def changed(
        self, removed: Iterable[str], added: Mapping[str, Iterable[object]]
    ) -> tuple[LinkIndex, set[str]]:
        """A new index without the notes `removed` and with `added` (path -> aliases), as if
        built from scratch; and every lookup key (see `lookup_key`) whose files may differ.

        Costs a copy of the tables plus the work for these notes: for the watcher, where
        one note comes or goes, or changes its aliases (remove it, then add it again).
        """
        new = LinkIndex((), {}, ())  # empty, then the tables copied
        new._exact = dict(self._exact)
        new._suffixes = dict(self._suffixes)
        new._sorted = dict(self._sorted)
        new._aliases = dict(self._aliases)
        new._names = dict(self._names)
        new._memo = {}
        new._memo_in_folder = {}
        keys: set[str] = set()
        for path in removed:
            keys.update(new._drop(path))
        for path, aliases in added.items():
            keys.update(new._add(path, aliases))
        return new, keys

    @staticmethod
    def _suffix_keys(key: str) -> list[str]:
        found = [key]
        while (cut := key.find("/")) >= 0:
            key = key[cut + 1 :]
            found.append(key)
        return found

    def _put(self, table: dict[str, tuple[str, ...]], key: str, path: str, add: bool) -> None:
        bucket = list(table.get(key, ()))
        if add:
            bucket.insert(bisect.bisect_left(bucket, _order(path), key=_order), path)
        else:
            bucket.remove(path)
        if bucket:
            table[key] = tuple(bucket)
        else:
            del table[key]
        if table is self._suffixes:
            if len(bucket) > 1:
                self._sorted[key] = tuple(sorted(bucket))
            else:
                self._sorted.pop(key, None)

    def _drop(self, path: str) -> list[str]:
        names = self._names.pop(path, None)
        if names is None:
            return []
        key = _key(path, note=True)
        keys = self._suffix_keys(key)
        for suffix in keys:
            self._put(self._suffixes, suffix, path, add=False)
        if self._exact.get(key) == path:
            # the next file (shortest, then alphabetical) with exactly this key
            same = [
                p
                for p in self._suffixes.get(key, ())
                if _key(p, note=p[-3:].lower() == ".md") == key
            ]
            if same:
                self._exact[key] = same[0]
            else:
                del self._exact[key]
        for alias in names[1:]:
            alias_key = normalise_name(alias)
            self._put(self._aliases, alias_key, path, add=False)
            keys.append(alias_key)
        return keys

    def _add(self, path: str, aliases: Iterable[object]) -> list[str]:
        key = _key(path, note=True)
        keys = self._suffix_keys(key)
        for suffix in keys:
            self._put(self._suffixes, suffix, path, add=True)
        known = self._exact.get(key)
        if known is None or _order(path) < _order(known):
            self._exact[key] = path
        own: tuple[str, ...] = (note_stem(path).rpartition("/")[2],)
        seen: set[str] = set()
        for alias in aliases:
            if not isinstance(alias, str) or not alias.strip():
                continue
            alias_key = normalise_name(alias)
            if alias_key in seen:
                continue
            seen.add(alias_key)
            self._put(self._aliases, alias_key, path, add=True)
            keys.append(alias_key)
            own = (*own, alias.strip())
        self._names[path] = own
        return keys

    @staticmethod
    def lookup_key(target: str, from_path: str) -> str | None:
        """The key under which `resolve(target, from_path)` looks a link up: a link whose key
        is not among those `changed` reports resolves as before. None for the note itself."""
        text = target.strip()
        if not text:
            return None
        key = normalise_name(_strip_md(text))
        if key.startswith("/"):
            return key.lstrip("/")
        if key.startswith(("./", "../")):
            folder = from_path.rpartition("/")[0]
            return posixpath.normpath(posixpath.join(normalise_name(folder), key))
        return key

    def settled(self) -> Mapping[str, Resolution]:
        """Resolutions already made that hold from any folder: a caller resolving many links
        looks here first and calls `resolve` only on a miss (which fills it)."""
        return self._memo

    def resolve(self, target: str, from_path: str) -> Resolution:
        """The file `target` (a link path without `#subpath` or `|display`) means in `from_path`."""
        known = self._memo.get(target)
        if known is not None:
            return known
        folder = from_path.rpartition("/")[0]
        known = self._memo_in_folder.get((target, folder))
        if known is not None:
            return known
        text = target.strip()
        if not text:
            return Resolution(from_path, ())
        result, needs_folder = self._resolve(normalise_name(_strip_md(text)), folder)
        if needs_folder:
            self._memo_in_folder[(target, folder)] = result
        else:
            self._memo[target] = result
        return result

    def _resolve(self, key: str, folder: str) -> tuple[Resolution, bool]:
        """The resolution of a normalised key, and whether it depended on `folder`."""
        relative_link = False
        if key.startswith("/"):
            key = key.lstrip("/")
        elif key.startswith(("./", "../")):
            # Obsidian's "relative path" link format: resolve against the note's folder.
            relative_link = True
            key = posixpath.normpath(posixpath.join(normalise_name(folder), key))
            if key.startswith("../"):
                return UNRESOLVED, True
        found = self._suffixes.get(key)
        if found is None:
            return self._resolve_alias(key), relative_link
        if len(found) == 1:
            return Resolution(found[0], ()), relative_link
        candidates = self._sorted[key]
        exact = self._exact.get(key)
        if exact is not None:
            return Resolution(exact, candidates), relative_link
        if folder:
            relative = self._exact.get(normalise_name(folder) + "/" + key)
            if relative is not None:
                return Resolution(relative, candidates), True
        return Resolution(found[0], candidates), True

    def _resolve_alias(self, key: str) -> Resolution:
        owners = self._aliases.get(key)
        if owners is None:
            return UNRESOLVED
        if len(owners) == 1:
            return Resolution(owners[0], ())
        return Resolution(owners[0], tuple(sorted(owners)))

    def files(self) -> KeysView[str]:
        """Every note and attachment path the index knows."""
        return self._names.keys()

    @staticmethod
    def name_key(path: str) -> str:
        """The normalised last part of a file's link path: `link_text` of a file can change
        only when a file with the same name key comes or goes."""
        return _key(path, note=path[-3:].lower() == ".md").rpartition("/")[2]

    def link_text(self, path: str, display: str | None = None) -> str:
        """The wikilink Obsidian would write to `path`.

        `[[Name]]` when no other file shares the name, else the shortest path
        suffix that only this file has (`[[Folder/Name]]`), which resolves to
        it from any note. `display` is added after `|` unless it equals the
        link text.
        """
        is_note = path.lower().endswith(".md")
        shown = _strip_md(path) if is_note else path
        parts = shown.split("/")
        text = shown
        key_parts = _key(path, note=is_note).split("/")
        for start in range(len(parts) - 1, -1, -1):
            found = self._suffixes.get("/".join(key_parts[start:]), ())
            if len(found) <= 1 or self._exact.get("/".join(key_parts[start:])) == path:
                text = "/".join(parts[start:])
                break
        if display is None or display == text:
            return f"[[{text}]]"
        return f"[[{text}|{display}]]"

    def names_of(self, path: str) -> tuple[str, ...]:
        """The file name (without `.md`) and then the aliases a link may use for `path`."""
        return self._names.get(path, ())

    def __contains__(self, path: object) -> bool:
        return path in self._names
