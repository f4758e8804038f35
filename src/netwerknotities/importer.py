"""`import`: contacts from a file become person notes, without ever a second copy.

Every contact is first matched against the people in the vault — by e-mail,
by phone number, then by name or alias — and against the contacts met earlier
in the same file. A match is never overwritten: properties it lacks are added
(each through `textedit`, one key at a time), properties that differ are
reported. Everything else becomes a new note from the user's person template.
The whole plan is computed before anything is written, so `--dry-run` shows
exactly what a real run does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contactfiles import ImportedContact, Unreadable, read_contacts
from .dailynotes import format_moment
from .errors import NetwerkError
from .filenames import name_key, safe_stem, unique_stem
from .personedit import PersonRef, VaultView, fold, note_is_dutch
from .properties import Props, lookup_table
from .textedit import (
    FrontMatterError,
    check_frontmatter,
    frontmatter_keys,
    read_frontmatter,
    set_property,
    yaml_date,
    yaml_link,
    yaml_list,
    yaml_text,
)
from .usernotes import create_note, read_note, write_note

FIELDS = ("aliases", "organisation", "role", "email", "phone", "birthday", "linkedin")
DUTCH_NAMES = {"organisation": "organisatie", "role": "rol", "phone": "telefoon",
               "birthday": "verjaardag"}  # fmt: skip
TEMPLATE_NAMES = ("persoon", "person")
BUILTIN_TEMPLATE = {"en": "---\ntype: person\n---\n", "nl": "---\ntype: persoon\n---\n"}


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # "create", "enrich" or "skip"
    source: str  # where in the file
    name: str
    path: str = ""  # vault-relative note path ("" for a contact that was not read)
    reason: str = ""
    added: tuple[str, ...] = ()  # property keys added
    conflicts: tuple[str, ...] = ()  # differences reported, nothing changed
    notes: tuple[str, ...] = ()  # what was left out of the contact, and why
    before: bytes | None = None
    after: bytes = b""


@dataclass(frozen=True, slots=True)
class Plan:
    actions: tuple[Action, ...]

    def of(self, kind: str) -> list[Action]:
        return [a for a in self.actions if a.kind == kind]

    def summary(self) -> str:
        counts = Counter(a.kind for a in self.actions)
        return f"{counts['create']} created, {counts['enrich']} enriched, {counts['skip']} skipped"


@dataclass(slots=True)
class _Target:
    """A person a contact can match: one in the vault, or one this import creates."""

    name: str
    aliases: list[str]
    emails: list[str]
    phones: list[str]
    path: str
    existing: PersonRef | None
    contact: ImportedContact | None = None  # for a new person: the merged contacts
    sources: list[str] = dataclasses.field(default_factory=list)


def phone_key(phone: str) -> str:
    """Digits only; the last nine (a Dutch mobile without 0/+31) when there are more.

    `+31 6 12345678`, `0031612345678` and `06-12345678` are one number; the
    country code is not known, so the national part decides.
    """
    digits = re.sub(r"\D", "", phone)
    return digits[-9:] if len(digits) >= 9 else digits


def _matches(contact: ImportedContact, target: _Target) -> str:
    """Why `contact` is `target` ("" when it is not), strongest evidence first."""
    emails = {e.casefold() for e in target.emails}
    for email in contact.emails:
        if email.casefold() in emails:
            return f"e-mail {email}"
    phones = {phone_key(p) for p in target.phones if len(phone_key(p)) >= 6}
    for phone in contact.phones:
        if phone_key(phone) in phones:
            return f"phone {phone}"
    names = {fold(n) for n in (target.name, *target.aliases)}
    for name in (contact.name, *contact.aliases):
        if fold(name) in names:
            return f"name {name}"
    return ""


def _merge(a: ImportedContact, b: ImportedContact) -> ImportedContact:
    return dataclasses.replace(
        a,
        aliases=tuple(dict.fromkeys([*a.aliases, *b.aliases])),
        organisation=a.organisation or b.organisation,
        role=a.role or b.role,
        emails=tuple(dict.fromkeys([*a.emails, *b.emails])),
        phones=tuple(dict.fromkeys([*a.phones, *b.phones])),
        birthday=a.birthday or b.birthday,
        linkedin=a.linkedin or b.linkedin,
        notes=(*a.notes, *b.notes),
    )


def default_folder(view: VaultView) -> str:
    """Where new people go: the configured person folder, else where most people are."""
    mapped = view.config.folders.get("person", ())
    if mapped:
        return mapped[0]
    folders = Counter(p.path.rpartition("/")[0] for p in view.people if not p.broken)
    if folders:
        return sorted(folders.items(), key=lambda f: (-f[1], f[0]))[0][0]
    return "Mensen" if view.config.language == "nl" else "People"


def person_template(view: VaultView) -> str:
    """The user's `Persoon.md`/`Person.md` from their templates folder, else a minimal one."""
    for folder in view.settings.templates_folders:
        base = view.vault / folder
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir()):
            if entry.suffix.lower() == ".md" and fold(entry.stem) in TEMPLATE_NAMES:
                try:
                    return entry.read_bytes().decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue
    return BUILTIN_TEMPLATE[view.config.language]


