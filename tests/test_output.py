"""Writing our own outputs: atomic, only on change, never over a foreign file."""

from __future__ import annotations

from pathlib import Path

from netwerknotities import output
from netwerknotities.output import is_generated, write_outputs

NOTE = b"---\ngenerated_by: netwerknotities\n---\n# People\n"


def test_writes_new_files_and_skips_identical_bytes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_outputs(out, {"People.md": NOTE})
    assert first.written == ["People.md"]
    mtime = (out / "People.md").stat().st_mtime_ns
    second = write_outputs(out, {"People.md": NOTE})
    assert second.written == [] and second.unchanged == ["People.md"]
    assert (out / "People.md").stat().st_mtime_ns == mtime


def test_refuses_to_overwrite_a_file_it_did_not_generate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "People.md").write_bytes(b"# my own people list\n")
    report = write_outputs(out, {"People.md": NOTE, "Signals.md": NOTE})
    assert report.refused == ["People.md"]
    assert report.written == ["Signals.md"]
    assert (out / "People.md").read_bytes() == b"# my own people list\n"


def test_a_user_note_with_the_mark_in_its_body_is_still_foreign(tmp_path: Path) -> None:
    data = b"---\ntitle: x\n---\ngenerated_by: netwerknotities\n"
    assert not is_generated(data)
    assert is_generated(b"BEGIN:VCALENDAR\r\nPRODID:-//netwerknotities//nl\r\n")
    assert is_generated(b"\xef\xbb\xbf" + NOTE)


def test_prunes_only_our_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"People.md": NOTE, "Mensen.md": NOTE})
    (out / "Mine.md").write_bytes(b"# mine\n")
    report = write_outputs(out, {"People.md": NOTE})
    assert report.removed == ["Mensen.md"]
    assert sorted(p.name for p in out.iterdir()) == ["Mine.md", "People.md"]


def test_no_temp_files_are_left_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"A.md": NOTE})
    write_outputs(out, {"A.md": NOTE + b"more\n"})
    assert sorted(p.name for p in out.iterdir()) == ["A.md"]


def test_outputs_get_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"A.md": NOTE})
    assert (out / "A.md").stat().st_mode & 0o777 == 0o666 & ~output._UMASK
    (out / "A.md").chmod(0o640)
    write_outputs(out, {"A.md": NOTE + b"x\n"})
    assert (out / "A.md").stat().st_mode & 0o777 == 0o640
