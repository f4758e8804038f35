"""`watch`: keep the outputs current while the user writes.

The shape is mkdocs' livereload: the event handler only records which paths
may have changed (and whether a whole rescan is needed); one loop waits until
the events have been quiet for a moment (but never longer than a maximum
wait, so a steady stream cannot starve it), then updates the state, derives
the model, and writes what changed. A failed update is logged and the loop
goes on; the next event retries.

Events are hints, not facts (see `incremental.py`): every changed path is
checked by stat, and a periodic stat walk catches events the kernel dropped.
The tool's own output folder and every dot entry are filtered out in the
handler, so the watcher's own writes never wake it; an idle watcher writes
nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from .build import (
    BuildOptions,
    VaultState,
    _read_previous_calendar,
    load_state,
    open_cache,
    parse_pool,
)
from .config import CONFIG_FILE, Config, load_config
from .errors import NetwerkError, VaultError
from .incremental import Change, apply_paths, rescan
from .incremental_model import ModelKeeper
from .incremental_render import RenderMemo
from .model import Model
from .output import WriteReport, write_outputs
from .resolve import LinkIndex
from .vault import (
    DAILY_NOTES_JSON,
    TEMPLATER_JSON,
    TEMPLATES_JSON,
    ObsidianSettings,
    is_conflict_copy,
    is_ignored_path,
    scan_vault,
)

Log = Callable[[str], None]
Clock = Callable[[], dt.datetime]

# Events that can change what a file holds. Opens and close-without-write
# (watchdog >= 2.3 / 5.0) are left out: reacting to them loops forever.
EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


@dataclass(frozen=True, slots=True)
class WatchOptions:
    today: dt.date | None = None  # None: the real date, rolling over at midnight
    config_path: Path | None = None
    cache_dir: Path | None = None  # None: the user's cache folder
    use_cache: bool = True
    jobs: int = 0  # worker processes for the first build and big rescans
    poll: bool = False  # poll instead of inotify/FSEvents (network shares, Docker, WSL)
    poll_interval: float = 1.0
    serve: bool = False
    host: str = "127.0.0.1"
    port: int = 8765
    quiet_period: float = 0.3  # seconds without events before an update
    max_wait: float = 2.0  # seconds after the first event at the latest
    burst: int = 500  # more pending paths than this: one full rescan instead
    reconcile_every: float = 60.0  # seconds between stat walks that catch lost events
    state_dir: Path | None = None  # where the feed token lives (None: the user's state folder)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a model is derived.

    Deriving allocates millions of small objects, and each allocation burst
    makes the collector walk every object of the vault's state again: on the
    50,000-note vault that is over a third of the derivation's time. The old
    model has no reference cycles, so reference counting frees it anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """Size, modification time, inode and change time: an output file rewritten by anyone
    else (an editor saving in place, or replacing it) gets another."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class _Handler(FileSystemEventHandler):
    """Records paths; does no work. Runs in the observer's thread."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        w = self.watcher
        paths = [os.fsdecode(event.src_path)]
        dest = os.fsdecode(event.dest_path) if event.dest_path else ""
        if dest:
            paths.append(dest)  # a move: the source is gone, the destination changed
        rels = [r for r in (w.relative(p) for p in paths) if r is not None]
        if event.is_directory:
            w.note_event(rels, rescan=any(w.wanted(r) or r == "" for r in rels))
        else:
            w.note_event([r for r in rels if w.wanted(r)], rescan=False)


class Watcher:
    """The vault's state, the debounce loop and the observer.

    `open()` builds once and starts observing; `loop()` runs until `stop()`;
    `close()` stops everything. `start()` runs open + loop in a thread (tests).
    """

    def __init__(
        self,
        vault: Path,
        options: WatchOptions,
        log: Log = print,
        clock: Clock = dt.datetime.now,
    ) -> None:
        self.vault = vault
        self.root = vault.resolve()
        self.options = options
        self.log = log
        self.clock = clock
        self.config: Config = load_config(vault, options.config_path)
        self.state: VaultState | None = None
        self.model: Model | None = None
        self.keeper = ModelKeeper()  # the model, derived again only where notes changed
        self.renderer = RenderMemo()  # index notes whose inputs did not change are reused
        self.index: LinkIndex | None = None
        self.outputs: dict[str, bytes] = {}
        # output file -> (the bytes it holds, its stamp when they were written or seen)
        self._disk: dict[Path, tuple[bytes, tuple[int, int, int, int]]] = {}
        self.schedule: list[dict[str, str]] = []  # the planned moments, as the export has them
        self.feed_url = ""
        self.today: dt.date = options.today or clock().date()
        self.error: NetwerkError | None = None
        # counters the tests and the benchmark wait on
        self.updates = 0  # batches that changed the model
        self.batches = 0  # batches handled (changed or not)
        self.derivations = 0  # model_of calls
        self.files_written = 0
        self.reconciles = 0
        self.last_update_seconds: dict[str, float] = {}
        self.startup_seconds: dict[str, float] = {}  # observer set-up, first build
        self.observer_kind = ""
        self._cond = threading.Condition()
        self._done = threading.Condition()
        self._pending: set[str] = set()
        self._rescan = False
        self._first_event = 0.0
        self._last_event = 0.0
        self._stopping = False
        self._observer: BaseObserver | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._settings_files = self._settings_paths()
        self._settings_stamps = self._stamp_settings()
        self._next_reconcile = time.monotonic() + options.reconcile_every

    # -- which paths matter --------------------------------------------------------------

    def _settings_paths(self) -> dict[str, Path]:
        base = self.config.config_folder
        paths = {
            f"{base}/{name}": self.root / base / name
            for name in (TEMPLATES_JSON, TEMPLATER_JSON, DAILY_NOTES_JSON)
        }
        config_file = self.options.config_path or self.vault / CONFIG_FILE
        paths[self.relative(str(config_file.resolve())) or str(config_file)] = config_file
        return paths

    def _stamp_settings(self) -> dict[str, tuple[int, int] | None]:
        return {rel: _stamp(path) for rel, path in self._settings_files.items()}

    def relative(self, path: str) -> str | None:
        """A vault-relative path with '/', '' for the root, None outside the vault."""
        rel = os.path.relpath(path, self.root)
        if rel == ".":
            return ""
        if rel.startswith(".." + os.sep) or rel == "..":
            return None
        return rel.replace(os.sep, "/")

    def wanted(self, rel: str) -> bool:
        if rel in self._settings_files:
            return True
        state = self.state
        # before the first scan: Obsidian's defaults (the update filters again)
        settings = state.scan.settings if state is not None else ObsidianSettings()
        name = rel.rpartition("/")[2]
        if is_conflict_copy(name) and not name.startswith("."):
            return True  # not a note, but a problem to report
        return not is_ignored_path(rel, self.config, settings)

    def note_event(self, rels: list[str], rescan: bool) -> None:
        if not rels and not rescan:
            return
        with self._cond:
            now = time.monotonic()
            if not self._pending and not self._rescan:
                self._first_event = now
            self._last_event = now
            self._pending.update(rels)
            self._rescan = self._rescan or rescan
            self._cond.notify_all()

    # -- life cycle ----------------------------------------------------------------------

    def open(self) -> None:
        """Start observing, then build once: edits made during the build are not lost."""
        if not self.root.is_dir():
            raise VaultError(f"{self.vault}: no such vault folder")
        started = time.perf_counter()
        self._start_observer()
        self.startup_seconds["observer"] = time.perf_counter() - started
        started = time.perf_counter()
        build = BuildOptions(
            today=self.today,
            config_path=self.options.config_path,
            cache_dir=self.options.cache_dir,
            use_cache=self.options.use_cache,
            jobs=self.options.jobs,
        )
        # As in build_vault: no collection until everything is built, since the scan, the
        # parsed notes and the model all live on. Then they are kept out of every later
        # collection (still freed by reference counting): re-enabling the collector with
        # millions of young objects would walk them all at the next allocation.
        with _collector_paused():
            cache = open_cache(self.root, build)
            pool = None
            try:
                scan = scan_vault(self.root, self.config)
                # as in build_vault: a worker writes the cache while the model is derived
                pool = parse_pool(self.options.jobs, len(scan.notes))
                self.state, _, _ = load_state(
                    self.root, self.config, scan, cache, self.options.jobs, pool=pool
                )
                written = self._derive_and_write()
            finally:
                cache.close()
                if pool is not None:
                    pool.shutdown()
            gc.freeze()
        seconds = time.perf_counter() - started
        self.startup_seconds["build"] = seconds
        state = self.state
        self._say(
            f"built {len(state.notes)} notes in {seconds:.1f} s; {self._wrote(written)};"
            f" watching {self.vault} ({self.observer_kind})"
        )
        if self.options.serve:
            self._start_server()

    def _start_observer(self) -> None:
        use_polling = self.options.poll
        if not use_polling:
            try:
                self._observer = self._observe(Observer())
                self.observer_kind = "native events"
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise
                which = (
                    "fs.inotify.max_user_watches"
                    if exc.errno == errno.ENOSPC
                    else "fs.inotify.max_user_instances"
                )
                self._say(
                    f"the system's limit on watched folders is reached ({exc.strerror});"
                    f" falling back to polling. To watch with events, raise it, e.g."
                    f" `sudo sysctl {which}=524288` (and in /etc/sysctl.conf to keep it)."
                )
        self._observer = self._observe(PollingObserver(timeout=self.options.poll_interval))
        self.observer_kind = "polling"

    def _observe(self, observer: BaseObserver) -> BaseObserver:
        observer.schedule(_Handler(self), str(self.root), recursive=True, event_filter=EVENT_FILTER)
        try:
            observer.start()
        except BaseException:
            with contextlib.suppress(Exception):
                observer.stop()
            raise
        return observer

    def _start_server(self) -> None:
        from .serve import bind_warning, feed_path, load_or_create_token, make_server

        token = load_or_create_token(self.root, self.options.state_dir)
        try:
            server = make_server(self.options.host, self.options.port, token, self.calendar)
        except OSError as exc:
            raise NetwerkError(
                f"cannot serve on {self.options.host}:{self.options.port}: {exc.strerror or exc}"
            ) from exc
        self._server = server
        threading.Thread(target=server.serve_forever, name="feed", daemon=True).start()
        host, port = server.server_address[:2]
        host = os.fsdecode(host) if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        self.feed_url = f"http://{shown}:{port}{feed_path(token)}"
        self._say(f"serving the calendar at {self.feed_url}")
        warning = bind_warning(self.options.host)
        if warning:
            self._say(warning)

    def calendar(self) -> bytes:
        """The current calendar, as the feed serves it (kept current by the loop)."""
        return self.outputs.get(self.config.calendar.file, b"")

    def start(self) -> None:
        self.open()
        self._thread = threading.Thread(target=self._run_loop, name="watch", daemon=True)
        self._thread.start()

    def _run_loop(self) -> None:
        try:
            self.loop()
        except NetwerkError as exc:
            self.error = exc
        finally:
            with self._done:
                self._stopping = True
                self._done.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self.close()

    def close(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            with contextlib.suppress(RuntimeError):
                observer.join()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def wait_for(self, predicate: Callable[[Watcher], bool], timeout: float = 10.0) -> bool:
        """Block until `predicate(self)` holds after a batch, or `timeout` passes."""
        with self._done:
            return self._done.wait_for(lambda: predicate(self) or self._stopping, timeout)

    # -- the loop ------------------------------------------------------------------------

    def loop(self) -> None:
        # What only a new or renamed note needs was left out of the startup: made here,
        # after the outputs are written, before the first batch (which waits for it).
        with _collector_paused():
            self.keeper.prepare()
            gc.freeze()  # long-lived, as the model
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            paths, full = batch
            try:
                self._update(paths, full)
            except NetwerkError as exc:
                if not self.root.is_dir():
                    raise VaultError(f"{self.vault}: the vault folder is gone; stopped") from exc
                self._say(f"update failed: {exc.message}; still watching")
            except OSError as exc:
                if not self.root.is_dir():
                    raise VaultError(f"{self.vault}: the vault folder is gone; stopped") from exc
                self._say(f"update failed: {exc}; still watching")
            with self._done:
                self.batches += 1
                self._done.notify_all()

    def _next_batch(self) -> tuple[set[str], bool] | None:
        """Wait for events, then for quiet (or the maximum wait); None when stopping."""
        with self._cond:
            while not self._stopping and not self._pending and not self._rescan:
                now = time.monotonic()
                if now >= self._next_reconcile:
                    self._next_reconcile = now + self.options.reconcile_every
                    return set(), True
                if not self.root.is_dir():
                    raise VaultError(f"{self.vault}: the vault folder is gone; stopped")
                if self._settings_changed() or self._day_changed():
                    # like an event: wait for quiet first, so that a config file caught
                    # between an editor's truncate and its write is not read half-way
                    self._rescan = True
                    self._first_event = self._last_event = now
                    break
                self._cond.wait(min(1.0, max(0.01, self._next_reconcile - now)))
            while not self._stopping:
                now = time.monotonic()
                left = min(
                    self._last_event + self.options.quiet_period - now,
                    self._first_event + self.options.max_wait - now,
                )
                if left <= 0:
                    break
                self._cond.wait(left)
            if self._stopping:
                return None
            paths, full = self._pending, self._rescan
            self._pending, self._rescan = set(), False
        if any(p in self._settings_files for p in paths):
            full = True
        return paths, full or len(paths) > self.options.burst

    def _settings_changed(self) -> bool:
        stamps = self._stamp_settings()
        return stamps != self._settings_stamps

    def _day_changed(self) -> bool:
        return self.options.today is None and self.clock().date() != self.today

    def _update(self, paths: set[str], full: bool) -> None:
        state = self.state
        assert state is not None
        started = time.perf_counter()
        reconcile = full and not paths
        if full:
            change = self._full_update(state)
            self._next_reconcile = time.monotonic() + self.options.reconcile_every
        else:
            change = apply_paths(state, paths)
        parse_seconds = time.perf_counter() - started
        if self.options.today is None and self.clock().date() != self.today:
            self.today = self.clock().date()
            change.other.append("(date)")
        if reconcile:
            self.reconciles += 1
        if not change:
            if reconcile:
                self._restore_outputs()
            return
        before = self.model.diagnostics if self.model is not None else ()
        written = self._derive_and_write([*change.parsed, *change.removed])
        after = self.model.diagnostics if self.model is not None else ()
        seconds = time.perf_counter() - started
        self.last_update_seconds.update(parse=parse_seconds, total=seconds)
        self.updates += 1
        # the same tuple while no problem changed: no sets of every problem of the vault
        added, gone = (0, 0) if after is before else _difference(before, after)
        self._say(
            f"{self._what(change)} in {seconds * 1000:.0f} ms; {self._wrote(written)};"
            f" problems +{added} -{gone}"
        )

    def _full_update(self, state: VaultState) -> Change:
        """A rescan, with the config read again when a settings file changed."""
        self._settings_stamps = self._stamp_settings()
        config = self.config
        try:
            config = load_config(self.vault, self.options.config_path)
        except NetwerkError as exc:
            self._say(f"{exc.message}; keeping the previous settings")
        self.config = config
        self._settings_files = self._settings_paths()
        return rescan(state, config, self.options.jobs)

    def _derive_and_write(self, changed: Collection[str] | None = None) -> list[str]:
        """Derive the model (again only for the `changed` note paths when the keeper can),
        render, and write what differs."""
        state = self.state
        assert state is not None
        t = time.perf_counter()
        out = self.root / self.config.output_folder
        rebuilds = self.keeper.rebuilds
        with _collector_paused():
            self.model, self.index = self.keeper.update(state, self.today, changed)
            self.derivations += 1
            if self.keeper.rebuilds != rebuilds and self.derivations > 1:
                # a full derivation made a new long-lived model: out of later collections too
                gc.freeze()
            t_model = time.perf_counter()
            previous = self._on_disk(out / self.config.calendar.file)
            if previous is None:
                previous = _read_previous_calendar(out, self.config)
            outputs, self.schedule = self.renderer.render(
                self.model, self.index, self.config, self.root, previous, self.keeper.people_own
            )
        t_render = time.perf_counter()
        written: list[str] = []
        if outputs != self.outputs:
            if not self.root.is_dir():  # writing would create the vault folder again
                raise VaultError(f"{self.vault}: the vault folder is gone; stopped")
            if outputs.keys() == self.outputs.keys():
                # only what differs from what the files still hold as we left them: the
                # rest need not be read back and compared (megabytes after every edit)
                todo = {n: b for n, b in outputs.items() if self._on_disk(out / n) != b}
                # and our stray copies (a sync tool's, say) still go, as in a build
                report = write_outputs(out, todo, keep=outputs.keys())
            else:
                report = write_outputs(out, outputs)
            self._note_written(out, outputs, report)
            written = report.written + [f"-{name}" for name in report.removed]
            for name in report.refused:
                self._say(
                    f"{out / name}: not written by netwerknotities; left alone."
                    " Move it away or set another output_folder."
                )
        self.outputs = outputs
        self.files_written += len(written)
        self.last_update_seconds = {
            "model": t_model - t,
            "render": t_render - t_model,
            "write": time.perf_counter() - t_render,
        }
        return written

    def _on_disk(self, path: Path) -> bytes | None:
        """What an output file holds, when it is still as this watcher wrote (or found) it:
        the same size, times and inode. None: not known, read it."""
        known = self._disk.get(path)
        if known is not None and _file_stamp(path) == known[1]:
            return known[0]
        return None

    def _note_written(self, out: Path, outputs: dict[str, bytes], report: WriteReport) -> None:
        for name in (*report.written, *report.unchanged):
            stamp = _file_stamp(out / name)
            if stamp is not None:
                self._disk[out / name] = (outputs[name], stamp)
        for name in (*report.refused, *report.removed):
            self._disk.pop(out / name, None)

    def _restore_outputs(self) -> None:
        """Put back an output the user deleted or changed (found by the reconciliation)."""
        out = self.root / self.config.output_folder
        sizes = {name: _stamp(out / name) for name in self.outputs}
        if all(s is not None and s[0] == len(self.outputs[n]) for n, s in sizes.items()):
            return
        report = write_outputs(out, self.outputs)
        self._note_written(out, self.outputs, report)
        self.files_written += len(report.written)
        if report.written:
            self._say(f"restored {', '.join(report.written)}")

    # -- log lines -----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.log(f"{self.clock():%H:%M:%S} {text}")

    @staticmethod
    def _wrote(written: list[str]) -> str:
        return f"wrote {', '.join(written)}" if written else "wrote nothing"

    @staticmethod
    def _what(change: Change) -> str:
        def few(paths: list[str]) -> str:
            shown = ", ".join(paths[:3])
            more = f", +{len(paths) - 3} more" if len(paths) > 3 else ""
            return f"({shown}{more})"

        parts = []
        if change.parsed:
            n = len(change.parsed)
            parts.append(f"updated {n} note{'s' if n != 1 else ''} {few(change.parsed)}")
        if change.removed:
            n = len(change.removed)
            parts.append(f"removed {n} note{'s' if n != 1 else ''} {few(change.removed)}")
        if not parts:
            parts.append(f"updated {few(change.other)}")
        return "; ".join(parts)


def _difference(before: Collection[object], after: Collection[object]) -> tuple[int, int]:
    """How many items `after` has that `before` has not, and the other way round."""
    old, new = set(before), set(after)
    return len(new - old), len(old - new)


def run_watch(vault: Path, options: WatchOptions, log: Log) -> int:
    """The `watch` command: build, then follow the vault until Ctrl-C or SIGTERM."""
    watcher = Watcher(vault, options, log)

    def terminate(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        watcher.open()
        watcher.loop()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.close()
    watcher._say("stopped")
    return 0