def fill_template(template: str, title: str, today: dt.date) -> str:
    """Obsidian's core-template variables; Templater's `tp.file.title` too."""
    text = re.sub(
        r"\{\{\s*date\s*:\s*([^}]*?)\s*\}\}", lambda m: format_moment(today, m.group(1)), template
    )
    text = re.sub(r"\{\{\s*date\s*\}\}", today.isoformat(), text)
    text = re.sub(r"\{\{\s*title\s*\}\}", lambda _: title, text)
    return re.sub(r"<%\*?\s*tp\.file\.title\s*-?%>", lambda _: title, text)


def plan_import(
    view: VaultView,
    contacts: Sequence[ImportedContact],
    unreadable: Sequence[Unreadable],
    today: dt.date,
    folder: str | None = None,
) -> Plan:
    """What importing `contacts` into the vault would do; writes nothing."""
    folder = (default_folder(view) if folder is None else folder).strip("/")
    targets = [
        _Target(p.name, list(p.aliases), list(p.emails), list(p.phones), p.path, p)
        for p in view.people
    ]
    taken = [n.name for n in view.notes]
    new: list[_Target] = []
    actions: list[Action] = [Action("skip", u.source, "", reason=u.reason) for u in unreadable]
    enrich_targets: dict[str, tuple[_Target, list[ImportedContact]]] = {}
    for contact in contacts:
        found = [(t, why) for t in targets if (why := _matches(contact, t))]
        if len({t.path for t, _ in found}) > 1:
            listed = ", ".join(sorted({f"{t.name} ({why})" for t, why in found}))
            actions.append(Action("skip", contact.source, contact.name,
                                  reason=f"matches several people: {listed}"))  # fmt: skip
            continue
        if found:
            target = found[0][0]
            if target.existing is None:  # a person this file already gave
                assert target.contact is not None
                target.contact = _merge(target.contact, contact)
                target.sources.append(contact.source)
            else:
                enrich_targets.setdefault(target.path, (target, []))[1].append(contact)
            _learn(target, contact)
            continue
        stem = unique_stem(safe_stem(contact.name), taken)
        taken.append(stem)
        path = f"{folder}/{stem}.md" if folder else f"{stem}.md"
        target = _Target(contact.name, list(contact.aliases), [], [], path, None, contact,
                         [contact.source])  # fmt: skip
        _learn(target, contact)
        targets.append(target)
        new.append(target)
    template = person_template(view)
    for target in new:
        assert target.contact is not None
        try:
            actions.append(_create(view, target, template, today))
        except FrontMatterError as exc:
            action = _create(view, target, BUILTIN_TEMPLATE[view.config.language], today)
            why = f"the person template cannot be used ({exc}); a minimal note instead"
            actions.append(dataclasses.replace(action, notes=(*action.notes, why)))
    for target, group in enrich_targets.values():
        merged = group[0]
        for other in group[1:]:
            merged = _merge(merged, other)
        actions.append(_enrich(view, target, merged))
    return Plan(tuple(sorted(actions, key=_file_order)))


def _file_order(action: Action) -> tuple[int, str]:
    number = re.search(r"\d+", action.source)
    return (int(number.group()) if number else 0, action.source)


def _learn(target: _Target, contact: ImportedContact) -> None:
    """Later contacts in the file also match on what earlier ones added."""
    target.emails.extend(contact.emails)
    target.phones.extend(contact.phones)
    target.aliases.extend([contact.name, *contact.aliases])


def _values(contact: ImportedContact, org_link: str) -> dict[str, tuple[str, bool]]:
    """canonical field -> (YAML text, is a list) for what the contact holds."""

    def texts(items: Sequence[str]) -> tuple[str, bool]:
        if len(items) == 1:
            return yaml_text(items[0]), False
        return yaml_list([yaml_text(i) for i in items]), True

    values: dict[str, tuple[str, bool]] = {}
    if contact.aliases:
        values["aliases"] = (yaml_list([yaml_text(a) for a in contact.aliases]), True)
    if org_link:
        values["organisation"] = (yaml_link(org_link), False)
    if contact.role:
        values["role"] = (yaml_text(contact.role), False)
    if contact.emails:
        values["email"] = texts(contact.emails)
    if contact.phones:
        values["phone"] = texts(contact.phones)
    if contact.birthday:
        day = contact.birthday
        values["birthday"] = (yaml_date(dt.date.fromisoformat(day)) if len(day) == 10
                              else yaml_text(day), False)  # fmt: skip
    if contact.linkedin:
        values["linkedin"] = (yaml_text(contact.linkedin), False)
    return values


