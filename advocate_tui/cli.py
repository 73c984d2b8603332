"""The ``advocate`` command: quick entry from the shell, and the TUI when run with no subcommand.

Start-up time matters here (``advocate note REF "…"`` is typed many times a day), so Textual,
Jinja, Alembic and dateparser are imported only inside the commands that need them; a test
keeps it so.
"""

import gc
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError
from typer.core import TyperGroup

from advocate_tui import clock
from advocate_tui.dates import describe, parse_when, uk_date
from advocate_tui.errors import AdvocateError, InvalidInputError
from advocate_tui.vocab import (
    Audience,
    Behaviour,
    CaseStatus,
    ClosureReason,
    HearingKind,
    HearingResult,
    NoteKind,
    OrderKind,
    OrderStatus,
    PlanCategory,
    ReferralSource,
    Relationship,
    RiskLevel,
)

EXIT_ERROR = 1


class FriendlyGroup(TyperGroup):
    """Turns every expected failure into one sentence on stderr and a non-zero exit."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AdvocateError as exc:
            _fail(str(exc))
        except SQLAlchemyError as exc:
            from advocate_tui.db import explain

            _fail(explain(exc, ctx.obj.get("where", "in use") if isinstance(ctx.obj, dict) else "in use"))
        except KeyboardInterrupt:
            _fail("Interrupted; nothing more was written.", code=130)


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _typer(help_text: str, **kwargs: Any) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, pretty_exceptions_enable=False,
                       rich_markup_mode=None, add_completion=False, **kwargs)


app = typer.Typer(
    cls=FriendlyGroup,
    help="Casework for independent stalking advocates. Run with no command to open the application.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
case_app = _typer("Open, list, show and close cases.")
court_app = _typer("Court dates.")
order_app = _typer("Protective orders.")
db_app = _typer("The database: its schema, checks and encryption.")
templates_app = _typer("Letter templates: list, show and check them.")
app.add_typer(case_app, name="case")
app.add_typer(court_app, name="court")
app.add_typer(order_app, name="order")
app.add_typer(db_app, name="db")
app.add_typer(templates_app, name="templates")


#: A command's case reference argument.
Reference = Annotated[str, typer.Argument(metavar="REF", help="Case reference, e.g. STK-2026-0003.")]


def _choices(vocabulary: type) -> str:
    return ", ".join(vocabulary.values())


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", envvar="ADVOCATE_DB", help="Database file path or SQLAlchemy URL.")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    no_encrypt: Annotated[bool, typer.Option("--no-encrypt", help="Create a new database WITHOUT encryption: for fictional demo data only (ADVOCATE_NO_ENCRYPT=1 does the same, silently).")] = False,
) -> None:
    if version:
        from advocate_tui import __version__

        typer.echo(f"advocate_tui {__version__}")
        raise typer.Exit()
    ctx.obj = {"db": db, "no_encrypt": no_encrypt}
    if ctx.invoked_subcommand is None:
        from advocate_tui.app import run

        _started()
        run(db, no_encrypt)


def ask_passphrase(prompt: str) -> str:
    """Ask at the terminal without echoing (never on the command line, where other users could see it)."""
    try:
        return typer.prompt(prompt, hide_input=True, err=True)
    except typer.Abort:
        raise InvalidInputError("No passphrase was given, so the database was not opened.") from None


def _database(ctx: typer.Context, *, migrate: bool = True, create: bool = False):  # -> Database (passphrase.py)
    """The database, opened. A database file in a folder that is not there yet is made only by commands
    that ``create`` (a mistyped --db folder would otherwise be made, with an empty database in it)."""
    from advocate_tui.crypto import FileState, file_state
    from advocate_tui.passphrase import Unlocker

    _started()
    unlocker = Unlocker(ctx.obj["db"], no_encrypt=ctx.obj["no_encrypt"], ask=ask_passphrase)
    path = unlocker.sqlite_path()
    if not create and path is not None and not path.parent.exists() and file_state(path) is FileState.MISSING:
        raise InvalidInputError(f"There is no database at {path} (nor its folder): check --db (or ADVOCATE_DB), "
                                "or start one with `advocate case new` or `advocate demo`.")
    database = unlocker.open(migrate=migrate)
    for notice in unlocker.notices:
        typer.echo(f"Warning: {notice}", err=True)
    ctx.obj["where"] = database.where
    ctx.call_on_close(database.dispose)
    return database


def _casework(ctx: typer.Context, *, create: bool = False):  # -> Casework (imported lazily with the service layer)
    from advocate_tui.services import Casework

    return Casework(_database(ctx, create=create))


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _when(text: str, prefer: str, what: str) -> tuple[datetime, bool]:
    return parse_when(text, prefer=prefer, what=what)  # type: ignore[arg-type]


# -- cases ------------------------------------------------------------------------------


@case_app.command("new")
def case_new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The client's full name.")],
    relationship: Annotated[Optional[str], typer.Option(help=f"Perpetrator's relationship to the client: {_choices(Relationship)}.")] = None,
    area: Annotated[Optional[str], typer.Option(help="The area, from the service's list (see `advocate config`).")] = None,
    source: Annotated[str, typer.Option(help=f"Referral source: {_choices(ReferralSource)}.")] = "police",
    risk: Annotated[str, typer.Option(help=f"Risk level: {_choices(RiskLevel)}.")] = "standard",
    crime_ref: Annotated[Optional[str], typer.Option("--crime-ref", help="Police crime reference.")] = None,
    feels_safe: Annotated[Optional[int], typer.Option("--feels-safe", metavar="1-5", help="How safe the client feels now, 1 (not at all) to 5 (completely).")] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only the new reference.")] = False,
) -> None:
    """Open a case for a new referral; prints the new reference first."""
    case = _casework(ctx, create=True).create_case(
        name, relationship=relationship, area=area, source=source, risk=risk, crime_reference=crime_ref,
        feels_safe=feels_safe,
    )
    typer.echo(case.reference)
    if not quiet:
        kind = "domestic" if case.domestic else "non-domestic" if relationship else "relationship not recorded"
        typer.echo(
            f"Opened for {case.client.name}: {ReferralSource(case.referral_source).label.lower()} referral, "
            f"{case.risk_level} risk, {case.area or 'no area'}, {kind}; "
            f"{len(case.plan_items)} safety-plan items to start."
        )


@case_app.command("list")
def case_list(
    ctx: typer.Context,
    all_cases: Annotated[bool, typer.Option("--all", help="Include closed, declined and dropped-out cases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (see README).")] = False,
) -> None:
    """The caseload: open cases, or every case with --all."""
    from advocate_tui.jsonview import case_row_json

    rows = _casework(ctx).list_cases(include_closed=all_cases)
    if as_json:
        _print_json([case_row_json(row) for row in rows])
        return
    if not rows:
        typer.echo("No cases yet: add one with `advocate case new NAME`, or try `advocate demo` on a spare database.")
        return
    today = clock.today()
    table = [("REFERENCE", "NAME", "RISK", "STATUS", "D/ND", "NEXT COURT", "CONTACT", "PLAN", "ORDERS")]
    table += [
        (
            row.reference, row.display_name, row.risk_level, row.status, "D" if row.domestic else "ND",
            uk_date(row.next_hearing), f"{row.days_since_contact(today)}d ago", f"{row.plan_done}/{row.plan_total}",
            row.orders_in_force or "-",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    reference: Reference,
    as_json: Annotated[bool, typer.Option("--json", help="Everything recorded, machine-readable (see README).")] = False,
) -> None:
    """Everything recorded on a case."""
    from advocate_tui.jsonview import case_json, case_text

    case = _casework(ctx).get_case(reference)
    if as_json:
        _print_json(case_json(case))
    else:
        typer.echo(case_text(case, clock.today()))


@case_app.command("close")
def case_close(
    ctx: typer.Context,
    reference: Reference,
    reason: Annotated[str, typer.Option(help=f"Why the case closes: {_choices(ClosureReason)}.")],
    outcome: Annotated[Optional[str], typer.Option(help="A short note of the outcome.")] = None,
    feels_safe: Annotated[Optional[int], typer.Option("--feels-safe", metavar="1-5", help="How safe the client feels now, 1 (not at all) to 5 (completely).")] = None,
    risk_reduced: Annotated[Optional[bool], typer.Option("--risk-reduced/--risk-not-reduced", help="Whether the risk to the client was reduced.")] = None,
    reported: Annotated[Optional[bool], typer.Option("--reported/--not-reported", help="Whether the client reported to the police.")] = None,
    needs_met: Annotated[Optional[bool], typer.Option("--needs-met/--needs-not-met", help="Whether the client's support needs were met.")] = None,
) -> None:
    """Close a case, with the outcome questions asked at exit (leave out any not asked)."""
    case = _casework(ctx).close_case(reference, reason, outcome, feels_safe=feels_safe, risk_reduced=risk_reduced,
                                     reported_to_police=reported, support_needs_met=needs_met)
    typer.echo(f"{case.reference} is now {CaseStatus(case.status).label.lower()} ({ClosureReason(case.closure_reason).label.lower()}), from {uk_date(case.closed_on)}.")
    answers = {"feels safe (1-5)": case.feels_safe_at_closure, "risk reduced": case.risk_reduced,
               "reported to police": case.reported_to_police, "support needs met": case.support_needs_met}
    asked = [f"{question}: {'yes' if value is True else 'no' if value is False else value}"
             for question, value in answers.items() if value is not None]
    typer.echo(f"Outcome: {'; '.join(asked)}." if asked else "No outcome questions recorded.")


# -- quick entry ------------------------------------------------------------------------


def _write_in_editor() -> str:
    """Open $VISUAL / $EDITOR on a private temporary file and return what was written."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, path = tempfile.mkstemp(prefix="advocate-note-", suffix=".txt")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as draft:
            draft.write(NOTE_TEMPLATE)
        try:
            status = subprocess.call([*shlex.split(editor), path])
        except OSError:
            raise InvalidInputError(f"Cannot start the editor '{editor}': set $EDITOR, or give the note as TEXT.") from None
        if status != 0:
            raise InvalidInputError(f"The editor '{editor}' exited with status {status}, so no note was added.")
        with open(path, encoding="utf-8") as draft:
            written = draft.read()
    finally:
        os.unlink(path)
    return "\n".join(line for line in written.splitlines() if not line.startswith("#"))


