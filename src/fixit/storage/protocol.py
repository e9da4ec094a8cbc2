"""What the domain asks of a database: the ``Store`` protocol, made of one small protocol per kind
of record (``Customers``, ``Complaints``, ``PromisesAndAmends``, ``ChangesAndLetters``, ``History``,
``Screens``, ``Admin``), each of which a function that needs no more may name.

The domain imports this protocol and nothing else from ``fixit.storage``; an implementation
(SQLite today, ``fixit.storage.sqlite``) owns the SQL, the schema, its migrations and its
transactions. Its methods speak in the dataclasses of ``fixit.model`` and are named for what
happens ("mark_kept", "close_complaint"), never "update these columns".

Conventions every implementation keeps:
- ``get_*`` returns the record or raises ``NotFound`` ("no complaint #9"); reads that may find
  nothing by design (a coupon code, customers with a phone) return ``None`` or an empty list.
- Writes happen inside ``transaction()``; one command's writes are one transaction.
- Timestamps go in and come out timezone-aware; days are local calendar days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:  # the protocol only names these: importing fixit.storage costs nothing more
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from contextlib import AbstractContextManager
    from datetime import date, datetime, time
    from pathlib import Path

    from fixit.model import (
        Amend,
        AmendKind,
        Cause,
        Change,
        Channel,
        Complaint,
        ComplaintDetail,
        Customer,
        Event,
        Letter,
        LetterKind,
        Outcome,
        Promise,
        Severity,
        Unsent,
        Verdict,
        Via,
    )
    from fixit.rules import AgendaWindow, Section
    from fixit.summaries import CustomerSummary, ReportFacts, SearchMatch
    from fixit.text import PhoneRule


class AgendaRead(NamedTuple):
    """What `due` reads, all at once."""

    open_complaints: int
    sections: list[tuple[Sequence[Complaint | Promise | Amend], int]]  # each section's records shown, and its total
    complaints: dict[int, Complaint]  # the complaints of the promises and amends shown, by number


class Customers(Protocol):
    """The customers and their contacts: matching, merging, forgetting."""

    def add_customer(self, name: str, phone: str | None, email: str | None, notes: str | None) -> Customer: ...

    def get_customer(self, customer_id: int) -> Customer: ...

    def phone_key(self, phone: str) -> str:
        """How a phone number is matched: international (E.164) once the shop's country is set."""
        ...

    def rekey_phones(self, rule: PhoneRule | None) -> list[tuple[str, list[int]]]:
        """Match phones under a new rule from now on, every one on file re-keyed; returns each number
        several customers now share, with their ids."""
        ...

    def customers_with_phone(self, phone: str) -> list[Customer]:
        """Customers whose phone is the same number (compared by its key), oldest first."""
        ...

    def customers_with_email(self, email: str) -> list[Customer]: ...

    def customers_named(self, name: str) -> list[Customer]:
        """Customers with exactly this name (case and spacing aside), oldest first."""
        ...

    def customer_ids_matching(self, fragment: str) -> list[int]:
        """Customers whose name contains ``fragment``, case-insensitively."""
        ...

    def save_customer_details(self, customer: Customer) -> None:
        """Write the customer's name, contacts, notes, yearly spend and greeting as they now stand."""
        ...

    def move_complaints(self, from_customer: int, to_customer: int) -> list[int]: ...

    def add_extra_contact(self, customer_id: int, kind: str, value: str) -> None:
        """Another phone or email of the customer's (kept from a merge); matching finds them by it."""
        ...

    def move_extra_contacts(self, from_customer: int, to_customer: int) -> None: ...

    def delete_customer(self, customer_id: int) -> None: ...

    def extra_contacts_of(self, customer_id: int) -> list[tuple[str, str]]:
        """The customer's other phones and emails (kind, value), kept from merges."""
        ...

    def traces_of(self, customer_id: int) -> list[str]:
        """What names the customer in words: their name, phone, email and extra contacts."""
        ...

    def events_naming(self, customer_id: int) -> list[tuple[int, str, str]]:
        """Events on other customers' complaints whose words name this customer: complaint, kind, words."""
        ...

    def words_naming(self, customer_id: int) -> list[str]:
        """Records written about other customers whose own words name this customer (their name, a
        former name, a phone or email, as a whole word): '#3' for a complaint (what went wrong, notes,
        explanation, fix, letter words) or its promise, 'C1' for a process change. Not erased by
        ``forget_customer`` (they are about someone else): listed, for the owner to edit."""
        ...

    def tags_naming(self, customer_id: int) -> list[tuple[int, str]]:
        """Tags on any complaint made from a word of the customer's name ("dana-vip"): complaint, tag."""
        ...

    def forget_customer(self, customer_id: int, name: str) -> None:
        """Erase what identifies the customer: name (now ``name``), contacts and extra contacts, notes,
        the words of their complaints, promises, amends and timeline, their letters and unsent letters,
        the search index's copy, every other complaint's timeline entry that names them
        (``events_naming``) and tags made from their name (``tags_naming``). What the report counts stays."""
        ...

    def refresh_last_contact(self) -> None:
        """Work every customer's latest contact out again from their complaints and letters."""
        ...


