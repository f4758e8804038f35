"""Network intelligence: variety (P3, P9).

Variety (P3, P9). People per stakeholder kind (a person's own `stakeholder`,
else their organisations', else `colleague` for an internal person), per
organisation, per sector (a `sector` property). A warning when one kind holds
60 % or more of the people with a kind, or one organisation 50 % or more of
the external people with an organisation (with at least 5 people counted). A
bridge is the only person with a stakeholder kind or at an organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Model, Person
from .network import _Refs, _refs, normalise

LEAN_KIND_SHARE = 60
LEAN_ORG_SHARE = 50
LEAN_MIN_PEOPLE = 5
CLIENT_KINDS = frozenset({"client", "prospect"})

# Dutch stakeholder words as users write them, to the English kinds of the spec.
_KIND_WORDS = {
    "klant": "client",
    "klanten": "client",
    "leverancier": "supplier",
    "concurrent": "competitor",
    "collega": "colleague",
    "pers": "press",
    "overheid": "government",
    "investeerder": "investor",
    "gemeenschap": "community",
    "overig": "other",
    "anders": "other",
}


@dataclass(frozen=True, slots=True)
class Lean:
    dimension: str  # "stakeholder" or "organisation"
    subject: str  # a kind, or an organisation ref
    count: int
    total: int

    @property
    def share(self) -> int:
        return 100 * self.count // self.total

    @property
    def clients(self) -> bool:
        return self.dimension == "stakeholder" and self.subject in CLIENT_KINDS


@dataclass(frozen=True, slots=True)
class Bridge:
    person: str  # path
    kinds: tuple[str, ...]
    organisations: tuple[str, ...]  # refs


@dataclass(frozen=True, slots=True)
class Variety:
    stakeholders: tuple[tuple[str, int], ...]  # most people first
    organisations: tuple[tuple[str, int], ...]  # (ref, people)
    sectors: tuple[tuple[str, int], ...]
    no_kind: int
    leans: tuple[Lean, ...]
    bridges: tuple[Bridge, ...]
    names: dict[str, str]  # path -> display name

    def as_json(self, name: Callable[[str], str] | None = None) -> dict[str, Any]:
        name = name or (lambda r: self.names.get(r, r))
        return {
            "stakeholders": dict(self.stakeholders),
            "no_stakeholder": self.no_kind,
            "organisations": {name(r): n for r, n in self.organisations},
            "sectors": dict(self.sectors),
            "warnings": [
                {
                    "dimension": w.dimension,
                    "subject": name(w.subject),
                    "people": w.count,
                    "of": w.total,
                    "share": w.share,
                    "clients": w.clients,
                }
                for w in self.leans
            ],
            "bridges": [
                {
                    "person": name(b.person),
                    "path": b.person,
                    "stakeholders": list(b.kinds),
                    "organisations": [name(o) for o in b.organisations],
                }
                for b in self.bridges
            ],
        }


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _ranked(counts: dict[str, int], label: Callable[[str], str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0]), kv[0])))


# A person's organisations, stakeholder kinds and sectors (normalised, as spelled):
# a function of the person and the naming, kept for the next model by path.
_Sort = tuple[list[str], tuple[str, ...], tuple[tuple[str, str], ...]]
_varied: list[dict[str, tuple[Person, dict[str, Any], _Sort]]] = []


def _sort_of(p: Person, refs: _Refs) -> _Sort:
    org_keys = sorted(refs.orgs_of.get(p.path, ()))
    own = set(p.stakeholder)
    if not own:
        for key in org_keys:
            org = refs.orgs.get(key)
            own.update(org.stakeholder if org else ())
    if not own and p.internal:
        own = {"colleague"}
    mine = tuple({_KIND_WORDS.get(k.lower(), k.lower()) for k in own})
    found = _texts(p.properties.get("sector") or p.properties.get("branche"))
    if not found:  # fall back on the organisations' sector, where the model keeps it
        for key in org_keys:
            found += _texts(getattr(refs.orgs.get(key), "properties", {}).get("sector"))
    return org_keys, mine, tuple({normalise(s): s for s in found}.items())


def variety(model: Model) -> Variety:
    """How the network spreads over kinds, organisations and sectors (module docstring)."""
    refs = _refs(model)
    kinds: dict[str, list[str]] = defaultdict(list)
    orgs: dict[str, list[str]] = defaultdict(list)
    sectors: dict[str, int] = defaultdict(int)
    spelled: dict[str, str] = {}
    no_kind = external_with_org = 0
    external_orgs: dict[str, int] = defaultdict(int)
    last = _varied[0] if _varied else {}
    now: dict[str, tuple[Person, dict[str, Any], _Sort]] = {}
    for p in model.people:
        kept = last.get(p.path)
        if kept is not None and kept[0] is p and kept[1] is refs.shared:
            sort = kept[2]
        else:
            sort = _sort_of(p, refs)
        now[p.path] = (p, refs.shared, sort)
        org_keys, mine, found = sort
        no_kind += not mine
        for kind in mine:
            kinds[kind].append(p.path)
        for key in org_keys:
            orgs[key].append(p.path)
            if not p.internal:
                external_orgs[key] += 1
        external_with_org += bool(org_keys) and not p.internal
        for norm, text in found:
            sectors[norm] += 1
            spelled[norm] = min(text, spelled.get(norm, text))
    _varied[:] = [now]
    kind_counts = {k: len(v) for k, v in kinds.items()}
    leans = []
    with_kind = len(model.people) - no_kind
    if with_kind >= LEAN_MIN_PEOPLE:
        for kind, n in _ranked(kind_counts, str):
            if 100 * n >= LEAN_KIND_SHARE * with_kind:
                leans.append(Lean("stakeholder", kind, n, with_kind))
    if external_with_org >= LEAN_MIN_PEOPLE:
        for key, n in _ranked(external_orgs, refs.name):
            if 100 * n >= LEAN_ORG_SHARE * external_with_org:
                leans.append(Lean("organisation", refs.ref(key), n, external_with_org))
    bridge_kinds: dict[str, list[str]] = defaultdict(list)
    bridge_orgs: dict[str, list[str]] = defaultdict(list)
    for kind, people in kinds.items():
        if len(people) == 1:
            bridge_kinds[people[0]].append(kind)
    for key, people in orgs.items():
        if len(people) == 1:
            bridge_orgs[people[0]].append(refs.ref(key))
    bridges = tuple(
        Bridge(
            path,
            tuple(sorted(bridge_kinds.get(path, ()))),
            tuple(sorted(bridge_orgs.get(path, ()), key=lambda r: (model.display(r), r))),
        )
        for path in sorted(
            set(bridge_kinds) | set(bridge_orgs), key=lambda p: (model.display(p), p)
        )
    )
    return Variety(
        stakeholders=_ranked(kind_counts, str),
        organisations=tuple(
            (refs.ref(k), n) for k, n in _ranked({k: len(v) for k, v in orgs.items()}, refs.name)
        ),
        sectors=tuple((spelled[k], n) for k, n in _ranked(dict(sectors), lambda k: spelled[k])),
        no_kind=no_kind,
        leans=tuple(leans),
        bridges=bridges,
        names=model.names,
    )
