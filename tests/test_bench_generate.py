"""The benchmark's vault generator and baseline, on a small vault."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import yaml
from conftest import REPO


def _load(name: str) -> ModuleType:
    # bench/ is a folder of scripts, not a package: load its modules by path.
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


gen = _load("generate")
base = _load("baseline")

SMALL = gen.Counts(people=30, dated=100, signals=20, organisations=5, conflicts=3)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _front_matter(data: bytes) -> dict[str, object] | None:
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    fm, _ = base.split_front_matter(text)
    if fm is None:
        return None
    loaded = yaml.safe_load(fm)
    assert isinstance(loaded, dict)
    return loaded


def test_same_seed_same_bytes_and_expected_counts(tmp_path: Path) -> None:
    one = gen.generate(tmp_path / "one", SMALL, seed=7)
    gen.generate(tmp_path / "two", SMALL, seed=7)
    tree = _tree(tmp_path / "one")
    assert tree == _tree(tmp_path / "two")
    assert one.files == len(tree) == SMALL.files == 158 + 2 + 3
    assert one.bytes == sum(len(b) for b in tree.values())
    assert {
        ".obsidian/daily-notes.json",
        ".obsidian/templates.json",
        "netwerknotities.toml",
    } <= set(tree)

    kinds: Counter[str] = Counter()
    for rel, data in tree.items():
        if not rel.endswith(".md") or rel.startswith("Sjablonen/"):
            continue
        fm = _front_matter(data)
        kinds[str(fm.get("type", "")).lower() if fm else ""] += 1
    people = kinds["person"] + kinds["persoon"]
    organisations = kinds["organisation"] + kinds["organization"] + kinds["organisatie"]
    assert people == SMALL.people
    assert organisations == SMALL.organisations
    assert kinds["signal"] + kinds["signaal"] == SMALL.signals
    assert kinds["belang"] == SMALL.conflicts
    # Dated notes: by name (daily notes, meetings) or by a date property.
    dated = sum(kinds[k] for k in ("", "contactmoment"))
    assert dated == SMALL.dated


def test_another_seed_gives_another_vault() -> None:
    assert gen.vault_files(SMALL, seed=1) != gen.vault_files(SMALL, seed=2)


def test_person_notes_keep_the_spec_properties() -> None:
    files = gen.vault_files(SMALL, seed=1)
    people = {
        rel: fm
        for rel, data in files.items()
        if rel.startswith("Mensen/") and (fm := _front_matter(data)) is not None
    }
    assert len(people) == SMALL.people
    for fm in people.values():
        knows = fm.get("kent", fm.get("knows"))
        assert isinstance(knows, list) and 2 <= len(knows) <= 15
        assert all(isinstance(k, str) and k.startswith("[[") for k in knows)
        assert fm.get("kring", fm.get("tier")) in {
            "belangrijk",
            "gewoon",
            "onbelangrijk",
            "important",
            "regular",
            "unimportant",
        }
    # Duplicate names on purpose, in different folders.
    names = Counter(rel.rsplit("/", 1)[1] for rel in people)
    assert max(names.values()) == 2


def test_every_phone_is_written_with_its_leading_zero() -> None:
    files = gen.vault_files(SMALL, seed=1)
    phones = [
        line.split(b": ", 1)[1]
        for rel, data in files.items()
        if rel.startswith("Mensen/")
        for line in data.splitlines()
        if line.startswith((b"telefoon: ", b"phone: "))
    ]
    assert len(phones) == SMALL.people
    assert all(p.startswith(b"06") and len(p) == 10 for p in phones)


def test_baseline_ignores_links_in_code_and_comments() -> None:
    body = (
        "a [[One]] and `[[Not]]`\n"
        "```\n[[Nor]] #contact\n```\n"
        "%% [[Hidden]] %% <!-- [[Gone]] -->\n"
        "[[Two|shown]] [[Three#Heading]]\n"
    )
    assert base.wikilinks(body) == ["One", "Two", "Three"]
    assert base.split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1\n", "body\n")
    assert base.split_front_matter("\n---\na: 1\n---\n") == (None, "\n---\na: 1\n---\n")


def test_baseline_returns_positive_times(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    gen.generate(vault, SMALL, seed=1)
    result = base.measure_baseline(vault)
    assert result.notes == SMALL.notes  # templates are skipped like the tool skips them
    assert result.yaml_errors == 0
    assert result.wikilinks > SMALL.notes
    seconds = base.baseline(vault)
    assert set(seconds) == {"walk", "read", "front_matter", "links", "total"}
    assert all(v > 0 for v in seconds.values())
    assert base.stat_walk(vault) > 0


def test_an_alias_names_exactly_one_note() -> None:
    files = gen.vault_files(gen.Counts(people=400, dated=10, signals=2, organisations=60), seed=3)
    names: list[str] = []
    aliases: list[str] = []
    for rel, data in files.items():
        if not rel.endswith(".md") or rel.startswith("Sjablonen/"):
            continue
        names.append(rel.rsplit("/", 1)[1].removesuffix(".md").casefold())
        fm = _front_matter(data)
        if fm and "aliases" in fm:
            aliases.extend(str(a).casefold() for a in fm["aliases"])  # type: ignore[attr-defined]
    assert len(aliases) > 40
    assert len(set(aliases)) == len(aliases)
    assert not set(aliases) & set(names)


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode() + b"\0" + files[rel] + b"\0")
    return h.hexdigest()


def test_same_bytes_under_another_hash_seed() -> None:
    # String hashing differs between processes; the vault must not depend on it.
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); import generate as g; "
        "f = g.vault_files(g.Counts(30, 100, 20, 5, 3), seed=7); h = hashlib.sha256(); "
        "[h.update(r.encode() + b'\\0' + f[r] + b'\\0') for r in sorted(f)]; print(h.hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "bench")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == _digest(gen.vault_files(SMALL, seed=7))


def test_meeting_front_matter_changes_only_the_meeting_notes() -> None:
    light = gen.vault_files(SMALL, seed=1, meeting_front_matter=False)
    heavy = gen.vault_files(SMALL, seed=1)
    assert set(light) == set(heavy)
    changed = [rel for rel in light if light[rel] != heavy[rel]]
    assert changed and all(rel.startswith("Vergaderingen/") for rel in changed)
    for rel in changed:
        fm = _front_matter(heavy[rel])
        assert fm is not None
        # the date of the file name, and the people the note links first
        assert str(fm["datum"]) == rel.split("/")[-1][:10]
        body = light[rel].decode("utf-8-sig").replace("\r\n", "\n")
        assert heavy[rel].decode("utf-8-sig").replace("\r\n", "\n").endswith("---\n\n" + body)
        people = fm["deelnemers"] or []
        assert isinstance(people, list) and len(people) <= 3
        assert all(p.startswith("[[") and "[[" + p[2:-2] in body for p in people)


def test_the_stamp_names_every_argument_that_changes_the_bytes() -> None:
    base = gen.stamp_of(SMALL)
    assert base == gen.stamp_of(gen.Counts(30, 100, 20, 5, 3))
    others = {
        gen.stamp_of(SMALL, seed=2),
        gen.stamp_of(SMALL, meeting_front_matter=False),
        *(gen.stamp_of(gen.Counts(**{**vars_of(SMALL), f: 1})) for f in gen.COUNT_FIELDS),
    }
    assert base not in others and len(others) == 2 + len(gen.COUNT_FIELDS)


def vars_of(counts: object) -> dict[str, int]:
    return {f: getattr(counts, f) for f in gen.COUNT_FIELDS}
