"""The root command group: it makes the run's state and gives every failure the same face.

Typer's own handler draws a multi-line panel for a usage error and a traceback for anything
else; a shop owner should see "fixit: error: no complaint #99" and nothing more (or, after
--json, one JSON line). Errors are mapped to exit codes here and nowhere else:
0 success, 1 cannot be done (FixitError's default, a refusal, a stop at a prompt),
2 the input is wrong (InputError, a usage error).

Only Typer's public API is used: ``typer.core.TyperGroup`` (the documented way to customise
a group), ``typer.TyperException`` (what usage errors derive from), ``typer.Abort``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from fixit.commands.common import AppState
from fixit.commands.hints import with_hint
from fixit.errors import FixitError
from fixit.storage import sql_errors_as_storage_errors


class FixitGroup(TyperGroup):
    """Every failure as one line on stderr with its exit code. (A closed pipe, as in
    `fixit list | head`, is left to Typer, which exits 1 without a word.)"""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        state = extra.pop("obj", None) or AppState()
        tidy_usage(self)
        code = self._run(state, args, prog_name, complete_var, windows_expand_args, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, state: AppState, args: Sequence[str] | None, prog_name: str | None, complete_var: str | None,
             windows_expand_args: bool, extra: dict[str, Any]) -> int:
        try:
            with sql_errors_as_storage_errors():
                result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                      windows_expand_args=windows_expand_args, obj=state, **extra)
            return result if isinstance(result, int) else 0
        except FixitError as failure:
            state.out.error(with_hint(failure), failure.exit_code)
            return failure.exit_code
        except typer.TyperException as failure:  # usage errors and bad parameters
            message = failure.format_message()
            if not message:
                return failure.exit_code  # `fixit` or `fixit config` alone: the help was the answer
            usage_ctx = getattr(failure, "ctx", None)
            hint = f" (see '{usage_ctx.command_path} --help')" if usage_ctx is not None else ""
            state.out.error(f"{message}{hint}", failure.exit_code)
            return failure.exit_code
        except typer.Abort:
            state.out.error("stopped; nothing was saved", 1)
            return 1
        except Exception:  # the last line of defence: never a traceback, never customer data on screen
            state.out.crash(crash_report())
            return 1
        finally:
            state.close()


def tidy_usage(command: Any) -> None:  # a click Command (Typer does not export its base)
    """Usage lines and help in the words of the commands, not Typer's: `fixit apologize N`, not
    `{N}` and `<complaint_number>`; `--limit N`, not `<int range> [x>=0]`. Each parameter of every
    command is given a plain metavar once, before anything is parsed or shown."""
    from typer.core import TyperArgument, TyperOption

    if getattr(command, "_fixit_tidy", False):
        return
    command._fixit_tidy = True
    for param in command.params:
        if isinstance(param, TyperArgument):
            _tidy_argument(param)
        elif isinstance(param, TyperOption) and not param.is_flag and not param.count:
            _tidy_option(param)
    for sub in getattr(command, "commands", {}).values():
        tidy_usage(sub)


def _tidy_argument(param: Any) -> None:
    import copy

    name = (param.metavar or param.name or "").upper().rstrip(".")
    many = param.nargs != 1
    choices = list(getattr(param.type, "choices", []))

    def make_metavar(ctx: Any = None, *, usage: bool = False) -> str:
        text = name + ("..." if many else "")
        return f"[{text}]" if usage and not param.required else text

    def type_words(param: Any = None, ctx: Any = None) -> str:
        return "|".join(str(c) for c in choices)

    param.metavar = name
    param.make_metavar = make_metavar
    param.type = copy.copy(param.type)  # the shared STRING and INT types stay as they are
    param.type.get_metavar = type_words


def _tidy_option(param: Any) -> None:
    import copy

    kind = param.type
    if param.metavar is None:
        if hasattr(kind, "choices"):
            param.metavar = "|".join(str(c) for c in kind.choices)
        elif kind.name.startswith(("int", "float")):  # integer, int range, float range
            param.metavar = "N"
        elif kind.name == "path":
            param.metavar = "PATH"
        else:
            param.metavar = "TEXT"
    if hasattr(kind, "_describe_range"):  # the range is said in the help text, in words
        param.type = copy.copy(kind)
        param.type._describe_range = lambda: ""


def crash_report() -> str:
    """Write the exception being handled to ``crash.log`` in the app folder (0600: a traceback can hold
    customers' words) and say where; FIXIT_DEBUG=1 prints it too."""
    import os
    import traceback

    from fixit import __version__
    from fixit.paths import app_dir, private_folder, write_private

    details = traceback.format_exc()
    if os.environ.get("FIXIT_DEBUG"):
        print(details, file=sys.stderr, end="")
    log = app_dir() / "crash.log"
    try:
        private_folder(log.parent)
        write_private(log, f"fixit {__version__}, {' '.join(sys.argv[:2])} ...\n{details}".encode())
    except (FixitError, OSError):
        return "internal error (the crash log could not be written; FIXIT_DEBUG=1 shows the details)"
    return f"internal error; details in {log}"


class ShowByDefault(TyperGroup):
    """A group whose first word may be a name instead of a sub-command:
    `fixit customer "Dana"` means `fixit customer show "Dana"`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer does not export its Context base
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)
