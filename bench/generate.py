"""Write a deterministic synthetic Obsidian vault of relationship notes for the benchmark.

    python bench/generate.py OUT_DIR [--people 5000] [--dated 40000] [--signals 5000]
                             [--organisations 300] [--conflicts 50] [--seed 1] [--light]
                             [--force]

The same seed gives the same bytes on any machine: every random choice comes from
one `random.Random(seed)` drawn in a fixed order, no clock, no `hash()`, no set
iteration, and files are written in sorted order. The vault holds the awkward
things a real one does (Dutch and English property names, duplicate names in two
folders, aliases, `[[Name|shown]]` links, unresolved links, code blocks and
comments with links and tags that must not count, a few BOM/CRLF files,
templates with `{{date}}` in YAML) at a size of about 1.2 KB a note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# --- vocabulary -------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Jan Piet Kees Henk Willem Sander Bram Daan Sem Lucas Thijs Ruben Jeroen Maarten Bas Tim "
    "Joost Wouter Niels Martijn Erik Frank Hans Gert Pieter Koen Stijn Rick Mark Dennis Sjoerd "
    "Hidde Jelle Wessel Floris Teun Mees Luuk Gijs Job Arjen Rutger Gerrit Arie Cor Dirk Evert "
    "Freek Harm Ids Anna Emma Sophie Julia Lotte Sanne Eva Lisa Fleur Iris Anouk Femke Marieke "
    "Esther Ingrid Annemarie Petra Monique Linda Saskia Noor Tess Zoë Liv Roos Maud Floor Lieke "
    "Janneke Marloes Ilse Hanneke Judith Mirjam Wilma Tineke Gerda Daniëlle Chantal Yvonne Sarah "
    "Fatima Mohamed Yusuf Aylin Priya Chen Mehmet Samira Kofi Daniël Michiel Reinier Hendrik "
    "Bastiaan Lodewijk Olivier Vincent Jasper Laurens Merel Renske Wietske Baukje Sietske "
    "Geertje Hester Machteld Eline Joëlle Chloë"
)

SURNAMES = _words(
    "Jong Vries Bakker Visser Smit Meijer Boer Mulder Groot Bos Vos Peters Hendriks Dekker "
    "Brouwer Wit Dijkstra Smits Graaf Meer Linden Kok Jacobs Haan Vermeulen Heuvel Veen Broek "
    "Bruijn Berg Schouten Beek Willems Hoekstra Koster Prins Leeuwen Dam Kuipers Wijk Verhoeven "
    "Huisman Postma Kramer Maas Veenstra Timmermans Hermans Molenaar Wal Bosch Gerritsen Jansen "
    "Janssen Hoek Verbeek Schipper Scholten Kuiper Boven Koning Vliet Lange Evers Molen Zanten "
    "Bergsma Groen Sluis Velde Veld Kamp Wouters Martens Dijk Pauw Westra Zwart Smeets Bosma "
    "Rijn Ridder Roos Blom Claassen Oosterhout Akkerman Haverkamp Tuinstra Zijlstra Nieuwenhuis "
    "Everts Brink Hofman Ruiter Stam Steen Vink Wolters Yilmaz Öztürk Amrani Boukhari Nguyen "
    "Wang Kaya Şahin Mensah Pinas Doorn Goossens Aarts Bouwman Lammers Reijnders Sanders "
    "Wagenaar Tol Zeeman Hulst Kempen Mol Pol Ploeg Schaik"
)

# (tussenvoegsel, weight): most Dutch names have none.
TUSSENVOEGSELS = (
    ("", 60),
    ("de", 10),
    ("van", 8),
    ("van de", 6),
    ("van der", 6),
    ("van den", 3),
    ("ter", 2),
    ("ten", 1),
    ("in 't", 1),
    ("op de", 1),
    ("den", 1),
    ("van 't", 1),
)

_CITY_WORDS = _words(
    "Utrecht Amsterdam Rotterdam Den-Haag Eindhoven Groningen Tilburg Almere Breda Nijmegen "
    "Apeldoorn Haarlem Arnhem Enschede Amersfoort Zaanstad Zwolle Leiden Maastricht Dordrecht "
    "Zoetermeer Ede Delft Deventer Leeuwarden Alkmaar Venlo Helmond Hilversum Heerlen Sittard "
    "Gouda Assen Emmen Roermond Middelburg Vlissingen Terneuzen Harderwijk Wageningen Zeist "
    "Lelystad Purmerend Hoorn Den-Helder Oss Kampen Meppel Sneek Drachten"
)
CITIES = tuple(c.replace("-", " ") for c in _CITY_WORDS)
PROVINCES = _words(
    "Utrecht Gelderland Overijssel Drenthe Groningen Friesland Flevoland Zeeland Limburg"
)
WORDS = _words(
    "Horizon Noorderlicht Dijkgraaf Polderkracht Zeewind Lindeboom Waterkant Kompas Vuurtoren "
    "Brug Haven Molenwiek Duinrand Heide Zonnepaneel Netwerk Eikenhout Buitenkans Groenrijk "
    "Bouwsteen Vaart Stroom Sleutel Rivierland Kennispunt Dorpshart Veldwerk Nieuwland Klaproos "
    "Linge Kade Baken Vlonder Sluiswachter Toekomst Samen Stadshart Wijkkracht Lichtpunt"
)
ORG_PATTERNS = (
    "Gemeente {city}",
    "Provincie {province}",
    "Stichting {word}",
    "{surname} Advies",
    "{surname} & Partners",
    "{word} B.V.",
    "Vereniging {word}",
    "{word} Groep",
    "Coöperatie {word}",
    "Hogeschool {city}",
    "Ziekenhuis {city}",
    "{city} Energie",
    "Woningcorporatie {word}",
    "{word} Holding",
)
STAKEHOLDERS = (
    "client",
    "prospect",
    "supplier",
    "partner",
    "competitor",
    "colleague",
    "press",
    "government",
    "investor",
    "community",
    "other",
)
ROLES = _words(
    "beleidsadviseur wethouder directeur projectleider accountmanager journalist "
    "gedeputeerde raadslid inkoper adviseur bestuurder voorzitter secretaris "
    "onderzoeker ondernemer programmamanager woordvoerder"
)
INTERESTS = _words(
    "zeilen wielrennen jazz tuinieren schaken geschiedenis AI duurzaamheid fotografie koken "
    "hardlopen politiek kunst wijn vogels voetbal hockey lezen reizen open-source"
)
TOPICS = _words(
    "windpark woningbouw subsidieaanvraag fusie aanbesteding begroting stikstof laadpalen "
    "vacature reorganisatie zonnepark bestemmingsplan jaarverslag samenwerking netcongestie "
    "warmtenet verkiezingen nieuwbouw fietsbrug datacenter"
)
MEETINGS = ("Overleg", "Lunch", "Kennismaking", "Stuurgroep", "Koffie", "Werksessie", "Borrel")
SUBJECTS = (
    "Het project",
    "De planning",
    "Het budget",
    "De aanvraag",
    "De gemeente",
    "Het team",
    "De raad",
    "De klant",
    "Het bestuur",
    "De provincie",
)
VERBS = (
    "loopt vertraging op door",
    "wacht nog op",
    "is enthousiast over",
    "twijfelt over",
    "heeft vragen over",
    "zoekt hulp bij",
    "maakt zich zorgen om",
    "wil snel door met",
    "heroverweegt",
    "legt de nadruk op",
)
OBJECTS = (
    "de vergunning",
    "het tweede kwartaal",
    "de nieuwe wethouder",
    "de financiering",
    "een extra onderzoek",
    "de evaluatie",
    "de inspraakavond",
    "het concept-advies",
    "de aanbesteding",
    "een pilot in de wijk",
    "de communicatie",
    "de lange termijn",
)
TAILS = (
    "",
    " volgens de laatste berichten",
    " maar dat is nog niet zeker",
    " en dat willen ze voor de zomer rond hebben",
    " zoals eerder besproken",
    " (nog navragen)",
)

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 11, 25)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days + 1

DAILY_FOLDER = "Dagboek"
DAILY_FORMAT = "YYYY/YYYY-MM-DD"
TEMPLATES_FOLDER = "Sjablonen"
PERSON_FOLDERS = (
    "Mensen",
    "Mensen/Klanten",
    "Mensen/Overheid",
    "Mensen/Netwerk",
    "Mensen/Collega's",
)

TEMPLATES = {
    f"{TEMPLATES_FOLDER}/Persoon.md": (
        "---\ntype: persoon\naangemaakt: {{date}}\nkring: gewoon\nkent: []\n---\n\n# {{title}}\n"
    ),
    f"{TEMPLATES_FOLDER}/Dagnotitie.md": (
        "---\ndatum: {{date:YYYY-MM-DD}}\n---\n\n## Contact\n- #contact met [[]] over \n"
    ),
}
CONFIG_TOML = (
    "# netwerknotities settings for the synthetic benchmark vault\n"
    'language = "nl"\n'
    "\n"
    "[cadence]\n"
    'important = "30d"\n'
    'regular = "13w"\n'
    "\n"
    "[calendar]\n"
    'timezone = "Europe/Amsterdam"\n'
    'holidays = "NL"\n'
)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many notes of each kind to write."""

    people: int = 5000
    dated: int = 40000
    signals: int = 5000
    organisations: int = 300
    conflicts: int = 50

    @property
    def notes(self) -> int:
        return self.people + self.dated + self.signals + self.organisations + self.conflicts

    @property
    def files(self) -> int:
        """Every file written: the notes, the templates and three settings files."""
        return self.notes + len(TEMPLATES) + 3


