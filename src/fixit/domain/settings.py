"""The shop's settings, kept in the database beside the records they describe.

Read on every command (the currency, the follow-up days), so reading is kept cheap:
the checks for a new value are imported only when a setting is changed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fixit.errors import InputError, UnknownSetting
from fixit.storage import Store

if TYPE_CHECKING:
    from fixit.text import PhoneRule

# key -> (default, what it means)
SETTINGS = {
    "business_name": ("", "the shop's name, used in letters"),
    "owner_name": ("", "who runs the shop"),
    "signer": ("", "the name letters are signed with (default: owner_name)"),
    "business_phone": ("", "the shop's phone number, for letters"),
    "business_email": ("", "the shop's email address, the From: of .eml drafts"),
    "address": ("", "the shop's postal address"),
    "currency": ("$", "the shop's currency, as money is written: a symbol ($, €, £, kr...) or a code (EUR, CHF)"),
    "followup_days": ("3", "days after a fix that the follow-up falls due"),
    "stalled_days": ("3", "days an open complaint may sit with no promise or fix before `due` flags it"),
    "checkin_days": ("7", "days after a replacement or redo is handed over that `due` asks: is it working?"),
    "staff_limit": ("", "the most staff may give in amends per complaint without the owner (empty: no limit)"),
    "country": (
        "",
        "the shop's country (ISO code: US, GB, DE...): phone numbers are matched in international "
        "form, so +1 555-0142 and 555-0142 are one customer",
    ),
    "owner_email": ("", "where the morning agenda goes by email (default: business_email)"),
    "smtp_host": ("", "the shop's mail server, for sending letters and the agenda (e.g. smtp.example.com)"),
    "smtp_port": ("587", "its port: 587 for starttls, 465 for tls"),
    "smtp_security": ("starttls", "starttls, tls (implicit, port 465) or none (a server on this machine only)"),
    "smtp_user": ("", "the login for the mail server (its password is kept in the system keyring, not here)"),
    "smtp_timeout": ("30", "seconds to wait for the mail server before giving up"),
    "bcc_self": ("no", "yes: every letter sent also goes, as a blind copy, to business_email"),
    "sms_command": ("", "a program that sends a text: gets the number as its argument and the text on stdin"),
    "date_order": (
        "",
        "how the shop writes a date with numbers, as in a spreadsheet: dmy (20/11/2026), "
        "mdy (11/20/2026) or ymd (2026/11/20)",
    ),
}
SECURITY = ("starttls", "tls", "none")
# a host name (labels of letters, digits and dashes), an IPv4 address, or an IPv6 one in brackets
_HOST = (
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*\.?$|^\[[0-9A-Fa-f:.]+\]$"
)


class Settings:
    """The values in force: stored ones over the defaults."""

    def __init__(self, values: dict[str, str]):
        self.values = values

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    @property
    def currency(self) -> str:
        return self.values["currency"]

    @property
    def followup_days(self) -> int:
        return int(self.values["followup_days"])

    @property
    def stalled_days(self) -> int:
        return int(self.values["stalled_days"])

    @property
    def checkin_days(self) -> int:
        return int(self.values["checkin_days"])

    @property
    def staff_limit_cents(self) -> int | None:
        return int(self.values["staff_limit"]) if self.values["staff_limit"] else None

    @property
    def signer(self) -> str:
        return self.values["signer"] or self.values["owner_name"]

    def shown(self, key: str) -> str:
        """A setting as a person reads it: money as money ("$40.00"), the rest as stored."""
        if key == "staff_limit" and self.values[key]:
            from fixit.money import format_money

            return format_money(int(self.values[key]), self.currency)
        return self.values[key]

    @property
    def owner_email(self) -> str:
        return self.values["owner_email"] or self.values["business_email"]

    @property
    def bcc_self(self) -> bool:
        return self.values["bcc_self"] == "yes"

    @property
    def smtp_port(self) -> int:
        return int(self.values["smtp_port"])

    @property
    def smtp_timeout(self) -> int:
        return int(self.values["smtp_timeout"])


def load(store: Store) -> Settings:
    stored = store.settings()
    return Settings({key: stored.get(key, default) for key, (default, _) in SETTINGS.items()})


def change(store: Store, key: str, value: str) -> str:
    """Check and save one setting; returns the value as stored."""
    return change_many(store, {key: value})[key]


def change_many(store: Store, values: dict[str, str]) -> dict[str, str]:
    """Check every value first, then save them all in one transaction."""
    for key in values:
        if key not in SETTINGS:
            raise UnknownSetting(key)
    currency = check("currency", values["currency"]) if "currency" in values else load(store).currency
    checked = {key: check(key, value, currency) for key, value in values.items()}
    with store.transaction():
        for key, value in checked.items():
            store.set_setting(key, value)
    return checked


def unset(store: Store, key: str) -> str:
    """Back to the default; returns the value now in force."""
    if key not in SETTINGS:
        raise UnknownSetting(key)
    if key == "country":
        set_country(store, "")
    with store.transaction():
        store.unset_setting(key)
    return SETTINGS[key][0]


def check(key: str, value: str, currency: str = "$") -> str:
    """A setting's value as it will be stored; InputError when it cannot be. Every key has its rule;
    money is in the shop's ``currency``."""

    from fixit import text

    if key == "staff_limit":
        from fixit.money import parse_money

        return str(parse_money(value, currency)) if value.strip() else ""
    if key in ("followup_days", "stalled_days", "checkin_days"):
        if not re.fullmatch("[0-9]{1,9}", value.strip()) or not 0 <= int(value) <= 365:
            raise InputError(f"not a number of days from 0 to 365: {value!r}")
        return str(int(value))
    if key == "business_phone":
        return text.clean_phone(value)
    if key == "country":
        code = value.strip().upper()
        if code:
            phone_rule(code)  # refuses a country the phone metadata does not know
        return code
    if key in ("business_email", "owner_email"):
        return text.clean_email(value) if value.strip() or key == "business_email" else ""
    if key in ("smtp_port", "smtp_timeout"):
        low, high = (1, 65535) if key == "smtp_port" else (1, 300)
        if not re.fullmatch("[0-9]{1,9}", value.strip()) or not low <= int(value) <= high:
            raise InputError(f"{key} is a whole number from {low} to {high}, not {value!r}")
        return str(int(value))
    if key == "smtp_security":
        if value.strip().lower() not in SECURITY:
            raise InputError(f"smtp_security is one of {', '.join(SECURITY)}, not {value!r}")
        return value.strip().lower()
    if key == "bcc_self":
        if value.strip().lower() not in ("yes", "no"):
            raise InputError(f"bcc_self is yes or no, not {value!r}")
        return value.strip().lower()
    if key in ("smtp_host", "smtp_user"):
        cleaned = value.strip()
        if any(ch.isspace() for ch in cleaned):
            raise InputError(f"{key} has no spaces: {value!r}")
        if key == "smtp_host" and cleaned and not re.match(_HOST, cleaned):
            raise InputError(f"smtp_host is a server's name or address, such as smtp.example.com, not {value!r}")
        return text.clean_text(cleaned, f"the {key}", 253) if cleaned else ""
    if key == "sms_command":
        if "\n" in value.strip():
            raise InputError("the text-message command is one line")
        return text.clean_text(value, "the text-message command", 500) if value.strip() else ""
    if key == "currency":
        from fixit.money import check_currency

        return check_currency(value)
    if key == "date_order":
        from fixit.dates import DATE_ORDERS

        order = value.strip().lower()
        if order and order not in DATE_ORDERS:
            raise InputError(f"date_order is dmy, mdy or ymd, not {value[:20]!r}")
        return order
    if key == "address":
        return text.clean_text(value, "the address", 300)
    return text.clean_name(value, f"the {key.replace('_', ' ')}")