NOTE_TEMPLATE = "\n# Write the note above. Lines starting with # are left out; an empty note is not saved.\n"


@app.command("note")
def note(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[Optional[str], typer.Argument(metavar="[TEXT]", help="The note; '-' reads standard input; leave out to open $EDITOR.")] = None,
    kind: Annotated[str, typer.Option(help=f"Kind of contact: {_choices(NoteKind)}.")] = "other",
) -> None:
    """Add a note to a case's contact log."""
    body = sys.stdin.read() if text == "-" else _write_in_editor if text is None else text
    saved = _casework(ctx).add_note(reference, body, kind)
    typer.echo(f"Note added to {reference.strip().upper()} ({saved.kind}, {describe(saved.noted_at)}).")


@app.command("incident")
def incident(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened.")],
    when: Annotated[str, typer.Option(help="When it happened: '2026-11-20 21:30', 'yesterday 21:30', '3 Dec 10:00'.")],
    kind: Annotated[Optional[list[str]], typer.Option(help=f"Behaviour (repeat for several): {_choices(Behaviour)}.")] = None,
    location: Annotated[Optional[str], typer.Option(help="Where it happened.")] = None,
    police_ref: Annotated[Optional[str], typer.Option("--police-ref", help="Police crime or incident reference, if reported.")] = None,
    approximate: Annotated[bool, typer.Option("--approx", help="The time is approximate.")] = False,
    serious: Annotated[bool, typer.Option("--serious", help="A serious incident: the risk checklist is due for review.")] = False,
) -> None:
    """Log an incident in the case's stalking log."""
    moment, has_time = _when(when, "past", "incident date")
    saved = _casework(ctx).add_incident(
        reference, text, moment, kind or [], approximate=approximate or not has_time, location=location,
        police_reference=police_ref, serious=serious,
    )
    typer.echo(
        f"Incident logged on {reference.strip().upper()} for {describe(saved.occurred_at, has_time)}"
        f"{' (approximate)' if saved.approximate else ''}: {', '.join(sorted(saved.kinds))}."
    )


