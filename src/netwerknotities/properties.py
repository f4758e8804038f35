"""Property names: the tool's own English names, the Dutch ones, and the user's.

Every lookup of a note property by meaning goes through `Props`, so the
mapping from a user's key to a canonical name lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .config import Config

# canonical name -> built-in names, English first (keys compare case-insensitively)
BUILTIN: dict[str, tuple[str, ...]] = {
    "type": ("type", "kind", "soort"),
    "aliases": ("aliases", "alias"),
    "tags": ("tags", "tag"),
    "organisation": ("organisation", "organization", "organisatie"),
    "role": ("role", "rol"),
    "stakeholder": ("stakeholder",),
    "tier": ("tier", "kring"),
    "cadence": ("cadence", "frequentie"),
    "last_contact": ("last_contact", "laatste_contact"),
    "knows": ("knows", "kent"),
    "introduced_by": ("introduced_by", "via"),
    "internal": ("internal", "intern"),
    "interests": ("interests", "interesses"),
    "opposing": ("opposing", "tegengesteld"),
    "birthday": ("birthday", "verjaardag"),
    "snooze_until": ("snooze_until", "uitstellen_tot"),
    "paused": ("paused", "gepauzeerd"),
    "email": ("email", "e-mail"),
    "phone": ("phone", "telefoon"),
    "linkedin": ("linkedin",),
    "private": ("private", "prive", "privé"),
    "id": ("id",),
    "date": ("date", "datum"),
    "with": ("with", "met"),
    "channel": ("channel", "kanaal"),
    "minutes": ("minutes", "minuten"),
    "source": ("source", "bron"),
    "about": ("about", "over"),
    "topic": ("topic", "onderwerp"),
    "parties": ("parties", "partijen"),
    "status": ("status",),
    "since": ("since", "sinds"),
}

KIND_WORDS: dict[str, str] = {
    "person": "person",
    "persoon": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "organisatie": "organisation",
    "contact": "contact",
    "contactmoment": "contact",
    "signal": "signal",
    "signaal": "signal",
    "conflict": "conflict",
    "belang": "conflict",
}

TIER_WORDS: dict[str, str] = {
    "important": "important",
    "belangrijk": "important",
    "regular": "regular",
    "gewoon": "regular",
    "unimportant": "unimportant",
    "onbelangrijk": "unimportant",
}


class Props:
    """Properties of one note, looked up by canonical name."""

    __slots__ = ("_keys", "_props", "_table")

    def __init__(self, properties: dict[str, Any], table: dict[str, tuple[str, ...]]) -> None:
        self._props = properties
        # Most keys are written in lowercase already: then the properties are their own
        # lookup table, and a second dict per note would be wasted work.
        self._keys: dict[str, Any] | None = None
        try:
            plain = "".join(properties).islower() or not properties
        except TypeError:  # a key that is not text
            plain = False
        if not plain:
            self._keys = {str(k).lower(): k for k in properties}
        self._table = table

    def key(self, canonical: str) -> str | None:
        """The key under which the note holds `canonical`, or None."""
        names = self._table.get(canonical, (canonical,))
        if self._keys is None:
            props = self._props
            for name in names:
                if name in props:
                    return name
            return None
        for name in names:
            if name in self._keys:
                return str(self._keys[name])
        return None

    def get(self, canonical: str) -> Any:
        # the key lookup inlined: this runs several times per note of the vault
        names = self._table.get(canonical, (canonical,))
        props = self._props
        keys = self._keys
        if keys is None:
            for name in names:
                if name in props:
                    return props[name]
            return None
        for name in names:
            if name in keys:
                return props[keys[name]]
        return None

    def texts(self, canonical: str) -> list[str]:
        """A text-or-list property as a list of non-empty texts (links included as written)."""
        value = self.get(canonical)
        if value is None:
            return []
        if isinstance(value, str):  # the common case, without the generator
            text = value.strip()
            return [text] if text else []
        if isinstance(value, list):  # then a list of texts (`knows`, `aliases`), as above
            found: list[str] = []
            for item in value:
                if isinstance(item, str):
                    text = item.strip()
                    if text:
                        found.append(text)
                else:
                    found.extend(_texts(item))
            return found
        return list(_texts(value))

    def flag(self, canonical: str) -> bool:
        value = self.get(canonical)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "yes", "ja", "1")
        return value is True


def _texts(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
        return
    text = str(value).strip()
    if text:
        yield text


def lookup_table(config: Config) -> dict[str, tuple[str, ...]]:
    """Canonical name -> every accepted key, lowercase: built-in names, then the user's."""
    table: dict[str, tuple[str, ...]] = {}
    for canonical, names in BUILTIN.items():
        extra = tuple(n.lower() for n in config.property_names(canonical))
        table[canonical] = tuple(n.lower() for n in names) + extra
    for canonical, names in config.properties.items():
        if canonical not in table:
            table[canonical] = (canonical.lower(), *(n.lower() for n in names))
    return table
