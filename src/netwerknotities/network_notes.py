"""Generated Markdown notes for the network analyses: review, reach and variety.

Plain Markdown that Obsidian reads without plugins. Every person with a note
is a wikilink made by the caller's `link` (a path to the complete `[[…]]`
text, so that colliding names get their folder); a name without a note is
written as it is. Labels come in English and Dutch (`language` "en"/"nl").
"""

from __future__ import annotations

from collections.abc import Callable

from . import introductions, network, network_review, network_variety
from .model import Model
from .render_notes import header

LinkFn = Callable[[str], str]

NOTE_NAMES = {
    "en": {
        "review": "Review",
        "reach": "Reach",
        "variety": "Variety",
    },
    "nl": {
        "review": "Herziening",
        "reach": "Bereik",
        "variety": "Variatie",
    },
}
SHOWN_ROWS = 100  # a long list stops here, saying how many more there are

_WORDS = {
    "en": {
        "review": "Review of tiers",
        "as_of": "As of {today}, from {n} people. Nothing in your notes has been changed.",
        "distribution": "Distribution",
        "tier": "Tier",
        "people": "People",
        "share": "Share",
        "target": "Target",
        "important": "important",
        "regular": "regular",
        "unimportant": "unimportant",
        "none": "no tier",
        "none_note": "People without a tier get the cadence of regular people.",
        "promote": "Promote to important",
        "demote": "Demote to unimportant",
        "no_suggestions": "No suggestions.",
        "rules": "How suggestions are made",
        "rule_promote": "Promote a person who is not important yet and, in the last 12 months, "
        "had {c} or more contact moments, or gave {s} or more signals, or who introduced "
        "{i} or more people, and whose evidence score (contacts + 2 × signals + 3 × introductions) "
        "is among the best 10 %; the highest score first.",
        "rule_demote": "Demote a person who is regular or has no tier, is not a colleague, and "
        "in the last 12 months had no contact moment, gave no signal, introduced nobody, "
        "and knows {k} people or fewer; the longest silence first.",
        "rule_seed": "The seed (P2): about 10 % of your relations are important and 40 % "
        "unimportant; look at this regularly, as markets shift.",
        "reach": "Reach",
        "first": "First degree: people with a note",
        "second": "Second degree: people named in `knows` without a note of their own",
        "via": "Through colleagues: people tied to an internal person",
        "only_via": "Only through colleagues: second-degree people named only by colleagues",
        "arithmetic": "250 × 200",
        "seed_sum": "The seed (P1) counts on 250 important acquaintances who can each refer "
        "you to 200 others: 250 × 200 = {fifty} people within two steps; with 100 unique "
        "people each a step further, {five} people: every adult in the Netherlands.",
        "yours": "Your notes hold {first} people, of whom {important} important (the seed: "
        "250). They name {second} people you have no note for: {avg} per person, where the "
        "seed assumes 200.",
        "scaled": "At the seed's 200 each, your {first} people would open {open} people; your "
        "notes record {second} of them ({pct} %). Recording `knows` for your important people "
        "first shows the reach you already have.",
        "empty": "Your notes hold no people yet.",
        "colleagues": "Your {internal} colleagues tie you to {via} people (P10: let others "
        "work for you); {only} people you reach only through them.",
        "variety": "Variety",
        "kinds": "Stakeholder kinds",
        "organisations": "Organisations",
        "sectors": "Sectors",
        "no_kind": "no stakeholder kind",
        "nothing": "None recorded.",
        "more": "… and {n} more.",
        "warnings": "Warnings",
        "no_warnings": "No warnings: the network does not lean on one kind or one organisation.",
        "lean_clients": "{n} of {total} people with a stakeholder kind ({share} %) are "
        "{subject}. P3: don't run after the client; other stakeholders shape the market too.",
        "lean_kind": "{n} of {total} people with a stakeholder kind ({share} %) are {subject}. "
        "P9: a network that all points one way is a prison.",
        "lean_org": "{n} of {total} external people with an organisation ({share} %) are at "
        "{subject}. P9: a network that all points one way is a prison.",
        "bridges": "Bridges: people to listen to",
        "bridges_intro": "The only person tying you to a stakeholder kind or an organisation "
        "(P9: listen to people who differ).",
        "only_kind": "the only {kinds}",
        "only_org": "the only one at {orgs}",
        "second_order": "Tied to one party, knowing someone tied to another",
        "paths_to": "Warm introductions to {target}:",
        "in_vault": "You have a note for {target} already; these people can warm the tie.",
        "no_paths": "No warm path to {target} within {steps} steps.",
        "strength": "tie strength {n}",
    },
    "nl": {
        "review": "Herziening van kringen",
        "as_of": "Stand van {today}, over {n} mensen. Er is niets in je notities veranderd.",
        "distribution": "Verdeling",
        "tier": "Kring",
        "people": "Mensen",
        "share": "Aandeel",
        "target": "Doel",
        "important": "belangrijk",
        "regular": "gewoon",
        "unimportant": "onbelangrijk",
        "none": "geen kring",
        "none_note": "Mensen zonder kring krijgen de frequentie van gewone relaties.",
        "promote": "Naar belangrijk",
        "demote": "Naar onbelangrijk",
        "no_suggestions": "Geen voorstellen.",
        "rules": "Hoe de voorstellen ontstaan",
        "rule_promote": "Naar belangrijk: wie nog niet belangrijk is en in de laatste 12 "
        "maanden {c} of meer contactmomenten had, of {s} of meer signalen gaf, of {i} of meer "
        "mensen voorstelde, en wiens bewijsscore (contacten + 2 × signalen + 3 × introducties) "
        "bij de beste 10 % hoort; de hoogste score eerst.",
        "rule_demote": "Naar onbelangrijk: wie gewoon is of geen kring heeft, geen collega "
        "is, en in de laatste 12 maanden geen contactmoment had, geen signaal gaf, niemand "
        "voorstelde en {k} of minder mensen kent; de langste stilte eerst.",
        "rule_seed": "De tekst (P2): zo'n 10 % van je relaties is belangrijk en 40 % "
        "onbelangrijk; bekijk dit regelmatig, markten verschuiven.",
        "reach": "Bereik",
        "first": "Eerste graad: mensen met een notitie",
        "second": "Tweede graad: mensen in `kent` zonder eigen notitie",
        "via": "Via collega's: mensen verbonden met een interne collega",
        "only_via": "Alleen via collega's: tweedegraads mensen die alleen collega's noemen",
        "arithmetic": "250 × 200",
        "seed_sum": "De tekst (P1) rekent met 250 belangrijke kennissen die elk naar 200 "
        "anderen kunnen doorverwijzen: 250 × 200 = {fifty} mensen in twee stappen; met 100 "
        "unieke personen elk een stap verder {five} mensen: alle volwassen Nederlanders.",
        "yours": "Je notities bevatten {first} mensen, van wie {important} belangrijk (de "
        "tekst: 250). Zij noemen {second} mensen zonder eigen notitie: {avg} per persoon, "
        "waar de tekst er 200 aanneemt.",
        "scaled": "Met 200 per persoon zouden je {first} mensen {open} mensen ontsluiten; je "
        "notities leggen er {second} vast ({pct} %). Leg eerst `kent` vast bij je "
        "belangrijke mensen: dan zie je het bereik dat je al hebt.",
        "empty": "Je notities bevatten nog geen mensen.",
        "colleagues": "Je {internal} collega's verbinden je met {via} mensen (P10: laat "
        "anderen voor je werken); {only} mensen bereik je alleen via hen.",
        "variety": "Variatie",
        "kinds": "Soorten stakeholders",
        "organisations": "Organisaties",
        "sectors": "Sectoren",
        "no_kind": "geen soort stakeholder",
        "nothing": "Niets vastgelegd.",
        "more": "… en nog {n}.",
        "warnings": "Waarschuwingen",
        "no_warnings": "Geen waarschuwingen: het netwerk leunt "
        "niet op één soort of één organisatie.",
        "lean_clients": "{n} van {total} mensen met een soort stakeholder ({share} %) zijn "
        "{subject}. P3: loop niet achter de klant aan; ook andere stakeholders bepalen de markt.",
        "lean_kind": "{n} van {total} mensen met een soort stakeholder ({share} %) zijn "
        "{subject}. P9: netwerken zijn potentiële gevangenissen.",
        "lean_org": "{n} van {total} externe mensen met een organisatie ({share} %) zitten bij "
        "{subject}. P9: netwerken zijn potentiële gevangenissen.",
        "bridges": "Bruggen: mensen om naar te luisteren",
        "bridges_intro": "De enige die je verbindt met een soort stakeholder of een organisatie "
        "(P9: luister goed naar afwijkende mensen).",
        "only_kind": "de enige {kinds}",
        "only_org": "de enige bij {orgs}",
        "second_order": "Verbonden met één partij, en kent iemand van een andere",
        "paths_to": "Warme introducties bij {target}:",
        "in_vault": "Je hebt al een notitie over {target}; deze mensen kunnen de band verwarmen.",
        "no_paths": "Geen warm pad naar {target} binnen {steps} stappen.",
        "strength": "sterkte {n}",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def _number(n: float, language: str, decimals: int = 0) -> str:
    text = f"{n:,.{decimals}f}"
    if language == "nl":  # 50.000 and 2,5 in Dutch
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _namer(model: Model, link: LinkFn) -> LinkFn:
    """A path as its wikilink, a plain name as it is."""
    return lambda ref: link(ref) if ref in model.names else ref


def _capped(lines: list[str], language: str) -> list[str]:
    if len(lines) <= SHOWN_ROWS:
        return lines
    more = _words(language)["more"].format(n=_number(len(lines) - SHOWN_ROWS, language))
    return [*lines[:SHOWN_ROWS], f"- {more}"]


def _finish(lines: list[str]) -> str:
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render_review_note(
    model: Model, review: network_review.Review, language: str, link: LinkFn
) -> str:
    w = _words(language)
    name = _namer(model, link)
    lines = header(w["review"], "review", model, language)
    lines += [
        w["as_of"].format(today=model.today.isoformat(), n=_number(review.total, language)),
        "",
        f"## {w['distribution']}",
        "",
        f"| {w['tier']} | {w['people']} | {w['share']} | {w['target']} |",
        "| --- | ---: | ---: | ---: |",
    ]
    for tier in network_review.TIER_KEYS:
        target = network_review.TARGET_SHARES.get(tier)
        lines.append(
            f"| {w[tier]} | {_number(review.distribution.get(tier, 0), language)} | "
            f"{review.share(tier)} % | {'—' if target is None else f'{target} %'} |"
        )
    lines += ["", w["none_note"], ""]
    for to_tier, title in (("important", w["promote"]), ("unimportant", w["demote"])):
        lines += [f"## {title}", ""]
        rows = []
        for s in review.suggestions:
            if s.to_tier == to_tier:
                rows.append(_suggestion_row(s, model, language, link, name))
        lines += _capped(rows, language) or [w["no_suggestions"]]
        lines.append("")
    if len(_ROWS) > 2 * len(review.suggestions) + 64:
        _ROWS.clear()
    lines += [
        f"## {w['rules']}",
        "",
        "- "
        + w["rule_promote"].format(
            c=network_review.PROMOTE_CONTACTS,
            s=network_review.PROMOTE_SIGNALS,
            i=network_review.PROMOTE_INTRODUCTIONS,
        ),
        "- " + w["rule_demote"].format(k=network_review.DEMOTE_KNOWS_MAX),
        "- " + w["rule_seed"],
    ]
    return _finish(lines)


# id(suggestion) -> (suggestion, link, names, language, row). The review keeps a
# person's Suggestion object while nothing it says changed (see `network_review.review`);
# the entry holds it, so its id is not reused meanwhile.
_ROWS: dict[int, tuple[network_review.Suggestion, LinkFn, dict[str, str], str, str]] = {}


def _suggestion_row(
    s: network_review.Suggestion, model: Model, language: str, link: LinkFn, name: LinkFn
) -> str:
    hit = _ROWS.get(id(s))
    if (
        hit is not None
        and hit[0] is s
        and hit[1] is link
        and hit[2] is model.names
        and hit[3] == language
    ):
        return hit[4]
    reasons = "; ".join(network_review.reason_text(r, language, name) for r in s.reasons)
    row = f"- {name(s.person)} ({_words(language)[s.from_tier]}): {reasons}."
    _ROWS[id(s)] = (s, link, model.names, language, row)
    return row


def render_reach_note(model: Model, reach: network.Reach, language: str, link: LinkFn) -> str:
    del link  # no person is named; the parameter keeps the renderers alike
    w = _words(language)
    lines = header(w["reach"], "reach", model, language)
    lines += [f"| | {w['people']} |", "| --- | ---: |"]
    for label, value in (
        ("first", reach.first_degree),
        ("second", reach.second_degree),
        ("via", reach.via_colleagues),
        ("only_via", reach.only_via_colleagues),
    ):
        lines.append(f"| {w[label]} | {_number(value, language)} |")
    lines += [
        "",
        f"## {w['arithmetic']}",
        "",
        w["seed_sum"].format(fifty=_number(50_000, language), five=_number(5_000_000, language)),
        "",
    ]
    if not reach.first_degree:
        lines.append(w["empty"])
        return _finish(lines)
    opened = reach.first_degree * 200
    lines += [
        w["yours"].format(
            first=_number(reach.first_degree, language),
            important=_number(reach.important, language),
            second=_number(reach.second_degree, language),
            avg=_number(reach.knows_mentions / reach.first_degree, language, 1),
        ),
        "",
        w["scaled"].format(
            first=_number(reach.first_degree, language),
            open=_number(opened, language),
            second=_number(reach.second_degree, language),
            pct=_number(100 * reach.second_degree / opened, language, 1),
        ),
        "",
        w["colleagues"].format(
            internal=_number(reach.internal, language),
            via=_number(reach.via_colleagues, language),
            only=_number(reach.only_via_colleagues, language),
        ),
    ]
    return _finish(lines)


def render_variety_note(
    model: Model, variety: network_variety.Variety, language: str, link: LinkFn
) -> str:
    w = _words(language)
    name = _namer(model, link)

    def n(value: int) -> str:
        return _number(value, language)

    lines = header(w["variety"], "variety", model, language)
    kinds = [f"- {kind}: {n(count)}" for kind, count in variety.stakeholders]
    if variety.no_kind:
        kinds.append(f"- {w['no_kind']}: {n(variety.no_kind)}")
    orgs = [f"- {name(ref)}: {n(count)}" for ref, count in variety.organisations]
    sectors = [f"- {sector}: {n(count)}" for sector, count in variety.sectors]
    for title, rows in (("kinds", kinds), ("organisations", orgs), ("sectors", sectors)):
        lines += [f"## {w[title]}", "", *(_capped(rows, language) or [w["nothing"]]), ""]
    lines += [f"## {w['warnings']}", ""]
    for lean in variety.leans:
        key = (
            "lean_org"
            if lean.dimension == "organisation"
            else ("lean_clients" if lean.clients else "lean_kind")
        )
        subject = name(lean.subject) if lean.dimension == "organisation" else lean.subject
        lines.append(
            "- "
            + w[key].format(n=n(lean.count), total=n(lean.total), share=lean.share, subject=subject)
        )
    if not variety.leans:
        lines.append(w["no_warnings"])
    lines += ["", f"## {w['bridges']}", "", w["bridges_intro"], ""]
    rows = []
    for bridge in variety.bridges:
        parts = []
        if bridge.kinds:
            parts.append(w["only_kind"].format(kinds=", ".join(bridge.kinds)))
        if bridge.organisations:
            parts.append(
                w["only_org"].format(orgs=", ".join(name(o) for o in bridge.organisations))
            )
        rows.append(f"- {name(bridge.person)}: {'; '.join(parts)}")
    lines += _capped(rows, language) or [w["nothing"]]
    return _finish(lines)


def second_order_line(
    model: Model,
    conflict_path: str,
    second: dict[str, tuple[str, ...]],
    language: str,
    link: LinkFn,
) -> str:
    """The list item for one conflict's second order, to follow its exposed people."""
    w = _words(language)
    name = _namer(model, link)
    shown = ", ".join(name(p) for p in second.get(conflict_path, ())) or "—"
    return f"- {w['second_order']}: {shown}"


def render_paths_text(model: Model, result: introductions.PathResult, language: str) -> str:
    """The answer of `path VAULT NAME` for a terminal."""
    w = _words(language)
    lines = [w["paths_to"].format(target=result.target_name)]
    if result.in_vault:
        lines.append(w["in_vault"].format(target=result.target_name))
    for number, chain in enumerate(result.chains, start=1):
        people = " → ".join(model.display(r) for r in chain.people)
        lines.append(f"{number}. {people} ({w['strength'].format(n=chain.strength)})")
        links = "; ".join(introductions.link_text(x, language, model.display) for x in chain.links)
        lines.append(f"   {links}")
    if not result.chains:
        lines.append(w["no_paths"].format(target=result.target_name, steps=network.MAX_STEPS))
    return "\n".join(lines) + "\n"


def render_network_notes(model: Model, language: str, link: LinkFn) -> dict[str, str]:
    """Every note of this module, by file name (without folder), ready to write."""
    names = NOTE_NAMES.get(language, NOTE_NAMES["en"])
    return {
        f"{names['review']}.md": render_review_note(
            model, network_review.review(model), language, link
        ),
        f"{names['reach']}.md": render_reach_note(model, network.reach(model), language, link),
        f"{names['variety']}.md": render_variety_note(
            model, network_variety.variety(model), language, link
        ),
    }
