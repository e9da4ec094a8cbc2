"""Settings and where things live."""

from typing import Annotated

import typer

from fixit.commands.common import AppState, JsonOption, settings_of, store_of
from fixit.domain import settings
from fixit.output import Output

config_app = typer.Typer(help="Show or change the shop's settings (name, currency, follow-up days...).",
                         no_args_is_help=True)


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show every setting with its value.

    Example: fixit config show
    """
    values = settings_of(ctx).values
    out = Output()
    if as_json:
        out.json(values)
        return
    out.table(["Setting", "Value", "Meaning"], [[k, values[k], meaning] for k, (_, meaning) in settings.SETTINGS.items()])


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting's name (see `fixit config show`).", show_default=False)],
    value: Annotated[str, typer.Argument(help="Its new value.", show_default=False)],
) -> None:
    """Change one setting.

    Example: fixit config set business_name "Rosa's Bakery"
    """
    stored = settings.change(store_of(ctx), key, value)
    Output().line(f"{key} = {stored}")


def paths(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show where fixit keeps its database and your own letter templates.

    Example: fixit paths
    """
    from fixit.paths import app_dir, database_path, user_templates_dir

    found = {"app_dir": str(app_dir()), "database": str(database_path(ctx.find_object(AppState).db_option)),
             "templates": str(user_templates_dir())}
    out = Output()
    if as_json:
        out.json(found)
        return
    for key, value in found.items():
        out.line(f"{key}: {value}")


COMMANDS = [paths]
