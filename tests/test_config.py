"""The declared config schema: defaults, validation, the template `init` writes."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from netwerknotities.config import (
    ENTRIES,
    Config,
    config_from_mapping,
    load_config,
    parse_cadence,
    render_config_template,
)
from netwerknotities.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.cadence == {"important": 30, "regular": 91, "unimportant": None}


@pytest.mark.parametrize(
    ("text", "days"),
    [("10d", 10), ("3w", 21), ("2m", 60), ("1y", 365), (" 6W ", 42), ("0d", None), ("vaak", None)],
)
def test_cadence(text: str, days: int | None) -> None:
    assert parse_cadence(text) == days


def test_values_are_converted_and_validated() -> None:
    config = config_from_mapping(
        {
            "language": "NL",
            "output_folder": "Netwerk/",
            "cadence": {"important": "2w", "unimportant": "1y"},
            "calendar": {
                "windows": ["13:00-13:30", "08:00-08:15"],
                "per_week": 5,
                "working_days": ["monday", "wed"],
            },
            "properties": {"organisation": ["company", "org"]},
            "folders": {"person": "Mensen"},
        }
    )
    assert config.language == "nl"
    assert config.output_folder == "Netwerk"
    assert config.cadence["important"] == 14 and config.cadence["unimportant"] == 365
    assert [str(w) for w in config.calendar.windows] == ["08:00-08:15", "13:00-13:30"]
    assert config.calendar.windows[0].start == dt.time(8, 0)
    assert config.calendar.working_days == (0, 2)
    assert config.property_names("organisation") == ("company", "org")
    assert config.folders == {"person": ("Mensen",)}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"language": "fr"}, "language"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"calendar": {"timezone": "Mars/Olympus"}}, "calendar.timezone"),
        ({"calendar": {"windows": ["09:00-08:00"]}}, "calendar.windows"),
        ({"calendar": {"windows": ["09:00-10:00", "09:30-11:00"]}}, "overlap"),
        ({"calendar": {"per_day": 0}}, "calendar.per_day"),
        ({"calendar": {"holidays": "XX"}}, "calendar.holidays"),
        ({"cadence": {"regular": "often"}}, "cadence.regular"),
        ({"folders": {"people": ["Mensen"]}}, "folders.people"),
        ({"output_folder": "../elsewhere"}, "output_folder"),
    ],
)
def test_bad_values_are_one_clear_error(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        config_from_mapping(raw, "netwerknotities.toml")


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "netwerknotities.toml").write_text("language = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"netwerknotities\.toml: not valid TOML"):
        load_config(tmp_path)


def test_the_template_parses_and_uncommented_gives_the_defaults() -> None:
    template = render_config_template()
    assert tomllib.loads(template) == {
        "cadence": {},
        "calendar": {},
        "folders": {},
        "properties": {},
    }
    key_line = re.compile(r"^# [a-z_]+ = ")
    uncommented = "\n".join(
        line[2:] if key_line.match(line) and "(from" not in line else line
        for line in template.splitlines()
        if not line.startswith(("# person", "# organisation"))
    )
    assert config_from_mapping(tomllib.loads(uncommented)) == Config()
    for entry in ENTRIES:
        assert entry.description in template