# -- court and orders -------------------------------------------------------------------


@court_app.command("add")
def court_add(
    ctx: typer.Context,
    reference: Reference,
    when: Annotated[str, typer.Option(help="Date and time of the hearing: '2026-12-03 10:00', '3 Dec 10:00'.")],
    court: Annotated[str, typer.Option(help="The court's name.")],
    kind: Annotated[str, typer.Option(help=f"Kind of hearing: {_choices(HearingKind)}.")],
    result: Annotated[Optional[str], typer.Option(help=f"What came of it, for a past hearing: {_choices(HearingResult)}.")] = None,
) -> None:
    """Add a court date to a case."""
    moment, has_time = _when(when, "future", "hearing date")
    saved = _casework(ctx).add_hearing(reference, moment, court, kind, result=result)
    typer.echo(
        f"Court date added to {reference.strip().upper()}: {describe(saved.starts_at, has_time)}, "
        f"{HearingKind(saved.kind).label.lower()} at {saved.court}."
    )


@court_app.command("list")
def court_list(
    ctx: typer.Context,
    days: Annotated[int, typer.Option(help="How many days ahead to look.")] = 14,
    ics: Annotated[Optional[Path], typer.Option("--ics", metavar="FILE", help="Also write these dates to an iCalendar file for a phone: reference, hearing kind and court only, never a name.")] = None,
) -> None:
    """Court dates coming up on open cases."""
    hearings = _casework(ctx).upcoming_hearings(days)
    if ics is not None:
        from advocate_tui.calendar_export import hearing_entries, write_calendar

        written = write_calendar(ics, hearing_entries(hearings))
        typer.echo(f"Wrote {written} court date{'s' * (written != 1)} to {ics}, each with a reminder the day before.")
    if not hearings:
        typer.echo(f"No court dates in the next {days} days.")
        return
    for event, reference, _name in hearings:
        typer.echo(f"{describe(event.starts_at)}  {reference}  {HearingKind(event.kind).label:<24} {event.court}")


