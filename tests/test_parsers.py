"""The date, money, id and text parsers: examples plus properties checked by hypothesis."""

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixit.dates import parse_when, written
from fixit.errors import InputError
from fixit.ids import parse_id
from fixit.money import format_money, parse_money
from fixit.text import clean_text, phone_key

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text, ahead, back",
    [
        ("today", "2026-11-23", "2026-11-23"),
        ("Tomorrow", "2026-11-24", "2026-11-24"),
        ("yesterday", "2026-11-22", "2026-11-22"),
        ("friday", "2026-11-27", "2026-11-20"),
        ("mon", "2026-11-30", "2026-11-16"),
        ("+3d", "2026-11-26", "2026-11-26"),
        ("-3d", "2026-11-20", "2026-11-20"),
        ("2w", "2026-12-07", "2026-11-09"),
        ("2026-12-01", "2026-12-01", "2026-12-01"),
        ("2026-12-01T14:30", "2026-12-01", "2026-12-01"),
    ],
)
def test_date_forms(text, ahead, back):
    assert parse_when(text, MONDAY, "ahead").day.isoformat() == ahead
    assert parse_when(text, MONDAY, "back").day.isoformat() == back


def test_times_are_kept():
    assert str(parse_when("tomorrow 9:05", MONDAY).at) == "09:05:00"
    assert str(parse_when("2026-12-01 14:30:00", MONDAY).at) == "14:30:00"


@pytest.mark.parametrize(
    "bad",
    ["", "soon", "2026-13-01", "2026-02-30", "tomorrow 25:00", "+d", "next friday", "12/01/2026", "\x00", "to day"],
)
def test_bad_dates_name_the_accepted_forms(bad):
    with pytest.raises(InputError, match="use today, tomorrow"):
        parse_when(bad, MONDAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_dates_round_trip(day):
    assert parse_when(day.isoformat(), MONDAY).day == day


@given(st.integers(min_value=0, max_value=9999), st.sampled_from(["d", "w"]))
def test_relative_dates_move_by_the_right_amount(count, unit):
    """...within the years a shop's records can be in; further is refused, never an overflow."""
    days = count * (7 if unit == "w" else 1)
    expected = MONDAY + timedelta(days=days)
    if expected.year <= 2199:
        assert parse_when(f"+{count}{unit}", MONDAY).day == expected
    else:
        with pytest.raises(InputError, match="give a date between 1970 and 2199"):
            parse_when(f"+{count}{unit}", MONDAY)


@given(
    st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_weekdays_are_the_next_or_last_occurrence(name, today):
    ahead, back = parse_when(name, today, "ahead").day, parse_when(name, today, "back").day
    assert 1 <= (ahead - today).days <= 7 and 1 <= (today - back).days <= 7
    assert written(ahead).lower().startswith(name) and written(back).lower().startswith(name)


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_input_error(text):
    with contextlib.suppress(InputError):
        parse_when(text, MONDAY)


def test_written_dates():
    assert written(date(2026, 12, 1)) == "Tuesday 1 December"


@pytest.mark.parametrize(
    "text, cents",
    [("12.50", 1250), ("12", 1200), ("$12.50", 1250), ("12.5", 1250), (" $ 0.99 ", 99), ("1000000", 100_000_000)],
)
def test_money_forms(text, cents):
    assert parse_money(text) == cents


def test_money_takes_the_shops_own_symbol_only():
    assert parse_money("€3", "€") == 300
    with pytest.raises(InputError):
        parse_money("€3", "$")  # a euro amount is not dollars


@pytest.mark.parametrize("bad", ["", "abc", "-5", "0", "12.505", "1,250", "12,50", "1e3", "1000000.01", "NaN", "$"])
def test_bad_money(bad):
    with pytest.raises(InputError):
        parse_money(bad)


@given(st.integers(min_value=1, max_value=100_000_000))
def test_money_round_trips_through_its_written_form(cents):
    written_form = format_money(cents).replace(",", "")
    assert parse_money(written_form) == cents


@pytest.mark.parametrize(
    "text, kind, number",
    [
        ("12", "complaint", 12),
        ("#12", "complaint", 12),
        ("P3", "promise", 3),
        ("p3", "promise", 3),
        (" 7 ", "promise", 7),
    ],
)
def test_ids(text, kind, number):
    assert parse_id(text, kind) == number


@pytest.mark.parametrize("bad", ["", "abc", "#", "-1", "0", "1.5", "99999999999999999999", "P3"])
def test_bad_complaint_ids(bad):
    with pytest.raises(InputError, match="not a complaint number"):
        parse_id(bad, "complaint")


@given(st.text())
def test_clean_text_keeps_printable_text_or_refuses(text):
    try:
        cleaned = clean_text(text, "the note")
    except InputError as error:
        assert str(error).startswith("the note ")
    else:
        assert cleaned == text.strip() and cleaned


def test_phone_key_keeps_ascii_digits_only():
    assert phone_key("+1 (555) 014-2") == "15550142"
    assert phone_key("٥٥٥") == ""