class Complaints(Protocol):
    """Complaints: logged, read, moved along their life, corrected."""

    def add_complaint(
        self,
        *,
        customer_id: int,
        summary: str,
        channel: Channel,
        severity: Severity,
        staff: str | None,
        notes: str | None,
        emergency: bool,
        logged_at: datetime,
        apologized_at: datetime | None,
        given: Mapping[str, object] | None = None,
    ) -> int:
        """``given``: the values of the columns a new complaint brings by name (``Column.given``:
        about, happened_on, location, the words letters say ...), each column's name to its value."""
        ...

    def complaints_with(self, column: str, value: str) -> list[int]:
        """The complaints (oldest first, void ones too) whose searched column (``Column.searched``:
        the receipt number) holds exactly ``value``."""
        ...

    def get_complaint(self, complaint_id: int) -> Complaint: ...

    def complaint_detail(self, complaint_id: int) -> ComplaintDetail:
        """The complaint with its customer, the customer's other complaints, its promises, amends,
        history, process changes and letters: one exchange with a server."""
        ...

    def complaints_by_id(self, ids: Iterable[int]) -> dict[int, Complaint]: ...

    def complaint_ids_of_customer(self, customer_id: int) -> list[int]:
        """Oldest first; complaints entered in error (void) left out: they are no repeat."""
        ...

    def complaints_of_customer(self, customer_id: int) -> list[Complaint]:
        """Oldest first."""
        ...

    def list_complaints(
        self,
        *,
        open_only: bool,
        customer_id: int | None,
        name_part: str | None,
        since: datetime | None,
        channel: Channel | None,
        limit: int | None,
        voided: bool = False,
    ) -> Iterator[Complaint]:
        """Newest first, read as they are used; ``name_part`` matches anywhere in the customer's name.
        Complaints entered in error (void) are left out, or, with ``voided``, are all it lists."""
        ...

    def count_unclosed(self) -> int:
        """Complaints not closed (and not void)."""
        ...

    def first_logged_at(self) -> datetime | None:
        """When the first complaint on file was logged (None with no complaints)."""
        ...

    def mark_apologized(self, complaint_id: int, at: datetime) -> None: ...

    def record_verdict(
        self, complaint_id: int, verdict: Verdict, cause: Cause | None, explanation: str | None
    ) -> None: ...

    def mark_fixed(self, complaint_id: int, fix: str, at: datetime, followup_due: date) -> None: ...

    def mark_followed_up(self, complaint_id: int, at: datetime) -> None: ...

    def close_complaint(self, complaint_id: int, at: datetime, outcome: Outcome) -> None: ...

    def reopen_complaint(self, complaint_id: int) -> None: ...

    def void_complaint(self, complaint_id: int, at: datetime, reason: str) -> None:
        """Entered in error: kept, but off the agenda, the report and repeat counts."""
        ...

    def unvoid_complaint(self, complaint_id: int) -> None: ...

    def set_emergency(self, complaint_id: int, emergency: bool) -> None: ...

    def correct_complaint(self, complaint: Complaint) -> None:
        """Write a corrected summary, channel, severity, customer, emergency flag, 'about', the day it
        happened, and every column declared ``edited`` (the words letters say, careful ...)."""
        ...

    def prepare_log(self, name: str, phone: str | None, email: str | None, customer_id: int | None) -> None:
        """Inside a writer transaction, before a complaint for this contact is logged: a server reads
        all the customer match needs with the lock, and sends the writes that follow together."""
        ...

    def logged_back(
        self, complaint_id: int, promise_id: int | None
    ) -> tuple[Complaint, Promise | None, list[Complaint]]:
        """A complaint just logged, its promise and the customer's other complaints (oldest first), in
        one read."""
        ...

    def complaint_with_event(self, logged_at: datetime, kind: str, containing: str) -> int | None:
        """The complaint logged at ``logged_at`` whose history has an event of ``kind`` whose words
        contain ``containing`` (found through the index on the moment logged, not a scan of events)."""
        ...


