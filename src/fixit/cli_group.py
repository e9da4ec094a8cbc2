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

import errno
import os
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
            refuse_repeated_options(sub, ctx, args[args.index(words[0]) + 1 :])
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

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        state = extra.pop("obj", None) or AppState()
        bound_numbers(self)  # first: the usage lines are then tidied with the bound in place
        tidy_usage(self)
        code = self._run(state, args, prog_name, complete_var, windows_expand_args, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self,
        state: AppState,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        windows_expand_args: bool,
        extra: dict[str, Any],
    ) -> int:
        try:
            args = list(sys.argv[1:] if args is None else args)
            check_text(args)
            with sql_errors_as_storage_errors():
                result = super().main(
                    args,
                    prog_name,
                    complete_var,
                    standalone_mode=False,
                    windows_expand_args=windows_expand_args,
                    obj=state,
                    **extra,
                )
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
        except OSError as failure:  # the system's answer about a file fixit was given (a name too long)
            code = 2 if failure.errno in (errno.ENAMETOOLONG, errno.ENOTDIR, errno.EINVAL) else 1
            state.out.error(system_error(failure), code)
            return code
        except typer.Abort:
            state.out.error("stopped; nothing was saved", 1)
            return 1
        except Exception:  # the last line of defence: never a traceback, never customer data on screen
            state.out.crash(crash_report())
            return 1
        finally:
            state.close()


# The largest number any option takes: SQLite's and PostgreSQL's integers are 64-bit.
LARGEST_NUMBER = 2**63 - 1


def check_text(args: list[str]) -> None:
    """Every argument and fixit's own environment settings must be text (UTF-8): bytes that are not
    (Python hands them on as lone surrogates) cannot be stored, printed or matched. One line, exit 2,
    naming the argument with the bytes shown as escapes."""
    import os

    from fixit.errors import InputError

    named = [(f"argument {position}", arg) for position, arg in enumerate(args, 1)]
    named += [(key, value) for key, value in os.environ.items() if key.startswith("FIXIT_")]
    for where, value in named:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise InputError(
                f"{where} is not UTF-8 text: {shown[:60]!r} (retype it, or save the file it came from as UTF-8)"
            ) from None


def bound_numbers(group: Any) -> None:
    """Every whole-number option and argument of every command takes at most LARGEST_NUMBER (a bigger
    one was a "database error" or a crash), written in the digits 0-9 only: one home for the bound, not
    one per option. (Typer carries its own copy of Click's types, so the range type is taken from the
    parameter's own.)"""
    for command in getattr(group, "commands", {}).values():
        for param in command.params:
            kind = param.type
            is_int = any(base.__name__ == "IntParamType" for base in type(kind).__mro__)
            if is_int and not getattr(kind, "_fixit_ascii", False):
                param.type = _ascii_int_range(sys.modules[type(kind).__module__].IntRange)(
                    min=getattr(kind, "min", None),
                    max=getattr(kind, "max", None) or LARGEST_NUMBER,
                    min_open=getattr(kind, "min_open", False),
                    max_open=getattr(kind, "max_open", False),
                    clamp=getattr(kind, "clamp", False),
                )
        bound_numbers(command)


def _ascii_int_range(int_range: Any) -> Any:
    """Click's IntRange, reading only the digits 0-9 (``int()`` takes '٣' and '１' as 3 and 1)."""

    class AsciiIntRange(int_range):  # type: ignore[misc]
        _fixit_ascii = True

        def convert(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str) and not value.isascii():
                self.fail(f"{value!r} is not a number written with the digits 0-9", param, ctx)
            digits = value.strip().lstrip("+-") if isinstance(value, str) else ""
            if digits.isdigit():  # the range said in words (the help text's description of it is blanked)
                shown = value.strip() if len(value.strip()) <= 30 else value.strip()[:27] + "..."
                number = int(value) if len(digits) <= 30 else (-1 if value.strip().startswith("-") else 1) * 10**31
                if self.max is not None and number > self.max:
                    self.fail(f"{shown} is more than the most it takes, {self.max:,}", param, ctx)
                if self.min is not None and number < self.min:
                    self.fail(f"{shown} is less than the least it takes, {self.min:,}", param, ctx)
            return super().convert(value, param, ctx)

    return AsciiIntRange


def system_error(failure: OSError) -> str:
    """An OSError as one line: what the system said, and the file (shortened) it said it about."""
    from fixit.text import shorten

    what = failure.strerror or type(failure).__name__
    name = failure.filename
    if name is None:
        return f"the system refused: {what}"
    shown = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return f"{what}: {shorten(shown, 80, '...')}"


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
