"""The command line. Each command parses its options, calls one core function
and prints the result; errors become a one-line message and an exit code in
`handle_errors`. This is the only module that imports click.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from . import __version__
from .build import BuildOptions, BuildResult, build_vault, summary_counts
from .errors import EXIT_CONFLICT, EXIT_DIAGNOSTICS, EXIT_WRITE, NetwerkError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_CODES_HELP = """
\b
Exit codes:
  0  success
  1  `check --strict` found problems in the notes
  2  the command line is wrong
  3  the vault folder is missing
  4  the config file is broken
  5  an output could not be written (a file the tool did not generate is in the way)
  6  a NAME matches no note (or several)
  7  a note changed while the tool was editing it; nothing was written
"""


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a `NetwerkError` into its message on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except NetwerkError as exc:
            click.echo(f"netwerknotities: {exc.message}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-26") from exc
    # a cadence of up to 100 years and a horizon of up to 10 must still give dates
    if not dt.date(1000, 1, 1) <= day <= dt.date(8999, 12, 31):
        raise click.BadParameter(f"{value!r} is not between 1000-01-01 and 8999-12-31")
    return day


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    return _parse_date(ctx, param, value) or dt.date.today()  # the one place that reads the clock


def fixed_today_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """For long-running commands: None follows the clock, also past midnight."""
    return click.option(
        "--today",
        "fixed_today",
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help="Plan for this fixed date (default: the real date, rolling over at midnight).",
    )(func)


def host_port_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--port",
            default=8765,
            show_default=True,
            type=click.IntRange(0, 65535),
            help=f"Port {what} (0 = any free port).",
        )(func)
        return click.option(
            "--host",
            default="127.0.0.1",
            show_default=True,
            help=f"Address {what}; anything but loopback is reachable by others.",
        )(func)

    return decorate


def vault_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument(
        "vault", type=click.Path(path_type=Path, file_okay=False), metavar="VAULT"
    )(func)


def today_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--today",
        callback=_parse_today,
        metavar="YYYY-MM-DD",
        help="Date to compute due dates and plans for (default: the real today).",
    )(func)


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Config file (default: VAULT/netwerknotities.toml).",
    )(func)


def quiet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--quiet", "-q", is_flag=True, help="Print only errors.")(func)


def cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--no-cache", is_flag=True, help="Parse every note again; do not read or write the cache."
    )(func)


def model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """VAULT, --today, --config, --quiet and --no-cache: every command that reads the model."""
    for option in (cache_option, quiet_option, config_option, today_option, vault_argument):
        func = option(func)
    return func


def _progress(quiet: bool) -> Callable[[str, int, int], None] | None:
    if quiet or not sys.stderr.isatty():
        return None

    def report(stage: str, done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        click.echo(f"\r{stage}: {done}/{total}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return report


def _build(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    *,
    write: bool,
    quiet: bool,
    no_cache: bool = False,
    shortcut: bool = False,
) -> BuildResult:
    options = BuildOptions(
        today=today,
        config_path=config_path,
        write=write,
        use_cache=not no_cache,
        progress=_progress(quiet),
    )
    return build_vault(vault, options, shortcut=shortcut)


def _version_text() -> str:
    """The version, and whether the parser runs compiled (setup.py) or as plain Python."""
    from . import mdlines

    compiled = not str(mdlines.__file__).endswith(".py")
    return f"{__version__} ({'compiled parser' if compiled else 'plain Python'})"


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(_version_text(), prog_name="netwerknotities")
def main() -> None:
    """netwerknotities: your relationship notes in an Obsidian vault, kept current.

    Reads person, organisation, contact, signal and conflict notes from VAULT
    and writes index notes, a contact-moment calendar and a JSON export.
    """


@main.command()
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON.")
@handle_errors
def build(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    as_json: bool,
) -> None:
    """Write the index notes and the calendar into VAULT's output folder.

    Only files whose bytes change are written; a file in the output folder
    that netwerknotities did not write is never overwritten.
    """
    result = _build(
        vault, today, config_path, write=True, quiet=quiet, no_cache=no_cache, shortcut=not no_cache
    )
    folder = vault / result.config.output_folder
    summary: dict[str, Any] = {
        "output_folder": str(folder),
        "skipped": result.skipped,
        "written": result.report.written,
        "unchanged": result.report.unchanged,
        "removed": result.report.removed,
        "refused": result.report.refused,
        "parsed": result.parsed,
        "from_cache": result.from_cache,
        "seconds": round(result.seconds.get("total", 0.0), 3),
    }
    if result.model is not None:
        summary["counts"] = summary_counts(result.model)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif not quiet:
        if result.skipped:
            click.echo(f"Nothing changed; {folder} is up to date.")
        else:
            counts = summary["counts"]
            click.echo(
                f"Read {counts['notes']} notes: {counts['people']} people, "
                f"{counts['organisations']} organisations, {counts['contacts']} contacts, "
                f"{counts['signals']} signals, {counts['conflicts']} conflicts."
            )
            click.echo(
                f"Wrote {len(result.report.written)} files to {folder} "
                f"({len(result.report.unchanged)} unchanged)."
            )
            if counts["diagnostics"]:
                click.echo(
                    f"{counts['diagnostics']} problems in notes; "
                    "see `netwerknotities check` or the problems note."
                )
    for name in result.report.refused:
        click.echo(
            f"netwerknotities: {folder / name}: not written by netwerknotities; left alone. "
            "Move it away or set another output_folder.",
            err=True,
        )
    if result.report.refused:
        sys.exit(EXIT_WRITE)


@main.command()
@model_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON to this file instead of standard output.",
)
@handle_errors
def export(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    output: Path | None,
) -> None:
    """Print the vault's relationship model as JSON (the format is in the README)."""
    from .export import export_data, export_json

    result = _build(vault, today, config_path, write=False, quiet=quiet, no_cache=no_cache)
    assert result.model is not None
    text = export_json(export_data(result.model, result.schedule, result.extra))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.command()
