"""Where fixit keeps things. ``FIXIT_HOME`` moves everything (tests use it);
``--db`` / ``FIXIT_DB`` moves just the database file."""

from __future__ import annotations

import os
from pathlib import Path

from fixit.errors import FixitError, StorageError

DATABASE_NAME = "fixit.db"


def app_dir() -> Path:
    home = os.environ.get("FIXIT_HOME")
    if home:
        return Path(home).expanduser()
    from typer import get_app_dir

    return Path(get_app_dir("fixit"))


def database_path(option: Path | None) -> Path:
    """The database file: --db, else FIXIT_DB (Typer reads both into ``option``), else the app folder."""
    if option is not None:
        return option.expanduser()
    folder = app_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create the folder {folder}: {error.strerror}") from None
    return folder / DATABASE_NAME


def user_templates_dir() -> Path:
    """Letter templates here override the built-in ones of the same name."""
    return app_dir() / "templates"


def write_private(path: Path, data: bytes) -> None:
    """Files made from the database hold customers' names and words: owner-only, like the database."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise FixitError(f"cannot write {path}: {error.strerror}") from None
