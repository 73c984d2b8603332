"""``advocate plan``: a case's safety-plan checklist."""

from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, choices, open_casework, sub_app, upper, whole_number
from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import PlanCategory

app = sub_app("The safety plan.")


@app.command("plan")
def plan(
    ctx: typer.Context,
    reference: Reference,
    done: Annotated[
        Optional[int],
        typer.Option(
            "--done", parser=whole_number("--done", 1, 2**31 - 1), help="Mark the item with this number done."
        ),
    ] = None,
    add: Annotated[
        Optional[tuple[str, str]],
        typer.Option("--add", metavar="CATEGORY TITLE", help=f"Add an item. Categories: {choices(PlanCategory)}."),
    ] = None,
) -> None:
    """Show a case's safety-plan checklist, mark an item done, or add one."""
    casework = open_casework(ctx)
    if done is not None and add is not None:
        raise InvalidInputError("Use --done or --add, not both at once.")
    if done is not None:
        item = casework.plan.plan_item(reference, done)
        item = casework.plan.update_plan_item(saved_id(item), item.version, status="done")
        typer.echo(f"Done: #{item.id} {item.title}")
        return
    if add is not None:
        item = casework.plan.add_plan_item(reference, add[0], add[1])
        typer.echo(f"Added #{item.id} to {upper(reference)}: [{item.category}] {item.title}")
        return
    case = casework.cases.get_case(reference)
    today = clock.today()
    typer.echo(f"Safety plan for {case.reference}")
    for category in PlanCategory:
        items = [i for i in case.plan_items if i.category == category.value]
        if not items:
            continue
        typer.echo(f"\n{category.label}")
        for item in items:
            due = late = ""
            if item.due_on and item.status in ("to-do", "in-progress"):
                due = f"  due {uk_date(item.due_on)}"
                late = " OVERDUE" if item.due_on < today else ""
            typer.echo(f"  #{item.id:<5} [{item.status:<14}] {item.title}{due}{late}")
