"""The benchmark: baseline and build figures for one vault, all measured in this one run.

    python bench/run.py [--vault DIR] [--notes N] [--light] [--jobs 2] [--tracemalloc]

Without --vault it uses (and first generates, when missing) `bench/out/vault`,
or `bench/out/vault-N` for another --notes. It prints a table and PASS/FAIL
against the targets, and always exits 0: it is a benchmark, not a test.

To add a figure, write one function `def stage_x(bench: Bench) -> None` that
measures something and calls `bench.report(...)`, and add it to `STAGES`. A
stage that needs something not there yet raises `Skip("why")`; an ImportError
counts as a skip too, so a stage may import the module it measures lazily.
A stage can read what earlier ones left in `bench.figures` and `bench.results`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baseline import measure_baseline, stat_walk
from generate import COUNT_FIELDS, Counts, scaled_counts, stamp_of

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TODAY = dt.date(2026, 11, 26)

COLD_RATIO_TARGET = 1.5  # cold build seconds / baseline total seconds, at most
REBUILD_TARGET = 1.0  # seconds for a build with nothing changed, less than
RSS_TARGET = 500.0  # MB, peak resident memory of the building process, less than


class Skip(Exception):
    """A stage cannot run yet; the message says why."""


@dataclass
class Bench:
    vault: Path
    work: Path  # a temp folder this run owns (caches live here)
    jobs: int
    use_tracemalloc: bool
    figures: dict[str, float] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def report(self, key: str, label: str, value: float, unit: str = "s", note: str = "") -> None:
        """Print one row and keep the figure under `key` for later stages."""
        self.figures[key] = value
        if unit == "s":
            shown = f"{value:10.3f} s "
        elif unit == "x":
            shown = f"{value:10.2f} x "
        elif unit == "MB":
            shown = f"{value:10.1f} MB"
        else:
            shown = f"{value:10.0f} {unit:<2}"
        print(f"  {label:<44}{shown}  {note}".rstrip())

    def say(self, text: str) -> None:
        print(f"  {text}")


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its ended children."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    try:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load unknown"


def _rss_mb(who: int) -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss * scale / 1e6


# --- the build call: adapt here when the build API changes ------------------------------


def run_build(vault: Path, cache_dir: Path, jobs: int) -> Any:
    """One full build of `vault` with the cache in `cache_dir`, writing its output."""
    build = importlib.import_module("netwerknotities.build")
    options = build.BuildOptions(today=TODAY, cache_dir=cache_dir, write=True, jobs=jobs)
    return build.build_vault(vault, options)


def _installed() -> str:
    """Whether the parser runs compiled (setup.py, mypyc) or as plain Python."""
    try:
        mdlines = importlib.import_module("netwerknotities.mdlines")
    except ImportError:
        return "not importable"
    where = str(mdlines.__file__)
    return "plain Python" if where.endswith(".py") else "compiled (mypyc)"


def _describe(result: Any) -> str:
    """What the build says it did, from whichever of these attributes it has."""
    parts = []
    for name in ("parsed", "from_cache", "skipped"):
        value = getattr(result, name, None)
        if value is not None:
            parts.append(f"{name}={value}")
    return ", ".join(parts)


def _report_build(
    bench: Bench, key: str, label: str, seconds: float, cpu: float, result: Any
) -> None:
    note = f"cpu {cpu:.1f} s; {_describe(result)}"
    bench.report(key, label, seconds, note=note)
    stages = getattr(result, "seconds", None)
    if isinstance(stages, dict):
        for stage, value in stages.items():
            if isinstance(value, int | float):
                bench.report(f"{key}.{stage}", f"  of which {stage}", float(value))


# --- stages -----------------------------------------------------------------------------


def stage_warm(bench: Bench) -> None:
    """Read every note once so the baseline and the build both see a warm page cache."""
    start = time.perf_counter()
    result = measure_baseline(bench.vault)
    bench.report("warm", "first pass (warms the page cache)", time.perf_counter() - start)
    bench.report("notes", "notes", result.notes, "")
    bench.report("mb", "size of the notes", result.bytes / 1e6, "MB")
    bench.report("wikilinks", "wikilinks outside code/comments", result.wikilinks, "")


def stage_baseline(bench: Bench) -> None:
    cpu = _cpu_seconds()
    result = measure_baseline(bench.vault)
    cpu = _cpu_seconds() - cpu
    bench.report("baseline.walk", "baseline: walk (os.scandir)", result.walk)
    bench.report("baseline.read", "baseline: read + decode", result.read)
    bench.report(
        "baseline.front_matter", "baseline: front-matter (CSafeLoader)", result.front_matter
    )
    bench.report("baseline.links", "baseline: wikilink regex", result.links)
    bench.report("baseline.total", "baseline: total", result.total, note=f"cpu {cpu:.1f} s")
    if result.yaml_errors:
        bench.say(f"({result.yaml_errors} notes with front-matter PyYAML cannot load)")


def stage_stat_walk(bench: Bench) -> None:
    bench.report("stat_walk", "walk + stat every note (rebuild floor)", stat_walk(bench.vault))


def stage_build_cold(bench: Bench) -> None:
    cache = bench.work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    bench.figures["rss.before_build"] = _rss_mb(resource.RUSAGE_SELF)
    cpu, start = _cpu_seconds(), time.perf_counter()
    result = run_build(bench.vault, cache, bench.jobs)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    bench.results["build"] = result
    _report_build(bench, "build.cold", "build, cold (empty cache)", seconds, cpu, result)


def stage_build_again(bench: Bench) -> None:
    if "build.cold" not in bench.figures:
        raise Skip("no cold build to repeat")
    cpu, start = _cpu_seconds(), time.perf_counter()
    result = run_build(bench.vault, bench.work / "cache", bench.jobs)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    _report_build(bench, "build.again", "build again, nothing changed", seconds, cpu, result)


def stage_memory(bench: Bench) -> None:
    before = bench.figures.get("rss.before_build")
    own = _rss_mb(resource.RUSAGE_SELF)
    verdict = "PASS" if own < RSS_TARGET else "FAIL"
    note = f"{verdict} (target < {RSS_TARGET:.0f} MB, this process)"
    if before is not None:
        note += f"; was {before:.1f} MB before the cold build"
    bench.report("rss.self", "peak RSS, this process (ru_maxrss)", own, "MB", note)
    children = _rss_mb(resource.RUSAGE_CHILDREN)
    bench.report("rss.children", "peak RSS, largest child process (ru_maxrss)", children, "MB")
    if not bench.use_tracemalloc:
        return
    if "build.cold" not in bench.figures:
        raise Skip("no build to trace")
    cache = bench.work / "cache-traced"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    tracemalloc.start()
    try:
        run_build(bench.vault, cache, bench.jobs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bench.report(
        "tracemalloc.peak", "peak Python heap of a cold build", peak / 1e6, "MB", "(tracemalloc)"
    )


def stage_targets(bench: Bench) -> None:
    baseline_total = bench.figures.get("baseline.total")
    cold = bench.figures.get("build.cold")
    again = bench.figures.get("build.again")
    if baseline_total is None or cold is None:
        raise Skip("needs the baseline and a cold build")
    ratio = cold / baseline_total
    verdict = "PASS" if ratio <= COLD_RATIO_TARGET else "FAIL"
    bench.report("ratio.cold", "cold build / baseline", ratio, "x", f"{verdict} (target ≤ 1.5)")
    if again is not None:
        verdict = "PASS" if again < REBUILD_TARGET else "FAIL"
        bench.report(
            "build.again", "rebuild, nothing changed", again, "s", f"{verdict} (target < 1.0 s)"
        )


WATCH_EDIT_TARGET = 0.100  # s, 95th percentile, end of the debounce to the outputs written
WATCH_STARTUP_SLACK = 2.0  # s the watcher's startup may take over the cold-build budget
WATCH_EDITS = 1000
WATCH_NEW_NOTES = 10
WATCH_TIME_CAP = 300.0  # s of edits at most; fewer edits while one costs a full derivation


def _rss_now_mb() -> float:
    """The current (not peak) resident size of this process."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return _rss_mb(resource.RUSAGE_SELF)


