"""Which files count: the vault scan and Obsidian's settings (spec section 1)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import VaultFactory

from netwerknotities.config import Config
from netwerknotities.diagnostics import Diagnostic
from netwerknotities.errors import VaultError
from netwerknotities.vault import (
    ObsidianSettings,
    conflict_original,
    is_conflict_copy,
    is_ignored_path,
    read_settings,
    scan_vault,
)


def note_paths(vault: Path, config: Config | None = None) -> list[str]:
    return [n.path for n in scan_vault(vault, config or Config()).notes]


def codes(vault: Path, config: Config | None = None) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in scan_vault(vault, config or Config()).diagnostics]


def test_notes_attachments_and_dot_entries(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            "b.md": "b",
            "A/Note.MD": "upper-case extension counts",
            "A/img.png": b"\x89PNG",
            "doc.pdf": b"%PDF",
            ".obsidian/workspace.md": "config",
            ".trash/Old.md": "deleted",
            ".git/x.md": "git",
            "A/.hidden.md": "dot file",
            "A/.Anna.md.icloud": "iCloud placeholder",
            "A/.DS_Store": b"",
        }
    )
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["A/Note.MD", "b.md"]
    assert scan.notes[1].size == 1
    assert scan.notes[1].mtime_ns == (vault / "b.md").stat().st_mtime_ns
    assert scan.attachments == ("A/img.png", "doc.pdf")
    assert scan.diagnostics == ()
    assert scan.settings == ObsidianSettings((), "", "YYYY-MM-DD")


def test_output_folder_is_skipped(make_vault: VaultFactory) -> None:
    vault = make_vault({"netwerknotities/People.md": "generated", "Out/x.md": "x", "a.md": "a"})
    assert note_paths(vault) == ["Out/x.md", "a.md"]
    assert note_paths(vault, Config(output_folder="Out")) == ["a.md", "netwerknotities/People.md"]


def test_templates_folders_from_obsidian_templater_and_config(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            ".obsidian/templates.json": json.dumps({"folder": "Templates"}),
            ".obsidian/plugins/templater-obsidian/data.json": json.dumps(
                {"templates_folder": "/Meta/Templater/", "other": 1}
            ),
            "Templates/Person.md": "---\ndate: {{date}}\n---\n",
            "Meta/Templater/Contact.md": "<% tp.date.now() %>",
            "Meta/Keep.md": "kept",
            "Sjablonen/X.md": "x",
            "a.md": "a",
        }
    )
    config = Config(templates_folder="Sjablonen")
    assert read_settings(vault, config).templates_folders == (
        "Meta/Templater",
        "Sjablonen",
        "Templates",
    )
    assert note_paths(vault, config) == ["Meta/Keep.md", "a.md"]
    assert note_paths(vault) == ["Meta/Keep.md", "Sjablonen/X.md", "a.md"]


def test_renamed_config_folder(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            ".obsidian-mobile/templates.json": json.dumps({"folder": "T"}),
            ".obsidian-mobile/daily-notes.json": json.dumps(
                {"folder": "Journal/", "format": "DD-MM-YYYY"}
            ),
            "T/tpl.md": "t",
            "a.md": "a",
        }
    )
    config = Config(config_folder=".obsidian-mobile")
    scan = scan_vault(vault, config)
    assert [n.path for n in scan.notes] == ["a.md"]
    assert scan.settings == ObsidianSettings(("T",), "Journal", "DD-MM-YYYY")
    # Under the default name those settings are not there.
    assert note_paths(vault) == ["T/tpl.md", "a.md"]


def test_daily_notes_settings_and_config_overrides(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {".obsidian/daily-notes.json": json.dumps({"folder": "Daily", "format": "YYYY/MM/DD"})}
    )
    assert read_settings(vault, Config()) == ObsidianSettings((), "Daily", "YYYY/MM/DD")
    overridden = Config(daily_notes_folder="", daily_notes_format="DD-MM-YYYY")
    assert read_settings(vault, overridden) == ObsidianSettings((), "", "DD-MM-YYYY")


def test_empty_daily_format_means_default(make_vault: VaultFactory) -> None:
    vault = make_vault({".obsidian/daily-notes.json": json.dumps({"folder": "", "format": ""})})
    assert read_settings(vault, Config()).daily_notes_format == "YYYY-MM-DD"


def test_broken_settings_give_defaults_and_a_diagnostic(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            ".obsidian/templates.json": "{not json",
            ".obsidian/daily-notes.json": "[1, 2]",
            ".obsidian/plugins/templater-obsidian/data.json": json.dumps({"templates_folder": 3}),
            "a.md": "a",
        }
    )
    scan = scan_vault(vault, Config())
    assert scan.settings == ObsidianSettings((), "", "YYYY-MM-DD")
    assert [n.path for n in scan.notes] == ["a.md"]
    assert [(d.path, d.code) for d in scan.diagnostics] == [
        (".obsidian/daily-notes.json", "unreadable"),
        (".obsidian/templates.json", "unreadable"),
    ]


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("Anna (Conflicted copy Laptop 202611201030).md", "Anna.md"),
        ("Anna (conflicted copy laptop 202611201030).md", "Anna.md"),
        ("Anna.sync-conflict-20261120-103000-ABCDEFG.md", "Anna.md"),
        ("Anna.SYNC-CONFLICT-20261120-103000-ABCDEFG.md", "Anna.md"),
        ("Anna (Jan's conflicted copy 2026-11-20).md", "Anna.md"),
        ("Anna (conflicted copy 2026-11-20 103000).md", "Anna.md"),
    ],
)
def test_conflict_copy_names(name: str, original: str) -> None:
    assert is_conflict_copy(name)
    assert conflict_original(name) == original


@pytest.mark.parametrize(
    "name", ["Anna.md", "Conflict of interest (copy).md", "sync-conflict notes.md", "A (copy).md"]
)
def test_not_conflict_copies(name: str) -> None:
    assert not is_conflict_copy(name)


def test_conflict_copies_are_reported_not_indexed(make_vault: VaultFactory) -> None:
    vault = make_vault(
        {
            "People/Anna.md": "a",
            "People/Anna (Conflicted copy Laptop 202611201030).md": "a2",
            "People/Anna.sync-conflict-20261120-103000-ABCDEFG.md": "a3",
            "People/Anna (Jan's conflicted copy 2026-11-20).md": "a4",
        }
    )
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["People/Anna.md"]
    assert {d.code for d in scan.diagnostics} == {"conflict-copy"}
    assert len(scan.diagnostics) == 3
    assert all("People/Anna.md" in d.message for d in scan.diagnostics)


def test_too_large_file(make_vault: VaultFactory) -> None:
    vault = make_vault({"big.md": "x" * 2000, "small.md": "x" * 10, "big.png": b"x" * 5000})
    config = Config(max_file_mb=0.001)  # 1048 bytes
    scan = scan_vault(vault, config)
    assert [n.path for n in scan.notes] == ["small.md"]
    assert scan.attachments == ("big.png",)
    assert [(d.path, d.code) for d in scan.diagnostics] == [("big.md", "too-large")]


def test_symlink_loop_is_reported_once(make_vault: VaultFactory) -> None:
    vault = make_vault({"a/Note.md": "n"})
    (vault / "a" / "loop").symlink_to(vault / "a", target_is_directory=True)
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["a/Note.md"]
    assert [(d.path, d.code) for d in scan.diagnostics] == [("a/loop", "unreadable")]


def test_symlink_to_a_folder_inside_the_vault_counts_once(make_vault: VaultFactory) -> None:
    vault = make_vault({"People/Anna.md": "a"})
    # "Alias" sorts before "People": the real folder must still be the one kept.
    (vault / "Alias").symlink_to(vault / "People", target_is_directory=True)
    (vault / "Anna-link.md").symlink_to(vault / "People" / "Anna.md")
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["People/Anna.md"]
    assert [(d.path, d.code) for d in scan.diagnostics] == [
        ("Alias", "unreadable"),
        ("Anna-link.md", "unreadable"),
    ]


def test_symlinks_to_outside_the_vault_are_followed(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Shared.md").write_text("s", encoding="utf-8")
    (outside / "Single.md").write_text("s", encoding="utf-8")
    vault = make_vault({"a.md": "a"})
    (vault / "Linked").symlink_to(outside, target_is_directory=True)
    (vault / "Single.md").symlink_to(outside / "Single.md")
    scan = scan_vault(vault, Config())
    # The file reached by two links counts once, under the first path in name order.
    assert [n.path for n in scan.notes] == ["Linked/Shared.md", "Linked/Single.md", "a.md"]
    assert [(d.path, d.code) for d in scan.diagnostics] == [("Single.md", "unreadable")]


def test_dangling_symlinks(make_vault: VaultFactory) -> None:
    vault = make_vault({"a.md": "a"})
    (vault / "Gone.md").symlink_to(vault / "nowhere.md")
    (vault / "gone.png").symlink_to(vault / "nowhere.png")
    (vault / "GoneDir").symlink_to(vault / "nowhere", target_is_directory=True)
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["a.md"]
    assert scan.attachments == ()
    assert [(d.path, d.code) for d in scan.diagnostics] == [
        ("Gone.md", "unreadable"),
        ("GoneDir", "unreadable"),
        ("gone.png", "unreadable"),
    ]


def test_unreadable_folder_is_reported_and_the_rest_scanned(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod does not stop root, so the permission error is simulated.
    vault = make_vault({"Locked/Secret.md": "s", "Open/a.md": "a", "b.md": "b"})
    real_scandir = os.scandir
    locked = str(vault / "Locked")

    def scandir(path: Any) -> Iterator[os.DirEntry[str]]:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    scan = scan_vault(vault, Config())
    assert [n.path for n in scan.notes] == ["Open/a.md", "b.md"]
    assert scan.diagnostics == (
        Diagnostic("Locked", 0, "unreadable", "cannot read folder: Permission denied"),
    )


def test_missing_vault_and_file_as_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="not found"):
        scan_vault(tmp_path / "missing", Config())
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    with pytest.raises(VaultError, match="not a folder"):
        scan_vault(tmp_path / "file.md", Config())


def test_walk_order_and_unicode_names(make_vault: VaultFactory) -> None:
    vault = make_vault({"z.md": "", "Ä/ö.md": "", "a/b/c.md": "", "a.md": "", "B.md": ""})
    assert note_paths(vault) == sorted(["z.md", "Ä/ö.md", "a/b/c.md", "a.md", "B.md"])


@pytest.mark.parametrize(
    ("rel", "ignored"),
    [
        ("People/Anna.md", False),
        ("img.png", False),
        ("netwerknotities.toml", False),
        (".obsidian/workspace.json", True),
        ("People/.Anna.md.icloud", True),
        ("People/.DS_Store", True),
        (".syncthing.Anna.md.tmp", True),
        ("People/Anna.md.swp", True),
        ("People/Anna.md~", True),
        ("People/4913", True),
        ("People/Anna (Conflicted copy X 202611201030).md", True),
        ("netwerknotities/People.md", True),
        ("netwerknotities", True),
        ("netwerknotitiesX/a.md", False),
        ("Templates/Person.md", True),
        ("templates/person.md", True),
        ("", True),
    ],
)
def test_is_ignored_path(rel: str, ignored: bool) -> None:
    settings = ObsidianSettings(("Templates",), "", "YYYY-MM-DD")
    assert is_ignored_path(rel, Config(), settings) is ignored


def test_editor_litter_is_no_attachment(make_vault: VaultFactory) -> None:
    vault = make_vault({"a.md": "a", "a.md.swp": b"", "a.md~": "", "4913": "", "img.png": b""})
    assert scan_vault(vault, Config()).attachments == ("img.png",)
