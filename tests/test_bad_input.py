"""Bad input of every kind: one clear line on stderr, a non-zero exit, no traceback, nothing changed.
And odd-but-valid input (emoji, accents, RTL, braces, quotes, SQL) is stored exactly as typed."""

import json

import pytest

HUGE = "x" * 100_000
NUL = "bad\x00text"

BAD = [
    ("log", "", "What"),
    ("log", "Dana", ""),
    ("log", "Dana", "   "),
    ("log", "Dana", HUGE),
    ("log", "Dana", NUL),
    ("log", HUGE[:300], "What"),
    ("log", "Dana", "What", "--phone", "call me"),
    ("log", "Dana", "What", "--phone", "12"),
    ("log", "Dana", "What", "--email", "not-an-email"),
    ("log", "Dana", "What", "--channel", "fax"),
    ("log", "Dana", "What", "--severity", "extreme"),
    ("log", "Dana", "What", "--promise", "Call", "--by", "someday"),
    ("log", "Dana", "What", "--promise", "Call", "--by", "2020-01-01"),
    ("log", "Dana", "What", "--promise", ""),
    ("log", "Dana", "What", "--notes", NUL),
    ("log", "Dana", "What", "--customer", "999"),
    ("log", "Dana", "What", "--customer", "abc"),
    ("log", "Dana", "What", "--zzzz"),
    ("apologize", "1", "--at", "32 Jan"),
    ("apologize", "1", "--at", "tomorrow"),
    ("promise", "1", "Call", "--by", "2026-02-30"),
    ("promise", "1", "", "--by", "friday"),
    ("promise", "1", HUGE, "--by", "friday"),
    ("promise", "1'; DROP TABLE complaints; --", "Call", "--by", "friday"),
    ("keep", "X1"),
    ("keep", "P0"),
    ("amend", "1", "refund", "--value", "-5"),
    ("amend", "1", "refund", "--value", "12,50"),
    ("amend", "1", "refund", "--value", "abc"),
    ("amend", "1", "refund", "--value", "99999999999"),
    ("amend", "1", "refund", "--value", "0"),
    ("amend", "1", "coupon", "--expires", "yesterday"),
    ("amend", "1", "refund", "--note", NUL),
    ("redeem", "{{ 7*7 }}"),
    ("redeem", ""),
    ("judge", "1", "--justified", "--cause", "fate"),
    ("fix", "1", ""),
    ("fix", "1", "Done", "--followup", "yesterday"),
    ("close", "1", "--outcome", "maybe"),
    ("show", "🙂"),
    ("show", "12abc"),
    ("list", "--since", "the dawn of time"),
    ("list", "--channel", "pigeon"),
    ("list", "--limit", "-1"),
    ("due", "--date", "Dec 1"),
    ("config", "set", "nonsense", "1"),
    ("config", "set", "followup_days", "-1"),
    ("config", "set", "followup_days", "many"),
    ("config", "set", "business_email", "nope"),
    ("config", "set", "business_name", NUL),
    ("letter", "1", "poem"),
    ("letter", "1", "--format", "pdf2"),
    ("letter", "1", "promise-kept", "--promise", "Pxyz"),
    ("letter", "1", "explanation", "--explain", NUL),
    ("letter", "--change", "abc"),
    ("letter", "1", "--out", "/no/such/folder/letter.txt"),
    ("change", "", "--complaint", "1"),
    ("change", "New rule", "--complaint", "#0"),
    ("changes", "--json", "extra"),
    ("templates", "show", "{{ 7*7 }}"),
    ("templates", "copy", "../../etc/passwd"),
    ("report", "--since", "forever"),
    ("report", "--from", "2026-12-01", "--to", "2026-11-01"),
    ("customer", "🙂"),
    ("customer", "edit", "1", "--phone", "abc"),
    ("customer", "edit", "1", "--email", HUGE),
    ("customer", "merge", "1", "x"),
    ("customers", "--limit", "many"),
    ("find", "   "),
    ("find", "refund", "--limit", "0"),
    ("export", "--table", "'; DROP TABLE complaints; --"),
    ("export", "--format", "xlsx"),
    ("import", "/no/such/file.csv"),
    ("calendar", "/no/such/folder/x.ics"),
    ("backup", "/no/such/folder/x.db"),
    ("restore", "/no/such/file.db", "--yes"),
    ("due", "--ics", "/no/such/folder/x.ics"),
]


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(x[:20] for x in a))
def test_bad_input_is_one_line_and_changes_nothing(shop, args):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142", "--promise", "Refund", "--by", "friday")
    before, before_bytes = shop.dump(), b"" if shop.on_postgres else shop.db.read_bytes()
    result = shop.run(*args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    if "--json" in args:  # a script asked for JSON: the error is one JSON object with stable keys
        assert json.loads(lines[0]) == {"error": json.loads(lines[0])["error"], "code": result.exit_code}
    else:
        assert lines[0].startswith("fixit: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(lines[0]) < 300
    if not shop.on_postgres:
        assert shop.db.read_bytes() == before_bytes  # byte-identical: the last connection folded its WAL back
    assert shop.dump() == before


def test_usage_errors_point_at_help(cli):
    line = cli.fails("log", "Dana", "What", "--zzzz")
    assert line == "fixit: error: No such option: --zzzz (see 'fixit log --help')"


ODD_BUT_VALID = [
    "Zoë Ångström-Núñez",
    "王小明",
    "מרים כהן",  # right-to-left
    "{{ customer.name }} {% raw %}",
    'O\'Brien "the boss"',
    "Robert'); DROP TABLE complaints;--",
    "🎂 Cake Lady 🎂",
    "<b>bold</b> [red]rich markup[/red]",
]


@pytest.mark.parametrize("name", ODD_BUT_VALID)
def test_odd_but_valid_text_is_kept_exactly(shop, name):
    summary = f"{name} said: the {{{{ order }}}} was wrong"
    n = shop.log(name, summary)
    shown = json.loads(shop.ok("show", str(n), "--json"))
    assert shown["customer"]["name"] == name
    assert shown["complaint"]["summary"] == summary
    assert name in shop.ok("show", str(n))
    assert name in shop.ok("list")
    assert shop.query("SELECT count(*) FROM complaints") == [(1,)]
