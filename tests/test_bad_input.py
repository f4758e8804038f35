"""Bad input in a vault: one diagnostic each, with path (and line), and the rest
of the vault still processed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, VaultFactory

from netwerknotities.build import BuildOptions, build_vault

TODAY = dt.date(2026, 11, 26)
BOMB = (
    "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "type: person\n---\n"
)


def diagnostics_by_path(
    vault: Path, tmp_path: Path
) -> tuple[dict[str, list[tuple[int, str]]], list[str]]:
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache")
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None
    found: dict[str, list[tuple[int, str]]] = {}
    for d in result.model.diagnostics:
        found.setdefault(d.path, []).append((d.line, d.code))
    return found, sorted(p.name for p in result.model.people)


def test_each_bad_file_gets_one_diagnostic_and_the_rest_is_read(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    vault = make_vault(
        {
            "Goed.md": "---\ntype: person\n---\n",
            "2026-11-20.md": "- #contact met [[Ook goed]] en [[Goed]]\n",
            "Ook goed.md": "---\ntype: persoon\n---\n",
            "Kapot.md": "---\ntype: person\nrol: 'open quote\n---\nTekst met [[Goed]].\n",
            "Latin1.md": "---\ntype: person\n---\nCaf\xe9 met [[Goed]]\n".encode("latin-1"),
            "Binair.md": b"\x00\x01\x02binary\x00",
            "Leeg.md": b"",
            "Open.md": "---\ntype: person\nnever closed\n",
            "Bom.md": BOMB,
            "Template.md": "---\ndate: {{date}}\ntype: person\n---\n",
            "Groot.md": "---\ntype: person\n---\n" + "x" * (11 * 1024 * 1024),
        }
    )
    (vault / "lus").symlink_to(vault, target_is_directory=True)
    found, people = diagnostics_by_path(vault, tmp_path)
    assert [code for _, code in found["Kapot.md"]] == ["yaml-error"]
    assert found["Kapot.md"][0][0] == 3
    assert [code for _, code in found["Latin1.md"]] == ["encoding"]
    assert [code for _, code in found["Binair.md"]] == ["binary"]
    assert [code for _, code in found["Open.md"]] == ["frontmatter-unclosed"]
    assert [code for _, code in found["Bom.md"]] == ["yaml-error"]
    assert [code for _, code in found["Template.md"]] == ["yaml-error"]
    assert [code for _, code in found["Groot.md"]] == ["too-large"]
    assert [code for _, code in found["lus"]] == ["unreadable"]
    assert "Leeg.md" not in found or [c for _, c in found["Leeg.md"]] == ["empty"]
    # the good notes are all there, and a broken note still gives its body's links
    assert people == ["Goed", "Latin1", "Ook goed"]
    assert not {"Goed.md", "Ook goed.md", "2026-11-20.md"} & set(found)


def test_an_unreadable_file_is_a_diagnostic(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 0 does not stop root (CI runs as root): refuse the read itself
    vault = make_vault({"Geheim.md": "---\ntype: person\n---\n", "Open.md": "x\n"})
    real = os.open  # what the build reads notes with

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Geheim.md"):
            raise PermissionError(13, "Permission denied")
        return real(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    found, _ = diagnostics_by_path(vault, tmp_path)
    assert found["Geheim.md"] == [(0, "unreadable")]


def test_a_file_that_vanishes_between_scan_and_read(
    make_vault: VaultFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netwerknotities import build

    vault = make_vault({"Weg.md": "x\n", "Blijft.md": "---\ntype: person\n---\n"})
    real = build.read_and_parse

    def vanish(root: Path, rel: str):  # type: ignore[no-untyped-def]
        if rel == "Weg.md":
            (root / rel).unlink(missing_ok=True)
        return real(root, rel)

    monkeypatch.setattr(build, "read_and_parse", vanish)
    found, people = diagnostics_by_path(vault, tmp_path)
    assert [code for _, code in found["Weg.md"]] == ["unreadable"]
    assert people == ["Blijft"]


@pytest.mark.parametrize(
    "corpus",
    [
        "obsidiantools/tests/general",
        "obsidiantools/tests/vault-stub",
        "obsidian-export/tests/testdata/input",
        "python-frontmatter/tests",
    ],
)
def test_other_projects_fixtures_build_as_vaults(corpus: str, tmp_path: Path) -> None:
    source = CORPORA / corpus
    if not source.is_dir():
        pytest.skip(f"{source} is not here")
    vault = tmp_path / "vault"
    shutil.copytree(source, vault, symlinks=True)
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache")
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None and result.model.note_count > 0
    assert result.report.written and not result.report.refused


def test_a_number_past_pythons_digit_limit_stays_text(
    make_vault: VaultFactory, tmp_path: Path
) -> None:
    digits = "1" * 5000
    vault = make_vault({"Mensen/Jan.md": f"---\ntype: person\nphone: {digits}\n---\n"})
    options = BuildOptions(today=TODAY, cache_dir=tmp_path / "cache")
    result = build_vault(vault, options, shortcut=False)
    assert result.model is not None
    assert [p.phone for p in result.model.people] == [digits]


@pytest.mark.skipif(
    os.name == "nt" or sys.platform == "darwin", reason="needs a file system that takes any bytes"
)
def test_a_name_that_is_not_utf8_is_a_diagnostic(make_vault: VaultFactory, tmp_path: Path) -> None:
    vault = make_vault({"Mensen/Jan.md": "---\ntype: person\nbirthday: 1970-01-02\n---\n"})
    root = os.fsencode(vault)
    with open(os.path.join(root, b"Mensen", b"J\xffn.md"), "wb") as handle:
        handle.write(b"---\ntype: person\nbirthday: 1970-01-03\n---\n")
    os.mkdir(os.path.join(root, b"Dag\xfeboek"))
    with open(os.path.join(root, b"Dag\xfeboek", b"2026-11-20.md"), "wb") as handle:
        handle.write(b"Koffie met [[Jan]] #contact\n")
    found, people = diagnostics_by_path(vault, tmp_path)
    assert people == ["Jan"]
    assert found == {
        "Dag\N{REPLACEMENT CHARACTER}boek": [(0, "unreadable")],
        "Mensen/J\N{REPLACEMENT CHARACTER}n.md": [(0, "unreadable")],
    }
    assert (vault / "netwerknotities" / "contactmomenten.ics").exists()