def _org_link(view: VaultView, org: str, from_path: str) -> str:
    if not org:
        return ""
    found = view.index.resolve(org, from_path)
    if found.path is not None and not found.ambiguous:
        stem = found.path.rpartition("/")[2].removesuffix(".md")
        return view.index.link_text(found.path, None if fold(stem) == fold(org) else org)
    stem = safe_stem(org)
    return f"[[{stem}]]" if stem == org else f"[[{stem}|{org}]]"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _key_for(canonical: str, keys: Sequence[str], table: dict[str, tuple[str, ...]],
             dutch: bool) -> tuple[str, bool]:  # fmt: skip
    """The note's key for `canonical` and whether it is there; else the name to add."""
    names = table.get(canonical, (canonical,))
    for key in keys:
        if key.lower() in names:
            return key, True
    return (DUTCH_NAMES.get(canonical, canonical) if dutch else canonical), False


def _create(view: VaultView, target: _Target, template: str, today: dt.date) -> Action:
    contact = target.contact
    assert contact is not None
    stem = target.path.rpartition("/")[2][:-3]
    if name_key(stem) != name_key(contact.name):
        # the file name had to change: the real name stays findable as an alias
        contact = dataclasses.replace(contact, aliases=(contact.name, *contact.aliases))
    data = fill_template(template, stem, today).encode("utf-8")
    table = lookup_table(view.config)
    props = read_frontmatter(data)
    keys = frontmatter_keys(data)
    dutch = note_is_dutch(keys, str(props.get("type") or props.get("soort") or ""))
    added: list[str] = []
    for canonical, (value, is_list) in _values(
        contact, _org_link(view, contact.organisation, target.path)
    ).items():
        key, present = _key_for(canonical, keys, table, dutch)
        if present and isinstance(props.get(key), list) and not is_list:
            value = yaml_list([value])  # the template makes it a list property
        data = set_property(data, key, value)
        added.append(key)
    id_key, has_id = _key_for("id", keys, table, dutch)
    if has_id:
        # a template's `{{date:…}}` id would be the same for every note of this import
        digest = hashlib.sha256(target.path.encode("utf-8")).hexdigest()[:12]
        data = set_property(data, id_key, yaml_text(f"{today:%Y%m%d}-{digest}"))
    if not _is_person(view, props, target.path):
        data = set_property(data, "soort" if "soort" in keys else "type",
                            "persoon" if dutch else "person")  # fmt: skip
    return Action("create", ", ".join(target.sources), contact.name, target.path,
                  added=tuple(added), notes=contact.notes, after=data)  # fmt: skip


def _is_person(view: VaultView, props: dict[str, Any], path: str) -> bool:
    kind = str(props.get("type") or props.get("kind") or props.get("soort") or "").lower()
    tags = props.get("tags") or []
    tags = [tags] if isinstance(tags, str) else tags
    if kind in ("person", "persoon") or {"person", "persoon"} & {str(t).lower() for t in tags}:
        return True
    return any(path.startswith(f + "/") for f in view.config.folders.get("person", ()))


def _enrich(view: VaultView, target: _Target, contact: ImportedContact) -> Action:
    person = target.existing
    assert person is not None
    why = _matches(contact, _Target(person.name, list(person.aliases), list(person.emails),
                                    list(person.phones), person.path, person))  # fmt: skip
    base = Action("skip", contact.source, contact.name, person.path, notes=contact.notes)
    if person.broken:
        return dataclasses.replace(base, reason=f"matches {person.name}, not edited: "
                                                f"{person.broken}")  # fmt: skip
    before = read_note(view.vault / person.path)
    if before is None:
        return dataclasses.replace(base, reason=f"{person.path} disappeared")
    try:
        check_frontmatter(before)
        props = read_frontmatter(before)
        keys = frontmatter_keys(before)
    except FrontMatterError as exc:
        return dataclasses.replace(base, reason=f"matches {person.name}, not edited: {exc}")
    table = lookup_table(view.config)
    typed = Props(props, table)
    dutch = note_is_dutch(keys, str(typed.get("type") or ""))
    data = before
    added: list[str] = []
    conflicts: list[str] = []
    org_link = _org_link(view, contact.organisation, person.path)
    for canonical, (value, _) in _values(contact, org_link).items():
        key, present = _key_for(canonical, keys, table, dutch)
        if present and not _empty(props.get(key)):
            difference = _differs(canonical, typed.texts(canonical), contact, org_link)
            if difference:
                conflicts.append(f"{key}: {difference}")
            continue
        try:
            data = set_property(data, key, value)
        except FrontMatterError as exc:
            return dataclasses.replace(base, reason=f"matches {person.name}, not edited: {exc}")
        added.append(key)
    reason = f"already in the vault as {person.name} ({why})"
    if not added:
        return dataclasses.replace(base, reason=reason, conflicts=tuple(conflicts))
    return dataclasses.replace(base, kind="enrich", reason=reason, added=tuple(added),
                               conflicts=tuple(conflicts), before=before, after=data)  # fmt: skip