class PromisesAndAmends(Protocol):
    """What was promised and what was given to put it right (coupons, refunds, check-ins)."""

    def add_promise(
        self,
        *,
        complaint_id: int,
        what: str,
        due: date,
        due_time: time | None,
        made_at: datetime,
        amend_id: int | None,
        tell: str | None = None,
    ) -> int: ...

    def set_promise_tell(self, promise_id: int, tell: str | None) -> None:
        """What the customer was told the promise is, as a letter says it."""
        ...

    def get_promise(self, promise_id: int) -> Promise: ...

    def promises_of(self, complaint_id: int) -> list[Promise]: ...

    def open_promises_due_by(self, day: date) -> list[Promise]: ...

    def mark_kept(self, promise_id: int, at: datetime) -> None: ...

    def add_amend(
        self,
        *,
        complaint_id: int,
        kind: AmendKind,
        value_cents: int | None,
        note: str | None,
        code: str | None,
        expires: date | None,
        created_at: datetime,
        given_at: datetime | None,
        approved_by: str | None,
    ) -> int: ...

    def get_amend(self, amend_id: int) -> Amend: ...

    def coupon_with_code(self, code: str) -> Amend | None: ...

    def amends_of(self, complaint_id: int) -> list[Amend]: ...

    def mark_handed_over(self, amend_id: int, at: datetime) -> None: ...

    def set_amend_note(self, amend_id: int, note: str | None) -> None:
        """Correct an amend's note (what it is, as a letter names it)."""
        ...

    def mark_redeemed(self, amend_id: int, at: datetime) -> None:
        """Redeemed now; handed over now too, unless it already was."""
        ...

    def schedule_checkin(self, amend_id: int, due: date) -> None: ...

    def record_checkin(self, amend_id: int, at: datetime, ok: bool) -> None: ...


class ChangesAndLetters(Protocol):
    """Process changes and the tags they are measured by; letters sent, and those kept unsent."""

    def add_change(self, description: str, made_at: datetime, complaint_ids: list[int]) -> int: ...

    def get_change(self, change_id: int) -> Change: ...

    def set_change_description(self, change_id: int, description: str) -> None:
        """Correct what a change says, as letters say it."""
        ...

    def all_changes(self) -> list[Change]: ...

    def add_letter(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        body: str,
        sent_at: datetime,
        change_id: int | None,
        via: Via = ...,
        message_id: str | None = None,
    ) -> int: ...

    def recent_letters(self, limit: int | None) -> list[Letter]:
        """Letters sent or recorded, newest first."""
        ...

    def keep_unsent(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        via: Via,
        subject: str,
        body: str,
        failed_at: datetime,
        reason: str,
        change_id: int | None,
    ) -> int: ...

    def unsent_letters(self) -> list[Unsent]:
        """Letters that could not be sent, oldest first."""
        ...

    def get_unsent(self, unsent_id: int) -> Unsent: ...

    def forget_unsent(self, complaint_id: int, kind: LetterKind) -> None: ...

    def letters_of(self, complaint_id: int) -> list[Letter]: ...

    def add_tags(self, complaint_id: int, tags: list[str]) -> None: ...

    def remove_tags(self, complaint_id: int, tags: list[str]) -> None: ...

    def tags_of(self, complaint_ids: Iterable[int]) -> list[str]: ...

    def count_tagged(self, tags: list[str], start: datetime, end: datetime) -> int:
        """Complaints logged in [start, end) carrying any of ``tags``."""
        ...


