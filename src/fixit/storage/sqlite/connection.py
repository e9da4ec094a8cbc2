"""Opening the database file safely: permissions, pragmas, schema version, upgrades.

Every connection gets a busy timeout, foreign keys and secure_delete; the file is in WAL mode so two
terminals at one counter can write without losing a record. The schema version lives in
``PRAGMA user_version``; reading it is the fast path, so sqlite-utils (slow to import)
is only loaded when an upgrade is actually due.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from fixit import clock
from fixit.errors import InputError, StorageError
from fixit.storage.errors import BUSY_TIMEOUT_MS, sql_errors_as_storage_errors
from fixit.storage.sql.tables import added_steps

HAND_WRITTEN = 11  # the steps written out in migrations.py; then one per step made from the declared tables
SCHEMA_VERSION = HAND_WRITTEN + len(added_steps())
APPLICATION_ID = 0x46495854  # "FIXT" in the file's header: this SQLite file is fixit's


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the database at ``path`` (created owner-only if new), at this fixit's schema.

    A file in a place fixit cannot write (a read-only folder, a USB stick, a CD) is opened read-only
    and immutable, so `due`, `list`, `show` and `report` still work; a write there is refused as
    read-only, naming the file."""
    with sql_errors_as_storage_errors(path):
        check_database_file(path)
        create_private_file(path)
        why = read_only_reason(path)
        if why and _has_data(path):
            return _connect_read_only(path, why)
        conn = _connect(path)
        try:
            _ensure_schema(conn, path)
        except sqlite3.OperationalError as error:
            full = "disk I/O error" in str(error) or "disk is full" in str(error)
            if not ("unable to open" in str(error) or "readonly" in str(error) or full) or not _has_data(path):
                raise
            if full and _wal_holds_changes(path):
                raise  # a read that skipped them would be wrong: say the disk is full instead
            conn.close()
            why = (
                "the disk is full"
                if full
                else read_only_reason(path) or "the system refuses writes to it or its folder (read-only or immutable)"
            )
            conn = _connect_read_only(path, why)
    return conn


def _has_data(path: Path) -> bool:
    """A file with something in it to read (a new, empty one is not a database yet)."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _wal_holds_changes(path: Path) -> bool:
    """Whether the write-ahead log beside the file holds changes not yet in it (read-only opening
    reads the file alone)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


class ReadOnlyConnection(sqlite3.Connection):
    """A database opened for reading only, and why (``reason``: said when a write is asked for)."""

    reason = "it is read-only"


def read_only_reason(path: Path) -> str | None:
    """Why fixit may read the database but not write it: the file, its folder (SQLite writes a journal
    beside the file) or the disk is read-only for this user. None when it can write."""
    if not path.is_file():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only for you"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is read-only for you (SQLite writes its journal beside the file)"
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "the disk it is on is read-only"
    except (OSError, AttributeError):
        pass
    return None


_KINDS = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)
SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(path: Path) -> None:
    """Refuse, in a sentence that says what it is, anything at ``path`` that is not a database file: a
    folder, a device (/dev/null), a FIFO, a socket, or a file that is not SQLite (/proc/self/status,
    whose size the system gives as 0). Never opens a FIFO or device (that could block or write)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(f"cannot look at the database path {path}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise StorageError(f"the database path is a folder: {path}")
    for test, kind in _KINDS:
        if test(mode):
            raise StorageError(
                f"the database path {path} is {kind}, not a file: give the path of a fixit database file"
            )
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StorageError(f"you may not read the database {path}: check its owner and permissions") from None
    except OSError as error:
        raise StorageError(f"cannot read the database {path}: {error.strerror}") from None
    if head and head != SQLITE_HEADER[: len(head)]:
        raise StorageError(
            f"the file is not a readable fixit database: {path} is not an SQLite file; refusing to touch it"
        )


def _connect_read_only(path: Path, reason: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None, factory=ReadOnlyConnection
    )
    assert isinstance(conn, ReadOnlyConnection)
    conn.reason = reason
    conn.row_factory = sqlite3.Row
    _check_owner(conn, path)
    version = _user_version(conn)
    if version != SCHEMA_VERSION:
        conn.close()
        raise StorageError(
            f"{path} needs an upgrade (schema {version}), and fixit cannot write where it is: "
            "copy it somewhere writable first"
        )
    return conn


def create_private_file(path: Path) -> None:
    """Create the file readable by its owner only, before SQLite opens it (it holds customers' phones)."""
    if path.is_dir():
        raise StorageError(f"the database path is a folder: {path}")
    if path.exists():
        return
    if not path.parent.is_dir():
        raise StorageError(f"the folder for the database does not exist: {path.parent}")
    exclusive = 0 if path.is_symlink() else os.O_EXCL  # a dangling link: create what it points to
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | exclusive, 0o600))
    except FileExistsError:
        pass  # another terminal created it a moment ago
    except OSError as error:
        raise StorageError(f"cannot create the database {path}: {error.strerror}") from None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # What is deleted or overwritten is zeroed on disk, not just unlinked: a forgotten or merged
    # customer's name, a removed tag, a resent text. SQLite's own default is off (builds differ).
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _application_id(conn: sqlite3.Connection) -> int:
    found: int = conn.execute("PRAGMA application_id").fetchone()[0]
    return found


