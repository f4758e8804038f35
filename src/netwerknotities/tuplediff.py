"""Which items of a tuple changed: the watcher's next model mostly holds the same objects.

The incremental model hands out new tuples (contacts, signals, people) that
share most of their items, as the very same objects, with the last ones. What
is made from a tuple can then be updated by what differs instead of made
again: `spliced` finds the run that one note's edit replaced (or is told it by
the incremental model, `tell_spliced`), `differing` the places that hold other
objects, `alike` whether those agree on what a reader looks at.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def spliced(old: tuple[T, ...], new: tuple[T, ...]) -> tuple[tuple[T, ...], tuple[T, ...]] | None:
    """What `new` replaced of `old` (removed, added) between their common head and
    tail (the same or equal items); None when that is a quarter of `new` or more.

    When the maker of `new` told (`tell_spliced`) what it replaced, that is the answer:
    no comparison of the two tuples (milliseconds over 100,000 contacts)."""
    for told in _told:
        if told[0] is old and told[1] is new:
            removed, added = told[2], told[3]
            return (removed, added) if len(removed) + len(added) < len(new) // 4 else None
    n = min(len(old), len(new))
    head = _common_head(old, new, n)
    tail = _common_head(old[::-1], new[::-1], n - head)
    removed, added = old[head : len(old) - tail], new[head : len(new) - tail]
    return (removed, added) if len(removed) + len(added) < len(new) // 4 else None


# (old, new, removed, added) as told by the incremental model; the tuples are held,
# so their identities stay unique while they are here
_told: list[tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]] = []
_TOLD_KEPT = 4


def tell_spliced(
    old: tuple[T, ...], new: tuple[T, ...], removed: tuple[T, ...], added: tuple[T, ...]
) -> None:
    """Say that `new` is `old` with the items `removed` taken out and `added` put in (each
    in `new`'s order, the items of one note together), for `spliced` to answer from."""
    _told.insert(0, (old, new, removed, added))
    del _told[_TOLD_KEPT:]


_CHUNK = 2048


def _common_head(a: tuple[T, ...], b: tuple[T, ...], n: int) -> int:
    """How many leading items (at most n) are the same, or equal: whole chunks are
    compared as tuples (identity first, in C), the last one item by item."""
    i = 0
    while i < n:
        j = min(i + _CHUNK, n)
        if a[i:j] != b[i:j]:
            break
        i = j
    else:
        return n
    differ = map(operator.is_not, a[i : i + _CHUNK], b[i : i + _CHUNK])
    return i + next(itertools.compress(itertools.count(), differ))


def alike(a: tuple[T, ...], b: tuple[T, ...], key: Callable[[T], Any]) -> bool:
    """Whether two tuples have the same length and equal `key`s: only the items that
    are other objects are compared (an edit makes a few new objects among thousands)."""
    return len(a) == len(b) and all(key(a[i]) == key(b[i]) for i in differing(a, b))


def differing(a: tuple[T, ...], b: tuple[T, ...]) -> list[int]:
    """The places where two tuples (of the same length) hold other objects (do not
    change the list: the analyses of one model ask about the same two tuples)."""
    for known in _differ:
        if known[0] is a and known[1] is b:
            return known[2]
    found = list(itertools.compress(itertools.count(), map(operator.is_not, a, b)))
    _differ.insert(0, (a, b, found))  # held: the identities stay unique
    del _differ[2:]
    return found


_differ: list[tuple[tuple[Any, ...], tuple[Any, ...], list[int]]] = []
