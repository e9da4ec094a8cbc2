"""Backups: a consistent copy while others may be writing, and a restore that keeps a copy of what it replaces."""

from __future__ import annotations

from pathlib import Path

from fixit import clock
from fixit.errors import FixitError, InputError
from fixit.paths import app_dir
from fixit.storage import Store
from fixit.storage.connection import backup_to, check_restorable, restore_from


def default_backup_path() -> Path:
    folder = app_dir() / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"fixit-{clock.now():%Y%m%d-%H%M%S}.db"


def backup(store: Store, target: Path | None = None) -> Path:
    target = target or default_backup_path()
    if target.exists():
        raise FixitError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist")
    return backup_to(store.conn, target)


def restore(store: Store, source: Path) -> Path:
    """Replace the database's contents with the backup's; returns where the replaced data was saved."""
    check_restorable(source)
    safety = backup(store)
    restore_from(source, store.conn)
    return safety
