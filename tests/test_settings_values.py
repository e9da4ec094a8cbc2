"""Settings pass checks of their own, money is in the shop's currency, and two flags that contradict
each other are refused, on every command (issue 20)."""

import pytest
from conftest import app_for, command_for

from fixit.domain.settings import SETTINGS


@pytest.mark.parametrize("symbol", ["1", "12", "1.5", ".", "-", "+", "$5", "abc", "EURO", "\x1b[2J", "   "])
def test_the_currency_is_a_real_currency(shop, symbol):
    shop.ok("due")
    before = shop.dump()
    line = shop.fails("config", "set", "currency", symbol)
    assert "currency" in line
    assert shop.dump() == before


@pytest.mark.parametrize("symbol", ["$", "€", "£", "¥", "kr", "R$", "CHF", "EUR", "zł"])
def test_real_currencies_are_taken(shop, symbol):
    shop.ok("config", "set", "currency", symbol)
    shop.log("Dana", "Cold coffee")
    shop.ok("amend", "1", "partial-refund", "--value", "15", "--now")
    shown = shop.ok("show", "1")
    assert "15.00" in shown and symbol in shown


def test_a_currency_of_digits_no_longer_eats_the_amount(shop):
    """`config set currency 1` then `--value 15` stored $5.00."""
    shop.fails("config", "set", "currency", "1")
    shop.log("Dana", "Cold coffee")
    shop.ok("amend", "1", "partial-refund", "--value", "15", "--now")
    assert shop.query("SELECT value_cents FROM amends") == [(1500,)]


def test_amounts_are_in_the_shops_currency(shop):
    shop.log("Dana", "Cold coffee")
    line = shop.fails("amend", "1", "partial-refund", "--value", "€15")
    assert "this shop's amounts are in $" in line
    assert "in $" in shop.fails("amend", "1", "partial-refund", "--value", "15 EUR")
    shop.ok("amend", "1", "partial-refund", "--value", "$15", "--now")
    shop.ok("config", "set", "currency", "€")
    for typed in ("€12", "12€", "12 €", "12.50"):
        shop.ok("amend", "1", "partial-refund", "--value", typed, "--now")
    assert "in €" in shop.fails("amend", "1", "partial-refund", "--value", "$12")
    assert "in €" in shop.fails("config", "set", "staff_limit", "£40")
    shop.ok("config", "set", "staff_limit", "€40")
    assert shop.query("SELECT value FROM settings WHERE key = 'staff_limit'") == [("4000",)]


BAD_SETTING = {
    "business_name": "\x1b[31mRosa",
    "owner_name": "x" * 300,
    "signer": "",
    "business_phone": "--5550142",
    "business_email": "rosa@",
    "address": "\x00",
    "currency": "1",
    "followup_days": "abc",
    "stalled_days": "-1",
    "checkin_days": "400",
    "staff_limit": "lots",
    "country": "XX",
    "owner_email": "a@b",
    "smtp_host": "smtp://mail.example.com",
    "smtp_port": "abc",
    "smtp_security": "maybe",
    "smtp_user": "a b",
    "smtp_timeout": "0",
    "bcc_self": "perhaps",
    "sms_command": "send\nrm -rf /",
    "date_order": "dd/mm/yyyy",
}


def test_every_setting_has_a_check():
    assert set(BAD_SETTING) == set(SETTINGS), "a new setting needs its bad value here"


@pytest.mark.parametrize("key", sorted(BAD_SETTING))
def test_every_setting_refuses_a_bad_value(shop, key):
    shop.ok("due")
    before = shop.dump()
    line = shop.fails("config", "set", key, BAD_SETTING[key])
    assert "Traceback" not in line
    assert shop.dump() == before


def test_contradictory_flags_are_refused(shop):
    shop.log("Dana", "Cold coffee")
    before = shop.dump()
    line = shop.fails("judge", "1", "--justified", "--unjustified")
    assert "--justified and --unjustified contradict each other" in line
    assert "given twice" in shop.fails("log", "Ann", "Late", "--channel", "phone", "--channel", "email")
    assert "given twice" in shop.fails("amend", "1", "partial-refund", "--value", "5", "--value", "50", "--now")
    assert shop.dump() == before
    shop.ok("log", "Ann", "Late", "--tag", "a", "--tag", "b")  # an option meant to repeat still does


def _pairs(command, path=()):
    if hasattr(command, "commands"):  # a group (Typer bundles its own click: known by what it has)
        for name, sub in command.commands.items():
            yield from _pairs(sub, (*path, name))
        return
    for param in command.params:
        if param.secondary_opts:
            yield path, param.opts[0], param.secondary_opts[0]


def test_every_on_off_pair_of_every_command_is_refused_together(tmp_path, monkeypatch):
    monkeypatch.setenv("FIXIT_HOME", str(tmp_path))
    pairs = list(_pairs(command_for()))
    assert pairs  # judge's --justified/--unjustified, checkin's --ok/--not-ok at least
    from typer.testing import CliRunner

    runner = CliRunner()
    for path, on, off in pairs:
        result = runner.invoke(app_for(path), [*path, on, off])
        assert result.exit_code == 2, (path, on, off, result.output)
        assert f"{on} and {off} contradict each other" in result.stderr, (path, result.stderr)