class History(Protocol):
    """Each complaint's timeline, and what `fixit undo` puts back."""

    def add_event(self, complaint_id: int, kind: str, detail: str, at: datetime | None = None) -> None: ...

    def last_change(self, till: str) -> list[tuple[Event, str]]:
        """The events of the latest change ``till`` made that is not undone yet, oldest first, each with
        what it replaced (JSON: {"made": when, "changes": [...]})."""
        ...

    def undo_change(self, till: str, at: datetime) -> None:
        """Put back what that change replaced and mark it undone (a complaint it logged becomes void)."""
        ...


class Screens(Protocol):
    """Reads that each fill one screen: the agenda, search, the report, the customers list."""

    def agenda_section(
        self, section: Section, window: AgendaWindow, limit: int | None
    ) -> tuple[Sequence[Complaint | Promise | Amend], int]:
        """The first ``limit`` records of one `due` section (all if None), and how many there are."""
        ...

    def agenda_sections(self, sections: Sequence[Section], window: AgendaWindow, limit: int | None) -> AgendaRead:
        """How many complaints are open, agenda_section for each of ``sections``, and the complaints
        their promises and amends belong to: one exchange with a server."""
        ...

    def agenda_chunks(
        self, section: Section, window: AgendaWindow, size: int
    ) -> Iterator[Sequence[Complaint | Promise | Amend]]:
        """Every record of one `due` section, ``size`` at a time, read as they are used."""
        ...

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """Complaints and promises in which every word appears (as a word or its start), best first."""
        ...

    def report_facts(self, start: datetime, end: datetime, as_of: datetime) -> ReportFacts:
        """The period's complaints, their amends, and their promises as they stood at ``as_of``."""
        ...

    def customer_summaries(self, repeat_only: bool, limit: int | None) -> Iterator[CustomerSummary]:
        """Customers with complaint counts, latest contact first, read as they are used."""
        ...


class Admin(Protocol):
    """The store as a whole: where it is, transactions, settings, exports, backups."""

    location: str  # where the data lives, for messages: a file path or a server
    identity: str | None  # a server's own identity ('system identifier/database'); None for a file
    till: str | None  # the till making this run's changes, recorded for `fixit undo` (None: not recorded)

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit of writes, holding the write lock from the start; inside another, part of it."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see one moment of the shop, whatever others commit meanwhile."""
        ...

    def refresh_statistics(self) -> None:
        """After many rows went in at once (a copy, a restore, an import), inside the caller's
        transaction: let the database's planner see the tables as they now are."""
        ...

    def settings(self) -> dict[str, str]: ...

    def set_setting(self, key: str, value: str) -> None: ...

    def unset_setting(self, key: str) -> None:
        """Back to its default."""
        ...

    def exportable_tables(self) -> list[str]: ...

    def restore_rows(self, table: str, rows: list[dict[str, object]]) -> None:
        """Put exported rows back as they were (inside the caller's transaction); unknown columns refused."""
        ...

    def load_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Every row of one table as ``export_table`` gave them (values in ``columns``' order), streamed in
        the store's bulk way (inside the caller's transaction); unknown columns refused."""
        ...

    def bulk_load(self) -> AbstractContextManager[None]:
        """Inside the caller's transaction on an empty store, around ``load_rows`` of a whole shop: what
        each row written would keep up to date (indexes, references, search words) is set aside and
        built once over everything loaded, on leaving (a copy of 100,000 complaints in seconds)."""
        ...

    def export_table(self, table: str) -> tuple[list[str], Iterator[tuple[object, ...]]]:
        """Column names and rows of one table, in the order they were written."""
        ...

    def backup(self, target: Path | None = None) -> Path:
        """A consistent, self-contained copy of everything, even while others write; by default
        in the app folder's backups/. Returns where it went."""
        ...

    def privacy_problem(self) -> str | None:
        """Why others could read the shop's records, if they could; None when they cannot."""
        ...

    def check_backup(self, source: Path) -> None:
        """Raise StorageError unless ``source`` is a backup of fixit's that this fixit can read."""
        ...

    def restore(self, source: Path) -> Path:
        """Replace everything with a backup's contents, after a copy of what is there now (returned)."""
        ...


class Store(Customers, Complaints, PromisesAndAmends, ChangesAndLetters, History, Screens, Admin, Protocol):
    """Everything the domain may ask of a database: the small protocols above, one per kind of record,
    together. A function that needs one kind only may name that one."""
