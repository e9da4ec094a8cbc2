"""The schema, as numbered steps run by sqlite-utils' Migrations.

Rules: never edit or rename a step once it has shipped; add a new one. Each step runs
atomically (a savepoint inside the upgrade's transaction). ``connection.SCHEMA_VERSION``
must equal the number of steps: a test checks it. A new column of a declared table
(``fixit.model.column(..., added=...)``) gets its step generated after the hand-written ones
(``fixit.storage.sql.tables``): nothing to write here. Indexes are partial where ``due``
reads only the open part of a table, which keeps them small and the morning query instant.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from sqlite_utils import Database, Migrations

from fixit.model import AmendKind, Channel, Severity
from fixit.storage.sql import tables

MIGRATIONS = Migrations("fixit")


def _choices(enum: type[Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum)


def _run(db: Database, statements: list[str]) -> None:
    for statement in statements:
        db.execute(statement)


@MIGRATIONS(name="001_core")
def core(db: Database) -> None:
    _run(
        db,
        [
            """CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            phone TEXT,
            phone_key TEXT,
            email TEXT,
            email_key TEXT,
            notes TEXT,
            yearly_spend_cents INTEGER,
            created_at TEXT NOT NULL
        )""",
            "CREATE INDEX customers_phone ON customers(phone_key) WHERE phone_key IS NOT NULL",
            "CREATE INDEX customers_email ON customers(email_key) WHERE email_key IS NOT NULL",
            "CREATE INDEX customers_name ON customers(name_key)",
            f"""CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            summary TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ({_choices(Channel)})),
            severity TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ({_choices(Severity)})),
            staff TEXT,
            notes TEXT,
            emergency INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'closed')),
            logged_at TEXT NOT NULL,
            apologized_at TEXT,
            verdict TEXT CHECK (verdict IN ('justified', 'unjustified')),
            cause TEXT CHECK (cause IN ('mistake', 'systemic')),
            explanation TEXT,
            fix TEXT,
            fixed_at TEXT,
            followup_due TEXT,
            followup_done_at TEXT,
            closed_at TEXT,
            outcome TEXT CHECK (outcome IN ('won-back', 'lost', 'unknown'))
        )""",
            "CREATE INDEX complaints_customer ON complaints(customer_id, logged_at)",
            "CREATE INDEX complaints_logged ON complaints(logged_at)",
            "CREATE INDEX complaints_open_emergencies ON complaints(id) WHERE emergency = 1 AND status != 'closed'",
            "CREATE INDEX complaints_unapologized ON complaints(logged_at)"
            " WHERE apologized_at IS NULL AND status != 'closed'",
            "CREATE INDEX complaints_followups ON complaints(followup_due)"
            " WHERE status = 'fixed' AND followup_done_at IS NULL",
            "CREATE INDEX complaints_open ON complaints(logged_at) WHERE status = 'open'",
            "CREATE INDEX complaints_unclosed ON complaints(status) WHERE status != 'closed'",
            f"""CREATE TABLE amends (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            kind TEXT NOT NULL CHECK (kind IN ({_choices(AmendKind)})),
            value_cents INTEGER CHECK (value_cents > 0),
            note TEXT,
            code TEXT UNIQUE,
            expires TEXT,
            created_at TEXT NOT NULL,
            given_at TEXT,
            redeemed_at TEXT
        )""",
            "CREATE INDEX amends_complaint ON amends(complaint_id)",
            "CREATE INDEX amends_live_coupons ON amends(expires) WHERE code IS NOT NULL AND redeemed_at IS NULL",
            """CREATE TABLE promises (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            what TEXT NOT NULL,
            due TEXT NOT NULL,
            due_time TEXT,
            made_at TEXT NOT NULL,
            kept_at TEXT,
            amend_id INTEGER REFERENCES amends(id)
        )""",
            "CREATE INDEX promises_complaint ON promises(complaint_id)",
            "CREATE INDEX promises_open_due ON promises(due) WHERE kept_at IS NULL",
            """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        )""",
            "CREATE INDEX events_complaint ON events(complaint_id, at)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ],
    )


@MIGRATIONS(name="002_letters_and_changes")
def letters_and_changes(db: Database) -> None:
    _run(
        db,
        [
            """CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            change_id INTEGER REFERENCES changes(id),
            kind TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
            "CREATE INDEX letters_complaint ON letters(complaint_id)",
            """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            made_at TEXT NOT NULL
        )""",
            """CREATE TABLE change_complaints (
            change_id INTEGER NOT NULL REFERENCES changes(id),
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            PRIMARY KEY (change_id, complaint_id)
        )""",
            "CREATE INDEX change_complaints_complaint ON change_complaints(complaint_id)",
        ],
    )


