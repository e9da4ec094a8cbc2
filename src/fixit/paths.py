"""Where fixit keeps things. ``FIXIT_HOME`` moves everything (tests use it);
``--db`` / ``FIXIT_DB`` moves just the database file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from fixit.errors import FixitError, InputError, StorageError

DATABASE_NAME = "fixit.db"


def expand(path: Path) -> Path:
    """``~`` and ``~user`` at the start of a path as the home folder, or one line naming the user
    there is no home folder for (Python raises RuntimeError)."""
    try:
        return path.expanduser()
    except RuntimeError:
        from fixit.errors import InputError

        start = str(path).split("/", 1)[0]
        raise InputError(
            f"no home folder for {start[:40]!r} in the path {str(path)[:80]!r}: is the user name right?"
        ) from None


def app_dir() -> Path:
    home = os.environ.get("FIXIT_HOME")
    if home:
        return expand(Path(home))
    from typer import get_app_dir

    return Path(get_app_dir("fixit"))


def is_server_url(text: str) -> bool:
    """A PostgreSQL location (a postgresql:// URL or libpq's key=value string), not a file."""
    from fixit import conninfo

    return conninfo.is_server(text)


def database_location(option: str | None) -> Path | str:
    """Where the records are: --db, else FIXIT_DB (Typer reads both into ``option``), else the app
    folder's file. A server location (kept as text, checked the way libpq reads it) is a server;
    anything else is a file."""
    if option is not None:
        _keeps_something(option)
        from fixit import conninfo

        scheme = conninfo.unknown_scheme(option)
        if scheme is not None:
            raise conninfo.BadLocation(
                f"the database location looks like a URL ({scheme}:), but fixit knows only "
                "postgresql://user@host/database for a server; a file is a plain path"
            )
    if option and is_server_url(option):
        from fixit import conninfo

        conninfo.parse(option)  # a location libpq cannot read is refused here, quoting none of it
        return conninfo.for_driver(option)
    return database_path(Path(option) if option else None)


def _keeps_something(option: str) -> None:
    """SQLite's special names keep nothing on disk (``:memory:``, a ``file:`` URI with mode=memory) or
    are not what they look like, and a blank name is a folder called ' ': each refused in one line, so
    nothing says "Logged" about a record that is gone when the command ends."""
    if not option.strip():
        raise InputError(
            "the database location is blank: give a file (or a postgresql:// server), or leave "
            "--db and FIXIT_DB unset for the usual file"
        )
    if option.strip().lower() == ":memory:" or option.lstrip().lower().startswith("file:"):
        raise InputError(
            f"the database location {option[:40]!r} is one of SQLite's special names (an in-memory "
            "database or a file: URI), which keeps nothing: give a plain file path"
        )


def shown(location: Path | str) -> str:
    """A location as it may be printed or logged: a server's without its passwords (fixit.conninfo,
    the one masker)."""
    from fixit import conninfo

    if isinstance(location, Path):
        return conninfo.scrub(str(location))

    return conninfo.masked(location) if conninfo.is_server(location) else location


def database_path(option: Path | None) -> Path:
    """The database file: --db, else FIXIT_DB (Typer reads both into ``option``), else the app folder."""
    if option is not None:
        return expand(option)
    folder = app_dir()
    try:
        private_folder(folder)
    except FixitError as error:
        raise StorageError(str(error)) from None
    return folder / DATABASE_NAME


def user_templates_dir() -> Path:
    """Letter templates here override the built-in ones of the same name."""
    return app_dir() / "templates"


def private_folder(path: Path) -> Path:
    """``path`` as a folder, every level fixit has to create made readable by its owner alone (0700;
    ``mkdir(parents=True)`` would leave the levels above at the umask's 0755)."""
    missing = []
    level = path
    while not level.exists():
        missing.append(level)
        level = level.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)  # whatever the umask
    except OSError as error:
        raise FixitError(f"cannot create the folder {path}: {error.strerror}") from None
    if not path.is_dir():
        raise FixitError(f"{path} is not a folder")
    return path


def checked_target(path: Path, *, new_only: bool = False) -> Path:
    """The one check of a file fixit is about to write where the user said: where the data really
    goes (a link followed), which must be a new name or (unless ``new_only``) a regular file to
    replace. A device (/dev/null), a named pipe, a socket or a folder, or a link to one, is refused
    (InputError): writing beside it and renaming would replace it with a file."""
    import errno
    import stat

    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(
                f"{path} is a link loop (links that lead back to each other), not a file: give "
                "the name of a new file (or of a file to replace)"
            ) from None
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    if mode is not None:
        if not stat.S_ISREG(mode):
            what = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "a named pipe"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            link = f" (a link to {real})" if real != Path(os.path.abspath(path)) else ""
            raise InputError(
                f"{path}{link} is {what}, not a file: give the name of a new file (or of a file to replace)"
            )
        if new_only:
            raise FixitError(f"{path} already exists; choose another name")
    if not real.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist")
    return real


def write_private(path: Path, data: bytes) -> None:
    """Files made from the database hold customers' names and words: owner-only (0600), like the
    database. Written whole or not at all: into a temporary file beside the target, flushed to disk,
    then renamed over it, so a full disk or a crash leaves the old file as it was."""
    write_private_chunks(path, [data])


def write_private_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """As write_private, for data made a piece at a time (an export): never all in memory at once.
    Every file fixit writes where a user named it comes here (or, for a database copy, through
    ``checked_target``): only a new name or a regular file is written."""
    import tempfile

    shown_as, path = path, checked_target(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise FixitError(f"cannot write {shown_as}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FixitError(f"cannot write {shown_as}: {error.strerror or error}") from None
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system allows a folder to be synced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
