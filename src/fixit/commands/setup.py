"""Settings and where things live."""

import os
from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import JsonOption, out_of, reask_on_error, settings_of, state_of, store_of
from fixit.domain import settings
from fixit.errors import FixitError, InputError, StorageError, UnknownSetting


def complete_setting(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the settings' names, with what each means."""
    return [(key, meaning) for key, (_, meaning) in settings.SETTINGS.items() if key.startswith(incomplete)]


config_app = typer.Typer(
    help="Show or change the shop's settings (name, currency, follow-up days...).", no_args_is_help=True
)


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show every setting with its value.

    Example: fixit config show
    """
    current = settings_of(ctx)
    values = {key: current.shown(key) for key in settings.SETTINGS}
    out = out_of(ctx)
    if as_json:
        out.json(values)
        return
    out.table(
        ["Setting", "Value", "Meaning"], [[k, values[k], meaning] for k, (_, meaning) in settings.SETTINGS.items()]
    )


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="The setting's name (see `fixit config show`).", show_default=False, autocompletion=complete_setting
        ),
    ],
    value: Annotated[str, typer.Argument(help="Its new value.", show_default=False)],
) -> None:
    """Change one setting.

    Example: fixit config set business_name "Rosa's Bakery"
    """
    store, out = store_of(ctx), out_of(ctx)
    shared: list[tuple[str, list[int]]] = []
    if key == "country":
        shared = settings.set_country(store, value)
    else:
        settings.change(store, key, value)
    out.line(f"{key} = {settings_of(ctx).shown(key)}")
    for number, ids in shared:
        named = " and ".join([", ".join(str(i) for i in ids[:-1]), str(ids[-1])]) if len(ids) > 1 else str(ids[0])
        merge = " ".join(str(i) for i in ids[:2])
        out.line(
            f"Customers {named} now have the same phone number ({number}): `fixit customer merge {merge}` "
            "if they are one person.",
            "yellow",
        )


@config_app.command("get")
def config_get(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="The setting's name (see `fixit config show`).", show_default=False, autocompletion=complete_setting
        ),
    ],
) -> None:
    """Print one setting's value (empty when unset), for scripts.

    Example: fixit config get currency
    """
    if key not in settings.SETTINGS:
        raise UnknownSetting(key)
    out_of(ctx).line(settings_of(ctx).shown(key))


@config_app.command("unset")
def config_unset(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="The setting's name (see `fixit config show`).", show_default=False, autocompletion=complete_setting
        ),
    ],
) -> None:
    """Put one setting back to its default.

    Example: fixit config unset staff_limit
    """
    default = settings.unset(store_of(ctx), key)
    out_of(ctx).line(f"{key} is back to its default" + (f": {default}" if default else " (empty)"))


@config_app.command("set-password")
def config_set_password(ctx: typer.Context) -> None:
    """Keep the mail server's password in the system keyring (asked for twice, never shown or stored
    in the database). FIXIT_SMTP_PASSWORD in the environment is used instead when it is set.

    Example: fixit config set-password
    """
    from fixit.delivery import password

    settings = settings_of(ctx)
    user, host = settings["smtp_user"], settings["smtp_host"]
    if not user or not host:
        raise InputError("set smtp_host and smtp_user first (`fixit config set smtp_user rosa@example.com`)")
    password.check_keyring()
    secret = typer.prompt(f"Password for {user} on {host}", hide_input=True, confirmation_prompt=True, err=True)
    if not secret:
        raise InputError("the password is empty")
    keeper = password.store(user, host, secret)
    out_of(ctx).line(f"Password for {user} on {host} kept in the system keyring ({keeper}).")


def paths(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show where fixit keeps its database and your own letter templates.

    Example: fixit paths
    """
    from fixit.outbox import outbox_file
    from fixit.paths import app_dir, database_location, shown, user_templates_dir
    from fixit.till import till_file

    found = {
        "app_dir": str(app_dir()),
        "database": shown(database_location(state_of(ctx).db_option)),
        "templates": str(user_templates_dir()),
        "till": str(till_file()),
        "outbox": str(outbox_file()),
    }
    out = out_of(ctx)
    if as_json:
        out.json(found)
        return
    for key, value in found.items():
        out.line(f"{key}: {value}")


def init(
    ctx: typer.Context,
    business_name: Annotated[str | None, typer.Option(help="The shop's name, for letters.")] = None,
    owner: Annotated[str | None, typer.Option(help="Your name.")] = None,
    signer: Annotated[str | None, typer.Option(help="How letters are signed (default: your name).")] = None,
    currency: Annotated[str | None, typer.Option(help="The currency symbol, e.g. $ or €.")] = None,
    address: Annotated[str | None, typer.Option(help="The shop's address, for printed letters.")] = None,
    phone: Annotated[str | None, typer.Option(help="The shop's phone number.")] = None,
    email: Annotated[str | None, typer.Option(help="The shop's email address.")] = None,
    followup_days: Annotated[int | None, typer.Option(help="Days after a fix to follow up.")] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar="dmy|mdy|ymd",
            help="How your spreadsheets write a date with numbers: dmy (20/11/2026), mdy (11/20/2026), ymd.",
        ),
    ] = None,
) -> None:
    """Set up your shop: name, owner, signature, currency, address, follow-up days.

    With no options it asks for each (Enter keeps what is there); with options it asks nothing.

    Example: fixit init --business-name "Rosa's Bakery" --owner "Rosa Marquez" --currency €
    """
    given = {
        "business_name": business_name,
        "owner_name": owner,
        "signer": signer,
        "currency": currency,
        "address": address,
        "business_phone": phone,
        "business_email": email,
        "followup_days": None if followup_days is None else str(followup_days),
        "date_order": date_order,
    }
    store = store_of(ctx)
    if all(value is None for value in given.values()):
        given = _ask(settings_of(ctx).values)
    chosen = {key: value for key, value in given.items() if value is not None}
    settings.change_many(store, chosen)
    out = out_of(ctx)
    out.line(
        f"Ready{', ' + chosen['business_name'] if chosen.get('business_name') else ''}. "
        'At the counter: fixit log "Name" "what went wrong"; each morning: fixit due.'
    )


