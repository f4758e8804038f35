"""The baseline that netwerknotities' build is measured against.

The least work any tool must do to know a vault: walk it, read every note,
load its front-matter with PyYAML's C loader and find its wikilinks with a
code-aware regex. `baseline` times each of those stages in this process;
the build's target is a multiple of its total (see bench/README.md).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml

# Top-level folders that the tool itself skips in the benchmark vault: its own
# output and the templates folder. Dot folders are always skipped.
DEFAULT_SKIP = ("netwerknotities", "Sjablonen")

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_COMMENT_RE = re.compile(r"%%.*?%%|<!--.*?-->", re.S)
_INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_WIKILINK_RE = re.compile(r"\[\[([^\]|#\n]+)")
_FM_END_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """Seconds of each stage, and what was found (to check that it did the work)."""

    walk: float
    read: float
    front_matter: float
    links: float
    total: float
    notes: int
    bytes: int
    wikilinks: int
    yaml_errors: int

    def seconds(self) -> dict[str, float]:
        return {
            "walk": self.walk,
            "read": self.read,
            "front_matter": self.front_matter,
            "links": self.links,
            "total": self.total,
        }


def markdown_files(vault: Path, skip: Collection[str] = DEFAULT_SKIP) -> list[str]:
    """Paths of the `.md` files under `vault`, without dot folders/files or `skip` at the top."""
    found: list[str] = []
    stack = [str(vault)]
    top = True
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or (top and entry.name in skip):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".md"):
                    found.append(entry.path)
        top = False
    found.sort()
    return found


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front-matter text or None, body): YAML between a first line `---` and the next."""
    if not text.startswith("---"):
        return None, text
    first_end = text.find("\n")
    if first_end < 0 or text[3:first_end].strip():
        return None, text
    end = _FM_END_RE.search(text, first_end + 1)
    if end is None:
        return None, text
    return text[first_end + 1 : end.start()], text[end.end() + 1 :]


def wikilinks(body: str) -> list[str]:
    """Link targets outside fenced code, comments and inline code."""
    if "```" in body or "~~~" in body:
        body = _FENCE_RE.sub("", body)
    if "%%" in body or "<!--" in body:
        body = _COMMENT_RE.sub("", body)
    if "`" in body:
        body = _INLINE_CODE_RE.sub("", body)
    return _WIKILINK_RE.findall(body)


def measure_baseline(vault: Path, skip: Collection[str] = DEFAULT_SKIP) -> BaselineResult:
    """Time walk, read, front-matter and link stages over every note of `vault`.

    Notes are handled one at a time (nothing is kept), so the peak memory of
    this process stays that of one note; each stage's time is summed over all.
    """
    clock = time.perf_counter
    start = clock()
    paths = markdown_files(vault, skip)
    walked = clock()
    read = front = links = 0.0
    size = found = errors = 0
    for path in paths:
        t0 = clock()
        with open(path, "rb") as handle:
            data = handle.read()
        text = data.decode("utf-8-sig")
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        t1 = clock()
        fm, body = split_front_matter(text)
        if fm is not None:
            try:
                yaml.load(fm, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                errors += 1
        t2 = clock()
        found += len(wikilinks(body))
        t3 = clock()
        read += t1 - t0
        front += t2 - t1
        links += t3 - t2
        size += len(data)
    end = clock()
    return BaselineResult(
        walk=walked - start,
        read=read,
        front_matter=front,
        links=links,
        total=end - start,
        notes=len(paths),
        bytes=size,
        wikilinks=found,
        yaml_errors=errors,
    )


def baseline(vault: Path) -> dict[str, float]:
    """Seconds of each baseline stage (walk, read, front_matter, links) and the total."""
    return measure_baseline(vault).seconds()


def stat_walk(vault: Path, skip: Collection[str] = DEFAULT_SKIP) -> float:
    """Seconds to walk the vault and stat every note: the floor of a no-change rebuild."""
    start = time.perf_counter()
    for path in markdown_files(vault, skip):
        os.stat(path)
    return time.perf_counter() - start