def _fts_statements(table: str, columns: list[str], quote: str = "'") -> list[str]:
    """An external-content FTS5 index over ``table`` and the three triggers that keep it in step.

    sqlite-utils' transform() drops triggers: a later step that transforms one of these
    tables must call this again in the same step. ``quote``: how the content table's name is
    quoted (Datasette and sqlite-utils detect the index only with double quotes).
    """
    fts, cols = f"{table}_fts", ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content={quote}{table}{quote}, content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} WHEN {changed} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


@MIGRATIONS(name="003_search")
def search(db: Database) -> None:
    _run(
        db,
        _fts_statements("complaints", ["summary", "notes", "fix", "explanation"])
        + _fts_statements("promises", ["what"]),
    )


@MIGRATIONS(name="004_tags_checkins_approvals")
def tags_checkins_approvals(db: Database) -> None:
    _run(
        db,
        [
            """CREATE TABLE tags (
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (complaint_id, tag)
        )""",
            "CREATE INDEX tags_by_tag ON tags(tag, complaint_id)",
            "ALTER TABLE amends ADD COLUMN approved_by TEXT",
            "ALTER TABLE amends ADD COLUMN checkin_due TEXT",
            "ALTER TABLE amends ADD COLUMN checkin_done_at TEXT",
            "ALTER TABLE amends ADD COLUMN checkin_ok INTEGER",
            "CREATE INDEX amends_checkins ON amends(checkin_due)"
            " WHERE checkin_due IS NOT NULL AND checkin_done_at IS NULL",
        ],
    )


