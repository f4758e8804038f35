"""`build.render_outputs` for the watcher, reusing what did not change.

The incremental model hands out the very same tuple objects (people,
signals, diagnostics, the name map) while nothing in them changed, and the
link index stays the same object until a note comes, goes or changes its
aliases. A generated note whose inputs are all the same objects as last time
is the same text, so it is not rendered again: after a `#contact` line, the
signals note (half a second on 50,000 notes) and the problems note are reused.

Each renderer's inputs are listed here by hand, from what it reads of the
model; `link` reads the index and `model.names`, and stays the same object
across a new index that gives every path the same link text (`Linker`). The
tests compare the result with `build.render_outputs` after every kind of change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import network, network_review, network_variety
from .build import Linker, calendar_bytes
from .config import Config
from .model import Model
from .network_notes import (
    NOTE_NAMES,
    render_reach_note,
    render_review_note,
    render_variety_note,
)
from .planner import Moment, first_moments, plan, schedule_rows
from .render_notes import (
    note_names,
    render_agenda,
    render_conflicts,
    render_people,
    render_problems,
    render_signals,
)
from .resolve import LinkIndex


class RenderMemo:
    """The last text of each generated note, with the inputs it was made from."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], Any]] = {}
        self.reused: list[str] = []  # what the last `render` did not render again
        self._encoded: dict[str, tuple[str, bytes]] = {}  # name -> its last text, encoded
        self._linker: Linker | None = None

    def _once(
        self, name: str, values: tuple[Any, ...], objects: tuple[Any, ...], make: Callable[[], Any]
    ) -> Any:
        """`make()`, or its last result when `values` are equal and `objects` the same."""
        known = self._memo.get(name)
        if (
            known is not None
            and known[0] == values
            and all(a is b for a, b in zip(known[1], objects, strict=True))
        ):
            self.reused.append(name)
            return known[2]
        result = make()
        self._memo[name] = (values, objects, result)
        return result

    def render(
        self,
        model: Model,
        index: LinkIndex,
        config: Config,
        vault: Path,
        previous_calendar: bytes | None = None,
        people_own: object | None = None,
    ) -> tuple[dict[str, bytes], list[dict[str, str]]]:
        """What `build.render_outputs(model, index, config, vault, previous_calendar)` gives.

        `people_own` (`ModelKeeper.people_own`) stays the same object while no person's own
        note changed: then what reads only that of the people is reused even when their
        contacts changed."""
        # one link function while the texts it gives stay the same (see `Linker`), so
        # that a renderer may remember per-row text by it
        if self._linker is None or not self._linker.follows(index, model):
            self._linker = Linker(index, model)
        link = self._linker
        self.reused = []
        language = config.language
        names = note_names(language)
        values = (model.today, language)
        linking = (link,)
        # what reads the people's own notes and how everything is named (see
        # `network._names_alike`), not the contacts a daily note adds
        if people_own is None:
            naming: tuple[Any, ...] = (
                model.people,
                network.resolution(model),
                model.conflicts,
                *linking,
            )
        else:
            naming = (people_own, model.organisations, model.conflicts, *linking)
        texts = {
            names["people"]: self._once(
                "people",
                values,
                (model.people, *linking),
                lambda: render_people(model, link, language),
            ),
            names["signals"]: self._once(
                "signals",
                values,
                (model.signals, *linking),
                lambda: render_signals(model, link, language),
            ),
            # the conflicts and their second order, which reads the naming only
            names["conflicts"]: self._once(
                "conflicts", values, naming, lambda: render_conflicts(model, link, language)
            ),
            names["problems"]: self._once(
                "problems",
                values,
                (model.diagnostics, *linking),
                lambda: render_problems(model, link, language),
            ),
        }
        moments: tuple[Moment, ...] = self._once(
            "plan",
            (model.today, config.calendar),
            (model.people,),
            lambda: plan(model, config.calendar),
        )
        schedule = schedule_rows(model, moments)
        planned = first_moments(moments)
        outputs = {
            config.calendar.file: calendar_bytes(model, moments, config, vault, previous_calendar)
        }
        horizon = config.calendar.horizon_days
        texts[names["agenda"]] = self._once(
            "agenda",
            (*values, horizon),
            (model.people, moments, *linking),
            lambda: render_agenda(model, link, language, planned, horizon),
        )
        # as `render_network_notes`; reach and variety read the naming only
        net = NOTE_NAMES.get(language, NOTE_NAMES["en"])
        texts[net["review"]] = render_review_note(
            model, network_review.review(model), language, link
        )
        texts[net["reach"]] = self._once(
            "reach",
            values,
            naming,
            lambda: render_reach_note(model, network.reach(model), language, link),
        )
        texts[net["variety"]] = self._once(
            "variety",
            values,
            naming,
            lambda: render_variety_note(model, network_variety.variety(model), language, link),
        )
        for name, text in texts.items():
            known = self._encoded.get(name)
            if known is None or known[0] is not text:  # a text reused keeps its bytes
                known = self._encoded[name] = (text, text.encode("utf-8"))
            outputs[f"{name}.md"] = known[1]
        return outputs, schedule
