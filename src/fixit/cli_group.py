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
from fixit.errors import FixitError, InputError
from fixit.storage import sql_errors_as_storage_errors


class RefuseRepeatedOptions(TyperGroup):
    """A group whose commands refuse an option given twice: `--justified --unjustified` (one switch
    set both ways) or `--channel phone --channel email` would otherwise quietly take the last. Options
    meant to repeat (`--tag a --tag b`) still do. Checked before the command's own parsing."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:  # Typer does not export its Context base
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            refuse_repeated_options(command, ctx, rest)
        return name, command, rest


def refuse_repeated_options(command: Any, ctx: Any, args: list[str]) -> None:
    """(Typer bundles its own click, whose classes it does not export: the command and its options
    are known by what they have, and the command's own context class parses as it will.)"""
    if hasattr(command, "commands"):  # a group, as `config`: the options of its sub-command
        words = [arg for arg in args if not arg.startswith("-")]
        sub = command.get_command(ctx, words[0]) if words else None
        if sub is not None:
            refuse_repeated_options(sub, ctx, args[args.index(words[0]) + 1:])
        return
    try:
        own = command.context_class(command, parent=ctx, resilient_parsing=True)  # options after arguments
        _, _, order = command.make_parser(own).parse_args(args=list(args))
    except typer.TyperException:
        return  # the command's own parsing says what is wrong
    seen: set[str] = set()
    for param in order:
        if getattr(param, "param_type_name", "") != "option" or param.multiple or param.count:
            continue
        if param.name not in seen:
            seen.add(param.name)
            continue
        names = param.opts + param.secondary_opts
        given = [arg.split("=", 1)[0] for arg in args if arg.split("=", 1)[0] in names]
        if len(set(given)) > 1:
            first, second = sorted(set(given), key=given.index)[:2]
            raise InputError(f"{first} and {second} contradict each other: give one")
        raise InputError(f"{given[0] if given else names[0]} is given twice: give it once")


class FixitGroup(RefuseRepeatedOptions):
    """Every failure as one line on stderr with its exit code. (A closed pipe, as in
    `fixit list | head`, is left to Typer, which exits 1 without a word.)"""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        state = extra.pop("obj", None) or AppState()
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


def crash_report() -> str:
    """Write the exception being handled to ``crash.log`` in the app folder (0600: a traceback can hold
    customers' words) and say where; FIXIT_DEBUG=1 prints it too."""
    import os
    import traceback

    from fixit import __version__
    from fixit.paths import app_dir, private_folder, write_private

    details = masked(traceback.format_exc())
    if os.environ.get("FIXIT_DEBUG"):
        print(details, file=sys.stderr, end="")
    log = app_dir() / "crash.log"
    try:
        private_folder(log.parent)
        write_private(log, masked(f"fixit {__version__}, {' '.join(sys.argv[:2])} ...\n{details}").encode())
    except (FixitError, OSError):
        return "internal error (the crash log could not be written; FIXIT_DEBUG=1 shows the details)"
    return f"internal error; details in {log}"


def masked(text: str) -> str:
    """``text`` without the secrets of any database location this run was given (--db, --db=URL,
    --to, FIXIT_DB): a crash log and its first line (the command line) never hold a password."""
    import os

    from fixit.conninfo import hide

    given = [arg.partition("=")[2] if arg.startswith("-") else arg for arg in sys.argv[1:]]
    return hide(text, *given, os.environ.get("FIXIT_DB", ""))


class ShowByDefault(RefuseRepeatedOptions):
    """A group whose first word may be a name instead of a sub-command:
    `fixit customer "Dana"` means `fixit customer show "Dana"`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer does not export its Context base
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)