def stage_watch(bench: Bench) -> None:
    """`watch` on a copy of the vault: startup, then single-note edits through the real observer."""
    watch = importlib.import_module("netwerknotities.watch")
    vault = bench.work / "watch-vault"
    if not vault.exists():
        shutil.copytree(bench.vault, vault, symlinks=True)  # the edits must not touch the original
    # A short quiet period: the figures start at the end of the debounce anyway, and the
    # 1,000 edits of the memory check then fit in a few minutes.
    options = watch.WatchOptions(
        today=TODAY,
        cache_dir=bench.work / "cache-watch",
        jobs=bench.jobs,
        reconcile_every=3600.0,
        quiet_period=0.05,
    )
    lines: list[str] = []
    start = time.perf_counter()
    watcher = watch.Watcher(vault, options, log=lines.append)
    watcher.start()
    startup = time.perf_counter() - start
    try:
        baseline_total = bench.figures.get("baseline.total")
        note = ""
        if baseline_total is not None:
            budget = COLD_RATIO_TARGET * baseline_total + WATCH_STARTUP_SLACK
            verdict = "PASS" if startup <= budget else "FAIL"
            note = f"{verdict} (target ≤ {budget:.1f} s: cold-build budget + 2 s)"
        bench.report(
            "watch.startup", "watch: startup (cold build + watch set-up)", startup, note=note
        )
        cold = bench.figures.get("build.cold")
        if cold is not None:
            # what the watcher adds to the build it starts with (the budget above also
            # holds the cold build's own ratio)
            over = startup - cold
            verdict = "PASS" if over <= WATCH_STARTUP_SLACK else "FAIL"
            bench.report(
                "watch.startup_over_build",
                "  startup minus the cold build above",
                over,
                note=f"{verdict} (≤ {WATCH_STARTUP_SLACK:.0f} s over the build)",
            )
        for key, value in watcher.startup_seconds.items():
            bench.report(f"watch.startup.{key}", f"  of which {key}", value)
        model = watcher.model
        dated = list(dict.fromkeys(c.path for c in reversed(model.contacts) if c.line))[:50]
        links = [watcher.index.link_text(p.path) for p in model.people[:50]]
        if not dated or not links:
            raise Skip("the vault has no dated notes with #contact lines, or no people")
        totals: list[float] = []
        parts: dict[str, list[float]] = {}
        rss: list[float] = []
        stop_at = time.perf_counter() + WATCH_TIME_CAP
        for i in range(WATCH_EDITS):
            if time.perf_counter() > stop_at:
                break
            before = watcher.updates
            with (vault / dated[i % len(dated)]).open("a", encoding="utf-8") as handle:
                handle.write(f"\n- #contact benchmark edit {i} met {links[i % len(links)]}\n")
            if not watcher.wait_for(lambda w, n=before: w.updates > n, 600.0):
                raise RuntimeError(f"the watcher did not pick up edit {i}: {lines[-1:]}")
            figures = dict(watcher.last_update_seconds)
            totals.append(figures["total"])
            for key, value in figures.items():
                parts.setdefault(key, []).append(value)
            rss.append(_rss_now_mb())
        # content edits must not derive the whole model again (the first build is one)
        rebuilds = getattr(getattr(watcher, "keeper", None), "rebuilds", 1) - 1
        # new notes change the link index: rarer, and allowed to cost more
        created: list[float] = []
        for i in range(WATCH_NEW_NOTES):
            before = watcher.updates
            new_note = vault / f"benchmark-new-{i}.md"
            new_note.write_text(f"- #contact new note {i} met {links[i]}\n", encoding="utf-8")
            if not watcher.wait_for(lambda w, n=before: w.updates > n, 600.0):
                raise RuntimeError(f"the watcher did not pick up new note {i}: {lines[-1:]}")
            created.append(watcher.last_update_seconds["total"])
    finally:
        watcher.stop()
    totals.sort()
    p95 = totals[min(len(totals) - 1, int(0.95 * len(totals)))]
    verdict = "PASS" if p95 <= WATCH_EDIT_TARGET else "FAIL"
    bench.report("watch.edits", "watch: single-note edits measured", len(totals), "")
    bench.report("watch.rebuilds", "  full model derivations among them", rebuilds, "")
    created.sort()
    bench.report("watch.new.p50", "watch: new note, debounce end → written, p50", created[5])
    bench.report(
        "watch.edit.p50", "watch: edit, debounce end → written, p50", totals[len(totals) // 2]
    )
    bench.report(
        "watch.edit.p95",
        "watch: edit, debounce end → written, p95",
        p95,
        note=f"{verdict} (target ≤ 0.100 s)",
    )
    for key in ("parse", "model", "render", "write"):
        if key in parts:
            values = sorted(parts[key])
            bench.report(
                f"watch.edit.{key}", f"  of which {key} (median)", values[len(values) // 2]
            )
    settled = rss[min(len(rss) - 1, max(1, len(rss) // 10))]
    bench.report("watch.rss.start", "watch: RSS after the first edits", settled, "MB")
    bench.report(
        "watch.rss.growth",
        "watch: RSS growth over the edits",
        rss[-1] - settled,
        "MB",
        f"({len(rss)} edits; flat is within a few MB)",
    )


Stage = Callable[[Bench], None]

STAGES: list[tuple[str, Stage]] = [
    ("warm-up", stage_warm),
    ("baseline", stage_baseline),
    ("stat walk", stage_stat_walk),
    ("cold build", stage_build_cold),
    ("rebuild", stage_build_again),
    ("memory", stage_memory),
    ("targets", stage_targets),
    ("watch", stage_watch),
]


def run_stages(bench: Bench, stages: list[tuple[str, Stage]]) -> None:
    for name, stage in stages:
        try:
            stage(bench)
        except Skip as why:
            print(f"  [{name}] skipped: {why}")
        except ImportError as exc:
            print(f"  [{name}] skipped: cannot import ({exc})")
        except Exception as exc:  # a benchmark reports a failing stage and goes on
            print(f"  [{name}] FAILED: {type(exc).__name__}: {exc}")
            traceback.print_exc(file=sys.stderr)


def _vault_for(args: argparse.Namespace) -> Path:
    if args.vault is not None:
        vault: Path = args.vault
        return vault
    counts = Counts() if args.notes is None else scaled_counts(args.notes)
    name = "vault" if counts == Counts() else f"vault-{counts.notes}"
    if args.light:
        name += "-light"
    vault = OUT / name
    # beside the vault, not in it: what made it, so that a vault an older generator left
    # is made again rather than measured under a name that now means another vault
    stamp = OUT / f"{name}.stamp"
    made_by = stamp_of(counts, meeting_front_matter=not args.light)
    if vault.exists() and (not stamp.exists() or stamp.read_text() != made_by):
        print(f"{vault} was made by another generator: making it again")
        shutil.rmtree(vault)
    if not vault.exists():
        print(f"generating {counts.notes} notes into {vault} ...")
        # in a child process: the vault's texts would stay in this one's peak memory
        command = [sys.executable, str(HERE / "generate.py"), str(vault)]
        command += [f"--{field}={getattr(counts, field)}" for field in COUNT_FIELDS]
        if args.light:
            command.append("--light")
        subprocess.run(command, check=True)
        stamp.write_text(made_by)
    return vault


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="netwerknotities benchmark")
    parser.add_argument("--vault", type=Path, help="an existing vault (default: generated)")
    parser.add_argument("--notes", type=int, help="size of the generated vault")
    parser.add_argument("--jobs", type=int, default=2, help="build worker processes")
    parser.add_argument(
        "--light",
        action="store_true",
        help="generated meeting notes without front-matter (bench/out/vault-light)",
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace a cold build's Python heap (slow)"
    )
    args = parser.parse_args(argv)
    if args.vault is not None and (args.light or args.notes is not None):
        parser.error("--light and --notes choose a generated vault: not with --vault")
    vault = _vault_for(args)
    print(
        f"vault {vault}  |  Python {platform.python_version()}  |  "
        f"{os.cpu_count()} CPUs  |  today {TODAY}  |  {_load()}"
    )
    print(f"netwerknotities: {_installed()}")
    with tempfile.TemporaryDirectory(prefix="nn-bench-") as work:
        bench = Bench(vault.resolve(), Path(work), args.jobs, args.tracemalloc)
        run_stages(bench, STAGES)
    # Wall-clock figures from a machine busy with other work are not comparable.
    print(f"done  |  {_load()} (1, 5, 15 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