def _is_fixits(conn: sqlite3.Connection) -> bool:
    """fixit's own mark, or (in files from before it) fixit's record of its migrations."""
    mark = _application_id(conn)
    if mark:
        return mark == APPLICATION_ID
    try:
        return (
            conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'fixit' AND name = '001_core'"
            ).fetchone()
            is not None
        )
    except sqlite3.OperationalError:
        return False


def _check_owner(conn: sqlite3.Connection, path: Path) -> None:
    mark = _application_id(conn)
    if (mark and mark != APPLICATION_ID) or (_user_version(conn) > 0 and not _is_fixits(conn)):
        raise StorageError(f"{path} is not a fixit database (it belongs to another program); refusing to touch it")


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    _check_owner(conn, path)
    version = _user_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer fixit (schema {version}; this fixit reads up to "
            f"{SCHEMA_VERSION}): upgrade fixit to open it"
        )
    if version == 0 and _has_tables(conn):
        raise StorageError(f"{path} is an SQLite file that fixit did not create; refusing to touch it")
    if version > 0:
        backup_to(conn, backup_path_for(path, version))
    _migrate(conn)


def _has_tables(conn: sqlite3.Connection) -> bool:
    count: int = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return count > 0


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply pending steps inside one write lock, so two terminals never upgrade at once."""
    import sqlite_utils

    from fixit.storage.sqlite.migrations import MIGRATIONS

    conn.execute("PRAGMA journal_mode = WAL")  # persistent; must be set outside a transaction
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _user_version(conn) < SCHEMA_VERSION:  # someone else may have upgraded while we waited
            MIGRATIONS.apply(sqlite_utils.Database(conn, execute_plugins=False))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def backup_path_for(path: Path, version: int) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.schema{version}-{stamp}.bak")


def temporary_beside(target: Path, what: str) -> Path:
    """A new empty file (0600) beside ``target``, to be filled and then renamed over it."""
    import tempfile

    try:
        descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(descriptor)
    except OSError as error:
        raise StorageError(f"cannot write {what} {target}: {error.strerror}") from None
    return Path(name)


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's online backup, owner-only like the original, and
    self-contained: a rollback-journal file that opens from read-only media. Written beside the
    target and renamed over it only when whole: a failure leaves no partial file."""
    from fixit.paths import sync_folder

    temporary = temporary_beside(target, "the backup")
    try:
        destination = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
            damage = integrity_problem(destination)
        finally:
            destination.close()
        if damage:
            temporary.unlink(missing_ok=True)
            raise StorageError(
                f"the database is damaged ({damage}); no backup was written to {target}. Restore "
                "the last good backup with `fixit restore`, or ask for help before writing more"
            )
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        temporary.unlink(missing_ok=True)
        why = getattr(error, "strerror", None) or str(error)
        raise StorageError(f"cannot write the backup {target}: {why}") from None
    sync_folder(target.parent)
    return target


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """What SQLite's full integrity check finds wrong with the file (its first finding), or None."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    if found == ["ok"]:
        return None
    lines = [line.strip() for row in found for line in str(row).splitlines() if line.strip()]
    return next((line for line in lines if not line.startswith("***")), "damaged")


def check_restorable(source: Path) -> None:
    """Refuse anything but a whole, undamaged fixit database this fixit can read, before touching
    the live file."""
    if not source.is_file():
        raise InputError(f"no backup file at {source}")  # bad input: exit 2
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            version = _user_version(conn)
            fixits = _is_fixits(conn)
            damage = integrity_problem(conn) if version and fixits else None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise StorageError(f"{source} is not a fixit backup (not an SQLite database)") from None
    if damage:
        raise StorageError(f"{source} is damaged ({damage}); nothing was restored: use another backup")
    if version == 0 or not fixits:
        raise StorageError(f"{source} is not a fixit backup")
    if version > SCHEMA_VERSION:
        raise StorageError(f"{source} was written by a newer fixit (schema {version}); upgrade fixit first")


def file_version(source: Path) -> int:
    """The schema version of a fixit file, read without changing it."""
    conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return _user_version(conn)
    finally:
        conn.close()


def copy_file_database(source: Path, target: Path) -> None:
    """A byte-faithful copy of the database file ``source`` into the (new, empty) file ``target``."""
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        destination = sqlite3.connect(str(target), isolation_level=None)
        try:
            origin.backup(destination)
        finally:
            destination.close()
    finally:
        origin.close()
