"""Results that were wrong, each reproduced here first: addresses, money, settings, times, the small
ones, and local times on the far side of a daylight-saving change."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fixit.dates import When


@pytest.mark.parametrize("bad", ["x>,victim@evil.com", "a@b.com, c@d.com", "Dana <dana@example.com>"])
def test_an_email_address_is_one_mailbox(cli, bad):
    assert "not an email address" in cli.fails("log", "Dana", "Late", "--email", bad)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("¥100", "this shop's amounts are in $"),  # another currency than the shop's: named as such
        ("₹5", "this shop's amounts are in $"),
        ("１２", "not an amount"),  # fullwidth digits
        ("١٢", "not an amount"),  # Arabic-Indic digits
        ("99999999999999", "amount too large: 99999999999999 (the most is $1,000,000.00)"),
    ],
)
def test_money_is_the_shops_own(shop, typed, says):
    n = str(shop.log())
    assert says in shop.fails("amend", n, "refund", "--value", typed)


def test_the_shops_own_symbol_and_none_are_accepted(shop):
    shop.ok("config", "set", "currency", "€")
    n = str(shop.log())
    shop.ok("amend", n, "refund", "--value", "€12.50", "--now")
    shop.ok("amend", n, "gift", "--value", "3", "--now")
    assert shop.query("SELECT value_cents FROM amends ORDER BY id") == [(1250,), (300,)]
    assert "this shop's amounts are in €" in shop.fails("amend", n, "refund", "--value", "$5")


def test_settings_are_shown_as_what_they_are(shop):
    assert shop.ok("config", "set", "staff_limit", "40") == "staff_limit = $40.00\n"
    assert json.loads(shop.ok("config", "show", "--json"))["staff_limit"] == "$40.00"


def test_times_are_bounded_by_the_complaint(shop):
    shop.at("2026-11-23T09:00:00")
    n = str(shop.log())
    assert "before the complaint was logged" in shop.fails("apologize", n, "--at", "2026-11-22 10:00")
    assert "in the future" in shop.fails("apologize", n, "--at", "2026-11-23 10:00")
    shop.ok("apologize", n, "--at", "2026-11-23 09:00")


def test_the_small_ones(shop, tmp_path):
    first = str(shop.log("Dana Reyes", "One", "--phone", "555-0142", "--promise", "Call", "--by", "tomorrow"))
    shop.log("Dana Reyes", "Two", "--phone", "555-0142")
    third = shop.ok("log", "Dana Reyes", "Three", "--phone", "555-0142")
    assert "!!! Third complaint: treat as an emergency !!!" in third
    shop.at("2026-11-25T09:00:00")
    assert shop.ok("keep", "P1").endswith("(1 day late): Call\n")
    assert "(1 day late)" in shop.ok("show", first)
    report = shop.ok("report", "--all")
    assert "Report 2026-11-23 to" in report and "1970" not in report
    shop.ok("backup")
    shop.ok("backup")  # twice in one second: a second name, not a failure
    assert len(list((shop.home / "backups").iterdir())) == 2
    eml = tmp_path / "d.eml"
    result = shop.run("letter", first, "--format", "eml", "--out", str(eml))
    assert "no email address for the shop (business_email): the draft has no From: line" in result.stderr


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_a_time_typed_after_the_clocks_changed_is_stored_as_typed(shop, new_york):
    """New York left daylight saving on 1 November 2026: 30 October is EDT, the clock today EST."""
    shop.at("2026-10-29T09:00:00")
    n = str(shop.log())
    shop.at("2026-11-23T09:00:00")
    shop.ok("apologize", n, "--at", "2026-10-30 10:30")
    assert shop.query("SELECT apologized_at FROM complaints") == [("2026-10-30T14:30:00+00:00",)]
    assert "2026-10-30 10:30" in shop.ok("show", n)


ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ZONES), st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)))
@example("Australia/Sydney", datetime(2025, 10, 5, 2, 0))  # skipped by the spring change: once moved back
def test_local_times_round_trip_across_transitions(zone, naive):
    """A date and time typed in a zone with daylight saving means that wall-clock time on that date,
    whatever the offset today; a time skipped by the spring change moves forward, never back."""
    os.environ["TZ"] = zone
    time.tzset()
    try:
        now = datetime(2026, 11, 23, 9, 0).astimezone()
        typed = When(naive.date(), naive.time().replace(second=0, microsecond=0))
        moment = typed.moment(now)
        local = moment.astimezone(ZoneInfo(zone))
        expected = datetime.combine(typed.day, typed.at or now.time())
        assert local.utcoffset() == ZoneInfo(zone).utcoffset(local.replace(tzinfo=None))
        assert timedelta(0) <= local.replace(tzinfo=None) - expected <= timedelta(hours=1)
    finally:
        os.environ["TZ"] = "UTC"
        time.tzset()


def test_a_promise_with_a_time_is_overdue_after_that_time(shop):
    shop.at("2026-11-23T08:00:00")
    shop.log("Dana Reyes", "Charged twice", "--promise", "Call back", "--by", "today 10:00")
    shop.log("Lee Park", "Late", "--promise", "Refund", "--by", "today")
    shop.at("2026-11-23T09:59:00")
    due = json.loads(shop.ok("due", "--json"))
    assert {(i["section"], i["promise"]) for i in due["items"] if i["promise"]} == {("due-today", 1), ("due-today", 2)}
    shop.at("2026-11-23T15:00:00")
    due = json.loads(shop.ok("due", "--json"))
    assert {(i["section"], i["promise"]) for i in due["items"] if i["promise"]} == {("overdue", 1), ("due-today", 2)}
    shop.at("2026-11-23T15:01:00")
    assert "(late)" in shop.ok("keep", "P1")
    assert shop.ok("keep", "P2").startswith("Promise P2 kept: Refund")  # no time: on time all day
    report = json.loads(shop.ok("report", "--json"))
    assert (report["promises"]["kept_on_time"], report["promises"]["kept_late"]) == (1, 1)
    assert "kept 2026-11-23 (late)" in shop.ok("show", "1")


def test_an_editor_that_saves_latin_1_is_one_line(shop, tmp_path, monkeypatch):
    n = str(shop.log())
    editor = tmp_path / "latin1-editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'wb').write('Hello Dana, caf\\xe9'.encode('latin-1'))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    assert "another encoding than UTF-8; nothing was saved" in shop.fails("letter", n, "--edit")


def test_calendar_times_are_right_on_the_far_side_of_a_clock_change(shop, new_york, tmp_path):
    """A promise at 14:30 on 30 October (EDT, UTC-4) written while New York is on EST (UTC-5)."""
    import icalendar

    shop.at("2026-10-29T09:00:00")
    shop.log("Dana Reyes", "Late", "--promise", "Call back", "--by", "2026-10-30 14:30")
    path = tmp_path / "c.ics"
    shop.at("2026-10-29T10:00:00")
    shop.ok("calendar", str(path))
    raw = path.read_text()
    assert "TZID" not in raw
    [event] = [
        e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT") if str(e["uid"]) == "promise-1@fixit"
    ]
    assert event.decoded("dtstart").isoformat() == "2026-10-30T18:30:00+00:00"


def test_an_address_the_standard_parser_rejects_is_refused(cli):
    for bad in ('"dana"@example.com@x.com', "dana@exa mple.com", "dana@.example.com"):
        assert "not an email address" in cli.fails("log", "Dana", "Late", "--email", bad)
