"""The machine-readable export (spec section 7): one JSON object.

Names are file names without `.md`; refs to notes that do not exist stay as
written. Keys are in a fixed order and lists sorted, so that the same vault
and `--today` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from . import network, network_review, network_variety
from .model import Model


def json_value(value: Any) -> Any:
    """A front-matter value in JSON terms: dates as `YYYY-MM-DD`, date-times ISO."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def export_data(
    model: Model,
    schedule: Sequence[Mapping[str, str]] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    name = model.display
    second = network.second_order_exposed(model)
    data: dict[str, Any] = {
        "today": model.today.isoformat(),
        "people": [
            {
                "name": p.name,
                "path": p.path,
                "aliases": list(p.aliases),
                "tier": p.tier,
                "organisations": [name(o) for o in p.organisations],
                "stakeholder": list(p.stakeholder),
                "cadence_days": p.cadence_days,
                "last_contact": _day(p.last_contact),
                "due": _day(p.due),
                "knows": [name(k) for k in p.knows],
                "introduced_by": name(p.introduced_by) if p.introduced_by else None,
                "internal": p.internal,
                "private": p.private,
                "paused": p.paused,
                "backlinks": list(p.backlinks),
                "properties": json_value(p.properties),
            }
            for p in sorted(model.people, key=lambda p: p.path)
        ],
        "organisations": [
            {"name": o.name, "path": o.path, "stakeholder": list(o.stakeholder)}
            for o in sorted(model.organisations, key=lambda o: o.path)
        ],
        "contacts": [
            {
                "date": c.date.isoformat(),
                "people": [name(p) for p in c.people],
                "path": c.path,
                "line": c.line,
            }
            for c in model.contacts
        ],
        "signals": [
            {
                "date": _day(s.date),
                "text": s.text,
                "sources": [name(x) for x in s.sources],
                "about": [name(x) for x in s.about],
                "path": s.path,
                "line": s.line,
            }
            for s in model.signals
        ],
        "conflicts": [
            {
                "parties": [name(x) for x in c.parties],
                "topic": c.topic,
                "status": c.status,
                "path": c.path,
                "exposed": [name(x) for x in c.exposed],
                "second_order": [name(x) for x in second.get(c.path, ())],
            }
            for c in model.conflicts
        ],
        "schedule": [dict(item) for item in schedule],
        "diagnostics": [d.as_json() for d in model.diagnostics],
    }
    if extra:
        data.update(extra)
    return data


def export_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def network_data(model: Model) -> dict[str, Any]:
    """The `review`, `reach` and `variety` keys of the export."""
    return {
        "review": network_review.review(model).as_json(),
        "reach": network.reach(model).as_json(),
        "variety": network_variety.variety(model).as_json(),
    }