def _ask(current: dict[str, str]) -> dict[str, str | None]:
    questions = [
        ("business_name", "Your shop's name"),
        ("owner_name", "Your name"),
        ("signer", "Sign letters as (Enter: your name)"),
        ("currency", "Currency symbol"),
        ("address", "Address, for printed letters (Enter to skip)"),
        ("business_phone", "Shop phone (Enter to skip)"),
        ("business_email", "Shop email (Enter to skip)"),
        ("followup_days", "Days after a fix to follow up"),
        ("date_order", "Dates in your spreadsheets: dmy (20/11/2026), mdy (11/20/2026) or ymd (Enter to skip)"),
    ]
    answers = {}
    for key, question in questions:

        def checked(value: str, key: str = key) -> str:
            return settings.check(key, value) if value.strip() else ""

        answer = typer.prompt(
            question,
            default=current.get(key, ""),
            show_default=bool(current.get(key)),
            value_proc=reask_on_error(checked),
        )
        answers[key] = answer or None
    return answers


def demo(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Where to write it (default: demo.db in the app folder).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file there.")] = False,
) -> None:
    """Make a sample shop with three weeks of history, to try every command on.

    Your own records are not touched: the demo is a separate file.

    Example: fixit demo   (then try the commands it prints)
    """
    from fixit.domain import demo as domain_demo
    from fixit.paths import app_dir, checked_target, database_location, expand
    from fixit.storage import open_store

    shown_as = expand(path or app_dir() / "demo.db")
    # the one check every writer passes: a device, a pipe, a folder, a link to one or a link loop is
    # refused, and what is replaced is where the data really goes (a link is followed, never replaced)
    target = checked_target(shown_as)
    own = database_location(state_of(ctx).db_option)
    if isinstance(own, Path) and target == Path(os.path.realpath(own)):
        raise InputError("that is your own database; the demo goes in a file of its own")
    if target.exists() and not force:
        raise FixitError(f"{shown_as} already exists; add --force to replace it")
    # Made beside the target and renamed over it only when whole: a full disk leaves no half-made
    # (or empty) demo.db in the way of the next try, and --force keeps the old one until then.
    building = target.with_name(f".{target.name}.building")
    _remove_database(building)
    try:
        store = open_store(building)
        try:
            domain_demo.fill(store)
            open_count = store.count_unclosed()
        finally:
            store.close()
        _remove_database(target, keep_main=True)
        os.replace(building, target)
    except StorageError as error:
        _remove_database(building)
        raise StorageError(str(error).replace(str(building), str(target))) from None  # name the file asked for
    except BaseException:
        _remove_database(building)
        raise
    out_of(ctx).line(
        f"Demo shop written to {shown_as} ({open_count} complaints open). Try:\n"
        f"  fixit --db {shown_as} due\n  fixit --db {shown_as} show 5\n  fixit --db {shown_as} letter 1"
    )


def _remove_database(path: Path, keep_main: bool = False) -> None:
    """A database file and its WAL companions (a stale -wal beside a new file would be replayed into it)."""
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def till(
    ctx: typer.Context,
    location: Annotated[str | None, typer.Option(help="The shop location this till stands in ('' clears it).")] = None,
    staff: Annotated[
        str | None, typer.Option(help="Who logs complaints here, when --by-staff is not given ('' clears it).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show or set which till this machine is: its location and who logs here.

    Kept on this machine (not in the shared database), in the app folder; FIXIT_LOCATION and
    FIXIT_STAFF override it. Complaints logged here record both; `due` lists this location's work.

    Example: fixit till --location "Mill Lane" --staff Sam
    """
    from fixit import till as this_till

    here = this_till.save(location, staff) if location is not None or staff is not None else this_till.load()
    out = out_of(ctx)
    if as_json:
        out.json({"location": here.location, "staff": here.staff, "file": str(this_till.till_file())})
        return
    out.line(f"Location: {here.location or '(none: one location, or the whole business)'}")
    out.line(f"Staff: {here.staff or '(none: give --by-staff when logging)'}")
    out.line(f"Kept in {this_till.till_file()} (FIXIT_LOCATION and FIXIT_STAFF override it).")


COMMANDS = [paths, init, demo, till]
PANEL = "Setup"  # where `fixit --help` lists these (fixit.cli reads it off this file)