@model_options
@click.option("--strict", is_flag=True, help="Exit with 1 when there is any problem.")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@handle_errors
def check(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    strict: bool,
    as_json: bool,
) -> None:
    """List problems in the notes as `path:line: code: message`.

    Problems never stop the other commands: a note with broken front-matter is
    still read as text, a dangling link is only reported.
    """
    result = _build(vault, today, config_path, write=False, quiet=quiet, no_cache=no_cache)
    assert result.model is not None
    diagnostics = result.model.diagnostics
    if as_json:
        click.echo(json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False, indent=2))
    else:
        for d in diagnostics:
            click.echo(d.format())
        if not quiet:
            codes: dict[str, int] = {}
            for d in diagnostics:
                codes[d.code] = codes.get(d.code, 0) + 1
            detail = ", ".join(f"{n} {c}" for c, n in sorted(codes.items()))
            click.echo(
                f"{len(diagnostics)} problems in {result.model.note_count} notes"
                + (f" ({detail})" if detail else ""),
                err=True,
            )
    if strict and diagnostics:
        sys.exit(EXIT_DIAGNOSTICS)


@main.command()
@vault_argument
@config_option
@quiet_option
@handle_errors
def init(vault: Path, config_path: Path | None, quiet: bool) -> None:
    """Put a commented config file and the note templates into VAULT.

    Existing files are never overwritten. Templates go to the templates
    folder set in Obsidian (Templates or Templater), else `Templates/`.
    """
    from .vault_init import init_vault

    for line in init_vault(vault, config_path):
        if not quiet:
            click.echo(line)


@main.command()
@model_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write the calendar here ('-' = standard output).",
)
@handle_errors
def calendar(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    output: Path,
) -> None:
    """Write the .ics calendar of planned 5-minute contact moments.

    `build` also writes it into the output folder. When FILE exists, its
    events keep their stamps and sequence numbers where nothing changed.
    """
    from .ics import render_calendar
    from .output import atomic_write

    result = _build(vault, today, config_path, write=False, quiet=quiet, no_cache=no_cache)
    assert result.model is not None and result.index is not None
    to_stdout = str(output) == "-"
    previous = None
    if not to_stdout and output.exists():
        previous = output.read_bytes()
    if previous is None and to_stdout:
        data = result.outputs[result.config.calendar.file]
    else:
        from .planner import plan

        moments = plan(result.model, result.config.calendar)
        data = render_calendar(
            result.model,
            moments,
            result.config.calendar,
            result.config.obsidian_vault_name(vault),
            previous,
            result.config.language,
        )
    if to_stdout:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic_write(output, data)
        if not quiet:
            click.echo(f"Wrote {output}", err=True)


