"""The pipeline: scan → parse (cached) → resolve → model → render → write.

`build_vault` is the one entry point for `build`, `export`, `check` and the
benchmark; `load_state` and `render_outputs` are the pieces the watcher
reuses, so a cold build, a cached rebuild and a watcher update go through the
same code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .cache import NoteCache, default_cache_dir, vault_key
from .config import Config, load_config
from .diagnostics import Diagnostic
from .errors import VaultError
from .export import network_data
from .ics import calendar_diagnostics, render_calendar
from .model import Model
from .network_notes import render_network_notes
from .notecodec import decode, encode
from .notes import Note
from .output import WriteReport, write_outputs
from .parse import PARSER_VERSION, parse_note
from .planner import Moment, first_moments, plan, schedule_rows
from .relations import build_index, derive_model
from .render_notes import (
    note_names,
    render_agenda,
    render_conflicts,
    render_people,
    render_problems,
    render_signals,
)
from .resolve import LinkIndex
from .vault import Scan, VaultFile, scan_vault
from .wikisyntax import share_texts

Progress = Callable[[str, int, int], None]  # stage, done, total

# Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 2000


@dataclass(frozen=True, slots=True)
class BuildOptions:
    today: dt.date
    config_path: Path | None = None
    cache_dir: Path | None = None  # None: the user's cache folder
    use_cache: bool = True
    write: bool = True
    jobs: int = 0  # worker processes for parsing; 0 = one per core
    progress: Progress | None = None


@dataclass(slots=True)
class VaultState:
    """What the watcher keeps between updates: the notes as parsed, by path."""

    vault: Path
    config: Config
    scan: Scan
    notes: dict[str, Note]
    stamps: dict[str, tuple[int, int]]  # path -> (size, mtime_ns) of the parsed bytes
    read_diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class BuildResult:
    model: Model | None  # None when the build was skipped (nothing changed)
    config: Config
    report: WriteReport
    outputs: dict[str, bytes]
    parsed: int = 0
    from_cache: int = 0
    skipped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    index: LinkIndex | None = None
    schedule: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # further export keys


def read_bytes(path: str) -> bytes:
    """A whole file by `os.read`: half the cost of `open().read()` on a small note, which
    is most of them (no buffered file object; pathlib would cost more than the read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        parts = []
        while part := os.read(fd, 1 << 16):
            parts.append(part)
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_and_parse(vault: Path, rel: str) -> tuple[Note | None, Diagnostic | None]:
    """One file: its bytes, parsed. A read failure is a diagnostic, not an error."""
    try:
        data = read_bytes(os.path.join(vault, rel))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, Diagnostic(rel, 0, "unreadable", f"cannot read the file: {reason}")
    return parse_note(rel, data), None


ParsedFile = tuple[str, Note | None, bytes | None, Diagnostic | None]  # path, note, its bytes


def _parse_chunk(args: tuple[str, list[str]]) -> list[tuple[str, bytes | None, Diagnostic | None]]:
    """In a worker: parse and encode (`notecodec`). The bytes go to the cache as they
    are, so the main process decodes each note once and never encodes it again."""
    vault, paths = args
    root = Path(vault)
    results: list[tuple[str, bytes | None, Diagnostic | None]] = []
    for rel in paths:
        note, diag = read_and_parse(root, rel)
        results.append((rel, None if note is None else encode(note), diag))
    return results


def parse_files(
    vault: Path, files: Sequence[VaultFile], jobs: int, progress: Progress | None = None
) -> list[ParsedFile]:
    """Parse `files`, in worker processes when there are many."""
    return [item for batch in parse_batches(vault, files, jobs, progress) for item in batch]


def parse_pool(jobs: int, count: int) -> ProcessPoolExecutor | None:
    """Worker processes to parse `count` notes, or None when one process does better."""
    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or count < PARALLEL_THRESHOLD:
        return None
    try:  # no process starts yet: that waits for the first task
        return ProcessPoolExecutor(max_workers=workers, initializer=share_texts, initargs=(True,))
    except (OSError, NotImplementedError, ImportError):  # no semaphores here: one process
        return None


def parse_batches(
    vault: Path,
    files: Sequence[VaultFile],
    jobs: int,
    progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[list[ParsedFile]]:
    """Parse `files` in batches, in file order, each as soon as it is done: the caller's
    own work on a batch overlaps the parsing of the next ones. With `pool` the workers
    are the caller's (and stay theirs); else they are started here when worth it."""
    total = len(files)
    if pool is None:
        own = parse_pool(jobs, total)
        if own is not None:
            with own:
                yield from parse_batches(vault, files, jobs, progress, own)
            return
    done = 0
    if pool is None or total < PARALLEL_THRESHOLD:
        batch: list[ParsedFile] = []
        for i, f in enumerate(files):
            note, diag = read_and_parse(vault, f.path)
            blob = None if note is None else encode(note)
            batch.append((f.path, note, blob, diag))
            if progress and i % 500 == 0:
                progress("parse", i, total)
        yield batch
    else:
        # small batches: the cache and the caller keep pace, and at the end no worker waits
        # long for the other to finish its last one
        workers = jobs or os.cpu_count() or 1
        size = max(200, total // (workers * 32))
        chunks = [
            (str(vault), [f.path for f in files[i : i + size]]) for i in range(0, total, size)
        ]
        for chunk in pool.map(_parse_chunk, chunks):
            yield [
                (rel, None if blob is None else decode(blob), blob, diag)
                for rel, blob, diag in chunk
            ]
            done += len(chunk)
            if progress:
                progress("parse", done, total)
    if progress:
        progress("parse", total, total)


def load_state(
    vault: Path,
    config: Config,
    scan: Scan,
    cache: NoteCache,
    jobs: int = 0,
    progress: Progress | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> tuple[VaultState, int, int]:
    """Every note of the scan: from the cache when its size and mtime match, else parsed.

    With `pool` (the caller's parse workers) the cache is written by one of the workers
    while the caller goes on; the cache's next use waits for it (`NoteCache.store`)."""
    cached = cache.load()
    notes: dict[str, Note] = {}
    stamps: dict[str, tuple[int, int]] = {}
    todo: list[VaultFile] = []
    for f in scan.notes:
        hit = cached.get(f.path)
        if hit is not None and hit[0] == f.size and hit[1] == f.mtime_ns:
            notes[f.path] = hit[2]
            stamps[f.path] = (f.size, f.mtime_ns)
        else:
            todo.append(f)
    by_path = {f.path: f for f in todo}
    read_diags: list[Diagnostic] = []
    fresh: list[tuple[str, int, int, bytes]] = []
    for batch in parse_batches(vault, todo, jobs, progress, pool):
        for rel, note, blob, diag in batch:
            if diag is not None:
                read_diags.append(diag)
            if note is not None and blob is not None:
                f = by_path[rel]
                notes[rel] = note
                stamps[rel] = (f.size, f.mtime_ns)
                fresh.append((rel, f.size, f.mtime_ns, blob))
    cache.store(fresh, keep=set(notes), pool=pool if len(todo) >= PARALLEL_THRESHOLD else None)
    state = VaultState(vault, config, scan, notes, stamps, read_diags)
    return state, len(todo), len(scan.notes) - len(todo)


def model_of(state: VaultState, today: dt.date) -> tuple[Model, LinkIndex]:
    notes = [state.notes[p] for p in sorted(state.notes)]
    index = build_index(notes, state.scan.attachments, state.config)
    model = derive_model(
        notes,
        index,
        state.scan.settings,
        state.config,
        today,
        extra_diagnostics=[*state.scan.diagnostics, *state.read_diagnostics],
    )
    calendar_problems = calendar_diagnostics(model)
    if calendar_problems:
        merged = tuple(sorted(set(model.diagnostics) | set(calendar_problems)))
        model = dataclasses.replace(model, diagnostics=merged)
    return model, index


class Linker:
    """path -> the wikilink Obsidian would write; a plain name stays text.

    Memoized: the index notes name the same people and notes many times over. The
    watcher keeps one object across index changes that leave every link text it gave
    the same (`follows`), so that what renderers memoised by it stays valid. A new,
    deleted or renamed note makes a new index; but a link text is the shortest unique
    suffix of a path, so it can change only when a file of the same name comes or goes
    (`LinkIndex.name_key`). Most new notes have a name of their own."""

    def __init__(self, index: LinkIndex, model: Model) -> None:
        self.index = index
        self.names = model.names
        self.known: dict[str, str] = {}

    def __call__(self, ref: str) -> str:
        text = self.known.get(ref)
        if text is None:
            if ref in self.names:
                text = self.index.link_text(ref)
            elif ref.lower().endswith(".md"):
                text = f"[[{ref[:-3]}]]"
            else:
                text = ref
            self.known[ref] = text
        return text

    def follows(self, index: LinkIndex, model: Model) -> bool:
        """Take this index and name map when no text given so far can differ under them."""
        if index is self.index and model.names is self.names:
            return True
        changed = self.index.files() ^ index.files()
        if changed:
            touched = {LinkIndex.name_key(path) for path in changed}
            names = model.names
            for ref in self.known:
                if ref in changed or (ref in self.names) != (ref in names):
                    return False
                if LinkIndex.name_key(ref) in touched:
                    return False
        self.index, self.names = index, model.names
        return True


def link_function(index: LinkIndex, model: Model) -> Callable[[str], str]:
    """path -> the wikilink Obsidian would write (see `Linker`)."""
    return Linker(index, model)


def calendar_bytes(
    model: Model,
    moments: Sequence[Moment],
    config: Config,
    vault: Path,
    previous_calendar: bytes | None,
) -> bytes:
    """The calendar file: `render_calendar` with what it takes from the config."""
    return render_calendar(
        model,
        moments,
        config.calendar,
        config.obsidian_vault_name(vault),
        previous_calendar,
        config.language,
    )


def render_outputs(
    model: Model,
    index: LinkIndex,
    config: Config,
    vault: Path,
    previous_calendar: bytes | None = None,
) -> tuple[dict[str, bytes], list[dict[str, str]]]:
    """Every generated file of the output folder, by name, and the schedule."""
    link = link_function(index, model)
    language = config.language
    names = note_names(language)
    texts = {
        names["people"]: render_people(model, link, language),
        names["signals"]: render_signals(model, link, language),
        names["conflicts"]: render_conflicts(model, link, language),
        names["problems"]: render_problems(model, link, language),
    }
    moments = plan(model, config.calendar)
    schedule = schedule_rows(model, moments)
    planned = first_moments(moments)
    outputs = {
        config.calendar.file: calendar_bytes(model, moments, config, vault, previous_calendar)
    }
    texts[names["agenda"]] = render_agenda(
        model, link, language, planned, config.calendar.horizon_days
    )
    texts.update(
        {
            name.removesuffix(".md"): text
            for name, text in render_network_notes(model, language, link).items()
        }
    )
    outputs.update({f"{name}.md": text.encode("utf-8") for name, text in texts.items()})
    return outputs, schedule


def _fingerprint(vault: Path, config: Config, scan: Scan, today: dt.date, out: Path) -> str:
    """Everything a build's output depends on, plus the state of the outputs themselves."""
    digest = hashlib.sha256()

    def feed(*parts: Any) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")

    feed(__version__, PARSER_VERSION, today.isoformat(), repr(config), repr(scan.settings))
    # every note as one text: a path holds no NUL, so `path NUL size NUL mtime` is unambiguous
    digest.update(
        "\n".join([f"{f.path}\0{f.size}\0{f.mtime_ns}" for f in scan.notes]).encode(
            "utf-8", "surrogatepass"
        )
    )
    digest.update(b"\0")
    feed(tuple(scan.attachments), tuple(scan.diagnostics))
    if out.is_dir():
        for entry in sorted(os.scandir(out), key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                feed(entry.name, st.st_size, st.st_mtime_ns)
    return digest.hexdigest()


def open_cache(vault: Path, options: BuildOptions) -> NoteCache:
    if not options.use_cache:
        return NoteCache(None, PARSER_VERSION)
    folder = options.cache_dir or default_cache_dir()
    return NoteCache(folder / f"{vault_key(vault)}.sqlite", PARSER_VERSION)


def build_vault(vault: Path, options: BuildOptions, shortcut: bool = True) -> BuildResult:
    """Read the vault and (with `options.write`) write the outputs into it.

    With `shortcut`, a build whose inputs and outputs are exactly as the last
    build left them stops after the stat walk (`skipped`).
    """
    if not vault.is_dir():
        raise VaultError(f"{vault}: no such vault folder")
    # A build makes millions of small objects that all live to its end: the cyclic
    # garbage collector would walk them again and again for nothing (seconds on a
    # large vault). Nothing here makes reference cycles worth collecting early.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_vault(vault, options, shortcut)
    finally:
        if collecting:
            gc.enable()


def _build_vault(vault: Path, options: BuildOptions, shortcut: bool) -> BuildResult:
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    config = load_config(vault, options.config_path)
    scan = scan_vault(vault, config)
    seconds["scan"] = time.perf_counter() - start
    out = vault / config.output_folder
    cache = open_cache(vault, options)
    # started only if the parse needs them; one of them then writes the cache
    pool = parse_pool(options.jobs, len(scan.notes))
    try:
        # a first build has no fingerprint to compare with: none is computed for it
        known = cache.fingerprint("build") if shortcut and options.write else None
        if known is not None and known == _fingerprint(vault, config, scan, options.today, out):
            seconds["total"] = time.perf_counter() - start
            return BuildResult(None, config, WriteReport(), {}, skipped=True, seconds=seconds)
        t = time.perf_counter()
        state, parsed, cached = load_state(
            vault, config, scan, cache, options.jobs, options.progress, pool
        )
        seconds["parse"] = time.perf_counter() - t
        t = time.perf_counter()
        model, index = model_of(state, options.today)
        seconds["model"] = time.perf_counter() - t
        t = time.perf_counter()
        previous = _read_previous_calendar(out, config)
        outputs, schedule = render_outputs(model, index, config, vault, previous)
        extra = network_data(model)
        seconds["render"] = time.perf_counter() - t
        report = WriteReport()
        if options.write:
            t = time.perf_counter()
            report = write_outputs(out, outputs)
            seconds["write"] = time.perf_counter() - t
            if not report.refused:
                cache.set_fingerprint(
                    "build", _fingerprint(vault, config, scan, options.today, out)
                )
        seconds["total"] = time.perf_counter() - start
        return BuildResult(
            model, config, report, outputs, parsed, cached, False, seconds, index, schedule, extra
        )
    finally:
        cache.close()  # after the cache write, if a worker does it
        if pool is not None:
            pool.shutdown()


def _read_previous_calendar(out: Path, config: Config) -> bytes | None:
    try:
        return (out / config.calendar.file).read_bytes()
    except OSError:
        return None


def summary_counts(model: Model) -> dict[str, int]:
    return {
        "notes": model.note_count,
        "people": len(model.people),
        "organisations": len(model.organisations),
        "contacts": len(model.contacts),
        "signals": len(model.signals),
        "conflicts": len(model.conflicts),
        "diagnostics": len(model.diagnostics),
    }
