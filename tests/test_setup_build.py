"""The compiled build (setup.py, mypyc): what an install on another machine meets.

mypyc type-checks the modules it compiles, and everything they import, with only the
build requirements installed (pip's isolated build environment); a failed check makes
the install plain Python without a word. And mypyc's module files all load one shared
library: when only that one fails to compile, the others must not be installed alone.
"""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import re
import runpy
import shutil
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
import setuptools
from conftest import REPO
from setuptools.command.build_ext import build_ext

SRC = REPO / "src" / "netwerknotities"


def _compiled_names() -> list[str]:
    return re.findall(r"src/netwerknotities/(\w+)\.py", (REPO / "setup.py").read_text("utf-8"))


def _third_party_imports() -> set[str]:
    """Top-level names of what the compiled modules import, and what the package modules
    they import import in turn (mypy follows them all), outside the standard library."""
    todo, seen, found = _compiled_names(), set[str](), set[str]()
    while todo:
        name = todo.pop()
        if name in seen or not (SRC / f"{name}.py").is_file():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((SRC / f"{name}.py").read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                if node.module:
                    todo.append(node.module.split(".")[0])
                else:
                    todo.extend(alias.name for alias in node.names)
                continue
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for module in modules:
                top, _, rest = module.partition(".")
                if top == "netwerknotities":
                    todo.append(rest.split(".")[0])
                elif top not in sys.stdlib_module_names and top != "__future__":
                    found.add(top)
    return found


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _mypyc_ignores_missing(top: str) -> bool:
    """Whether mypyc's type check (setup.py's options, mypyc.ini) lets `top` count as Any
    when it is not installed."""
    if "--ignore-missing-imports" in (REPO / "setup.py").read_text("utf-8"):
        return True
    ini = configparser.ConfigParser()
    ini.read(REPO / "mypyc.ini", encoding="utf-8")
    return any(
        ini.getboolean(section, "ignore_missing_imports", fallback=False)
        for section in ("mypy", f"mypy-{top}", f"mypy-{top}.*")
        if ini.has_section(section)
    )


def test_what_mypyc_type_checks_is_in_the_build_environment_or_counts_as_any() -> None:
    # icalendar was neither: every isolated `pip install .` fell back to plain Python
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    required = {
        _norm(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0])
        for r in pyproject["build-system"]["requires"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = []
    for top in sorted(_third_party_imports()):
        dists = {_norm(d) for d in providers.get(top, [top])}
        if not _mypyc_ignores_missing(top) and not required & (
            dists | {f"types-{d}" for d in dists}
        ):
            missing.append(top)
    assert "icalendar" in _third_party_imports()
    assert missing == []


_MODULE_C = """
#include <Python.h>
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "NAME", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_NAME(void) { return PyModule_Create(&def); }
"""


def _build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sources: dict[str, str]) -> list[str]:
    """Build one optional extension per source with setup.py's build_ext; what is left."""
    if shutil.which(sysconfig.get_config_var("CC").split()[0]) is None:
        pytest.skip("no C compiler")
    monkeypatch.setenv("NETWERKNOTITIES_PURE", "1")  # setup.py without mypyc
    captured: dict[str, Any] = {}
    monkeypatch.setattr(setuptools, "setup", lambda **kwargs: captured.update(kwargs))
    runpy.run_path(str(REPO / "setup.py"))
    command_class = captured.get("cmdclass", {}).get("build_ext", build_ext)
    extensions = []
    for name, text in sources.items():
        path = tmp_path / f"{name}.c"
        path.write_text(text.replace("NAME", name), encoding="utf-8")
        extensions.append(setuptools.Extension(name, [str(path)], optional=True))
    command = command_class(setuptools.Distribution({"ext_modules": extensions}))
    command.build_lib = str(tmp_path / "lib")
    command.build_temp = str(tmp_path / "temp")
    command.ensure_finalized()
    command.run()
    return sorted(p.name.partition(".")[0] for p in (tmp_path / "lib").glob("*.so"))


def test_extensions_that_all_compile_are_all_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _build(tmp_path, monkeypatch, {"shared": _MODULE_C, "shim": _MODULE_C})
    assert built == ["shared", "shim"]


def test_one_extension_that_fails_leaves_none_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as when the compiler runs out of memory on mypyc's one large shared library: the
    # small module files that load it compile, and alone they make the package unimportable
    broken = "#error as if the compiler died on it\n"
    built = _build(tmp_path, monkeypatch, {"shared": broken, "shim": _MODULE_C})
    assert built == []