@order_app.command("add")
def order_add(
    ctx: typer.Context,
    reference: Reference,
    kind: Annotated[str, typer.Option(help=f"Kind of order: {_choices(OrderKind)}.")],
    status: Annotated[str, typer.Option(help=f"Status: {_choices(OrderStatus)}.")] = "being-considered",
    granted: Annotated[Optional[str], typer.Option(help="Date granted (makes the status 'granted' if not given).")] = None,
    expires: Annotated[Optional[str], typer.Option(help="Date the order expires.")] = None,
) -> None:
    """Record a protective order (being considered, applied for, or granted)."""
    from advocate_tui.dates import parse_day

    saved = _casework(ctx).add_order(
        reference, kind, status,
        granted_on=parse_day(granted, what="date granted") if granted else None,
        expires_on=parse_day(expires, prefer="future", what="expiry date") if expires else None,
    )
    dates = "".join(
        part for part in (f", granted {uk_date(saved.granted_on)}" if saved.granted_on else "",
                          f", expires {uk_date(saved.expires_on)}" if saved.expires_on else "")
    )
    typer.echo(f"Order added to {reference.strip().upper()}: {OrderKind(saved.kind).label}, {saved.status}{dates}.")


# -- safety plan ------------------------------------------------------------------------


@app.command("plan")
def plan(
    ctx: typer.Context,
    reference: Reference,
    done: Annotated[Optional[int], typer.Option("--done", help="Mark the item with this number done.")] = None,
    add: Annotated[Optional[tuple[str, str]], typer.Option("--add", metavar="CATEGORY TITLE", help=f"Add an item. Categories: {_choices(PlanCategory)}.")] = None,
) -> None:
    """Show a case's safety-plan checklist, mark an item done, or add one."""
    casework = _casework(ctx)
    if done is not None and add is not None:
        raise InvalidInputError("Use --done or --add, not both at once.")
    if done is not None:
        item = casework.plan_item(reference, done)
        item = casework.update_plan_item(item.id, item.version, status="done")
        typer.echo(f"Done: #{item.id} {item.title}")
        return
    if add is not None:
        item = casework.add_plan_item(reference, add[0], add[1])
        typer.echo(f"Added #{item.id} to {reference.strip().upper()}: [{item.category}] {item.title}")
        return
    case = casework.get_case(reference)
    today = clock.today()
    typer.echo(f"Safety plan for {case.reference}")
    for category in PlanCategory:
        items = [i for i in case.plan_items if i.category == category.value]
        if not items:
            continue
        typer.echo(f"\n{category.label}")
        for item in items:
            due = f"  due {uk_date(item.due_on)}" if item.due_on and item.status in ("to-do", "in-progress") else ""
            late = " OVERDUE" if due and item.due_on < today else ""
            typer.echo(f"  #{item.id:<5} [{item.status:<14}] {item.title}{due}{late}")


