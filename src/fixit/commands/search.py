"""Full-text search, best match first, matched words highlighted."""

from typing import Annotated

import typer

from fixit.commands.common import JsonOption, out_of, store_of
from fixit.commands.present import customer_shown
from fixit.domain import search
from fixit.ids import label
from fixit.output import Output
from fixit.text import cut_at_word


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for.", show_default=False)],
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many matches.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search complaints, fixes, notes, explanations and promises; best match first. A complaint
    marked void (entered in error) is found too, and says so.

    Example: fixit find "refund card"
    """
    hits = search.find(store_of(ctx), text, limit)
    out = out_of(ctx)
    start, end = search.MARK
    shaped = [
        {
            "complaint": h.complaint.id,
            "promise": h.promise_id,
            "source": h.source,
            "customer": h.complaint.customer_name,
            "snippet": h.snippet.replace(start, "**").replace(end, "**"),
            "void": h.complaint.voided_at is not None,
        }
        for h in hits
    ]
    if not out.records(hits, as_json, "No matches.", shaped):
        return
    with out.paged():
        _print_hits(out, hits)


def _print_hits(out: Output, hits: list[search.Hit]) -> None:
    start, end = search.MARK
    for hit in hits:
        where = label("promise", hit.promise_id) if hit.promise_id else label("complaint", hit.complaint.id)
        void = ", void" if hit.complaint.voided_at is not None else ""  # entered in error: found, but said so
        prefix = f"{where} {customer_shown(hit.complaint)} ({hit.complaint.logged_at:%Y-%m-%d}{void}): "
        if out.rich:
            from rich.text import Text

            line = Text(prefix)
            for index, part in enumerate(hit.snippet.replace(end, start).split(start)):
                line.append(part, style="bold yellow" if index % 2 and out.color else "")
            if out.width is not None and len(line) > out.width:  # cut at a word, keeping the marks
                keep = len(cut_at_word(line.plain, out.width)) - 1
                line = line[:keep]
                line.rstrip()
                line.append("…")
            out.console.print(line)
        else:  # piped: the words as they are, no markup
            out.line(prefix + hit.snippet.replace(start, "").replace(end, ""))


COMMANDS = [find]
PANEL = "Afterwards"  # where `fixit --help` lists these (fixit.cli reads it off this file)