@MIGRATIONS(name="005_sending")
def sending(db: Database) -> None:
    _run(
        db,
        [
            "ALTER TABLE letters ADD COLUMN via TEXT NOT NULL DEFAULT 'recorded'",
            "ALTER TABLE letters ADD COLUMN message_id TEXT",
            """CREATE TABLE unsent (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            change_id INTEGER REFERENCES changes(id),
            kind TEXT NOT NULL,
            via TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            failed_at TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
            "CREATE INDEX unsent_complaint ON unsent(complaint_id)",
        ],
    )


@MIGRATIONS(name="006_extra_contacts")
def extra_contacts(db: Database) -> None:
    _run(
        db,
        [
            """CREATE TABLE extra_contacts (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
            value TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (customer_id, kind, key)
        )""",
            "CREATE INDEX extra_contacts_key ON extra_contacts(kind, key)",
        ],
    )


# A customer's latest contact (a complaint logged, a letter sent), kept on the customer so that
# `fixit customers` reads the latest 50 off an index instead of working it out for everyone.
# (The same statement as fixit.storage.sql.customers.last_contact_sql; a shipped step keeps its own copy.)
LAST_CONTACT = (
    "UPDATE customers SET last_contact_at = nullif(max("
    "coalesce((SELECT max(c.logged_at) FROM complaints c WHERE c.customer_id = customers.id), ''),"
    " coalesce((SELECT max(l.sent_at) FROM letters l JOIN complaints c ON c.id = l.complaint_id"
    " WHERE c.customer_id = customers.id), '')), '')"
)


@MIGRATIONS(name="007_last_contact")
def last_contact(db: Database) -> None:
    _run(
        db,
        [
            "ALTER TABLE customers ADD COLUMN last_contact_at TEXT",
            LAST_CONTACT,
            "CREATE INDEX customers_last_contact ON customers(last_contact_at)",
        ],
    )


@MIGRATIONS(name="008_customer_voice")
def customer_voice(db: Database) -> None:
    """What letters say to the customer, kept apart from what staff wrote: the name to greet, what
    a complaint was about and the day it happened, what a promise was as the customer was told it."""
    _run(
        db,
        [
            "ALTER TABLE customers ADD COLUMN greet TEXT",
            "ALTER TABLE complaints ADD COLUMN about TEXT",
            "ALTER TABLE complaints ADD COLUMN happened_on TEXT",
            "ALTER TABLE promises ADD COLUMN tell TEXT",
        ],
    )


@MIGRATIONS(name="009_locations")
def locations(db: Database) -> None:
    """The shop location each complaint was logged at (none for a shop with one location). No index:
    `due` checks a listed item's complaint by its id, and the report groups the period's complaints,
    which it reads off complaints_logged."""
    _run(db, ["ALTER TABLE complaints ADD COLUMN location TEXT"])


@MIGRATIONS(name="letters_ask")
def letters_ask(db: Database) -> None:
    """What a letter asks for when the record does not hold it, kept on the complaint: what went
    wrong said to the customer, what we found when we looked into it, what we did said to the
    customer, a careful apology set by hand ('yes' / 'no'; NULL: worked out from the words), and
    whether the channel was given (a default channel is not a visit)."""
    _run(
        db,
        [
            "ALTER TABLE complaints ADD COLUMN went_wrong TEXT",
            "ALTER TABLE complaints ADD COLUMN found TEXT",
            "ALTER TABLE complaints ADD COLUMN we_did TEXT",
            "ALTER TABLE complaints ADD COLUMN careful TEXT CHECK (careful IN ('yes', 'no'))",
            "ALTER TABLE complaints ADD COLUMN channel_given INTEGER",
        ],
    )


@MIGRATIONS(name="void_and_search")
def void_and_search(db: Database) -> None:
    """A complaint entered in error is marked void (kept, with when and why) instead of deleted; the
    history records which till made each change and what it changed, so `fixit undo` can put it back.
    The search indexes are declared again with content="..." in double quotes, the form Datasette and
    sqlite-utils look for (003 wrote single quotes, which neither detects)."""
    statements = [
        "ALTER TABLE complaints ADD COLUMN voided_at TEXT",
        "ALTER TABLE complaints ADD COLUMN void_reason TEXT",
        "ALTER TABLE events ADD COLUMN till TEXT",
        "ALTER TABLE events ADD COLUMN batch TEXT",
        "ALTER TABLE events ADD COLUMN undo TEXT",
        "ALTER TABLE events ADD COLUMN undone_at TEXT",
        "CREATE INDEX events_till ON events(till, id) WHERE till IS NOT NULL",
        "CREATE INDEX events_batch ON events(batch) WHERE batch IS NOT NULL",
    ]
    for table in ("complaints", "promises"):
        statements += [f"DROP TRIGGER {table}_fts_{when}" for when in ("insert", "delete", "update")]
        statements.append(f"DROP TABLE {table}_fts")
    _run(
        db,
        statements
        + _fts_statements("complaints", ["summary", "notes", "fix", "explanation"], '"')
        + _fts_statements("promises", ["what"], '"'),
    )


# The steps above (connection.HAND_WRITTEN too: it may not import this module, which needs sqlite-utils;
# tests/test_complaint_columns.py checks they agree); those after are made from the declared tables.
HAND_WRITTEN = 11


def _declared_step(statements: list[str]) -> Callable[[Database], None]:
    def step(db: Database) -> None:
        _run(db, statements)

    return step


for _name, _statements in tables.numbered(tables.added_steps(), HAND_WRITTEN + 1):  # 012_complaint_ref ...
    MIGRATIONS(name=_name)(_declared_step(_statements))
