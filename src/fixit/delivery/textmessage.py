"""Handing a text message to the shop's own program (the `sms_command` setting): it is run with the
number as its last argument, after ``--`` (so that no number is ever read as an option), and the text
on standard input. fixit builds in no gateway."""

from __future__ import annotations

import shlex
import subprocess

from fixit.errors import DeliveryError, InputError
from fixit.text import clean_phone

TIMEOUT = 60


def send(command: str, number: str, text: str) -> None:
    try:
        number = clean_phone(number)  # a number on file from before the check (an old import) too
    except InputError as problem:
        raise InputError(f"{problem}: no text sent; correct it with `fixit customer edit`") from None
    argv = [*shlex.split(command), "--", number]
    try:
        done = subprocess.run(argv, input=text, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise DeliveryError(f"the text-message program {argv[0]} was not found (sms_command)") from None
    except PermissionError:
        raise DeliveryError(f"the text-message program {argv[0]} cannot be run (sms_command)") from None
    except subprocess.TimeoutExpired:
        raise DeliveryError(f"the text-message program did not finish within {TIMEOUT} s") from None
    if done.returncode != 0:
        said = next((line.strip() for line in done.stderr.splitlines() if line.strip()), "")
        raise DeliveryError(
            f"the text-message program stopped with exit code {done.returncode}" + (f": {said[:200]}" if said else "")
        )
