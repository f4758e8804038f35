"""Build hook: the modules on the hot path of a cold build, compiled with mypyc.

The package is plain Python and runs as such. When mypyc (part of mypy, which
also type-checks this code) and a C compiler are there, `pip install .` compiles
the modules named below from the same sources, which makes a cold build of a
large vault about a third faster. When either is missing, or with
`NETWERKNOTITIES_PURE=1`, and for an editable install (`pip install -e .`) unless
`NETWERKNOTITIES_COMPILE=1`, the package installs as plain Python: same
behaviour, slower. `netwerknotities --version` says which of the two is installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The parser, the front-matter fast path and the note codec: pure functions over
# strings and tuples, where compiled code gains the most.
COMPILED = [
    "src/netwerknotities/mdlines.py",
    "src/netwerknotities/wikisyntax.py",
    "src/netwerknotities/parse.py",
    "src/netwerknotities/notecodec.py",
    "src/netwerknotities/yamlfast.py",
    "src/netwerknotities/resolve.py",
    "src/netwerknotities/relations.py",
    "src/netwerknotities/properties.py",
    "src/netwerknotities/dailynotes.py",
    "src/netwerknotities/vault.py",
    "src/netwerknotities/render_notes.py",
    "src/netwerknotities/planner.py",
    "src/netwerknotities/ics.py",
    "src/netwerknotities/icswrite.py",
    "src/netwerknotities/network.py",
    "src/netwerknotities/network_review.py",
    "src/netwerknotities/network_variety.py",
    "src/netwerknotities/incremental_model.py",
    "src/netwerknotities/incremental_render.py",
    "src/netwerknotities/tuplediff.py",
    "src/netwerknotities/notes.py",
]


# mypyc's own mypy configuration, not the project's strict one from pyproject.toml.
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mypyc.ini")


# What setuptools was asked to do (`egg_info`, `dist_info`, `editable_wheel`, `bdist_wheel`,
# ...): pip runs this file once for each step, and only building needs compiling.
_COMMANDS = set(sys.argv[1:])
_SRC = Path(__file__).resolve().parent / "src"


def _on(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _wanted() -> bool:
    """Compile for a wheel (`pip install .`), not for metadata, and not for an editable
    install unless NETWERKNOTITIES_COMPILE=1: that one is for editing the sources, and
    compiled modules in `src/` would run instead of the edits until the next install."""
    if _on("NETWERKNOTITIES_PURE"):
        return False
    if "editable_wheel" in _COMMANDS:
        return _on("NETWERKNOTITIES_COMPILE")
    return bool(_COMMANDS & {"bdist_wheel", "build", "build_ext", "install"})


def _forget_compiled() -> None:
    """An editable install of plain Python: drop what an earlier compiling one left in
    `src/` (its module files would run instead of the sources, or fail to load)."""
    for pattern in ("netwerknotities/*.so", "netwerknotities/*.pyd", "*__mypyc*"):
        for leftover in _SRC.glob(pattern):
            leftover.unlink(missing_ok=True)


def _extensions() -> list[object]:
    if not _wanted():
        if "editable_wheel" in _COMMANDS:
            _forget_compiled()
        return []
    try:
        from mypyc.build import mypycify

        # mypyc type-checks what it compiles. That check must not depend on what the build
        # environment holds (see mypyc.ini) nor on a cache left by an earlier run.
        options = [
            f"--config-file={CONFIG}",
            "--ignore-missing-imports",
            f"--cache-dir={os.devnull}",
        ]
        extensions = mypycify([*options, *COMPILED], opt_level="3")
    except (Exception, SystemExit) as exc:  # no mypyc, or it cannot compile this code
        print(f"netwerknotities: installing as plain Python ({exc})", file=sys.stderr)
        return []
    for extension in extensions:
        # no C compiler: setuptools skips the extension and the .py module is used
        extension.optional = True
    return list(extensions)


class _AllOrNone(build_ext):
    """Every extension, or none: mypyc's module files all load its one shared library
    (the largest to compile, the likeliest to fail), and without it they cannot be
    imported. An optional extension that fails is skipped; then so are the others."""

    failed = False

    def build_extension(self, ext: object) -> None:
        try:
            super().build_extension(ext)
        except Exception:
            self.failed = True
            raise

    def build_extensions(self) -> None:
        super().build_extensions()
        if self.failed:
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            print(
                "netwerknotities: installing as plain Python (a module did not compile)",
                file=sys.stderr,
            )


setup(ext_modules=_extensions(), cmdclass={"build_ext": _AllOrNone})
