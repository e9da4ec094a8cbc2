"""The command group that gives every failure the same face: one line on stderr, an exit code.

Typer's own handler draws a multi-line panel for a usage error and a traceback for
anything else; a shop owner should see "fixit: error: no complaint #99" and nothing more.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperGroup
from typer.exceptions import Abort

from fixit.errors import FixitError
from fixit.output import error
from fixit.storage import sql_errors_as_storage_errors


class FixitGroup(TyperGroup):
    """Every failure as one line on stderr with its exit code. (A closed pipe, as in
    `fixit list | head`, is left to Typer, which exits 1 without a word.)"""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        code = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, args, prog_name, complete_var, **extra: Any) -> int:
        try:
            with sql_errors_as_storage_errors():
                result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            return result if isinstance(result, int) else 0
        except FixitError as failure:
            error(str(failure))
            return failure.exit_code
        except UsageError as failure:
            if not failure.format_message():
                return failure.exit_code  # `fixit` or `fixit config` alone: the help was the answer
            hint = f" (see '{failure.ctx.command_path} --help')" if failure.ctx else ""
            error(f"{failure.format_message()}{hint}")
            return failure.exit_code
        except ClickException as failure:
            error(failure.format_message())
            return failure.exit_code
        except Abort:
            error("stopped; nothing was saved")
            return 1


class ShowByDefault(TyperGroup):
    """A group whose first word may be a name instead of a sub-command:
    `fixit customer "Dana"` means `fixit customer show "Dana"`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)
