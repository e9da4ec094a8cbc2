"""The owner's view: the report, customers, search."""

from datetime import datetime, time, timedelta
from typing import Annotated, Optional

import typer

from fixit import clock, dates
from fixit.cli_group import ShowByDefault
from fixit.commands.common import DATE_HELP, JsonOption, back, settings_of, store_of
from fixit.commands.present import short, status_word
from fixit.domain import customers as domain_customers
from fixit.domain import report as domain_report
from fixit.domain import search
from fixit.errors import InputError
from fixit.ids import label
from fixit.money import format_money, parse_money
from fixit.output import Output

BAR_WIDTH = 40


def report(
    ctx: typer.Context,
    since: Annotated[Optional[dates.When], typer.Option(parser=back, metavar="WHEN",
                                                        help="Start of the period (default 30d: the last 30 days).")] = None,
    from_: Annotated[Optional[dates.When], typer.Option("--from", parser=back, metavar="DATE",
                                                        help="First day of the period.")] = None,
    to: Annotated[Optional[dates.When], typer.Option(parser=back, metavar="DATE", help="Last day of the period.")] = None,
    all_time: Annotated[bool, typer.Option("--all", help="Everything on file.")] = False,
    as_json: JsonOption = False,
) -> None:
    """How the shop recovers: channels, causes, apology and fix times, promises, amends, outcomes.

    Figures are about the complaints logged in the period. A bar chart shows complaints per week.

    Example: fixit report --since 90d
    """
    start, end = _period(since, from_, to, all_time)
    found = domain_report.build(store_of(ctx), start, end)
    out = Output()
    if as_json:
        out.json(found)
        return
    _print_report(out, found, settings_of(ctx).currency)


def _period(since, from_, to, all_time) -> tuple[datetime, datetime]:
    now = clock.now()
    if sum(x is not None and x is not False for x in (since, from_, all_time)) > 1:
        raise InputError("give one of --since, --from or --all")
    if to is not None and from_ is None:
        raise InputError("--to goes with --from")
    midnight = lambda day: datetime.combine(day, time.min, tzinfo=now.tzinfo)  # noqa: E731
    if all_time:
        return datetime(1970, 1, 1, tzinfo=now.tzinfo), now + timedelta(seconds=1)
    if from_ is not None:
        end = midnight(to.day + timedelta(days=1)) if to else now + timedelta(seconds=1)
        if end <= midnight(from_.day):
            raise InputError("--to is before --from")
        return midnight(from_.day), end
    start = since.day if since else now.date() - timedelta(days=30)
    return midnight(start), now + timedelta(seconds=1)


def _hours(value: Optional[float]) -> str:
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
        ["Promises", f"kept on time {p.kept_on_time}, kept late {p.kept_late}, "
                     f"open overdue {p.open_overdue}, open not yet due {p.open_not_yet_due}"],
        ["Repeat complainers", ", ".join(f"{name} ({n})" for name, n in r.repeat_customers[:10]) or "none"],
        ["Amends", ", ".join(f"{a.kind} {a.count}" + (f" ({format_money(a.total_cents, currency)})" if a.total_cents else "")
                             for a in r.amends) or "none"],
        ["Coupons", f"{r.coupons_issued} issued, {r.coupons_redeemed} redeemed"],
        ["Outcomes", ", ".join(f"{k} {v}" for k, v in r.outcomes.items())],
        ["Yearly spend won back", format_money(r.yearly_spend_won_back_cents, currency)],
        ["Yearly spend lost", format_money(r.yearly_spend_lost_cents, currency)],
    ]
    out.table(["Figure", "Value"], rows)
    out.line()
    out.heading("Complaints per week")
    top = max((n for _, n in r.per_week), default=0) or 1
    bar = "█" if out.rich else "#"
    for week, n in r.per_week:
        out.line(f"{week:%Y-%m-%d}  {bar * round(n / top * BAR_WIDTH):<{BAR_WIDTH}} {n}")


customer_app = typer.Typer(cls=ShowByDefault, no_args_is_help=True,
                           help="A customer's profile (`fixit customer NAME|ID`), or edit or merge customers.")