@main.command()
@vault_argument
@config_option
@host_port_options("to listen on")
@fixed_today_option
@handle_errors
def serve(
    vault: Path, config_path: Path | None, host: str, port: int, fixed_today: dt.date | None
) -> None:
    """Serve the calendar feed over HTTP, for a calendar app to subscribe to.

    The feed is at a secret path (see `netwerknotities token`); every other
    path answers 404. The feed is rebuilt when the vault changed.
    """
    import logging

    from .build import BuildOptions
    from .config import load_config
    from .serve import (
        CachedFeed,
        bind_warning,
        feed_path,
        load_or_create_token,
        make_server,
        vault_fingerprint,
    )

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    config = load_config(vault, config_path)

    def today() -> dt.date:
        return fixed_today or dt.date.today()

    def build_feed() -> bytes:
        options = BuildOptions(today=today(), config_path=config_path, write=False)
        result = build_vault(vault, options, shortcut=False)
        return result.outputs[result.config.calendar.file]

    feed = CachedFeed(
        lambda: (today(), vault_fingerprint(vault, skip=(config.output_folder,))), build_feed
    )
    feed()  # a broken config fails now, not at the first request
    token = load_or_create_token(vault)
    server = make_server(host, port, token, feed)
    warning = bind_warning(host)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    shown = host if ":" not in host else f"[{host}]"
    click.echo(f"Serving {vault} — subscribe to:")
    click.echo(f"  http://{shown}:{server.server_address[1]}{feed_path(token)}")
    click.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@vault_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Host in the URL.")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port in the URL.",
)
@click.option(
    "--reset",
    is_flag=True,
    help="Make a new secret token; subscriptions with the old URL stop working.",
)
@handle_errors
def token(vault: Path, host: str, port: int, reset: bool) -> None:
    """Show the secret feed URL that `serve` answers on.

    The token is kept outside the vault (in the user's state folder), so a
    synced vault does not carry it to other devices or collaborators.
    """
    from .errors import VaultError
    from .serve import feed_path, load_or_create_token, reset_token

    if not vault.is_dir():
        raise VaultError(f"{vault}: no such vault folder")
    secret = reset_token(vault) if reset else load_or_create_token(vault)
    click.echo(f"http://{host}:{port}{feed_path(secret)}")


@main.command("log")
@vault_argument
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option(
    "--date",
    "date_text",
    metavar="YYYY-MM-DD",
    help="Day of the contact (default: today; also 'yesterday'/'gisteren').",
)
@click.option("--minutes", type=click.IntRange(min=1), help="How long it took.")
@click.option("--channel", default="", help="How: call, coffee, mail, ...")
@click.option(
    "--signal", default="", metavar="TEXT", help="Also record a #signal line with this text."
)
@click.option("--note", default="", metavar="TEXT", help="A few words about the contact.")
@today_option
@config_option
@handle_errors
def log_command(
    vault: Path,
    names: tuple[str, ...],
    date_text: str | None,
    minutes: int | None,
    channel: str,
    signal: str,
    note: str,
    today: dt.date,
    config_path: Path | None,
) -> None:
    """Record a contact moment with NAME... in that day's daily note.

    NAME matches a person's file name or alias, ignoring case and accents.
    An unknown or ambiguous NAME lists the candidates and writes nothing.
    """
    from .config import load_config
    from .contactlog import log_contact, parse_day
    from .personedit import load_view

    try:
        day = today if date_text is None else parse_day(date_text, today)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    view = load_view(vault, load_config(vault, config_path))
    result = log_contact(
        view, names, day, minutes=minutes, channel=channel, note=note, signal=signal
    )
    click.echo(f"{'created' if result.created else 'added to'} {result.path}:")
    for line in result.lines:
        click.echo(f"  {line}")


@main.command("tier")
@vault_argument
@click.argument("name", metavar="NAME")
@click.argument("tier_name", metavar="TIER")
@config_option
@handle_errors
def tier_command(vault: Path, name: str, tier_name: str, config_path: Path | None) -> None:
    """Set the tier of NAME: important, regular or unimportant (belangrijk, gewoon,
    onbelangrijk). Only the tier line of the note changes."""
    from .config import load_config
    from .personedit import load_view, match_person, parse_tier, set_tier

    try:
        canonical = parse_tier(tier_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="TIER") from exc
    config = load_config(vault, config_path)
    person = match_person(name, load_view(vault, config).people)
    edit = set_tier(vault, person, canonical, config)
    click.echo(f"{person.path}: tier {canonical}" + ("" if edit.changed else " (unchanged)"))


@main.command("import")
@vault_argument
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["vcard", "linkedin", "google"]),
    help="File format (default: from the file).",
)
@click.option(
    "--folder", help="Folder for new people (default: the person folder, or where most people are)."
)
@click.option("--dry-run", is_flag=True, help="Show the plan; write nothing.")
@today_option
@config_option
@handle_errors
def import_command(
    vault: Path,
    file: Path,
    fmt: str | None,
    folder: str | None,
    dry_run: bool,
    today: dt.date,
    config_path: Path | None,
) -> None:
    """Import people from a vCard file, LinkedIn's Connections.csv or a Google
    Contacts CSV. Existing people are matched and only get missing properties."""
    from .config import load_config
    from .importer import import_file, report_lines
    from .personedit import load_view

    view = load_view(vault, load_config(vault, config_path))
    plan, outcome = import_file(view, file, today, fmt=fmt, folder=folder, dry_run=dry_run)
    for line in report_lines(plan):
        click.echo(line)
    for path, why in outcome.failed:
        click.echo(f"not written: {path}: {why}", err=True)
    if dry_run:
        click.echo("dry run: nothing was written")
    if outcome.failed:
        sys.exit(EXIT_CONFLICT)


