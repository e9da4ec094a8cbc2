"""Start-up stays lean: the counter commands never load the heavy libraries they do not need.
(The speed itself is measured in bench/, not here; this guards what makes it fast.)"""

import os
import subprocess
import sys

import pytest

HEAVY = [
    "sqlite_utils",
    "jinja2",
    "rich.console",
    "pydantic",
    "phonenumbers",
    "keyring",
    "smtplib",
    "starlette",
    "uvicorn",
    "argon2",
    "itsdangerous",
    "multipart",
    "fixit.web",
]  # fixit serve's alone


@pytest.mark.parametrize(
    "args", [["due"], ["log", "Ana", "Cold coffee", "--phone", "555-0142"], ["show", "1"], ["list"]]
)
def test_counter_commands_import_no_heavy_module(shop, args):
    shop.ok("due")  # create and migrate the database first (migrations may load sqlite_utils)
    shop.ok("config", "set", "country", "US")  # phones keyed by the country's rule, without the library
    env = {**os.environ, "FIXIT_DB": shop.url or str(shop.db)}
    if args[0] == "show":
        shop.log()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fixit", *args], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert not [m for m in HEAVY if m in imported]
    assert ("psycopg" in imported) == shop.on_postgres  # the driver only for a server
