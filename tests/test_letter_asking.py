"""Ask, don't guess: `fixit letter` asks on a terminal for what the record does not hold, saves each
answer on the record, and, when nobody can answer (piped, --send, --json), makes each missing piece
a draft checker problem naming the command that supplies it; --send refuses."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest


def rosa(shop):
    shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa Marquez")


def test_asked_answers_are_saved_and_every_later_letter_uses_them(shop):
    rosa(shop)
    n = str(shop.log("Nguyễn Văn An", "cake late", "--phone", "555-0142", "--promise", "Ring re refund"))
    answers = "Mr An\nyour birthday cake was two hours late\ncall you about your refund\n"
    result = shop.run("letter", n, "--ask", input=answers)
    assert result.ok, result.stderr
    assert result.stdout.startswith("Hello Mr An,\n")
    assert "I am sorry that your birthday cake was two hours late." in result.stdout
    assert "we will call you about your refund by tomorrow" in result.stdout
    assert "Greet “Nguyễn Văn An” as" in result.stderr and "draft checker" not in result.stderr
    assert shop.query("SELECT greet FROM customers") == [("Mr An",)]
    assert shop.query("SELECT went_wrong FROM complaints") == [("your birthday cake was two hours late",)]
    assert shop.query("SELECT tell FROM promises") == [("call you about your refund",)]
    again = shop.run("letter", n)  # nothing left to ask, nothing to warn about
    assert again.ok and again.stdout == result.stdout and again.stderr == ""


def test_a_guess_is_pre_filled_and_enter_accepts_or_skips(shop):
    rosa(shop)
    n = str(shop.log("María José García", "Order wrong", "--about", "your order"))
    result = shop.run("letter", n, "--ask", input="\n\n")
    assert result.ok
    # a compound given name or a double surname cannot be told apart: the whole name is offered
    assert "[María José García]" in result.stderr
    # what went wrong has no guess: Enter leaves it missing, never a made-up "was not right"
    assert "was not right" not in result.stderr + result.stdout
    assert result.stdout.startswith("Hello María José García,\n")
    assert shop.query("SELECT went_wrong FROM complaints") == [(None,)]


def test_a_bad_answer_is_asked_again(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "cake late", "--phone", "555-0142"))
    result = shop.run("letter", n, "--ask", input="late\nyour cake was late\n")
    assert result.ok and "is a clause a letter can say" in result.stderr
    assert "I am sorry that your cake was late." in result.stdout


def test_piped_each_missing_piece_is_a_problem_naming_its_command_and_send_refuses(shop):
    n = str(shop.log("Walk-in", "cake late", "--phone", "555-0142", "--promise", "Ring back"))
    result = shop.run("letter", n)  # the runner's input is not a terminal: nothing is asked
    assert result.ok and result.stdout.startswith("Hello,\n")
    for command in ("fixit init", 'fixit edit 1 --went-wrong "your ..."', 'fixit edit P1 --tell "call you with ..."'):
        assert f"({command})" in result.stderr
    assert "fixit customer edit 1 --greet" in result.stderr  # a warning: the letter greets with no name
    problems = json.loads(shop.ok("letter", n, "--json"))["letters"][0]["problems"]
    assert len(problems) == 3
    shop.ok("config", "set", "smtp_host", "127.0.0.1")
    shop.ok("config", "set", "business_email", "rosa@bakery.example")
    shop.ok("customer", "edit", "1", "--email", "walkin@example.com")
    refused = shop.run("letter", n, "--send", "--yes")
    assert refused.exit_code == 1 and "not sent: the draft checker found 3 problem(s)" in refused.stderr
    assert shop.query("SELECT count(*) FROM letters") == [(0,)]
    assert "--ask is for drafting at a terminal" in shop.fails("letter", n, "--ask", "--send")


def test_a_systemic_follow_up_asks_for_the_finding_and_the_fix_said_to_them(shop):
    rosa(shop)
    n = str(
        shop.log(
            "Dana Reyes",
            "Parcel went to the wrong address",
            "--channel",
            "email",
            "--went-wrong",
            "your parcel went to the wrong address",
            "--about",
            "your parcel",
        )
    )
    shop.ok("judge", n, "--justified", "--cause", "systemic")
    shop.ok("fix", n, "Courier booked, label fixed")
    piped = shop.run("letter", n)
    assert 'fixit edit 1 --found "..."' in piped.stderr and 'fixit edit 1 --we-did "..."' in piped.stderr
    result = shop.run(
        "letter", n, "--ask", input="the label is printed before the second check\nsent your parcel again by courier\n"
    )
    assert result.ok and "draft checker" not in result.stderr
    assert "we found that the label is printed before the second check." in result.stdout
    assert "The first thing we did was for you: we sent your parcel again by courier." in result.stdout


def test_judge_and_edit_record_the_finding_for_follow_ups_and_new_procedure_letters(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Parcel lost", "--went-wrong", "your parcel was lost"))
    shop.ok("judge", n, "--justified", "--cause", "systemic", "--found", "We found that labels were printed early.")
    assert shop.query("SELECT found FROM complaints") == [("labels were printed early",)]
    assert "Found: labels were printed early" in shop.ok("show", n)
    shop.ok("change", "Labels are printed after the second check", "--complaint", n)
    assert "When we looked into it, we found that labels were printed early." in shop.ok("letter", n, "new-procedure")
    shop.ok("edit", n, "--found", "the label printer ran ahead of the packing", "--we-did", "sent a new parcel")
    shop.ok("fix", n, "Resent")
    letter = shop.ok("letter", n)
    assert "we found that the label printer ran ahead of the packing." in letter
    assert "we sent a new parcel" in letter


def test_staff_voice_in_any_field_is_a_problem(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Glasses wrong", "--went-wrong", "your glasses were made to the wrong prescription"))
    shop.ok("fix", n, "Delivered the glasses to her home")
    result = shop.run("letter", n)  # the staff note is never said: the letter asks for the fix in words for them
    assert "her home" not in result.stdout and f"fixit edit {n} --we-did" in result.stderr
    shop.ok("edit", n, "--we-did", "delivered the glasses to her home")
    assert "speaks about the customer, not to them: 'her'" in shop.run("letter", n).stderr
    shop.ok("edit", n, "--we-did", "brought your new glasses to your home")
    assert "draft checker" not in shop.run("letter", n).stderr
    m = str(shop.log("Ben Kim", "Late", "--went-wrong", "his order was late"))
    assert "speaks about the customer" in shop.run("letter", m).stderr
    p = str(
        shop.log(
            "Ana Silva", "Late", "--went-wrong", "your order was late", "--promise", "x", "--tell", "Call her back asap"
        )
    )
    found = shop.run("letter", p).stderr
    assert "promise P1" in found and ("to-do" in found or "staff" in found or "customer" in found)


def test_careful_by_hand_is_shown_and_changes_the_letter(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Groomer was rough", "--careful", "--went-wrong", "your dog was handled roughly"))
    assert "careful (set by hand)" in shop.ok("show", n)
    assert "That should not have happened" not in shop.ok("letter", n)
    shop.ok("edit", n, "--not-careful")
    assert "not careful (set by hand)" in shop.ok("show", n)
    assert "That should not have happened" in shop.ok("letter", n)
    m = str(shop.log("Ana Silva", "Nicked my dog's ear, vet bill", "--channel", "phone"))
    letter = shop.ok("letter", m)
    assert "I was so sorry to hear that your dog was hurt. I hope your dog is recovering well." in letter
    assert "one-off mistake" not in letter


@pytest.mark.sqlite_only
def test_on_a_real_terminal_fixit_letter_asks(shop, tmp_path):
    """A pseudo-terminal, as an owner's terminal is: the questions come without --ask."""
    rosa(shop)
    n = str(shop.log("Kim Min-jun", "Order late", "--phone", "555-0142"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src"), "TERM": "dumb"}
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fixit", "letter", n], stdin=follower, stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    seen = b""

    def until(text: bytes) -> None:
        nonlocal seen
        while text not in seen:
            ready, _, _ = select.select([leader], [], [], 60)
            assert ready, f"no {text!r} on the terminal; it showed {seen!r}"
            seen += os.read(leader, 4096)

    until(b"no name, \xe2\x80\x9cHello,\xe2\x80\x9d) [Kim Min-jun]: ")
    os.write(leader, b"Min-jun\n")
    until(b"hours late): ")
    os.write(leader, b"your order arrived a day late\n")
    out, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert out.decode().startswith("Hello Min-jun,\n")
    assert "I am sorry that your order arrived a day late." in out.decode()
    assert shop.query("SELECT greet FROM customers") == [("Min-jun",)]


def test_templates_check_reads_thin_records_and_html_in_the_owners_templates(shop):
    assert "no problems" in shop.ok("templates", "check", "--all")
    folder = shop.home / "templates"
    folder.mkdir()
    (folder / "apology.sms.j2").write_text(
        "Hello {{ customer.greeting }}, sorry about {{ complaint.about or 'it' }}. - {{ business.sign_off }}\n",
        encoding="utf-8",
    )
    (folder / "followup.txt.j2").write_text(
        "Subject: Following up\n\nHello {{ customer.greeting }},\n\nWe fixed it.\n\nRosa\n", encoding="utf-8"
    )
    result = shop.run("templates", "check")
    assert result.exit_code == 1
    for expected in (
        "apology.sms.j2",
        "followup.txt.j2",
        "followup.txt.j2 (html)",
        "thin: no name to greet",
        "thin: a placeholder name",
        "a space where a name should be",
    ):
        assert expected in result.stdout, expected


def test_the_interactive_log_offers_the_two_questions_for_letters_and_enter_skips(shop):
    answers = (
        "Dana Reyes\n555-0142\nCharged twice for the cake\nphone\ny\nRefund the second charge\nfriday\n"
        "you were charged twice for your cake\nrefund the second charge to your card\n"
    )
    out = shop.ok("log", input=answers)
    assert "Logged #1" in out and "Kept for letters." in out
    assert shop.query("SELECT went_wrong, channel_given FROM complaints") == [
        ("you were charged twice for your cake", 1)
    ]
    assert shop.query("SELECT tell FROM promises") == [("refund the second charge to your card",)]
    skipped = shop.ok("log", input="Ben Kim\n\nCold soup\ncounter\ny\n\n\n")
    assert "Logged #2" in skipped and "Kept for letters." not in skipped
    assert shop.query("SELECT went_wrong FROM complaints WHERE id = 2") == [(None,)]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--went-wrong", "late"), "is a clause a letter can say"),
        (("--went-wrong", "line one\nline two"), "one line"),
        (("--went-wrong", "x " * 150), "too long"),
    ],
)
def test_bad_words_for_letters_are_one_line_and_change_nothing(shop, args, error):
    shop.log("Ben Kim", "Cold soup")
    before = shop.dump()
    assert error in shop.fails("log", "Ana", "Late", *args)
    assert error in shop.fails("edit", "1", *args)
    assert "what you found is empty" in shop.fails("judge", "1", "--justified", "--found", " . ")
    assert shop.dump() == before
