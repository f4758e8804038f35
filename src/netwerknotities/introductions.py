"""Warm introductions (P10): the best chains from the user to a person.

A breadth-first search from the target over `knows` (both directions),
`introduced_by` and shared organisations; see the rules in `network.py`'s
docstring, whose name resolution it shares.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import NotFoundError
from .model import Model, Person
from .network import (
    _ORG,
    _PLAIN,
    MAX_STEPS,
    RECENT_DAYS,
    WINDOW_DAYS,
    _Refs,
    _refs,
    normalise,
)


@dataclass(frozen=True, slots=True)
class Link:
    a: str  # ref: a path, or a plain name
    b: str
    kind: str  # mutual, knows (a knows b), known_by, introduced_by, introduced, organisation
    via: str | None = None  # the shared organisation


@dataclass(frozen=True, slots=True)
class Chain:
    people: tuple[str, ...]  # refs, from the start to the target
    links: tuple[Link, ...]
    strength: int  # the start's tie strength
    score: int


@dataclass(frozen=True, slots=True)
class PathResult:
    target: str  # ref
    target_name: str
    in_vault: bool  # the target has a person note: the user knows them already
    chains: tuple[Chain, ...]
    names: dict[str, str]  # path -> display name

    def as_json(
        self,
        name: Callable[[str], str] | None = None,
        describe: Callable[[Link], str] | None = None,
    ) -> dict[str, Any]:
        """Names as displayed and reasons in English, unless told otherwise."""
        name = name or (lambda r: self.names.get(r, r))
        describe = describe or (lambda x: link_text(x, "en", name))
        return {
            "target": self.target_name,
            "in_vault": self.in_vault,
            "paths": [[name(r) for r in c.people] for c in self.chains],
            "reasons": [[describe(link) for link in c.links] for c in self.chains],
            "strength": [c.strength for c in self.chains],
        }


def tie_strength(person: Person, today: dt.date) -> int:
    """Tier (important 3, regular or unset 2, unimportant 1) plus recency (2 / 1 / 0)."""
    strength = {"important": 3, "unimportant": 1}.get(person.tier or "", 2)
    if person.last_contact is not None and person.last_contact <= today:
        age = (today - person.last_contact).days
        strength += 2 if age <= RECENT_DAYS else 1 if age <= WINDOW_DAYS else 0
    return strength


def _path_graph(refs: _Refs) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path, known in refs.graph().items():
        graph[path].update(known)
    for path, key in refs.intro.items():
        graph[path].add(key)
        graph[key].add(path)
    for path, orgs in refs.orgs_of.items():
        for org in orgs:
            graph[path].add(_ORG + org)
            graph[_ORG + org].add(path)
    return graph


def _find_target(refs: _Refs, graph: dict[str, set[str]], name: str) -> str:
    if name in refs.people or name + ".md" in refs.people:
        return name if name in refs.people else name + ".md"
    norm = normalise(name)
    matches = sorted(
        {p.path for p in refs.model.people if norm in {normalise(n) for n in (p.name, *p.aliases)}}
    )
    if len(matches) > 1:
        raise NotFoundError(f"{name!r} names several people: {', '.join(matches)}; give the path")
    if matches:
        return matches[0]
    if _PLAIN + norm in graph:
        return _PLAIN + norm
    for key in graph:  # a note of another kind that someone knows
        if not key.startswith((_PLAIN, _ORG)) and normalise(refs.name(key)) == norm:
            return key
    candidates: dict[str, str] = {}
    for p in refs.model.people:
        for n in (p.name, *p.aliases):
            candidates.setdefault(normalise(n), n)
    for key in graph:
        if key.startswith(_PLAIN):
            candidates.setdefault(key[1:], refs.ref(key))
    close = difflib.get_close_matches(norm, sorted(candidates), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(candidates[c] for c in close)}?" if close else ""
    raise NotFoundError(f"no person named {name!r} in the vault or in anyone's knows{hint}")


def _link(refs: _Refs, a: str, b: str, via: str | None) -> Link:
    if via is not None:
        return Link(refs.ref(a), refs.ref(b), "organisation", refs.ref(via[1:]))

    def knows(x: str, y: str) -> bool:
        return y in refs.knows.get(x, ())

    def introduced_by(x: str, y: str) -> bool:
        return refs.intro.get(x) == y

    if knows(a, b) and knows(b, a):
        kind = "mutual"
    elif knows(a, b):
        kind = "knows"
    elif knows(b, a):
        kind = "known_by"
    else:
        kind = "introduced_by" if introduced_by(a, b) else "introduced"
    return Link(refs.ref(a), refs.ref(b), kind)


def find_paths(model: Model, target: str, limit: int = 3) -> PathResult:
    """The best warm-introduction chains to `target` (a name, alias or path).

    Raises NotFoundError, with close matches, when nobody has that name.
    """
    refs = _refs(model)
    graph = _path_graph(refs)
    goal = _find_target(refs, graph, target)
    steps = {goal: 0}
    parent: dict[str, str] = {}
    queue = deque([goal])
    while queue:
        node = queue.popleft()
        if steps[node] >= MAX_STEPS:
            continue
        for nxt in sorted(graph.get(node, ())):
            if nxt not in steps:
                steps[nxt] = steps[node] + 1
                parent[nxt] = node
                queue.append(nxt)
    starts = []
    for key, n in steps.items():
        person = refs.people.get(key)
        if person is not None and key != goal:
            strength = tie_strength(person, model.today)
            starts.append((-(strength - n), n, person.name, key, strength))
    chains = []
    for neg_score, _, _, key, strength in heapq.nsmallest(limit, starts):
        nodes = [key]
        while nodes[-1] != goal:
            nodes.append(parent[nodes[-1]])
        people = [x for x in nodes if not x.startswith(_ORG)]
        links = []
        for i in range(len(nodes) - 1):
            a, b = nodes[i], nodes[i + 1]
            if a.startswith(_ORG):
                continue
            if b.startswith(_ORG):
                links.append(_link(refs, a, nodes[i + 2], b))
            else:
                links.append(_link(refs, a, b, None))
        chains.append(Chain(tuple(refs.ref(x) for x in people), tuple(links), strength, -neg_score))
    return PathResult(
        refs.ref(goal), refs.name(goal), goal in refs.people, tuple(chains), model.names
    )


_LINKS = {
    "en": {
        "mutual": "{a} and {b} know each other",
        "knows": "{a} knows {b}",
        "known_by": "{b} knows {a}",
        "introduced_by": "{b} introduced {a}",
        "introduced": "{a} introduced {b}",
        "organisation": "{a} and {b} are both at {via}",
    },
    "nl": {
        "mutual": "{a} en {b} kennen elkaar",
        "knows": "{a} kent {b}",
        "known_by": "{b} kent {a}",
        "introduced_by": "{b} stelde {a} voor",
        "introduced": "{a} stelde {b} voor",
        "organisation": "{a} en {b} zitten allebei bij {via}",
    },
}


def link_text(link: Link, language: str, name: Callable[[str], str]) -> str:
    words = _LINKS.get(language, _LINKS["en"])
    via = name(link.via) if link.via is not None else ""
    return words[link.kind].format(a=name(link.a), b=name(link.b), via=via)
