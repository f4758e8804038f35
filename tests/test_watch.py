"""The watcher with the real observer on a vault in tmp_path.

Every test waits on the watcher's own counters (a condition variable, with
generous timeouts); none asserts on how long something took.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from conftest import VaultFactory

from netwerknotities import watch
from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.errors import VaultError
from netwerknotities.export import export_data
from netwerknotities.watch import Watcher, WatchOptions, run_watch

TODAY = dt.date(2026, 11, 26)
TIMEOUT = 15.0


def person(tier: str = "important") -> str:
    return f"---\ntype: person\ntier: {tier}\n---\n# notes\n"


BASE: Mapping[str, str] = {
    "Mensen/Jan.md": person(),
    "Mensen/Oud/Kees.md": person(),
    "Mensen/Oud/Mien.md": person(),
    "Dagboek/2026-11-20.md": "Koffie met [[Jan]] #contact\n",
}

MakeWatcher = Callable[..., Watcher]


@pytest.fixture
def make_watcher(tmp_path: Path) -> Iterator[MakeWatcher]:
    started: list[Watcher] = []
    lines: list[str] = []

    def factory(vault: Path, **changes: object) -> Watcher:
        settings: dict[str, object] = {
            "today": TODAY,
            "cache_dir": tmp_path / "cache",
            "quiet_period": 0.1,
            "max_wait": 2.0,
            "state_dir": tmp_path / "state",
        }
        settings.update(changes)
        w = Watcher(vault, WatchOptions(**settings), log=lines.append)  # type: ignore[arg-type]
        w.start()
        started.append(w)
        return w

    yield factory
    for w in started:
        w.stop()


def out(vault: Path) -> Path:
    return vault / "netwerknotities"


def people(w: Watcher) -> list[str]:
    assert w.model is not None
    return [p.path for p in w.model.people]


def wait(w: Watcher, predicate: Callable[[Watcher], bool]) -> None:
    assert w.wait_for(predicate, TIMEOUT), "the watcher did not get there in time"
    assert w.error is None


def test_edit_reaches_index_notes_and_export(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    assert people(w) == ["Mensen/Jan.md", "Mensen/Oud/Kees.md", "Mensen/Oud/Mien.md"]
    assert "Piet" not in (out(vault) / "People.md").read_text(encoding="utf-8")
    (vault / "Mensen/Piet.md").write_text(person("regular"), encoding="utf-8")
    wait(w, lambda w: "Mensen/Piet.md" in people(w))
    assert "[[Piet]]" in (out(vault) / "People.md").read_text(encoding="utf-8")
    assert w.model is not None
    exported = export_data(w.model, w.schedule)
    assert [p["name"] for p in exported["people"]] == ["Jan", "Kees", "Mien", "Piet"]
    assert (out(vault) / "contactmomenten.ics").read_bytes() == w.calendar()


def test_atomic_save_by_temp_file_and_rename(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    assert w.model is not None and w.model.people[0].tier == "important"
    temp = vault / "Mensen/.Jan.md.goutputstream-XYZ"
    temp.write_text(person("unimportant"), encoding="utf-8")
    os.replace(temp, vault / "Mensen/Jan.md")
    wait(w, lambda w: w.model is not None and w.model.people[0].tier == "unimportant")
    assert w.model.people[0].path == "Mensen/Jan.md"


def test_rename(make_vault: VaultFactory, make_watcher: MakeWatcher) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    os.rename(vault / "Mensen/Jan.md", vault / "Mensen/Jan Jansen.md")
    wait(w, lambda w: "Mensen/Jan Jansen.md" in people(w))
    assert people(w) == ["Mensen/Jan Jansen.md", "Mensen/Oud/Kees.md", "Mensen/Oud/Mien.md"]
    text = (out(vault) / "People.md").read_text(encoding="utf-8")
    assert "[[Jan Jansen]]" in text and "[[Jan]]" not in text


def test_edits_derive_only_the_edited_note_and_match_a_full_build(
    make_vault: VaultFactory, make_watcher: MakeWatcher, tmp_path: Path
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    assert w.keeper.rebuilds == 1
    daily = vault / "Dagboek/2026-11-20.md"
    daily.write_text("Koffie met [[Kees]] #contact\n", encoding="utf-8")
    wait(w, lambda w: w.model is not None and w.model.contacts[0].people == ("Mensen/Oud/Kees.md",))
    assert w.keeper.rebuilds == 1  # a content edit: only that note was derived again
    (vault / "Mensen/Piet.md").write_text(person(), encoding="utf-8")
    wait(w, lambda w: "Mensen/Piet.md" in people(w))
    # a new note: only the notes that look its name up are derived again
    assert (w.keeper.rebuilds, w.keeper.derived) == (1, 1)
    daily.write_text("Koffie met [[Piet]] #contact\n", encoding="utf-8")
    wait(w, lambda w: w.model is not None and w.model.contacts[0].people == ("Mensen/Piet.md",))
    assert w.keeper.rebuilds == 1
    built = build_vault(vault, BuildOptions(today=TODAY, cache_dir=tmp_path / "c2", write=False))
    assert w.model == built.model
    assert w.outputs == built.outputs


def test_folder_delete(make_vault: VaultFactory, make_watcher: MakeWatcher) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    shutil.rmtree(vault / "Mensen/Oud")
    wait(w, lambda w: people(w) == ["Mensen/Jan.md"])
    assert "Kees" not in (out(vault) / "People.md").read_text(encoding="utf-8")


def test_folder_moved_out_of_the_vault(
    make_vault: VaultFactory, make_watcher: MakeWatcher, tmp_path: Path
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    (vault / "Mensen/Oud").rename(tmp_path / "Oud")
    wait(w, lambda w: people(w) == ["Mensen/Jan.md"])


def test_burst_of_2000_files_is_one_bounded_rebuild(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, quiet_period=0.3)
    before = w.derivations
    folder = vault / "Import"
    folder.mkdir()
    for i in range(2000):
        (folder / f"Persoon {i:04}.md").write_text(person("regular"), encoding="utf-8")
    wait(w, lambda w: len(people(w)) == 2003)
    assert w.derivations - before <= 3
    assert "[[Persoon 1999]]" in (out(vault) / "People.md").read_text(encoding="utf-8")


def test_a_steady_stream_of_events_cannot_starve_the_update(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    # events come faster than the quiet period: only the maximum wait lets an update through
    w = make_watcher(vault, quiet_period=5.0, max_wait=0.2)
    writes = 0
    while w.updates == 0 and writes < 500:  # at least 10 s of events
        (vault / "Mensen/Piet.md").write_text(person() + f"{writes}\n", encoding="utf-8")
        writes += 1
        w.wait_for(lambda w: w.updates > 0, 0.02)
    assert w.updates > 0, "no update while the events kept coming"
    assert "Mensen/Piet.md" in people(w)


def test_broken_note_gives_a_diagnostic_and_the_fix_clears_it(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)

    def codes(w: Watcher) -> list[tuple[str, str]]:
        assert w.model is not None
        return [(d.path, d.code) for d in w.model.diagnostics]

    assert codes(w) == []
    note = vault / "Mensen/Oud/Kees.md"
    note.write_text("---\ntype: person\ntier: [important\n---\n", encoding="utf-8")
    wait(w, lambda w: codes(w) == [("Mensen/Oud/Kees.md", "yaml-error")])
    assert "yaml-error" in (out(vault) / "Problems.md").read_text(encoding="utf-8")
    note.write_text(person(), encoding="utf-8")
    wait(w, lambda w: codes(w) == [])
    assert "yaml-error" not in (out(vault) / "Problems.md").read_text(encoding="utf-8")


def test_idle_watcher_writes_nothing(make_vault: VaultFactory, make_watcher: MakeWatcher) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, reconcile_every=0.05)
    stamps = {p.name: p.stat().st_mtime_ns for p in out(vault).iterdir()}
    written, derived = w.files_written, w.derivations
    os.utime(vault / "Mensen/Jan.md")  # a save without a change
    wait(w, lambda w: w.reconciles >= 5)
    assert (w.files_written, w.derivations) == (written, derived)
    assert {p.name: p.stat().st_mtime_ns for p in out(vault).iterdir()} == stamps


def test_output_folder_dot_entries_and_litter_cause_no_work(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault({**BASE, ".obsidian/app.json": "{}"})
    w = make_watcher(vault, reconcile_every=0.1)
    derived, notes = w.derivations, w.model.note_count if w.model else 0
    (out(vault) / "Mine.md").write_text(person(), encoding="utf-8")
    (vault / ".obsidian/workspace.json").write_text("{}", encoding="utf-8")
    (vault / "Mensen/.Jan.md.swp").write_bytes(b"\0swap")
    (vault / "Mensen/Jan.md~").write_text(person(), encoding="utf-8")
    wait(w, lambda w: w.reconciles >= 3)
    assert w.derivations == derived
    assert w.model is not None and w.model.note_count == notes


def test_lost_events_are_caught_by_the_reconciliation(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, reconcile_every=0.1)
    w.close()  # no more events: only the periodic scan can see the change
    (vault / "Mensen/Piet.md").write_text(person(), encoding="utf-8")
    wait(w, lambda w: "Mensen/Piet.md" in people(w))


def test_deleted_output_is_restored_by_the_reconciliation(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, reconcile_every=0.1)
    people_note = out(vault) / "People.md"
    expected = people_note.read_bytes()
    people_note.unlink()
    wait(w, lambda w: people_note.exists())
    assert people_note.read_bytes() == expected


def test_config_change_reloads(make_vault: VaultFactory, make_watcher: MakeWatcher) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    (vault / "netwerknotities.toml").write_text('language = "nl"\n', encoding="utf-8")
    wait(w, lambda w: w.config.language == "nl" and (out(vault) / "Mensen.md").exists())
    assert not (out(vault) / "People.md").exists()
    (vault / "netwerknotities.toml").write_text("language = 12\n", encoding="utf-8")
    batches = w.batches
    wait(w, lambda w: w.batches > batches)
    assert w.config.language == "nl"  # a broken config keeps the last good one


def test_vault_root_disappearing_stops_the_watcher(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    shutil.rmtree(vault)
    assert w.wait_for(lambda w: w.error is not None, TIMEOUT)
    assert isinstance(w.error, VaultError)
    assert "gone" in w.error.message
    assert not vault.exists()  # nothing written back into a vanished vault


def test_polling(make_vault: VaultFactory, make_watcher: MakeWatcher) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, poll=True, poll_interval=0.1)
    assert w.observer_kind == "polling"
    (vault / "Mensen/Piet.md").write_text(person(), encoding="utf-8")
    wait(w, lambda w: "Mensen/Piet.md" in people(w))


def test_inotify_limit_falls_back_to_polling(
    make_vault: VaultFactory, make_watcher: MakeWatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_watches() -> object:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watch, "Observer", no_watches)
    lines: list[str] = []
    vault = make_vault(BASE)
    w = Watcher(vault, WatchOptions(today=TODAY, use_cache=False, poll_interval=0.1), lines.append)
    w.start()
    try:
        assert w.observer_kind == "polling"
        assert "sysctl fs.inotify.max_user_watches" in lines[0]
        (vault / "Mensen/Piet.md").write_text(person(), encoding="utf-8")
        wait(w, lambda w: "Mensen/Piet.md" in people(w))
    finally:
        w.stop()


def test_serve_gives_the_current_calendar(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault, serve=True, port=0)
    with urllib.request.urlopen(w.feed_url, timeout=TIMEOUT) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.read() == (out(vault) / "contactmomenten.ics").read_bytes()


def test_one_log_line_per_update(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(BASE)
    lines: list[str] = []
    options = WatchOptions(today=TODAY, cache_dir=tmp_path / "cache", quiet_period=0.1)
    w = Watcher(vault, options, lines.append, clock=lambda: dt.datetime(2026, 11, 26, 9, 5, 7))
    w.start()
    try:
        (vault / "Mensen/Oud/Kees.md").write_text("---\ntier: [x\n---\n", "utf-8")
        wait(w, lambda w: w.updates == 1)
    finally:
        w.stop()
    assert len(lines) == 2
    head, _sep, tail = lines[1].partition(" in ")
    assert head == "09:05:07 updated 1 note (Mensen/Oud/Kees.md)"
    _ms, wrote, problems = tail.split("; ")
    # which index notes exist grows with the project: check the ones this edit must touch
    assert {"People.md", "Problems.md"} <= set(wrote.removeprefix("wrote ").split(", "))
    assert problems == "problems +1 -0"


def test_sigterm_ends_run_watch_cleanly(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault(BASE)
    script = (
        "import sys, datetime, pathlib\n"
        "from netwerknotities.watch import WatchOptions, run_watch\n"
        "options = WatchOptions(today=datetime.date(2026, 11, 26),"
        " cache_dir=pathlib.Path(sys.argv[2]))\n"
        "sys.exit(run_watch(pathlib.Path(sys.argv[1]), options,"
        " lambda s: print(s, flush=True)))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(vault), str(tmp_path / "cache")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert "watching" in first
    proc.send_signal(signal.SIGTERM)
    rest = proc.stdout.read()
    assert proc.wait(timeout=TIMEOUT) == 0
    assert rest.endswith("stopped\n")


def test_run_watch_reports_a_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultError):
        run_watch(tmp_path / "nope", WatchOptions(today=TODAY, use_cache=False), print)


def test_an_output_changed_by_hand_is_written_again_at_the_next_update(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    signals_note = out(vault) / "Signals.md"
    expected = signals_note.read_bytes()
    # the same size, so only the file's times and inode tell it changed
    changed = expected.replace(b"# Signals", b"# Signalz")
    assert changed != expected and len(changed) == len(expected)
    signals_note.write_bytes(changed)
    before = w.updates
    (vault / "Dagboek/2026-11-21.md").write_text("Thee met [[Kees]] #contact\n", encoding="utf-8")
    wait(w, lambda w: w.updates > before)
    assert signals_note.read_bytes() == expected  # the signals did not change: written back
    assert (out(vault) / "contactmomenten.ics").read_bytes() == w.calendar()


def test_a_stray_copy_of_an_output_goes_at_the_next_update(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    # as a build does: a sync tool's copy of one of our notes is ours, and no output
    vault = make_vault(BASE)
    w = make_watcher(vault)
    stray = out(vault) / "People (conflicted copy).md"
    shutil.copy(out(vault) / "People.md", stray)
    foreign = out(vault) / "Mine.md"
    foreign.write_text("my own note\n", encoding="utf-8")
    before = w.updates
    (vault / "Dagboek/2026-11-21.md").write_text("Thee met [[Kees]] #contact\n", encoding="utf-8")
    wait(w, lambda w: w.updates > before)
    assert not stray.exists()
    assert foreign.read_text(encoding="utf-8") == "my own note\n"  # never ours to remove
    assert (out(vault) / "People.md").exists()


def test_the_calendar_as_the_user_left_it_is_the_previous_one(
    make_vault: VaultFactory, make_watcher: MakeWatcher
) -> None:
    vault = make_vault(BASE)
    w = make_watcher(vault)
    calendar = out(vault) / "contactmomenten.ics"
    # an older calendar put back (say, by a sync tool): its stamps are what counts now
    older = calendar.read_bytes().replace(b"DTSTAMP:20261126T000000Z", b"DTSTAMP:20261001T000000Z")
    assert older != calendar.read_bytes()
    calendar.write_bytes(older)
    before = w.updates
    (vault / "Mensen/Oud/Kees.md").write_text(person("regular"), encoding="utf-8")
    wait(w, lambda w: w.updates > before)
    assert b"DTSTAMP:20261001T000000Z" in w.calendar()  # an unchanged event kept as it was
