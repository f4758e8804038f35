"""`RenderMemo.render` and the caches behind it equal a render from nothing.

The watcher renders after every edit, and the analyses keep what they made
last time (the name resolution, contact dates and evidence per person,
calendar indexes, birthday events, table rows), updated by what the new
model spliced in. `build.render_outputs` runs through the same caches, so
here every expected result is rendered after all of them are forgotten.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from conftest import VaultFactory
from test_incremental_model import TODAY, any_text, make_state, put, random_step, start_paths

from netwerknotities import (
    ics,
    network,
    network_notes,
    network_review,
    network_variety,
    planner,
    render_notes,
)
from netwerknotities.build import render_outputs
from netwerknotities.config import Config
from netwerknotities.incremental_model import ModelKeeper
from netwerknotities.incremental_render import RenderMemo
from netwerknotities.model import Model


def forget() -> None:
    """Every cache of the render path, as in a fresh process."""
    network._last.clear()
    network_review._dated.clear()
    network_review._signalled.clear()
    network_review._suggested.clear()
    network_review._reviewed.clear()
    network_variety._varied.clear()
    ics._contacts_of.clear()
    ics._signals_of.clear()
    ics._birthdays.clear()
    ics._blocks.clear()
    ics._by_path.clear()
    planner._claims.clear()
    planner._days.cache_clear()
    ics._birthday_spec.cache_clear()
    render_notes._ROWS.clear()
    render_notes._PEOPLE_NOTE.clear()
    render_notes._AGENDA.clear()
    render_notes._AGENDA_LINES.clear()
    render_notes._SIGNAL_ROWS.clear()
    network_notes._ROWS.clear()


# many small daily notes, so that one edit is a small splice of the contacts
FILLER = [f"Dagboek/2026-{m:02d}-{d:02d}.md" for m in (8, 9, 10) for d in range(1, 21)]


JAN = "---\ntype: person\ntier: important\n---\n"


def rendered_once(
    make_vault: VaultFactory, notes: dict[str, str], filler: str
) -> tuple[Any, ModelKeeper, RenderMemo]:
    """A state with `notes` and every FILLER daily note holding `filler`, derived and
    rendered once from nothing, as the watcher starts."""
    state = make_state(make_vault({"keep.txt": ""}), Config())
    for path, text in notes.items():
        put(state, path, text)
    for path in FILLER:
        put(state, path, filler)
    keeper, renderer = ModelKeeper(), RenderMemo()
    forget()
    model, index = keeper.update(state, TODAY)
    renderer.render(model, index, state.config, state.vault)
    return state, keeper, renderer


@pytest.mark.parametrize("seed", range(4))
def test_memo_renders_equal_a_render_from_nothing(seed: int, make_vault: VaultFactory) -> None:
    rng = random.Random(seed)
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config(contact_from_mentions=seed % 2 == 1))
    for path in start_paths(rng) + FILLER:
        put(state, path, any_text(rng, path))
    keeper, renderer = ModelKeeper(), RenderMemo()
    forget()
    model, index = keeper.update(state, TODAY)
    calendar: bytes | None = None
    spliced = 0
    for step in range(30):
        if rng.random() < 0.8:  # mostly the watcher's common case: one daily note edited
            path = rng.choice(FILLER)
            put(state, path, any_text(rng, path))
            changed = [path]
        else:
            changed = random_step(rng, state)
        known = network_review._dated[0] if network_review._dated else None
        model, index = keeper.update(state, TODAY, changed)
        got = renderer.render(model, index, state.config, vault, calendar, keeper.people_own)
        spliced += network_review._dated[0] is known
        forget()
        expected = render_outputs(model, index, state.config, vault, calendar)
        assert got == expected, step
        calendar = got[0][state.config.calendar.file]
        if step % 3 == 0:  # sometimes the next render starts from a render from nothing
            forget()
            renderer.render(model, index, state.config, vault, calendar, keeper.people_own)
    assert spliced >= 10  # the updates by difference were exercised


def test_an_edited_contact_line_reaches_the_calendar_description(
    make_vault: VaultFactory,
) -> None:
    state, keeper, renderer = rendered_once(
        make_vault,
        {"Mensen/Jan.md": JAN},
        "- #contact koffie met [[Jan]]\n- #signaal [[Jan]] zoekt werk\n",
    )
    vault = state.vault
    last = FILLER[-1]
    put(state, last, "- #contact lunch over de fusie met [[Jan]]\n- #signaal [[Jan]] verhuist\n")
    model, index = keeper.update(state, TODAY, [last])
    outputs, _ = renderer.render(model, index, state.config, vault)
    calendar = outputs[state.config.calendar.file].replace(b"\r\n ", b"").decode("utf-8")
    assert "lunch over de fusie" in calendar
    assert "verhuist" in calendar
    forget()
    assert (outputs, _) == render_outputs(model, index, state.config, vault)


def test_a_contact_line_reuses_what_reads_only_the_people_s_own_notes(
    make_vault: VaultFactory,
) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\ntier: important\nkent: [[Piet]]\n---\n")
    put(state, "Mensen/Piet.md", "---\ntype: person\ninternal: true\n---\n")
    day = FILLER[0]
    put(state, day, "- #signaal [[Jan]] zoekt werk\n")
    keeper, renderer = ModelKeeper(), RenderMemo()
    forget()
    model, index = keeper.update(state, TODAY)
    renderer.render(model, index, state.config, vault, None, keeper.people_own)
    own, signals = keeper.people_own, model.signals
    put(state, day, "- #signaal [[Jan]] zoekt werk\n- #contact koffie met [[Jan]]\n")
    model, index = keeper.update(state, TODAY, [day])
    assert keeper.people_own is own and model.signals is signals  # equal: the same objects
    outputs = renderer.render(model, index, state.config, vault, None, keeper.people_own)
    assert {"reach", "variety", "signals"} <= set(renderer.reused)
    assert "people" not in renderer.reused  # Jan's last contact changed
    forget()
    assert outputs == render_outputs(model, index, state.config, vault)
    # a person's own note changed: what reads it is made again
    put(state, "Mensen/Piet.md", "---\ntype: person\n---\n")
    model, index = keeper.update(state, TODAY, ["Mensen/Piet.md"])
    assert keeper.people_own is not own
    outputs = renderer.render(model, index, state.config, vault, None, keeper.people_own)
    assert not {"reach", "variety"} & set(renderer.reused)
    forget()
    assert outputs == render_outputs(model, index, state.config, vault)


@pytest.mark.parametrize("seed", range(3))
def test_memo_renders_in_a_row_equal_a_render_from_nothing(
    seed: int, make_vault: VaultFactory
) -> None:
    """As the watcher renders: one memo render after another, each checked afterwards."""
    rng = random.Random(seed)
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    for path in start_paths(rng) + FILLER:
        put(state, path, any_text(rng, path))
    keeper, renderer = ModelKeeper(), RenderMemo()
    forget()
    model, index = keeper.update(state, TODAY)
    renderer.render(model, index, state.config, vault, None, keeper.people_own)
    renders = []
    for _ in range(20):
        if rng.random() < 0.7:
            path = rng.choice(FILLER)
            put(state, path, any_text(rng, path))
            changed = [path]
        else:
            changed = random_step(rng, state)
        model, index = keeper.update(state, TODAY, changed)
        got = renderer.render(model, index, state.config, vault, None, keeper.people_own)
        renders.append((model, index, got))
    for model, index, got in renders:
        forget()
        assert got == render_outputs(model, index, state.config, vault)


def _fresh_review(model: Model) -> network_review.Review:
    """A review from nothing, leaving the kept state as it was."""
    kept = [
        list(x)
        for x in (
            network._last,
            network_review._dated,
            network_review._signalled,
            network_review._suggested,
        )
    ]
    kept_reviewed, touched = list(network_review._reviewed), set(network_review._signal_touched)
    dated_touched = set(network_review._dated[0].touched) if network_review._dated else set()
    forget()
    try:
        return network_review.review(model)
    finally:
        for target, saved in zip(
            (
                network._last,
                network_review._dated,
                network_review._signalled,
                network_review._suggested,
            ),
            kept,
            strict=True,
        ):
            target[:] = saved
        network_review._reviewed[:] = kept_reviewed
        network_review._signal_touched.clear()
        network_review._signal_touched.update(touched)
        if network_review._dated:
            network_review._dated[0].touched.update(dated_touched)


@pytest.mark.parametrize("seed", range(3))
def test_a_review_by_difference_equals_a_review_from_nothing(
    seed: int, make_vault: VaultFactory
) -> None:
    rng = random.Random(seed)
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    people = [f"P{i:02d}" for i in range(30)]
    tiers = ["important", "regular", "unimportant", ""]
    for name in people:
        tier = rng.choice(tiers)
        put(state, f"Mensen/{name}.md", f"---\ntype: person\ntier: {tier}\n---\n")
    days = [f"Dagboek/2026-{m:02d}-{d:02d}.md" for m in (9, 10, 11) for d in range(1, 25)]

    def day_text() -> str:
        lines = []
        for _ in range(rng.randint(0, 3)):
            who = " ".join(f"[[{rng.choice(people)}]]" for _ in range(rng.randint(1, 2)))
            # a plain line links without counting: only a signal count may change
            tag = rng.choice(["#contact ", "#signaal ", ""])
            lines.append(f"- {tag}over iets met {who}")
        return "\n".join(lines) + "\n"

    for path in days:
        put(state, path, day_text())
    keeper = ModelKeeper()
    forget()
    model, _ = keeper.update(state, TODAY)
    assert network_review.review(model) == _fresh_review(model)
    used = 0  # reviews by difference (`_fresh_review` makes none)
    for _ in range(40):
        if rng.random() < 0.85:
            path = rng.choice(days)
            put(state, path, day_text())
        else:  # another tier: the distribution and perhaps the bar change
            path = f"Mensen/{rng.choice(people)}.md"
            put(state, path, f"---\ntype: person\ntier: {rng.choice(tiers)}\n---\n")
        model, _ = keeper.update(state, TODAY, [path])
        start = network_review.review_counts["by_difference"]
        assert network_review.review(model) == _fresh_review(model)
        used += network_review.review_counts["by_difference"] - start
    assert used >= 30


def test_a_signal_count_alone_reaches_the_review_by_difference(make_vault: VaultFactory) -> None:
    vault = make_vault({"keep.txt": ""})
    state = make_state(vault, Config())
    put(state, "Mensen/Jan.md", "---\ntype: person\ntier: regular\n---\n")
    put(state, "Mensen/Piet.md", "---\ntype: person\ntier: regular\n---\n")
    for path in FILLER:  # many other signals: one note's are a small splice
        put(state, path, "- #signaal [[Piet]] zoekt werk\n")
    day = "Dagboek/2026-11-20.md"
    put(state, day, "- gesprek met [[Jan]]\n- nog eens [[Jan]]\n")
    keeper = ModelKeeper()
    forget()
    model, _ = keeper.update(state, TODAY)
    network_review.review(model)
    jan = model.people[0]
    reviewed = network_review._reviewed[0]
    assert [s.person for s in network_review.review(model).suggestions] == [
        "Mensen/Piet.md",
        "Mensen/Jan.md",
    ]
    # the same links, now signals: Jan's note and backlinks stay, his signal count goes up
    put(state, day, "- #signaal gesprek met [[Jan]]\n- #signaal nog eens [[Jan]]\n")
    model, _ = keeper.update(state, TODAY, [day])
    assert model.people[0] is jan
    got = network_review.review(model)
    assert [(s.person, s.to_tier, s.evidence.signals) for s in got.suggestions] == [
        ("Mensen/Piet.md", "important", 60),  # and Jan is no longer one to demote
    ]
    assert network_review._reviewed[0] is reviewed  # updated by difference
    assert got == _fresh_review(model)


def test_a_new_note_keeps_the_links_unless_it_shares_a_name(make_vault: VaultFactory) -> None:
    state, keeper, renderer = rendered_once(
        make_vault,
        {"Mensen/Jan.md": JAN, "Mensen/Piet.md": "---\ntype: person\n---\n"},
        "- #contact koffie met [[Jan]]\n- #signaal [[Piet]] zoekt werk\n",
    )
    vault = state.vault

    def step(path: str, text: str) -> dict[str, bytes]:
        put(state, path, text)
        model, index = keeper.update(state, TODAY, [path])
        outputs, schedule = renderer.render(model, index, state.config, vault)
        forget()
        assert (outputs, schedule) == render_outputs(model, index, state.config, vault)
        return outputs

    # a note with a name of its own: the links stay, the signals note is not made again
    step("Projecten/Zonnepark.md", "Over het zonnepark.\n")
    assert "signals" in renderer.reused
    # a second Jan: every link to the first one now needs its folder
    outputs = step("Oud/Jan.md", "---\ntype: person\n---\n")
    assert "signals" not in renderer.reused
    assert "[[Mensen/Jan]]" in outputs["People.md"].decode("utf-8")
    # an attachment whose name is a note's (`Piet.md` links as `[[Piet]]`, `Piet.png.md`
    # as `[[Piet.png]]`, the same as the image): an index change with the same notes
    step("Mensen/Piet.png.md", "---\ntype: person\n---\n")
    state.scan = dataclasses.replace(state.scan, attachments=("Mensen/Piet.png",))
    model, index = keeper.update(state, TODAY, [])
    outputs, schedule = renderer.render(model, index, state.config, vault)
    forget()
    assert (outputs, schedule) == render_outputs(model, index, state.config, vault)