def scaled_counts(notes: int) -> Counts:
    """Counts for about `notes` notes, in the default proportions."""
    default = Counts()
    factor = notes / default.notes

    def part(n: int, least: int) -> int:
        return max(least, round(n * factor))

    return Counts(
        people=part(default.people, 10),
        dated=part(default.dated, 10),
        signals=part(default.signals, 2),
        organisations=part(default.organisations, 3),
        conflicts=part(default.conflicts, 1),
    )


# Bumped whenever the generator writes other bytes for the same arguments.
GENERATOR_VERSION = 2
COUNT_FIELDS = ("people", "dated", "signals", "organisations", "conflicts")


def stamp_of(counts: Counts, seed: int = 1, meeting_front_matter: bool = True) -> str:
    """What identifies a generated vault's bytes: the generator's version and arguments."""
    made = {field: getattr(counts, field) for field in COUNT_FIELDS}
    made |= {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "meeting_front_matter": meeting_front_matter,
    }
    return json.dumps(made, sort_keys=True) + "\n"


@dataclass(slots=True)
class Person:
    name: str
    folder: str
    link: str  # what other notes write between [[ and ]]
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    bytes: int
    seconds: float


# --- small helpers ----------------------------------------------------------------------


_LINK_RE = re.compile(r"\[\[([^\]|#]+)")


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(key: str, items: Sequence[str], rng: random.Random) -> str:
    """A YAML list as users write it: block style mostly, flow style sometimes."""
    if not items:
        return f"{key}: []\n"
    if rng.random() < 0.3:
        return f"{key}: [{', '.join(items)}]\n"
    return f"{key}:\n" + "".join(f"  - {item}\n" for item in items)