# -- set-up -----------------------------------------------------------------------------


@app.command("demo")
def demo(
    ctx: typer.Context,
    cases: Annotated[int, typer.Option(help="How many fictional cases to make.")] = 12,
) -> None:
    """Fill an empty database with fictional cases to try the program on (a new one is created unencrypted)."""
    ctx.obj["no_encrypt"] = True
    casework = _casework(ctx, create=True)
    existing = casework.count_cases()
    if existing:
        raise InvalidInputError(
            f"The database already holds {existing} cases; demo data goes only into an empty database, "
            "so real and fictional cases never mix: use --db demo.db."
        )
    summary = casework.load_demo(cases)
    typer.echo(f"Added {summary.cases} fictional cases ({summary.first_reference} to {summary.last_reference}).")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database's schema up to date (also done automatically on open)."""
    from advocate_tui.db import HEAD_REVISION

    database = _database(ctx, create=True)
    typer.echo(f"{database.where} is at schema {HEAD_REVISION} (the newest).")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Show the database's schema revision without changing anything."""
    from advocate_tui.db import HEAD_REVISION

    database = _database(ctx, migrate=False)
    revision = database.current_revision()
    state = "empty (no schema yet)" if revision is None else f"schema {revision}"
    newest = "up to date" if revision == HEAD_REVISION else f"this program's newest is {HEAD_REVISION}"
    typer.echo(f"{database.where}: {state}; {newest}.")


@app.command("config")
def config(ctx: typer.Context) -> None:
    """Show where the configuration, data and documents live, and the settings in force."""
    from advocate_tui.config import config_file, documents_dir, load_settings, user_templates_dir
    from advocate_tui.db import describe_target, resolve_target
    from advocate_tui.letters.formats import letterhead_lines

    settings = load_settings()
    path = config_file()
    typer.echo(f"Config file: {path}{'' if path.exists() else ' (not created yet; defaults apply)'}")
    typer.echo(f"Database:    {describe_target(resolve_target(ctx.obj['db']))}")
    typer.echo(f"Documents:   {documents_dir()}")
    typer.echo(f"Advocate:    {settings.advocate_name}, {settings.advocate_role}")
    typer.echo(f"Service:     {settings.service_name}")
    typer.echo(f"Areas:       {', '.join(settings.areas)}")
    typer.echo(f"Safety plan: {settings.safety_plan_file or 'built-in starting checklist'}")
    typer.echo(f"Letterhead:  {', '.join(letterhead_lines(settings.organisation))}")
    typer.echo(f"Templates:   {user_templates_dir()} (yours, besides the built-in ones)")


# -- letters ----------------------------------------------------------------------------


