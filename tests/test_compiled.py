"""The compiled modules (setup.py, mypyc) behave exactly as the plain Python ones.

Most of the suite runs on whichever of the two is installed. When the compiled
modules are installed, these tests also run the plain sources, in a child
process, and compare: parsed notes and their encoding on the example vault,
the corpora and random bodies, and every output of a build of the example vault.
They also refuse compiled modules older than their source (an editable install
that was not rebuilt after an edit would test stale code).
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPORA, EXAMPLE_VAULT, REPO
from test_parse import _random_body
from test_yamlread import _random_yaml

from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.notecodec import decode, encode
from netwerknotities.parse import parse_note

SRC = REPO / "src" / "netwerknotities"
TODAY = dt.date(2026, 11, 26)


def _listed_in_setup() -> list[str]:
    """The module names that setup.py compiles."""
    text = (REPO / "setup.py").read_text(encoding="utf-8")
    block = text[text.index("COMPILED = [") : text.index("]", text.index("COMPILED = ["))]
    return [line.strip().strip('",').rpartition("/")[2][:-3] for line in block.splitlines()[1:]]


COMPILED_NAMES = _listed_in_setup()


def _is_compiled(name: str) -> bool:
    module = importlib.import_module(f"netwerknotities.{name}")
    return not str(module.__file__).endswith(".py")


COMPILED = any(_is_compiled(name) for name in COMPILED_NAMES)
needs_compiled = pytest.mark.skipif(not COMPILED, reason="the plain Python package is installed")


def test_setup_lists_modules_that_exist() -> None:
    assert COMPILED_NAMES
    for name in COMPILED_NAMES:
        assert (SRC / f"{name}.py").is_file(), name


@needs_compiled
def test_all_or_none_of_the_modules_are_compiled() -> None:
    assert [name for name in COMPILED_NAMES if not _is_compiled(name)] == []


def test_compiled_modules_are_not_older_than_their_source() -> None:
    for name in COMPILED_NAMES:
        source = SRC / f"{name}.py"
        for built in SRC.glob(f"{name}.*.so"):
            assert built.stat().st_mtime >= source.stat().st_mtime, (
                f"{built.name} is older than {source.name}: run `pip install -e .` again"
            )


def _plain_copy(tmp_path: Path) -> Path:
    """The package's sources alone, where a child process imports them first."""
    root = tmp_path / "plain"
    shutil.copytree(SRC, root / "netwerknotities", ignore=shutil.ignore_patterns("*.so", "*.pyd"))
    return root


def _run_plain(root: Path, script: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": ""},
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_PARSE_SCRIPT = """
import base64, json, sys
import netwerknotities.mdlines as m
assert m.__file__.endswith(".py"), m.__file__
from netwerknotities.notecodec import decode, encode
from netwerknotities.parse import parse_note
out = []
for path, data in json.load(sys.stdin):
    note = parse_note(path, base64.b64decode(data))
    out.append([repr(note), repr(decode(encode(note)))])
json.dump(out, sys.stdout)
"""


def _inputs() -> list[tuple[str, bytes]]:
    files = sorted(p for root in (EXAMPLE_VAULT, CORPORA) for p in root.rglob("*.md"))
    found = [(p.name, p.read_bytes()) for p in files if p.is_file()]
    rng = random.Random(20261127)
    for i in range(1500):
        front = f"---\n{_random_yaml(rng)}---\n" if rng.random() < 0.5 else ""
        found.append((f"r{i}.md", (front + _random_body(rng)).encode("utf-8")))
    return found


@needs_compiled
def test_plain_python_parses_every_note_as_the_compiled_modules_do(tmp_path: Path) -> None:
    inputs = _inputs()
    payload = json.dumps([(p, base64.b64encode(d).decode("ascii")) for p, d in inputs])
    plain = json.loads(_run_plain(_plain_copy(tmp_path), _PARSE_SCRIPT, payload))
    assert len(plain) == len(inputs)
    for (path, data), (plain_note, plain_round) in zip(inputs, plain, strict=True):
        note = parse_note(path, data)
        assert repr(note) == plain_note, path
        assert repr(decode(encode(note))) == plain_round, path


_BUILD_SCRIPT = """
import datetime as dt, sys
from pathlib import Path
import netwerknotities.parse as p
assert p.__file__.endswith(".py"), p.__file__
from netwerknotities.build import BuildOptions, build_vault
vault, cache = Path(sys.argv[1]), Path(sys.argv[2])
build_vault(vault, BuildOptions(today=dt.date(2026, 11, 26), cache_dir=cache), shortcut=False)
"""


@needs_compiled
def test_plain_python_builds_the_same_bytes(tmp_path: Path) -> None:
    outputs = {}
    for name in ("plain", "compiled"):
        vault = tmp_path / name / "vault"
        shutil.copytree(EXAMPLE_VAULT, vault, ignore=shutil.ignore_patterns("Netwerk"))
        cache = tmp_path / name / "cache"
        if name == "plain":
            root = _plain_copy(tmp_path)
            subprocess.run(
                [sys.executable, "-c", _BUILD_SCRIPT, str(vault), str(cache)],
                check=True,
                env={"PYTHONPATH": str(root), "PATH": ""},
                cwd=root,
            )
        else:
            build_vault(vault, BuildOptions(today=TODAY, cache_dir=cache), shortcut=False)
        out = vault / "Netwerk"
        outputs[name] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert outputs["plain"] and outputs["plain"] == outputs["compiled"]


def test_version_says_which_is_installed() -> None:
    from click.testing import CliRunner

    from netwerknotities.cli import main

    shown = CliRunner().invoke(main, ["--version"]).output
    assert ("compiled parser" if COMPILED else "plain Python") in shown