def _day(rng: random.Random, recent: bool = True) -> dt.date:
    # Squaring biases towards recent days, as a living vault grows.
    r = rng.random()
    offset = int(SPAN_DAYS * (1.0 - r * r)) if recent else int(SPAN_DAYS * r)
    return FIRST_DAY + dt.timedelta(days=min(offset, SPAN_DAYS - 1))


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _phone(rng: random.Random) -> str:
    # Unquoted on purpose: a leading zero must survive reading (spec section 1).
    return "06" + "".join(str(rng.randrange(10)) for _ in range(8))


# --- names ------------------------------------------------------------------------------


def _person_names(rng: random.Random, n: int) -> list[str]:
    tussen = [t for t, _ in TUSSENVOEGSELS]
    weights = [w for _, w in TUSSENVOEGSELS]
    names: list[str] = []
    used: set[str] = set()  # membership only; never iterated
    while len(names) < n:
        first = rng.choice(FIRST_NAMES)
        t = rng.choices(tussen, weights)[0]
        last = rng.choice(SURNAMES)
        name = " ".join(p for p in (first, t, last) if p)
        if name in used:
            # A middle initial makes room once the plain combinations run out.
            name = f"{first} {chr(65 + rng.randrange(26))}. {t + ' ' if t else ''}{last}"
            if name in used:
                continue
        used.add(name)
        names.append(name)
    return names


