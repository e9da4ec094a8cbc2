"""The owner's report: figures over a period, and a bar chart of complaints per week."""

from datetime import datetime, timedelta
from typing import Annotated

import typer

from fixit import clock, dates
from fixit.commands.common import JsonOption, back, out_of, settings_of, store_of
from fixit.domain import report as domain_report
from fixit.errors import InputError
from fixit.money import format_money
from fixit.output import Output

BAR_WIDTH = 40


def report(
    ctx: typer.Context,
    since: Annotated[
        dates.When | None,
        typer.Option(parser=back, metavar="WHEN", help="Start of the period (default 30d: the last 30 days)."),
    ] = None,
    from_: Annotated[
        dates.When | None, typer.Option("--from", parser=back, metavar="DATE", help="First day of the period.")
    ] = None,
    to: Annotated[dates.When | None, typer.Option(parser=back, metavar="DATE", help="Last day of the period.")] = None,
    all_time: Annotated[bool, typer.Option("--all", help="Everything on file.")] = False,
    as_json: JsonOption = False,
) -> None:
    """How the shop recovers: channels, causes, apology and fix times, promises, amends, outcomes.

    Figures are about the complaints logged in the period. A bar chart shows complaints per week.

    Example: fixit report --since 90d
    """
    store = store_of(ctx)
    period = _period(since, from_, to, all_time, store.first_logged_at() if all_time else None)
    found = domain_report.build(store, period.start, period.end)
    out = out_of(ctx)
    if as_json:
        out.json(found)
        return
    _print_report(out, found, settings_of(ctx).currency)


def _period(
    since: dates.When | None,
    from_: dates.When | None,
    to: dates.When | None,
    all_time: bool,
    first_logged: datetime | None,
) -> domain_report.Period:
    if sum(x is not None and x is not False for x in (since, from_, all_time)) > 1:
        raise InputError("give one of --since, --from or --all")
    if to is not None and from_ is None:
        raise InputError("--to goes with --from")
    if from_ is not None and to is not None and to.day < from_.day:
        raise InputError("--to is before --from")
    return domain_report.period(
        clock.now(), since=since, first_day=from_, last_day=to, all_time=all_time, first_logged=first_logged
    )


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"


def _print_report(out: Output, r: domain_report.Report, currency: str) -> None:
    end_day = (r.end - timedelta(seconds=1)).date()
    out.heading(f"Report {r.start:%Y-%m-%d} to {end_day:%Y-%m-%d}: {r.complaints} complaint(s)")
    if not r.complaints:
        out.line("No complaints in this period.")
        return
    share = f"{r.apologized_within_a_day:.0%}" if r.apologized_within_a_day is not None else "-"
    p = r.promises
    rows = [
        ["By channel", ", ".join(f"{k} {v}" for k, v in r.by_channel.items())],
        ["Verdicts", ", ".join(f"{k} {v}" for k, v in r.verdicts.items())],
        ["Causes (justified)", ", ".join(f"{k} {v}" for k, v in r.by_cause.items()) or "-"],
        ["Median time to apology", _hours(r.median_hours_to_apology)],
        ["Apologized within a day", share],
        ["Median time to fix", _hours(r.median_hours_to_fix)],
        [
            "Promises",
            f"kept on time {p.kept_on_time}, kept late {p.kept_late}, "
            f"open overdue {p.open_overdue}, open not yet due {p.open_not_yet_due}",
        ],
        ["Repeat complainers", ", ".join(f"{name} ({n})" for name, n in r.repeat_customers[:10]) or "none"],
        [
            "Amends",
            ", ".join(
                f"{a.kind} {a.count}" + (f" ({format_money(a.total_cents, currency)})" if a.total_cents else "")
                for a in r.amends
            )
            or "none",
        ],
        ["Coupons", f"{r.coupons_issued} issued, {r.coupons_redeemed} redeemed"],
        ["Outcomes", ", ".join(f"{k} {v}" for k, v in r.outcomes.items())],
        ["Yearly spend won back", format_money(r.yearly_spend_won_back_cents, currency)],
        ["Yearly spend lost", format_money(r.yearly_spend_lost_cents, currency)],
        [
            "Above the staff limit",
            "; ".join(
                f"A{a.amend} {a.kind}"
                + (f" {format_money(a.value_cents, currency)}" if a.value_cents else "")
                + f" for #{a.complaint}, approved by {a.approved_by}"
                for a in r.above_staff_limit
            )
            or "none",
        ],
    ]
    out.table(["Figure", "Value"], rows)
    for title, groups, nobody in (
        ("By location", r.by_location, "(no location)"),
        ("By staff", r.by_staff, "(not given)"),
    ):
        if any(g.name for g in groups):  # a shop with one location and no staff names: nothing to break down
            out.line()
            out.table(
                [title[3:].capitalize(), "Complaints", "Justified", "Apologized within a day", "Still open"],
                [
                    [
                        g.name or nobody,
                        str(g.complaints),
                        str(g.justified),
                        f"{g.apologized_within_a_day / g.complaints:.0%}",
                        str(g.still_open),
                    ]
                    for g in groups
                ],
                title=title,
            )
    out.line()
    out.heading("Complaints per week")
    top = max((n for _, n in r.per_week), default=0) or 1
    bar = "█" if out.rich else "#"
    for week, n in r.per_week:
        out.line(f"{week:%Y-%m-%d}  {bar * round(n / top * BAR_WIDTH):<{BAR_WIDTH}} {n}")


COMMANDS = [report]
PANEL = "The owner's view"  # where `fixit --help` lists these (fixit.cli reads it off this file)