@app.command("letter")
def letter(
    ctx: typer.Context,
    reference: Reference,
    template: Annotated[str, typer.Argument(metavar="TEMPLATE", help="Template name (see `advocate templates list`), or the path of a template file.")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="md, txt, html or docx (default: from --out, else docx).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="File or folder to save to (default: the documents folder).")] = None,
    include_address: Annotated[Optional[str], typer.Option("--include-address", metavar="REASON", help="Put a confidential address in a document for someone other than the client; the reason is recorded.")] = None,
) -> None:
    """Make a letter or draft for a case from a template, save it and record it on the case."""
    from advocate_tui.letters.documents import choose_format, draft, save

    casework = _casework(ctx)
    chosen = choose_format(fmt, out)
    made = draft(casework, reference, template, include_address)
    document = save(casework, made, chosen, out=out)
    typer.echo(f"Saved {document.path}")
    typer.echo(f"{document.title} ({Audience(document.audience).label}), recorded on {made.reference}.")
    if document.address_override:
        typer.echo("It includes the client's confidential address; your reason is recorded with it.")


@templates_app.command("list")
def templates_list() -> None:
    """The templates you can use, with whom each is for and where it comes from."""
    from advocate_tui.letters.templates import catalogue

    found, problems = catalogue()
    table = [("NAME", "FOR", "FROM", "TITLE")]
    table += [(t.name, t.audience.label, t.origin, t.title) for t in found.values()]
    widths = [max(len(line[i]) for line in table) for i in range(3)]
    for line in table:
        typer.echo("  ".join([*(cell.ljust(width) for cell, width in zip(line, widths)), line[3]]))
    for problem in problems:
        typer.echo(f"Not usable: {problem}", err=True)


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(metavar="NAME", help="Template name.")]) -> None:
    """A template's description, needs and source."""
    from advocate_tui.letters.templates import find

    found = find(name)
    typer.echo(f"{found.name}: {found.title}")
    typer.echo(f"For:    {found.audience.label}")
    typer.echo(f"Needs:  {', '.join(found.needs) or 'nothing beyond the client'}")
    typer.echo(f"File:   {found.path} ({found.origin})")
    typer.echo(f"About:  {found.description}\n")
    typer.echo(found.path.read_text(encoding="utf-8"), nl=False)


@templates_app.command("check")
def templates_check(
    path: Annotated[Optional[Path], typer.Argument(metavar="[PATH]", help="A template file or folder (default: yours and the built-ins).")] = None,
) -> None:
    """Report syntax errors and unknown names in templates, with line numbers."""
    from advocate_tui.letters.check import check_file, files_to_check

    if path is not None and not path.exists():
        raise InvalidInputError(f"There is no file or folder {path}.")
    files = files_to_check(path)
    problems = [problem for file in files for problem in check_file(file)]
    for problem in problems:
        typer.echo(str(problem))
    summary = f"{len(files)} template files checked: {len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}."
    typer.echo(summary, err=bool(problems))
    if problems:
        raise typer.Exit(EXIT_ERROR)


@templates_app.command("fields")
def templates_fields() -> None:
    """Every name and field a template can use."""
    from advocate_tui.letters.context import RECORDS, ROOT
    from advocate_tui.letters.templates import FILTERS, environment

    def show(name: str, doc: str, indent: str) -> None:
        typer.echo(f"{indent}{name:<24} {doc}")

    for name, var in ROOT.items():
        show(name, var.doc + (f" Each has the fields of {var.kind}." if var.many else ""), "")
    for kind, fields in RECORDS.items():
        typer.echo(f"\n{kind}:")
        for name, var in fields.items():
            show(name, var.doc, "  ")
    typer.echo("\nfilters, besides Jinja's own:")
    filters = environment([]).filters
    for name in [*FILTERS, "lines"]:
        show(name, filters[name].__doc__ or "", "  ")


from advocate_tui import cli_risk  # noqa: E402,F401 -- registers `risk`, `alerts` and `report`
from advocate_tui import cli_protect  # noqa: E402,F401 -- registers `unlock`, `backup`, `audit`, `erase`…


#: The collector's thresholds once started: full collections (50-80 ms over a caseload, felt as a
#: stalled keystroke) a tenth as often as Python's default (700, 10, 10).
GC_THRESHOLDS = (700, 10, 100)


def _started() -> None:
    """The command's imports are done (see :func:`main`): keep what they made out of every later
    collection, and collect again from here on."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def main() -> None:
    """Console-script entry point. Start-up makes many lasting objects and no garbage, so the collector
    waits until the command's imports are done: collecting during them, and then again over all they
    made, took a fifth of ``advocate note``'s time (see bench/run.py)."""
    gc.disable()
    app(prog_name="advocate")

