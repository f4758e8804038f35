"""A vault of random fragments of real-vault oddities: the build never crashes,
and every note is either read or reported."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from netwerknotities.build import BuildOptions, build_vault
from netwerknotities.export import export_data, export_json

FRAGMENTS = [
    "---\n",
    "...\n",
    "type: person\n",
    "type: [person, organisation]\n",
    "tags: persoon\n",
    "tags:\n  - contact\n  -\n",
    "aliases: [null]\n",
    "aliases: ~\n",
    "alias: J\n",
    "kent: [[Jan]]\n",
    'kent: ["[[Jan]]", "plain", 3]\n',
    "organisatie: {a: 1}\n",
    "date: 2026-02-30\n",
    "datum: {{date}}\n",
    "verjaardag: 02-29\n",
    "verjaardag: 13-45\n",
    "frequentie: 0d\n",
    "frequentie: [2w]\n",
    "kring: [belangrijk]\n",
    "\tbad: tab\n",
    "laatste_contact: 1900-01-01\n",
    "laatste_contact: 9999-12-31\n",
    "uitstellen_tot: yes\n",
    'partijen: "[[Jan]]"\n',
    "status: gesloten\n",
    "met: [[[X]]]\n",
    "minuten: many\n",
    "- #contact met [[Jan]] en [[Piet|P]]\n",
    "- [ ] #contact [[Jan]]\n",
    "#signaal [[\n",
    "[[#kop]] [[Jan#^blok]] ![[img.png|100]]\n",
    "| a | [[Jan\\|J]] |\n|---|---|\n",
    "```\n[[code]] #contact\n",
    "%% [[hidden]]\n",
    "<!-- [[x]]\n",
    "# Kop #contact\n",
    "\ufeff",
    "\r\n",
    "\x00",
    "é\u0301",
    "🙂 [[Zoë]]\n",
    "[[a/b/../c]]\n",
    "[[/Jan]]\n",
    "#123 #a/b/c #-x\n",
    "> [[quoted]] #signal\n",
    "    [[indented code]]\n",
]
NAMES = [
    "Jan",
    "Piet",
    "Zoë",
    "Jan (Conflicted copy X 202601011200)",
    "a/Jan",
    "b/c/Piet",
    "2026-11-20",
    "2026-11-21 Lunch",
    "Dagboek/2026-11-22",
    "UPPER",
    "upper",
    "x.sync-conflict-20260101-120000-A",
]


def test_random_oddities_build_and_export(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    for round_ in range(3):
        vault = tmp_path / f"vault{round_}"
        vault.mkdir()
        for i in range(60):
            name = rng.choice(NAMES) + ("" if rng.random() < 0.5 else f" {i}")
            text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 12)))
            target = vault / f"{name}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8") if rng.random() < 0.9 else text.encode("utf-16")
            target.write_bytes(data)
        (vault / "img.png").write_bytes(b"\x89PNG")
        on_disk = {str(p.relative_to(vault)) for p in vault.rglob("*.md")}
        options = BuildOptions(today=dt.date(2026, 11, 26), cache_dir=tmp_path / "cache")
        result = build_vault(vault, options, shortcut=False)
        assert result.model is not None
        text = export_json(export_data(result.model, result.schedule, result.extra))
        assert text.startswith("{")
        # every file is a note or has a diagnostic: nothing silently skipped
        reported = {d.path for d in result.model.diagnostics}
        assert on_disk <= set(result.model.names) | reported