@main.command("review")
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print the review as JSON.")
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Set the suggested tiers in the people's notes (asks first).",
)
@click.option("--yes", is_flag=True, help="With --apply: do not ask.")
@handle_errors
def review_command(
    vault: Path,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    as_json: bool,
    apply_: bool,
    yes: bool,
) -> None:
    """Who should be important, and who not (P2): suggestions with their reasons.

    Nothing changes in your notes unless you pass --apply and confirm; then only
    the tier line of each suggested person changes.
    """
    from . import network_review
    from .build import link_function
    from .network_notes import render_review_note

    result = _build(vault, today, config_path, write=False, quiet=quiet, no_cache=no_cache)
    assert result.model is not None and result.index is not None
    model = result.model
    outcome = network_review.review(model)
    if as_json:
        click.echo(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
    elif not apply_:
        link = link_function(result.index, model)
        click.echo(render_review_note(model, outcome, result.config.language, link), nl=False)
    if not apply_:
        return
    from .personedit import load_view, set_tiers

    changes = [(s.person, s.to_tier) for s in outcome.suggestions]
    if not changes:
        click.echo("No suggestions: nothing to change.", err=True)
        return
    for s in outcome.suggestions:
        click.echo(f"  {s.name}: {s.from_tier} -> {s.to_tier}", err=True)
    if not yes and not click.confirm(f"Change the tier of {len(changes)} people?", err=True):
        click.echo("Nothing was changed.", err=True)
        return
    done = set_tiers(load_view(vault, result.config), changes)
    click.echo(f"changed {len(done.changed)}, already so {len(done.unchanged)}", err=True)
    for path, why in done.failed:
        click.echo(f"not changed: {path}: {why}", err=True)
    if done.failed:
        sys.exit(EXIT_CONFLICT)


@main.command("path")
@vault_argument
@click.argument("name", metavar="NAME")
@today_option
@config_option
@quiet_option
@cache_option
@click.option("--json", "as_json", is_flag=True, help="Print the paths as JSON.")
@handle_errors
def path_command(
    vault: Path,
    name: str,
    today: dt.date,
    config_path: Path | None,
    quiet: bool,
    no_cache: bool,
    as_json: bool,
) -> None:
    """Warm-introduction chains from you to NAME (P10), strongest first.

    NAME is a person in the vault or a name in someone's `knows`. Chains follow
    `knows` (both ways), `introduced_by` and shared organisations.
    """
    from . import introductions
    from .network_notes import render_paths_text

    result = _build(vault, today, config_path, write=False, quiet=quiet, no_cache=no_cache)
    assert result.model is not None
    found = introductions.find_paths(result.model, name)
    if as_json:
        click.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_paths_text(result.model, found, result.config.language), nl=False)


@main.command()
@vault_argument
@fixed_today_option
@config_option
@cache_option
@click.option(
    "--poll",
    is_flag=True,
    help="Poll for changes instead of file-system events (network shares, Docker, WSL).",
)
@click.option(
    "--serve",
    "serve_feed",
    is_flag=True,
    help="Also serve the calendar feed from this process (see `serve`).",
)
@host_port_options("for --serve")
@click.option(
    "--quiet-period",
    default=0.3,
    show_default=True,
    type=click.FloatRange(0.0, 10.0),
    help="Seconds without changes before an update.",
)
@handle_errors
def watch(
    vault: Path,
    fixed_today: dt.date | None,
    config_path: Path | None,
    no_cache: bool,
    poll: bool,
    serve_feed: bool,
    host: str,
    port: int,
    quiet_period: float,
) -> None:
    """Build, then keep the index notes and the calendar current while you write.

    Logs one line per update. Stops cleanly on Ctrl-C or SIGTERM.
    """
    from .watch import WatchOptions, run_watch

    options = WatchOptions(
        today=fixed_today,
        config_path=config_path,
        use_cache=not no_cache,
        poll=poll,
        serve=serve_feed,
        host=host,
        port=port,
        quiet_period=quiet_period,
    )
    sys.exit(run_watch(vault, options, click.echo))
