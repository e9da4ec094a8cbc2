"""The PostgreSQL schema, as numbered steps of its own.

The same tables, columns, checks and partial indexes as SQLite's (``fixit.storage.sqlite.migrations``)
and the same stored forms (``fixit.storage.sql.dialect``), so the shared SQL runs unchanged and a
copy between the stores moves every value as it is. What differs: foreign keys may be deferred to
the commit (an import puts rows back in any order), and full-text search is PostgreSQL's own: a GIN
index on each table's words, stemmed in English and folded to plain letters by ``fixit_fold`` (an
immutable function of fixit's own, so no extension has to be installed).

Rules: never edit a step once it has shipped; add one. ``SCHEMA_VERSION`` is the number of steps.
A new column of a declared table (``fixit.model.column(..., added=...)``) needs no step written here:
its step is generated after the hand-written ones (``fixit.storage.sql.tables``).
Each upgrade runs in one transaction (PostgreSQL's DDL is transactional) under fixit's lock, so a
failed or killed upgrade leaves the schema and every record as they were. The steps so far change
only tables' shape and indexes, never a stored value; a step that rewrites values must first write
a backup (`fixit backup`'s snapshot) as the SQLite upgrade does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from enum import Enum

from fixit.model import AmendKind, Channel, Severity
from fixit.storage.sql import tables


def _choices(enum: type[Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum)


def _fold_table() -> tuple[str, str]:
    """Latin letters with accents and their plain forms, for translate(): é -> e, ñ -> n."""
    accented = "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).islower() or chr(c).isupper())
    pairs = [(ch, unicodedata.normalize("NFKD", ch)[0]) for ch in accented]
    pairs = [(ch, plain) for ch, plain in pairs if plain != ch and plain.isascii()]
    return "".join(ch for ch, _ in pairs), "".join(plain for _, plain in pairs)


_ACCENTED, _PLAIN = _fold_table()
FOLD_FUNCTION = (  # step 001's (Latin-1 and Latin Extended only); step 003 replaces it
    "CREATE FUNCTION fixit_fold(words text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    f"$$ SELECT translate(lower(words), '{_ACCENTED}', '{_PLAIN.lower()}') $$"
)
_WORDS_1 = (
    "to_tsvector('english', fixit_fold(coalesce(summary, '') || ' ' || coalesce(notes, '') || ' '"
    " || coalesce(fix, '') || ' ' || coalesce(explanation, '')))"
)
_PROMISE_WORDS_1 = "to_tsvector('english', fixit_fold(what))"

_LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), *range(0x2C60, 0x2C80), *range(0xA720, 0xA800)]
_SEPARATORS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0'


def _fold_every_latin() -> tuple[str, str]:
    """Every Latin letter that is a plain letter with marks (é, ñ, ở, ŝ, ż: all Latin blocks, as
    SQLite's remove_diacritics folds them) and its plain form; punctuation becomes a space, as
    SQLite's tokenizer splits on it ('dana@example.com' is three words on both stores)."""
    pairs = []
    for code in _LATIN:
        letter = chr(code)
        plain = unicodedata.normalize("NFKD", letter)[0]
        if letter.isalpha() and plain != letter and plain.isascii() and plain.isalpha():
            pairs.append((letter, plain.lower()))
    return (
        "".join(letter for letter, _ in pairs) + _SEPARATORS.replace("'", "''"),
        "".join(plain for _, plain in pairs) + " " * len(_SEPARATORS),
    )


_EVERY_ACCENTED, _EVERY_PLAIN = _fold_every_latin()
_FOLDING = str.maketrans(_EVERY_ACCENTED.replace("''", "'"), _EVERY_PLAIN)


def fold(text: str) -> str:
    """``fixit_fold`` (step 005's, as step 007 works it out) in Python, character for character."""
    return text.lower().translate(_FOLDING)


def _fold_quickly() -> str:
    """Step 007's ``fixit_fold``: letter for letter the same as step 005's, many times faster. Step
    005's translate() compares every character of the text with each of the table's thousand-odd
    entries (a copy of 100,000 complaints spent most of a minute in it). Here the table is looked
    up only for the letters that are not plain ASCII (none, in most text): those letters are taken
    out, translated with the table, and put back in one translate() keyed by themselves; ASCII
    punctuation becomes a space by a regular expression, one pass over the text."""
    pairs = list(zip(_EVERY_ACCENTED.replace("''", "'"), _EVERY_PLAIN, strict=True))
    others = [(letter, plain) for letter, plain in pairs if ord(letter) >= 0x80]
    punctuation = "".join("\\" + letter if letter in "\\[]^-" else letter for letter, _ in pairs if ord(letter) < 0x80)

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    table = f"{literal(''.join(a for a, _ in others))}, {literal(''.join(b for _, b in others))}"
    return (
        "CREATE OR REPLACE FUNCTION fixit_fold(words text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT"
        " PARALLEL SAFE AS $$ DECLARE folded text := lower(words); others text; BEGIN"
        " IF octet_length(folded) <> length(folded) THEN"
        "  others := regexp_replace(folded, '[\\x01-\\x7f]+', '', 'g');"
        f"  folded := translate(folded, others, translate(others, {table}));"
        " END IF;"
        f" RETURN regexp_replace(folded, {literal(f'[{punctuation}]')}, ' ', 'g'); END $$"
    )


SEARCH_CONFIG = "fixit_search"  # English stems, no stop words: 'the' and 'it' are found, as on SQLite
# What search reads of each table, as the GIN indexes are built on it (a query must say it the same way).
COMPLAINT_TEXT_COLUMNS = ("summary", "notes", "fix", "explanation")


def complaint_words(row: str = "") -> str:
    """A complaint's search words; ``row`` 'NEW.' in a trigger."""
    text = " || ' ' || ".join(f"coalesce({row}{column}, '')" for column in COMPLAINT_TEXT_COLUMNS)
    return f"to_tsvector('{SEARCH_CONFIG}', fixit_fold({text}))"


def promise_words(row: str = "") -> str:
    return f"to_tsvector('{SEARCH_CONFIG}', fixit_fold({row}what))"


COMPLAINT_WORDS = complaint_words()
PROMISE_WORDS = promise_words()
# Each table whose search words are kept beside it (step 006), where, and how they are worked out: a
# bulk load (``PostgresStore.bulk_load``) fills them in one statement once the rows are in.
KEPT_WORDS = {"complaints": ("complaint_words", COMPLAINT_WORDS), "promises": ("promise_words", PROMISE_WORDS)}


def _words_kept(table: str, words: Callable[[str], str], columns: str) -> list[str]:
    """Since step 006: each row's search words kept in ``{table}_words`` (id, words), written by triggers
    as the row is written, so a search ranks the kept words instead of working them out again for
    every match (ts_rank over 15,000 matches: 1.2 s worked out, milliseconds kept). Not a column of
    the table itself: exports, backups and copies read every column of the records."""
    kept = f"{table[:-1]}_words"
    return [
        f"CREATE TABLE {kept} (id BIGINT PRIMARY KEY, words tsvector NOT NULL)",
        f"INSERT INTO {kept} (id, words) SELECT id, {words('')} FROM {table}",
        f"CREATE INDEX {kept}_search ON {kept} USING gin (words)",
        f"CREATE FUNCTION fixit_{kept}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN DELETE FROM {kept} WHERE id = OLD.id; END IF;"
        " IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;"
        f" INSERT INTO {kept} (id, words) VALUES (NEW.id, {words('NEW.')})"
        " ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words; RETURN NULL; END $$",
        f"CREATE TRIGGER {kept}_written AFTER INSERT OR DELETE OR UPDATE OF id, {columns} ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION fixit_{kept}()",
        f"CREATE FUNCTION fixit_{kept}_emptied() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" TRUNCATE {kept}; RETURN NULL; END $$",
        f"CREATE TRIGGER {kept}_emptied AFTER TRUNCATE ON {table} FOR EACH STATEMENT"
        f" EXECUTE FUNCTION fixit_{kept}_emptied()",
        f"DROP INDEX {table}_search",
    ]


_FK = "DEFERRABLE INITIALLY IMMEDIATE"
_ID = "id BIGINT PRIMARY KEY"  # the next id is max(id) + 1 under fixit's lock (PostgresStore._insert): no gaps

STEPS: list[tuple[str, list[str]]] = [
    (
        "001_schema",
        [
            "CREATE TABLE fixit_schema (version INTEGER NOT NULL)",
            FOLD_FUNCTION,
            f"""CREATE TABLE customers (
            {_ID},
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            phone TEXT,
            phone_key TEXT,
            email TEXT,
            email_key TEXT,
            notes TEXT,
            yearly_spend_cents BIGINT,
            created_at TEXT NOT NULL,
            last_contact_at TEXT,
            greet TEXT
        )""",
            "CREATE INDEX customers_phone ON customers(phone_key) WHERE phone_key IS NOT NULL",
            "CREATE INDEX customers_email ON customers(email_key) WHERE email_key IS NOT NULL",
            "CREATE INDEX customers_name ON customers(name_key)",
            "CREATE INDEX customers_last_contact ON customers(last_contact_at)",
            f"""CREATE TABLE complaints (
            {_ID},
            customer_id BIGINT NOT NULL REFERENCES customers(id) {_FK},
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
            outcome TEXT CHECK (outcome IN ('won-back', 'lost', 'unknown')),
            about TEXT,
            happened_on TEXT,
            location TEXT
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
            f"CREATE INDEX complaints_search ON complaints USING gin ({_WORDS_1})",
            f"""CREATE TABLE amends (
            {_ID},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            kind TEXT NOT NULL CHECK (kind IN ({_choices(AmendKind)})),
            value_cents BIGINT CHECK (value_cents > 0),
            note TEXT,
            code TEXT UNIQUE,
            expires TEXT,
            created_at TEXT NOT NULL,
            given_at TEXT,
            redeemed_at TEXT,
            approved_by TEXT,
            checkin_due TEXT,
            checkin_done_at TEXT,
            checkin_ok INTEGER
        )""",
            "CREATE INDEX amends_complaint ON amends(complaint_id)",
            "CREATE INDEX amends_live_coupons ON amends(expires) WHERE code IS NOT NULL AND redeemed_at IS NULL",
            "CREATE INDEX amends_checkins ON amends(checkin_due)"
            " WHERE checkin_due IS NOT NULL AND checkin_done_at IS NULL",
            f"""CREATE TABLE promises (
            {_ID},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            what TEXT NOT NULL,
            due TEXT NOT NULL,
            due_time TEXT,
            made_at TEXT NOT NULL,
            kept_at TEXT,
            amend_id BIGINT REFERENCES amends(id) {_FK},
            tell TEXT
        )""",
            "CREATE INDEX promises_complaint ON promises(complaint_id)",
            "CREATE INDEX promises_open_due ON promises(due) WHERE kept_at IS NULL",
            f"CREATE INDEX promises_search ON promises USING gin ({_PROMISE_WORDS_1})",
            f"""CREATE TABLE events (
            {_ID},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        )""",
            "CREATE INDEX events_complaint ON events(complaint_id, at)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"""CREATE TABLE changes (
            {_ID},
            description TEXT NOT NULL,
            made_at TEXT NOT NULL
        )""",
            f"""CREATE TABLE letters (
            {_ID},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            change_id BIGINT REFERENCES changes(id) {_FK},
            kind TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            body TEXT NOT NULL,
            via TEXT NOT NULL DEFAULT 'recorded',
            message_id TEXT
        )""",
            "CREATE INDEX letters_complaint ON letters(complaint_id)",
            f"""CREATE TABLE change_complaints (
            change_id BIGINT NOT NULL REFERENCES changes(id) {_FK},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            PRIMARY KEY (change_id, complaint_id)
        )""",
            "CREATE INDEX change_complaints_complaint ON change_complaints(complaint_id)",
            f"""CREATE TABLE tags (
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            tag TEXT NOT NULL,
            PRIMARY KEY (complaint_id, tag)
        )""",
            "CREATE INDEX tags_by_tag ON tags(tag, complaint_id)",
            f"""CREATE TABLE unsent (
            {_ID},
            complaint_id BIGINT NOT NULL REFERENCES complaints(id) {_FK},
            change_id BIGINT REFERENCES changes(id) {_FK},
            kind TEXT NOT NULL,
            via TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            failed_at TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
            "CREATE INDEX unsent_complaint ON unsent(complaint_id)",
            f"""CREATE TABLE extra_contacts (
            customer_id BIGINT NOT NULL REFERENCES customers(id) {_FK},
            kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
            value TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (customer_id, kind, key)
        )""",
            "CREATE INDEX extra_contacts_key ON extra_contacts(kind, key)",
        ],
    ),
    # `customers` lists the latest contact first and customers with none last, as SQLite orders
    # them: PostgreSQL puts NULL first when descending unless told, and reads an index only in the
    # order it was built in.
    (
        "002_customers_recent_first",
        [
            "DROP INDEX customers_last_contact",
            "CREATE INDEX customers_recent_first ON customers(last_contact_at DESC NULLS LAST, id DESC)",
        ],
    ),
    # What a letter asks for when the record does not hold it (SQLite's migration letters_ask).
    (
        "003_letters_ask",
        [
            "ALTER TABLE complaints ADD COLUMN went_wrong TEXT",
            "ALTER TABLE complaints ADD COLUMN found TEXT",
            "ALTER TABLE complaints ADD COLUMN we_did TEXT",
            "ALTER TABLE complaints ADD COLUMN careful TEXT CHECK (careful IN ('yes', 'no'))",
            "ALTER TABLE complaints ADD COLUMN channel_given INTEGER",
        ],
    ),
    # A complaint entered in error is void (kept, with when and why); the history says which till made
    # each change and what it changed, so `fixit undo` can put it back.
    (
        "004_void",
        [
            "ALTER TABLE complaints ADD COLUMN voided_at TEXT",
            "ALTER TABLE complaints ADD COLUMN void_reason TEXT",
            "ALTER TABLE events ADD COLUMN till TEXT",
            "ALTER TABLE events ADD COLUMN batch TEXT",
            "ALTER TABLE events ADD COLUMN undo TEXT",
            "ALTER TABLE events ADD COLUMN undone_at TEXT",
            "CREATE INDEX events_till ON events(till, id) WHERE till IS NOT NULL",
            "CREATE INDEX events_batch ON events(batch) WHERE batch IS NOT NULL",
        ],
    ),
    # `find` finds what it finds on SQLite: stop words ('the', "it's"), addresses and amounts split at
    # their punctuation ('dana@example.com', '$12.50'), every Latin letter with marks folded ('pho'
    # finds 'phở'). The indexes are built again on the new words.
    (
        "005_search_as_on_sqlite",
        [
            "DROP INDEX complaints_search",
            "DROP INDEX promises_search",
            "CREATE OR REPLACE FUNCTION fixit_fold(words text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
            f"$$ SELECT translate(lower(words), '{_EVERY_ACCENTED}', '{_EVERY_PLAIN}') $$",
            "CREATE TEXT SEARCH DICTIONARY fixit_english_stem (TEMPLATE = snowball, Language = english)",
            f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = english)",
            f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR asciiword, asciihword, hword_asciipart,"
            " word, hword, hword_part WITH fixit_english_stem",
            f"CREATE INDEX complaints_search ON complaints USING gin ({COMPLAINT_WORDS})",
            f"CREATE INDEX promises_search ON promises USING gin ({PROMISE_WORDS})",
        ],
    ),
    # Search ranks words kept as they are written (complaint_words, promise_words) instead of working
    # them out again for every match: `find` and the web's search at 100,000 complaints in
    # milliseconds, not seconds.
    (
        "006_search_words_kept",
        _words_kept("complaints", complaint_words, ", ".join(COMPLAINT_TEXT_COLUMNS))
        + _words_kept("promises", promise_words, "what"),
    ),
    # The same folding, worked out quickly (``_fold_quickly``): the kept words of 100,000 complaints
    # and promises in seconds, where step 005's function took most of a minute (`migrate --to`).
    ("007_fold_quickly", [_fold_quickly()]),
]

HAND_WRITTEN = len(STEPS)  # those above; a new column of a declared table gets its step generated after them
STEPS += tables.numbered(tables.added_steps(), HAND_WRITTEN + 1)
SCHEMA_VERSION = len(STEPS)

# The order rows are written in, for tables without an id of their own.
KEY_ORDER = {
    "change_complaints": "change_id, complaint_id",
    "tags": "complaint_id, tag",
    "extra_contacts": "customer_id, kind, key",
    "settings": "key",
}
