"""The shop's settings, kept in the database beside the records they describe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from fixit.errors import InputError
from fixit.storage import Store
from fixit.text import clean_email, clean_name, clean_phone, clean_text


def _whole_days(value: str) -> str:
    if not value.strip().isdigit() or not 0 <= int(value) <= 365:
        raise InputError(f"not a number of days from 0 to 365: {value!r}")
    return str(int(value))


def _symbol(value: str) -> str:
    return clean_text(value, "the currency symbol", 5)


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    check: Callable[[str], str]
    meaning: str


SETTINGS = {s.key: s for s in [
    Setting("business_name", "", lambda v: clean_name(v, "the business name"), "the shop's name, used in letters"),
    Setting("owner_name", "", lambda v: clean_name(v, "the owner's name"), "who runs the shop"),
    Setting("signer", "", lambda v: clean_name(v, "the signature"), "the name letters are signed with (default: owner_name)"),
    Setting("business_phone", "", clean_phone, "the shop's phone number, for letters"),
    Setting("business_email", "", clean_email, "the shop's email address, the From: of .eml drafts"),
    Setting("address", "", lambda v: clean_text(v, "the address", 300), "the shop's postal address"),
    Setting("currency", "$", _symbol, "the symbol money is written with"),
    Setting("followup_days", "3", _whole_days, "days after a fix that the follow-up falls due"),
    Setting("stalled_days", "3", _whole_days, "days an open complaint may sit with no promise or fix before `due` flags it"),
]}


@dataclass(frozen=True)
class Settings:
    values: dict[str, str]

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
    def signer(self) -> str:
        return self.values["signer"] or self.values["owner_name"]


def load(store: Store) -> Settings:
    stored = store.settings()
    return Settings({key: stored.get(key, setting.default) for key, setting in SETTINGS.items()})


def change(store: Store, key: str, value: str) -> str:
    """Check and save one setting; returns the value as stored."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise InputError(f"no setting called {key!r} (settings: {', '.join(SETTINGS)})")
    checked = setting.check(value)
    with store.transaction():
        store.set_setting(key, checked)
    return checked