@customer_app.command("show")
def customer_show(ctx: typer.Context,
                  who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
                  as_json: JsonOption = False) -> None:
    """A customer's profile: contact, situation and needs, every complaint, promise, amend and letter.

    `fixit customer "Dana Reyes"` is the same as `fixit customer show "Dana Reyes"`.

    Example: fixit customer show 4
    """
    store = store_of(ctx)
    found = domain_customers.profile(store, domain_customers.identify(store, who))
    out = Output()
    if as_json:
        out.json(found)
        return
    c, currency, today = found.customer, settings_of(ctx).currency, clock.today()
    out.line(f"{c.name} (customer {c.id})", "bold")
    for title, value in (("Phone", c.phone), ("Email", c.email), ("Situation and needs", c.notes),
                         ("Yearly spend", format_money(c.yearly_spend_cents, currency) if c.yearly_spend_cents else None)):
        if value:
            out.line(f"{title}: {value}")
    if not found.complaints:
        out.line("No complaints.")
        return
    from fixit.commands.present import promise_state
    from fixit.domain.amends import describe

    rows = []
    for d in found.complaints:
        k = d.complaint
        rows.append([label("complaint", k.id), f"{k.logged_at:%Y-%m-%d}", short(k.summary, 40), status_word(k)])
        rows += [["", "", f"{label('promise', p.id)} {short(p.what, 36)}", promise_state(p, today)] for p in d.promises]
        rows += [["", "", f"{label('amend', a.id)} {short(describe(a, currency), 36)}", ""] for a in d.amends]
        rows += [["", f"{l.sent_at:%Y-%m-%d}", f"letter: {l.kind}", "sent"] for l in d.letters]
    out.table(["Complaint", "Date", "What", "State"], rows)


@customer_app.command("edit")
def customer_edit(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
    name: Annotated[Optional[str], typer.Option(help="Correct the name.")] = None,
    phone: Annotated[Optional[str], typer.Option(help="Phone number ('' clears it).")] = None,
    email: Annotated[Optional[str], typer.Option(help="Email address ('' clears it).")] = None,
    notes: Annotated[Optional[str], typer.Option(help="Their situation and needs ('' clears it).")] = None,
    yearly_spend: Annotated[Optional[str], typer.Option("--yearly-spend", help="What they spend a year, e.g. 1200.")] = None,
) -> None:
    """Correct a customer's phone, email, notes or yearly spend.

    Example: fixit customer edit 4 --phone 555-0199 --yearly-spend 1500
    """
    store = store_of(ctx)
    customer = domain_customers.identify(store, who)
    cents = parse_money(yearly_spend, settings_of(ctx).currency) if yearly_spend is not None else None
    changed = domain_customers.edit(store, customer.id, name=name, phone=phone, email=email, notes=notes,
                                    yearly_spend_cents=cents)
    Output().line(f"Customer {changed.id} updated: {changed.name}.")


@customer_app.command("merge")
def customer_merge(
    ctx: typer.Context,
    keep: Annotated[int, typer.Argument(metavar="A", help="The customer to keep.")],
    duplicate: Annotated[int, typer.Argument(metavar="B", help="The duplicate, merged into A and removed.")],
) -> None:
    """Merge a duplicate customer B into A: every complaint moves to A, in one transaction.

    Example: fixit customer merge 4 9
    """
    kept, moved = domain_customers.merge(store_of(ctx), keep, duplicate)
    Output().line(f"Merged customer {duplicate} into {kept.id} ({kept.name}); {len(moved)} complaint(s) moved.")


def customers(
    ctx: typer.Context,
    repeat: Annotated[bool, typer.Option("--repeat", help="Only customers with more than one complaint.")] = False,
    limit: Annotated[int, typer.Option(min=0, help="At most this many, latest contact first (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List customers with their complaint counts and last contact.

    Example: fixit customers --repeat
    """
    found = domain_customers.overview(store_of(ctx), repeat, limit or None)
    out = Output()
    if as_json:
        out.json([{"customer": r["customer"], "complaints": r["complaints"], "open": r["open"],
                   "last_contact": r["last_contact"], "repeat": r["complaints"] > 1} for r in found])
        return
    if not found:
        out.line("No customers yet.")
        return
    out.table(["ID", "Name", "Complaints", "Open", "Last contact", "Repeat"],
              [[str(r["id"]), r["customer"].name, str(r["complaints"]), str(r["open"]),
                f"{r['last_contact']:%Y-%m-%d}" if r["last_contact"] else "-", "yes" if r["complaints"] > 1 else ""]
               for r in found])


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for.", show_default=False)],
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many matches.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search complaints, fixes, notes, explanations and promises; best match first.

    Example: fixit find "refund card"
    """
    hits = search.find(store_of(ctx), text, limit)
    out = Output()
    start, end = search.MARK
    if as_json:
        out.json([{"complaint": h.complaint.id, "promise": h.promise_id, "source": h.source,
                   "customer": h.complaint.customer_name, "snippet": h.snippet.replace(start, "**").replace(end, "**")}
                  for h in hits])
        return
    if not hits:
        out.line("No matches.")
        return
    for hit in hits:
        where = label("promise", hit.promise_id) if hit.promise_id else label("complaint", hit.complaint.id)
        prefix = f"{where} {hit.complaint.customer_name} ({hit.complaint.logged_at:%Y-%m-%d}): "
        if out.rich:
            from rich.text import Text

            line = Text(prefix)
            for index, part in enumerate(hit.snippet.replace(end, start).split(start)):
                line.append(part, style="bold yellow" if index % 2 else "")
            out.console.print(line)
        else:
            out.line(prefix + hit.snippet.replace(start, "**").replace(end, "**"))


COMMANDS = [report, customers, find]