def check_stored(key: str, value: str, currency: str = "$") -> str:
    """A setting's value in its stored form (an export's), checked by the same rules as ``check``:
    staff_limit is kept in cents, every other setting as typed."""
    if key == "staff_limit" and value.strip():
        from fixit.money import MAX_CENTS

        if not value.isdigit() or not 0 < int(value) <= MAX_CENTS:
            raise InputError(f"staff_limit is kept in cents, from 1 to {MAX_CENTS}, not {value[:20]!r}")
        return str(int(value))
    return check(key, value, currency)


def set_country(store: Store, value: str) -> list[tuple[str, list[int]]]:
    """Set the shop's country and key every phone on file by its rules, in one transaction; returns the
    numbers several customers now share (they may be one person: the owner decides)."""
    code = check("country", value)
    rule = phone_rule(code) if code else None
    with store.transaction():
        store.set_setting("country", code)
        return store.rekey_phones(rule)


def phone_rule(code: str) -> PhoneRule:
    """The country's calling code and prefixes, from the `phonenumbers` metadata (lite build; imported
    only here, when the owner sets the country: the counter applies the rule with `re` alone)."""
    import phonenumbers

    from fixit.text import PhoneRule

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(code) if len(code) == 2 and code.isalpha() else None
    if metadata is None:
        raise InputError(f"not a country fixit knows: {code!r} (an ISO code such as US, GB, DE)")
    return PhoneRule(
        str(metadata.country_code),
        metadata.international_prefix or "00",
        metadata.national_prefix_for_parsing,
        metadata.national_prefix_transform_rule,
    )
