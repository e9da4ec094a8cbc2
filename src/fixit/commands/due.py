"""The morning agenda."""

from datetime import datetime
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from fixit import clock, dates
from fixit.commands.common import JsonOption, ahead, out_of, settings_of, store_of
from fixit.commands.layout import Entry, entries_lines
from fixit.commands.present import customer_shown, due_words
from fixit.domain import agenda
from fixit.errors import InputError
from fixit.ids import label
from fixit.rules import Section
from fixit.text import ordinal

SECTION_LINES = 25  # a morning list longer than this per section is a list nobody reads
MAIL_WIDTH = 78  # a plain-text mail's lines


def due(
    ctx: typer.Context,
    date: Annotated[
        dates.When | None,
        typer.Option("--date", parser=ahead, metavar="WHEN", help="Look at another day (e.g. tomorrow)."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="Also write open promises and follow-ups as a calendar file."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Every line, not the first {SECTION_LINES} of each section.")
    ] = False,
    mail: Annotated[
        bool,
        typer.Option(
            "--mail",
            help="Email the agenda to owner_email instead of printing it (nothing is sent when nothing is due).",
        ),
    ] = False,
    always: Annotated[bool, typer.Option("--always", help="With --mail: send it even when nothing is due.")] = False,
    everywhere: Annotated[
        bool, typer.Option("--everywhere", help="The whole business, not just this till's location (see `fixit till`).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """What needs doing today: emergencies, missing apologies, promises, follow-ups.

    Each line says what to do and the command to run. Run it every morning, or let cron mail it
    to you at opening time with --mail. At a till with a location (`fixit till`), it lists that
    location's work and every emergency; --everywhere lists the whole business.

    Example: fixit due
    """
    if always and not mail:
        raise InputError("--always goes with --mail")
    now = clock.now()
    if date is not None:
        now = date.moment(now) if date.day != now.date() else now
    if ics is not None:
        from fixit.commands.files import write_calendar

        write_calendar(ctx, ics)
    from fixit import till

    location = None if everywhere else till.load().location
    if as_json and not mail:  # every item, streamed: memory stays flat however many there are
        store = store_of(ctx)
        out_of(ctx).json_stream(
            {"date": now.date(), "open_complaints": store.count_unclosed(), "location": location},
            "items",
            (_item_json(item, now) for item in agenda.every_item(store, now, location)),
        )
        return
    found = agenda.build(store_of(ctx), now, None if show_all else SECTION_LINES, location)
    out = out_of(ctx)
    if mail:
        if found.items or always:
            _mail_agenda(ctx, found)
        return
    if not found.items:
        out.line(_nothing_due(found), "green")
        if found.open_complaints == 0 and not settings_of(ctx)["business_name"]:
            out.line(
                "First time here? `fixit init` sets up your shop for letters; `fixit demo` makes a "
                "sample shop to try every command on."
            )
        return
    with out.paged():
        for line in agenda_lines(found, out.width):
            if line.kind == "heading":
                out.line()
                out.heading(line.text)
            else:
                out.line(line.text, {"title": "bold", "urgent": "red", "group": "bold"}.get(line.kind))


class Line(NamedTuple):
    text: str
    kind: str  # title, heading, group (a customer's name over their items), item, urgent or more


def agenda_lines(found: agenda.Agenda, width: int | None = None) -> list[Line]:
    """The agenda as it is printed and mailed: a title, then each section's heading and lines, each
    line at most ``width`` characters (None: whole lines)."""
    where = f" · at {found.location} (and emergencies everywhere; --everywhere for all)" if found.location else ""
    title = f"Due {dates.written(found.day)} · {found.open_complaints} complaint(s) open"
    lines = [Line(title + where, "title")]
    if width is not None and len(lines[0].text) > width:
        lines = [
            Line(title, "title"),
            Line(f"  at {found.location}; emergencies everywhere (--everywhere: all)", "item"),
        ]
    for section in Section:
        items = [i for i in found.items if i.section is section]
        if items:
            lines.append(Line(f"{section.rule.heading} ({found.totals[section]:,})", "heading"))
            for shown in entries_lines([entry(item, found.now) for item in items], width):
                lines.append(Line(shown.text, "group" if shown.group else "urgent" if shown.urgent else "item"))
            hidden = found.totals[section] - len(items)
            if hidden:
                lines.append(Line(f"  … and {hidden:,} more: fixit due --all", "more"))
    return lines


def _mail_agenda(ctx: typer.Context, found: agenda.Agenda) -> None:
    """The morning's agenda to the owner: plain text, and HTML for mail programs that show it."""
    import html
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    from fixit.delivery import password, smtp
    from fixit.letters import formats, sending

    settings = settings_of(ctx)
    server = sending.mail_server(settings)
    sender = sending.shop_address(settings)
    to = formats.address(settings["owner_name"] or None, settings.owner_email)
    lines = agenda_lines(found, MAIL_WIDTH) if found.items else [Line(_nothing_due(found), "title")]
    emergencies = found.totals.get(Section.emergency, 0)
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = f"fixit: {sum(found.totals.values())} thing(s) due {dates.written(found.day)}" + (
        f", {emergencies} emergency" + ("" if emergencies == 1 else "s") if emergencies else ""
    )
    message["Date"] = format_datetime(found.now)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    message.set_content("\n".join(("\n" if line.kind == "heading" else "") + line.text for line in lines) + "\n")
    tags = {
        "title": "h1",
        "heading": "h2",
        "urgent": 'p style="color:#b00020"',
        "item": "p",
        "more": "p",
        "group": "h3",
    }
    message.add_alternative(
        '<!doctype html><html><body style="font-family:sans-serif">'
        + "".join(
            f"<{tags[line.kind]}>{html.escape(line.text.strip())}</{tags[line.kind].split()[0]}>" for line in lines
        )
        + "</body></html>",
        subtype="html",
        charset="utf-8",
    )
    secret = password.lookup(server.user, server.host) if server.user else None
    smtp.send(server, message, [to.addr_spec], secret)
    if out_of(ctx).rich:
        out_of(ctx).line(f"Sent the agenda to {to.addr_spec}.")


def _nothing_due(found: agenda.Agenda) -> str:
    if found.open_complaints == 0:
        return "Nothing due today, and no complaints open. Log one at the counter with `fixit log`."
    return f"Nothing due today. {found.open_complaints} complaint(s) open, all on track."


def describe(item: agenda.Item, now: datetime) -> tuple[str, str]:
    """The agenda line and the command that acts on it."""
    found = entry(item, now)
    return found.text(), found.command


def entry(item: agenda.Item, now: datetime) -> Entry:
    """An agenda item in its parts: who, the summary (which may be cut to fit), what is due, the command."""
    c, today, section = item.complaint, now.date(), item.section
    urgent = item.late or section is Section.emergency
    who = customer_shown(c)

    def complaint(tail: str, command: str) -> Entry:
        return Entry(label("complaint", c.id), who, c.summary, tail, command, urgent=urgent, customer=c.customer_id)

    if item.promise is not None:
        p = item.promise
        when = f"was due {dates.relative(p.due, today)}" if item.late else f"due {due_words(p)}"
        return Entry(
            label("promise", p.id),
            who,
            p.what,
            when,
            f"fixit keep {label('promise', p.id)}",
            "{head}: {summary} ({tail})",
            urgent,
            c.customer_id,
        )
    if item.amend is not None:
        a = item.amend
        if section is Section.check_in and a.checkin_due is not None:
            return complaint(f"{a.kind} due {dates.relative(a.checkin_due, today)}", f"fixit checkin {c.id} --ok")
        expires = dates.relative(a.expires, today) if a.expires else "soon"
        return Entry(
            f"Coupon {a.code}",
            who,
            "",
            f"expires {expires}, not yet used",
            f"fixit show {c.id}",
            "{head}: {tail}",
            urgent,
            c.customer_id,
        )
    if section is Section.emergency:
        nth = f"{ordinal(c.nth)} complaint" if c.nth and c.nth > 1 else "a repeat complaint"
        return complaint(f"{nth}, call today", f"fixit show {c.id}")
    if section is Section.apology:
        late = " LATE" if item.late else ""
        return complaint(f"logged {dates.age(c.logged_at, now)} ago{late}", f"fixit apologize {c.id}")
    if section is Section.follow_up and c.followup_due is not None:
        return complaint(f"due {dates.relative(c.followup_due, today)}", f"fixit followup {c.id}")
    return complaint(f"open {dates.age(c.logged_at, now)}", f'fixit promise {c.id} "..." --by WHEN')


def _item_json(item: agenda.Item, now: datetime) -> dict[str, object]:
    text, command = describe(item, now)
    return {
        "section": item.section,
        "complaint": item.complaint.id,
        "customer": item.complaint.customer_name,
        "promise": item.promise.id if item.promise else None,
        "coupon": item.amend.code if item.amend else None,
        "late": item.late,
        "text": text,
        "command": command,
        "location": item.complaint.location,
    }


COMMANDS = [due]
PANEL = "The owner's view"  # where `fixit --help` lists these (fixit.cli reads it off this file)