def _link_name(text: str) -> str:
    match = re.fullmatch(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]", text.strip())
    return match.group(1).rpartition("/")[2] if match else text


def _differs(canonical: str, have: list[str], contact: ImportedContact, org_link: str) -> str:
    """How the note's value differs from the contact's ("" when it agrees)."""
    if canonical == "email":
        if {e.casefold() for e in have} & {e.casefold() for e in contact.emails}:
            extra = [e for e in contact.emails if e.casefold() not in {h.casefold() for h in have}]
            return f"the file also has {', '.join(extra)}" if extra else ""
        return f"the note has {', '.join(have)}, the file {', '.join(contact.emails)}"
    if canonical == "phone":
        keys = {phone_key(h) for h in have}
        extra = [p for p in contact.phones if phone_key(p) not in keys]
        if len(extra) == len(contact.phones):
            return f"the note has {', '.join(have)}, the file {', '.join(contact.phones)}"
        return f"the file also has {', '.join(extra)}" if extra else ""
    if canonical == "aliases":
        known = {fold(h) for h in have}
        extra = [a for a in contact.aliases if fold(a) not in known]
        return f"the file also has {', '.join(extra)}" if extra else ""
    if canonical == "organisation":
        names = {fold(_link_name(h)) for h in have}
        wanted = {fold(contact.organisation), fold(_link_name(org_link))}
        if names & wanted:
            return ""
        return f"the note has {', '.join(have)}, the file {contact.organisation}"
    value = {"role": contact.role, "birthday": contact.birthday,
             "linkedin": contact.linkedin}[canonical]  # fmt: skip
    if any(fold(h) == fold(value) for h in have):
        return ""
    return f"the note has {', '.join(have)}, the file {value}"


@dataclass(frozen=True, slots=True)
class Outcome:
    written: tuple[str, ...]  # vault-relative paths written
    failed: tuple[tuple[str, str], ...]  # (path, why) for notes that changed meanwhile


def apply_plan(view: VaultView, plan: Plan) -> Outcome:
    """Write the plan: new notes (never over a file) and enriched ones (only if unchanged).

    Each note is written atomically; one that changed since planning is left alone and
    reported, the others are still written. Running the import again finishes the job.
    """
    written: list[str] = []
    failed: list[tuple[str, str]] = []
    for action in plan.actions:
        path = view.vault / action.path
        try:
            if action.kind == "create":
                create_note(path, action.after)
            elif action.kind == "enrich":
                write_note(path, action.before, action.after)
            else:
                continue
        except NetwerkError as exc:
            failed.append((action.path, exc.message))
            continue
        written.append(action.path)
    return Outcome(tuple(written), tuple(failed))


def report_lines(plan: Plan) -> list[str]:
    """The plan for people: one line per contact, and the differences found."""
    lines: list[str] = []
    labels = {"create": "create", "enrich": "enrich", "skip": "skip"}
    for action in plan.actions:
        who = action.name or "(unreadable)"
        head = f"{labels[action.kind]:7} {who} [{action.source}]"
        if action.kind == "create":
            head += f" -> {action.path}"
        elif action.kind == "enrich":
            head += f" -> {action.path}: add {', '.join(action.added)}"
        if action.reason:
            head += f": {action.reason}"
        lines.append(head)
        lines += [f"        differs: {c}" for c in action.conflicts]
        lines += [f"        note: {n}" for n in action.notes]
    lines.append(plan.summary())
    return lines


def import_file(
    view: VaultView,
    file: Path,
    today: dt.date,
    fmt: str | None = None,
    folder: str | None = None,
    dry_run: bool = False,
) -> tuple[Plan, Outcome]:
    """Read `file`, plan, and (unless `dry_run`) write. The CLI prints `report_lines`."""
    contacts, unreadable = read_contacts(file, fmt)
    plan = plan_import(view, contacts, unreadable, today, folder)
    outcome = Outcome((), ()) if dry_run else apply_plan(view, plan)
    return plan, outcome
