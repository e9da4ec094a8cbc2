"""Which till this machine is: the shop location it stands in and who is logging at it.

This is the machine's own setting, never the shared database's: two tills at two locations
share one record of complaints but each knows where it is. It lives in ``till.json`` in the app
folder (0600, written whole or not at all), set with `fixit till --location ... --staff ...`;
``FIXIT_LOCATION`` and ``FIXIT_STAFF`` override it for one process (a shared terminal where each
person logs in, or a test). A shop with one location never sets either: every complaint then
has no location, and `due` shows everything, as it always did.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fixit.errors import FixitError, InputError
from fixit.paths import app_dir
from fixit.text import clean_name

FILE_NAME = "till.json"


@dataclass(frozen=True)
class Till:
    location: str | None = None
    staff: str | None = None


def name() -> str:
    """What this till is called in the records' history (`fixit undo` undoes its own changes): the
    machine's name, or FIXIT_TILL."""
    import socket

    return os.environ.get("FIXIT_TILL") or socket.gethostname() or "till"


def till_file() -> Path:
    return app_dir() / FILE_NAME


def load() -> Till:
    """This machine's till: the file's values, each overridden by its environment variable."""
    stored = _read(till_file())
    location = os.environ.get("FIXIT_LOCATION", stored.get("location") or "")
    staff = os.environ.get("FIXIT_STAFF", stored.get("staff") or "")
    return Till(
        clean_name(location, "the location") if location.strip() else None,
        clean_name(staff, "the staff name") if staff.strip() else None,
    )


def save(location: str | None, staff: str | None) -> Till:
    """Set the location and/or the staff member (None keeps it, "" clears it); returns what is stored."""
    import json

    from fixit.paths import private_folder, write_private

    stored = _read(till_file())
    for key, value, what in (("location", location, "the location"), ("staff", staff, "the staff name")):
        if value is not None:
            stored[key] = clean_name(value, what) if value.strip() else None
    kept = {key: stored.get(key) for key in ("location", "staff") if stored.get(key)}
    private_folder(till_file().parent)
    write_private(till_file(), (json.dumps(kept, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return Till(kept.get("location"), kept.get("staff"))


def _read(path: Path) -> dict[str, str | None]:
    if not path.exists():  # most shops: no file to read
        return {}
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixitError(
            f"cannot read {path}: {getattr(error, 'strerror', None) or error}; fix or delete it "
            "(`fixit till --location ...` writes it again)"
        ) from None
    if not isinstance(data, dict) or any(not isinstance(v, (str, type(None))) for v in data.values()):
        raise InputError(f"{path} is not a till file of fixit's: fix or delete it")
    return {str(k): v for k, v in data.items()}