def _org_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    while len(names) < n:
        name = rng.choice(ORG_PATTERNS).format(
            city=rng.choice(CITIES),
            province=rng.choice(PROVINCES),
            word=rng.choice(WORDS),
            surname=rng.choice(SURNAMES),
        )
        if name in used:
            name = f"{name} {len(names)}"
        used.add(name)
        names.append(name)
    return names


def _make_people(rng: random.Random, n: int) -> list[Person]:
    names = _person_names(rng, n)
    people: list[Person] = []
    for name in names:
        folder = PERSON_FOLDERS[rng.choices(range(len(PERSON_FOLDERS)), (40, 20, 15, 20, 5))[0]]
        people.append(Person(name, folder, name))
    # A few names held by two people in different folders, on purpose: Obsidian
    # then writes the path, and a plain [[Name]] is ambiguous.
    duplicates = max(1, n // 1000) if n >= 4 else 0
    for k in range(duplicates):
        original = people[(k * 7919) % (n // 2)]
        twin = people[n // 2 + (k * 104729) % (n - n // 2)]
        if twin is original:
            continue
        twin.name = original.name
        twin.folder = next(f for f in PERSON_FOLDERS if f != original.folder)
        original.link = f"{original.folder}/{original.name}"
        twin.link = f"{twin.folder}/{twin.name}"
    return people


def _assign_aliases(
    rng: random.Random, people: list[Person], org_names: list[str]
) -> dict[str, list[str]]:
    """Give some people and organisations aliases; return the organisations' ones.

    An alias never equals another alias or a note name (case-insensitively), so
    that an `[[alias]]` link has exactly one target.
    """
    used = {p.name.casefold() for p in people} | {o.casefold() for o in org_names}
    for person in people:
        if rng.random() < 0.15:
            parts = person.name.split(" ")
            wanted = [f"{parts[0]} {parts[-1][0]}."]
            if rng.random() < 0.5:
                wanted.append(_initials(person.name))
            person.aliases = [a for a in wanted if a.casefold() not in used]
            used.update(a.casefold() for a in person.aliases)
    org_aliases: dict[str, list[str]] = {}
    for name in org_names:
        alias = _initials(name)
        if rng.random() < 0.2 and alias.casefold() not in used:
            org_aliases[name] = [alias]
            used.add(alias.casefold())
    return org_aliases


def _initials(name: str) -> str:
    return "".join(part[0].upper() for part in name.split(" ") if part[0].isalpha())


# --- notes ------------------------------------------------------------------------------


class Picker:
    """Draws people and organisations with a skew: some are linked much more than others."""

    def __init__(self, rng: random.Random, people: list[Person], orgs: list[str]) -> None:
        self.rng = rng
        self.people = people
        self.orgs = orgs
        self._people_cum = _zipf_cumulative(len(people))
        self._org_cum = _zipf_cumulative(len(orgs))
        self._people_order = list(range(len(people)))
        rng.shuffle(self._people_order)

    def person(self) -> Person:
        rank = self.rng.choices(range(len(self.people)), cum_weights=self._people_cum)[0]
        return self.people[self._people_order[rank]]

    def people_n(self, k: int) -> list[Person]:
        chosen: list[Person] = []
        while len(chosen) < min(k, len(self.people)):
            p = self.person()
            if all(p is not c for c in chosen):
                chosen.append(p)
        return chosen

    def org(self) -> str:
        return self.orgs[self.rng.choices(range(len(self.orgs)), cum_weights=self._org_cum)[0]]

    def link(self, person: Person) -> str:
        """A link to `person` as a user writes it: mostly plain, sometimes shown as an alias."""
        r = self.rng.random()
        if r < 0.08:
            return f"[[{person.link}|{person.name.split(' ')[0]}]]"
        if r < 0.12 and person.aliases:
            return f"[[{person.aliases[0]}]]"
        return f"[[{person.link}]]"


def _zipf_cumulative(n: int) -> list[float]:
    total = 0.0
    cum: list[float] = []
    for rank in range(n):
        total += 1.0 / (rank + 10) ** 0.9
        cum.append(total)
    return cum


def _noise_block(rng: random.Random, pick: Picker) -> str:
    """Code and comments whose links and tags must not count (spec section 4)."""
    r = rng.random()
    if r < 0.4:
        return (
            "```markdown\n"
            f"- #contact met [[Niet Echt {rng.randrange(1000)}]] over {rng.choice(TOPICS)}\n"
            "#signaal [[Ook Geen Link]]\n"
            "```\n"
        )
    if r < 0.7:
        return f"%% nog uitzoeken: [[{pick.person().link}]] #contact over de begroting %%\n"
    if r < 0.85:
        return f"Zie `[[voorbeeld]]` en `#contact` in de handleiding van {pick.org()}.\n"
    return f"<!-- [[{pick.person().link}]] #signaal niet meenemen -->\n"


def person_note(rng: random.Random, pick: Picker, person: Person) -> str:
    dutch = rng.random() < 0.6
    k = {
        "type": ("type", "type"),
        "tier": ("kring", "tier"),
        "org": ("organisatie", "organisation"),
        "role": ("rol", "role"),
        "knows": ("kent", "knows"),
        "via": ("via", "introduced_by"),
        "interests": ("interesses", "interests"),
        "cadence": ("frequentie", "cadence"),
        "birthday": ("verjaardag", "birthday"),
        "phone": ("telefoon", "phone"),
        "last": ("laatste_contact", "last_contact"),
        "internal": ("intern", "internal"),
        "paused": ("gepauzeerd", "paused"),
    }
    i = 0 if dutch else 1
    tier_r = rng.random()
    tier_index = 0 if tier_r < 0.1 else (1 if tier_r < 0.6 else 2)
    tier = (("belangrijk", "gewoon", "onbelangrijk"), ("important", "regular", "unimportant"))[i][
        tier_index
    ]
    org = pick.org()
    role = rng.choice(ROLES)
    fm = ["---\n", f"type: {('persoon', 'person')[i]}\n", f"{k['tier'][i]}: {tier}\n"]
    if rng.random() < 0.15:
        fm.append(_yaml_list(k["org"][i], [_q(f"[[{org}]]"), _q(f"[[{pick.org()}]]")], rng))
    else:
        fm.append(f"{k['org'][i]}: {_q(f'[[{org}]]')}\n")
    fm.append(f"{k['role'][i]}: {role}\n")
    fm.append(f"stakeholder: {rng.choice(STAKEHOLDERS)}\n")
    knows = [p for p in pick.people_n(rng.randint(3, 15)) if p is not person]
    fm.append(_yaml_list(k["knows"][i], [_q(f"[[{p.link}]]") for p in knows], rng))
    if rng.random() < 0.4:
        fm.append(f"{k['via'][i]}: {_q(f'[[{pick.person().link}]]')}\n")
    fm.append(_yaml_list(k["interests"][i], rng.sample(INTERESTS, rng.randint(1, 4)), rng))
    if rng.random() < 0.3:
        fm.append(f"{k['cadence'][i]}: {rng.choice(('10d', '3w', '6w', '2m', '1y'))}\n")
    if rng.random() < 0.4:
        if rng.random() < 0.5:
            birthday = dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
            fm.append(f"{k['birthday'][i]}: {birthday.isoformat()}\n")
        else:
            fm.append(
                f"{k['birthday'][i]}: {_q(f'{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}')}\n"
            )
    fm.append(f"{k['phone'][i]}: {_phone(rng)}\n")
    slug = person.name.lower().replace(" ", ".").replace("'", "")
    fm.append(f"email: {slug}@example.nl\n")
    if rng.random() < 0.1:
        fm.append(f"{k['last'][i]}: {_day(rng).isoformat()}\n")
    if rng.random() < 0.05:
        fm.append(f"{k['internal'][i]}: true\n")
    if rng.random() < 0.02:
        fm.append(f"{k['paused'][i]}: true\n")
    if person.aliases:
        fm.append(_yaml_list("aliases", [_q(a) for a in person.aliases], rng))
    if rng.random() < 0.2:
        fm.append(_yaml_list("tags", ["relatie", rng.choice(TOPICS)], rng))
    fm.append("---\n")

    body = [
        f"\n# {person.name}\n\n",
        f"{role.capitalize()} bij [[{org}]]. {_prose(rng, rng.randint(1, 3))}\n\n",
        "## Achtergrond\n\n",
        f"{_prose(rng, rng.randint(1, 3))}\n\n",
        "## Notities\n\n",
    ]
    for _ in range(rng.randint(1, 4)):
        other = pick.person()
        body.append(f"- {_day(rng).isoformat()}: {_sentence(rng)} Zie ook {pick.link(other)}.\n")
    if rng.random() < 0.1:
        body.append("\n" + _noise_block(rng, pick))
    if rng.random() < 0.05:
        body.append(f"\nGeen notitie nog: [[Onbekend {rng.randrange(10000)}]]\n")
    return "".join(fm) + "".join(body)


def dated_body(rng: random.Random, pick: Picker) -> str:
    lines = [f"## {rng.choice(MEETINGS)}\n\n", _prose(rng, rng.randint(1, 3)) + "\n\n"]
    for _ in range(rng.randint(1, 4)):
        who = pick.people_n(rng.randint(1, 3))
        names = " en ".join(pick.link(p) for p in who)
        tag = "#contactmoment" if rng.random() < 0.1 else "#contact"
        if rng.random() < 0.2:
            lines.append(f"- Gesproken met {names} over {rng.choice(TOPICS)} {tag}\n")
        else:
            lines.append(f"- {tag} met {names} over {rng.choice(TOPICS)}\n")
    if rng.random() < 0.35:
        tag = "#signaal" if rng.random() < 0.7 else "#signal"
        lines.append(f"- {tag} {pick.link(pick.person())} vertelt: {_sentence(rng)}\n")
    if rng.random() < 0.3:
        lines.append(f"- [ ] bel {pick.link(pick.person())} terug\n")
    if rng.random() < 0.2:
        lines.append(f"- [x] mail gestuurd aan {pick.link(pick.person())}\n")
    lines.append(f"\n{_sentence(rng)} Relevant voor [[{pick.org()}]].\n")
    lines.append(f"\n### Aantekeningen\n\n{_prose(rng, rng.randint(3, 7))}\n\n")
    lines.append(f"{_prose(rng, rng.randint(1, 4))}\n\n")
    for _ in range(rng.randint(0, 3)):
        lines.append(f"- Actiepunt: {_sentence(rng)}\n")
    if rng.random() < 0.1:
        lines.append(f"> {pick.link(pick.person())} zei ooit: {_sentence(rng)}\n")
    if rng.random() < 0.08:
        lines.append("\n" + _noise_block(rng, pick))
    if rng.random() < 0.05:
        lines.append(f"\nActie: notitie maken over [[Nog uitzoeken {rng.randrange(10000)}]].\n")
    return "".join(lines)


def daily_paths(rng: random.Random, n: int) -> list[tuple[str, dt.date]]:
    offsets = sorted(rng.sample(range(SPAN_DAYS), min(n, SPAN_DAYS)))
    days = [FIRST_DAY + dt.timedelta(days=o) for o in offsets]
    return [(f"{DAILY_FOLDER}/{d.year}/{d.isoformat()}.md", d) for d in days]


def meeting_note(
    rng: random.Random, pick: Picker, number: int, front_matter: bool = True
) -> tuple[str, str]:
    day = _day(rng)
    r = rng.random()
    if r < 0.1:
        # A contact note: the people in `met`, the date in `datum`.
        who = pick.people_n(rng.randint(1, 3))
        met = [_q(f"[[{p.link}]]") for p in who]
        fm = (
            "---\ntype: contactmoment\n"
            f"datum: {day.isoformat()}\n"
            + _yaml_list("met", met, rng)
            + f"kanaal: {rng.choice(('telefoon', 'video', 'lunch', 'koffie'))}\n"
            + f"minuten: {rng.choice((5, 15, 30, 60))}\n---\n\n"
        )
        path = f"Contacten/{day.year}/{day.isoformat()} {who[0].name} {number}.md"
        return path, fm + dated_body(rng, pick)
    if r < 0.15:
        # Dated by its property only, not by its name.
        fm = f"---\ndatum: {day.isoformat()}\ntags: [gesprek]\n---\n\n"
        return f"Gesprekken/{rng.choice(MEETINGS)} {number}.md", fm + dated_body(rng, pick)
    path = f"Vergaderingen/{day.year}/{day.isoformat()} {rng.choice(MEETINGS)} {number}.md"
    body = dated_body(rng, pick)
    if not front_matter:
        return path, body
    # As a meeting template leaves it: the date, a tag and who took part (the first three
    # link targets of the body, whatever they name). Derived from the body, so the rest of
    # the vault stays the same.
    who = list(dict.fromkeys(_LINK_RE.findall(body)))[:3]
    fm = (
        f"---\ndatum: {day.isoformat()}\ntags: [vergadering]\n"
        + "deelnemers:\n"
        + "".join(f"  - {_q(f'[[{name}]]')}\n" for name in who)
        + "---\n\n"
    )
    return path, fm + body


def signal_note(rng: random.Random, pick: Picker, number: int) -> tuple[str, str]:
    day = _day(rng)
    topic = rng.choice(TOPICS)
    english = rng.random() < 0.3
    sources = [_q(f"[[{p.link}]]") for p in pick.people_n(rng.randint(1, 2))]
    about = [_q(f"[[{pick.org()}]]")]
    if rng.random() < 0.3:
        about.append(_q(f"[[{pick.person().link}]]"))
    keys = (
        ("date", "source", "about", "topic") if english else ("datum", "bron", "over", "onderwerp")
    )
    fm = (
        f"---\ntype: {'signal' if english else 'signaal'}\n"
        f"{keys[0]}: {day.isoformat()}\n"
        + f"{keys[1]}: [{', '.join(sources)}]\n"
        + _yaml_list(keys[2], about, rng)
        + f"{keys[3]}: {topic}\n---\n\n"
    )
    body = f"{_prose(rng, rng.randint(4, 9))}\n\nGehoord van {pick.link(pick.person())}.\n"
    return f"Signalen/{day.year}/{day.isoformat()} {topic} {number}.md", fm + body


def org_note(rng: random.Random, pick: Picker, name: str, aliases: list[str]) -> str:
    kind = rng.choice(("organisatie", "organisation", "organization"))
    fm = f"---\ntype: {kind}\nstakeholder: {rng.choice(STAKEHOLDERS)}\n"
    if aliases:
        fm += _yaml_list("aliases", [_q(a) for a in aliases], rng)
    fm += f"website: https://example.nl/{rng.randrange(100000)}\n---\n\n"
    contacts = ", ".join(pick.link(p) for p in pick.people_n(rng.randint(1, 4)))
    body = f"# {name}\n\n{_prose(rng, rng.randint(2, 5))}\n\nContactpersonen: {contacts}.\n"
    return fm + body


def conflict_note(rng: random.Random, pick: Picker, number: int) -> tuple[str, str]:
    topic = rng.choice(TOPICS)
    parties = [pick.org(), pick.org()]
    while parties[1] == parties[0] and len(pick.orgs) > 1:
        parties[1] = pick.org()
    links = [_q(f"[[{p}]]") for p in parties]
    if rng.random() < 0.3:
        links.append(_q(f"[[{pick.person().link}]]"))
    status = "open" if rng.random() < 0.7 else "closed"
    fm = (
        "---\ntype: belang\n"
        + _yaml_list("partijen", links, rng)
        + f"onderwerp: {topic}\nstatus: {status}\nsinds: {_day(rng).isoformat()}\n---\n\n"
    )
    body = f"{_prose(rng, rng.randint(2, 4))}\n"
    return f"Belangen/Belang {number:03d} {topic}.md", fm + body


# --- the vault --------------------------------------------------------------------------


def vault_files(
    counts: Counts, seed: int = 1, meeting_front_matter: bool = True
) -> dict[str, bytes]:
    """Every file of the vault as {relative posix path: bytes}; pure and deterministic.
    `meeting_front_matter`: whether the meeting notes (most of the dated ones) carry
    front-matter; every other byte of the vault is the same either way."""
    rng = random.Random(seed)
    people = _make_people(rng, counts.people)
    org_names = _org_names(rng, max(1, counts.organisations))
    org_aliases = _assign_aliases(rng, people, org_names)
    pick = Picker(rng, people, org_names)
    texts: dict[str, str] = {}

    for person in people:
        texts[f"{person.folder}/{person.name}.md"] = person_note(rng, pick, person)
    for name in org_names[: counts.organisations]:
        texts[f"Organisaties/{name}.md"] = org_note(rng, pick, name, org_aliases.get(name, []))

    n_daily = min(counts.dated * 3 // 20, SPAN_DAYS)
    for path, _ in daily_paths(rng, n_daily):
        texts[path] = dated_body(rng, pick)
    for number in range(1, counts.dated - n_daily + 1):
        path, text = meeting_note(rng, pick, number, meeting_front_matter)
        texts[path] = text
    for number in range(1, counts.signals + 1):
        path, text = signal_note(rng, pick, number)
        texts[path] = text
    for number in range(1, counts.conflicts + 1):
        path, text = conflict_note(rng, pick, number)
        texts[path] = text
    texts.update(TEMPLATES)

    files: dict[str, bytes] = {}
    for path in sorted(texts):
        data = texts[path].encode("utf-8")
        # A few files as Windows editors leave them: BOM and/or CRLF.
        r = rng.random()
        if r < 0.003:
            data = b"\xef\xbb\xbf" + data
        elif r < 0.006:
            data = data.replace(b"\n", b"\r\n")
        files[path] = data
    daily = {"folder": DAILY_FOLDER, "format": DAILY_FORMAT, "template": ""}
    files[".obsidian/daily-notes.json"] = (json.dumps(daily, indent=2) + "\n").encode()
    templates = {"folder": TEMPLATES_FOLDER}
    files[".obsidian/templates.json"] = (json.dumps(templates, indent=2) + "\n").encode()
    files["netwerknotities.toml"] = CONFIG_TOML.encode()
    if len(files) != counts.files:
        raise AssertionError(f"generated {len(files)} files, expected {counts.files}")
    return files


def generate(
    out: Path, counts: Counts, seed: int = 1, meeting_front_matter: bool = True
) -> Summary:
    """Write the vault into `out` (which must be missing or empty)."""
    start = time.perf_counter()
    files = vault_files(counts, seed, meeting_front_matter)
    out.mkdir(parents=True, exist_ok=True)
    made: set[Path] = set()
    total = 0
    for rel in sorted(files):
        target = out / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[rel])
        total += len(files[rel])
    return Summary(len(files), total, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the vault into")
    default = Counts()
    parser.add_argument("--people", type=int, default=default.people)
    parser.add_argument("--dated", type=int, default=default.dated)
    parser.add_argument("--signals", type=int, default=default.signals)
    parser.add_argument("--organisations", type=int, default=default.organisations)
    parser.add_argument("--conflicts", type=int, default=default.conflicts)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--light",
        action="store_true",
        help="meeting notes without front-matter (datum, tags, deelnemers)",
    )
    parser.add_argument("--force", action="store_true", help="empty OUT first if it has files")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"{out} is not empty; pass --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    counts = Counts(args.people, args.dated, args.signals, args.organisations, args.conflicts)
    summary = generate(out, counts, args.seed, meeting_front_matter=not args.light)
    print(
        f"wrote {summary.files} files, {summary.bytes / 1e6:.1f} MB "
        f"in {summary.seconds:.1f} s to {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
