"""Front-matter YAML read the way Obsidian's Properties view shows it.

PyYAML resolves plain scalars by YAML 1.1 rules (`NO` → False, `10:30` → 630,
`0123` → 83): data loss for a phone number or a country code. Here the libyaml
parser still does the scanning (speed), but every plain scalar is typed by
`_plain_value`: a number only when writing it back gives the same text,
`true`/`false` in any case, ISO dates and date-times, and text for the rest.
Quoted scalars are always text; mapping keys are the text as typed.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlfast import _load_simple, _plain_value

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml: slower, same result
    _BaseLoader = yaml.SafeLoader

# An alias bomb ("billion laughs") is cheap to compose because aliases share
# nodes, but every consumer that walks the value would explode; a real
# front-matter never comes near this many values.
MAX_EXPANDED_NODES = 10_000

_PLAIN_TAG = "tag:netwerknotities,2026:plain"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class YamlError(Exception):
    """The front-matter could not be read; `line` is 0-based within the YAML text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _ObsidianLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping", node.start_mark
            )
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a property name must be plain text", key_node.start_mark
                )
            # The key as typed: `1:`, `null:` and `yes:` are names, not values.
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping


def _construct_plain(loader: _ObsidianLoader, node: ScalarNode) -> Any:
    return _plain_value(node.value)


def _construct_set(loader: _ObsidianLoader, node: Node) -> list[str]:
    """`!!set {b, a}`: its members as written, in that order. A Python set has no order
    of its own: the outputs would change with the hash seed from one run to the next."""
    return list(loader.construct_mapping(node))


_ObsidianLoader.add_constructor(_PLAIN_TAG, _construct_plain)
_ObsidianLoader.add_constructor("tag:yaml.org,2002:set", _construct_set)


def _check_size(root: Node) -> None:
    """Refuse alias bombs and recursive aliases before anything walks the value."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in busy:
            raise YamlError(node.start_mark.line, "a recursive alias")
        busy.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
        busy.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise YamlError(node.start_mark.line, "too many aliases (expands too far)")
        sizes[key] = total
        return total

    size(root)


def _describe(exc: yaml.YAMLError) -> tuple[int, str]:
    if isinstance(exc, yaml.MarkedYAMLError):
        # For a key without `:` the context mark is the bad line; the problem
        # mark is where the scanner gave up, often the next line.
        # Likewise a quoted scalar that never closes: the scanner gives up at the end
        # of the front-matter, the quote that opened it is what the user must fix.
        starts_there = exc.context in (
            "while scanning a simple key",
            "while scanning a quoted scalar",
        )
        mark = (exc.context_mark if starts_there else None) or exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.context, exc.problem) if p]
        return (mark.line if mark is not None else 0), "; ".join(parts) or "invalid YAML"
    return 0, str(exc).splitlines()[0] if str(exc) else "invalid YAML"


def load_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Read one YAML document; return the value and, for a mapping, each key's 0-based line.

    Raises `YamlError` for anything that is not readable YAML.
    """
    simple = _load_simple(text)
    if simple is not None:
        return simple
    return _load_full(text)


def _load_full(text: str) -> tuple[Any, dict[str, int]]:
    """`load_yaml` through libyaml and the constructors above."""
    loader = _ObsidianLoader(text)
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            if "*" in text:
                _check_size(node)
            value = loader.construct_document(node)
        except yaml.YAMLError as exc:
            line, message = _describe(exc)
            raise YamlError(line, message) from None
        except RecursionError:
            raise YamlError(0, "nested too deeply") from None
        except (ValueError, TypeError, OverflowError) as exc:
            # explicit tags such as `!!int abc` fail inside PyYAML's own constructors
            raise YamlError(0, str(exc) or "invalid value") from None
        lines: dict[str, int] = {}
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode):
                    lines[key_node.value] = key_node.start_mark.line
        return value, lines
    finally:
        loader.dispose()
