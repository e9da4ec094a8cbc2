"""Letters: golden files for every kind in at least three states, and the rules every letter keeps.

The golden files are reviewed text: each was read, and edited until it could be sent as it is.
After a deliberate change to a template, FIXIT_UPDATE_GOLDEN=1 python -m pytest tests/test_letters.py
writes the new output over the files that differ and fails those tests, so the update can never pass
silently: read the diff, edit, and run again.
"""

import os
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from letter_scenarios import SCENARIOS

import fixit
from fixit.letters.checker import problems
from fixit.letters.render import Draft, builtin_templates_dir
from fixit.model import LetterKind

GOLDEN = Path(__file__).parent / "golden"
LETTERS = GOLDEN / "letters"
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def masked(text: str) -> str:
    """Coupon codes are random by design (a code must not be guessable): golden files show CODE-CODE."""
    return CODE.sub("CODE-CODE", text)


def shop_settings(shop, phone=True):
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    shop.ok("config", "set", "owner_name", "Rosa Marquez")
    if phone:
        shop.ok("config", "set", "business_phone", "555-0100")


def rendered(shop, args: list[str]) -> tuple[str, str]:
    """The letter as fixit gives it (subject line first for a letter; a text message as it is), and
    what it warned on stderr."""
    result = shop.run(*args)
    assert result.ok, result.stderr
    if "sms" in args:
        return masked(result.stdout), result.stderr
    eml = shop.run(*args, "--format", "eml")
    assert eml.ok, eml.stderr
    message = message_from_bytes(eml.stdout.encode("utf-8"), policy=policy.default)
    return masked(f"Subject: {message['Subject']}\n\n{result.stdout}"), result.stderr


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
def test_letter_matches_its_golden_file(shop, scenario):
    text, warnings = rendered(shop, scenario(shop))
    golden = LETTERS / f"{scenario.__name__}.txt"
    expected = golden.read_text(encoding="utf-8") if golden.exists() else None
    if text != expected and os.environ.get("FIXIT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
        pytest.fail(
            f"{golden.name} rewritten from the current output: read the diff, edit it until a customer "
            "could be sent it, then run the tests again without FIXIT_UPDATE_GOLDEN"
        )
    assert text == expected
    assert "draft checker" not in warnings, warnings


def test_the_corpus_is_large_enough_and_every_golden_file_has_its_scenario():
    names = {f.__name__ for f in SCENARIOS}
    assert len(names) >= 60
    assert {p.stem for p in LETTERS.glob("*.txt")} == names


@pytest.mark.parametrize("golden", sorted(LETTERS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_golden_letter_passes_the_draft_checker(golden):
    text = golden.read_text(encoding="utf-8")
    sms = golden.stem.startswith("sms_")
    subject, body = ("", text) if sms else text[len("Subject: ") :].split("\n\n", 1)
    assert problems(Draft(LetterKind.apology, subject, body), text_message=sms) == []
    assert "\n\n\n" not in text and not re.search(r"[ \t]$", text, re.M)
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_the_kind_follows_the_complaints_state(shop):
    n = str(shop.log("Dana", "Late cake", "--about", "your cake", "--went-wrong", "your cake was late"))
    assert "I am sorry about" not in shop.ok("letter", n)  # the subject is not part of the letter text
    assert "I am sorry that your cake was late. That should not have happened" in shop.ok("letter", n)
    shop.ok("fix", n, "Baked a new one")
    assert "I wanted to come back to you" in shop.ok("letter", n)
    shop.ok("judge", n, "--unjustified", "--explain", "The order was for Tuesday")
    assert "I went through what happened carefully. The order was for Tuesday." in shop.ok("letter", n)


def test_letter_errors_are_clear(shop):
    n = str(shop.log("Dana", "Late cake"))
    assert "no kept promise" in shop.fails("letter", n, "promise-kept")
    assert "has no process change" in shop.fails("letter", n, "new-procedure")
    assert "needs the facts" in shop.fails("letter", n, "explanation")
    assert "no process change C9" in shop.fails("letter", "--change", "9")
    assert "give a complaint number" in shop.fails("letter")
    assert shop.fails("letter", "99") == "fixit: error: no complaint #99"


def test_html_is_autoescaped(shop):
    n = str(
        shop.log(
            "<script>alert(1)</script> Dana",
            "Cake was wrong",
            "--about",
            "Tom & Jerry's <b>cake</b>",
            "--greet",
            "<script>alert(1)</script>",
        )
    )
    html = shop.ok("letter", n, "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Tom &amp; Jerry&#39;s &lt;b&gt;cake&lt;/b&gt;" in html
    assert "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;,</p>" in html


def test_eml_is_a_standard_message_a_mail_client_opens(shop, tmp_path):
    shop_settings(shop)
    shop.ok("config", "set", "business_email", "rosa@bakery.example")
    n = str(
        shop.log("Zoë Ångström", "Café order was wrong", "--email", "zoe@example.com", "--about", "your café order")
    )
    target = tmp_path / "zoe.eml"
    shop.ok("letter", n, "--format", "eml", "--out", str(target))
    message = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["To"] == "Zoë Ångström <zoe@example.com>"
    assert message["From"] == "Rosa's Bakery <rosa@bakery.example>"
    assert message["Subject"] == "I am sorry about your café order"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message.get_content().startswith("Hello Zoë,\n")
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_eml_without_customer_email_says_so(shop):
    n = str(shop.log("Dana", "Late cake"))
    result = shop.run("letter", n, "--format", "eml")
    assert result.ok and "has no email address on file" in result.stderr
    assert "To:" not in result.stdout and "Subject: An apology from us" in result.stdout


def test_record_keeps_the_letter_and_marks_the_follow_up_done(shop):
    n = str(shop.log("Dana", "Late cake"))
    shop.ok("fix", n, "Baked a new one")
    assert [i["section"] for i in __import__("json").loads(shop.ok("due", "--json", "--date", "+5d"))["items"]] == [
        "apology",
        "follow-up",
    ]
    result = shop.run("letter", n, "--record")
    assert result.ok and "Recorded the followup letter on #1." in result.stderr
    assert shop.query("SELECT kind, body LIKE 'Hello Dana,%' FROM letters") == [("followup", 1)]
    assert shop.query("SELECT followup_done_at IS NOT NULL FROM complaints") == [(1,)]
    show = shop.ok("show", n)
    assert "Letters sent" in show and "Letter sent: followup" in show


def test_change_letters_go_to_a_folder_one_per_customer(shop, tmp_path):
    a = shop.log("Sam Lee", "Late delivery")
    b = shop.log("Rosa Kim", "Late again")
    shop.ok("change", "Routes planned the night before", "--complaint", str(a), "--complaint", str(b))
    shop.ok("letter", "--change", "C1", "--out", str(tmp_path / "letters"), "--record")
    files = sorted(p.name for p in (tmp_path / "letters").iterdir())
    assert files == ["new-procedure-1.txt", "new-procedure-2.txt"]
    assert (tmp_path / "letters" / "new-procedure-2.txt").read_text().startswith("Hello Rosa,")
    assert shop.query("SELECT complaint_id, change_id FROM letters ORDER BY id") == [(1, 1), (2, 1)]


def test_edit_opens_the_draft_in_the_editor(shop, monkeypatch, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/Hello Dana,/Dear Dana,/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    n = str(shop.log("Dana", "Late cake"))
    assert shop.ok("letter", n, "--edit", "--record").startswith("Dear Dana,")
    assert shop.query("SELECT body LIKE 'Dear Dana,%' FROM letters") == [(1,)]


def test_changes_are_listed_and_shown(shop):
    n = str(shop.log("Dana", "Late cake"))
    assert "No process changes yet" in shop.ok("changes")
    assert "Process change C1 recorded, linked to #1." in shop.ok("change", "Ovens checked at six", "--complaint", n)
    assert "Ovens checked at six" in shop.ok("changes")
    assert "Process changes" in shop.ok("show", n)
    assert shop.fails("change", "x", "--complaint", "42") == "fixit: error: no complaint #42"
    assert "Missing option '--complaint'" in shop.fails("change", "Something")


def test_built_in_templates_ship_inside_the_package():
    folder = builtin_templates_dir()
    names = {p.name for p in folder.glob("*.j2")}
    assert {
        "apology.txt.j2",
        "followup.txt.j2",
        "explanation.txt.j2",
        "promise-kept.txt.j2",
        "new-procedure.txt.j2",
        "letter.html.j2",
    } <= names
    package = Path(fixit.__file__).parent
    if "site-packages" in str(package):  # an installed wheel, as CI and shop owners have it
        assert folder == package / "templates"


def test_user_template_overrides_the_built_in(shop):
    shop.ok("templates", "copy", "apology")
    user_copy = shop.home / "templates" / "apology.txt.j2"
    user_copy.write_text("Subject: Sorry\n\nHi {{ customer.first_name }}, sorry about {{ complaint.summary }}.\n")
    n = str(shop.log("Dana", "Late cake"))
    assert shop.ok("letter", n) == "Hi Dana, sorry about Late cake.\n"
    assert "your copy" in shop.ok("templates", "list")
    assert "already have" in shop.fails("templates", "copy", "apology", code=1)
    shop.ok("templates", "copy", "apology", "--force")
    assert "Hi Dana" not in shop.ok("letter", n)


def test_broken_template_names_template_and_line(shop):
    folder = shop.home / "templates"
    folder.mkdir()
    n = str(shop.log("Dana", "Late cake"))
    (folder / "apology.txt.j2").write_text("Subject: x\n\nHello {{ customer.nickname }}\n")
    assert "template apology.txt.j2 line 3:" in shop.fails("letter", n, code=1)
    (folder / "apology.txt.j2").write_text("Subject: x\n\n{% if %}\n")
    assert "template apology.txt.j2 line 3:" in shop.fails("letter", n, code=1)


def test_user_templates_are_sandboxed(shop):
    folder = shop.home / "templates"
    folder.mkdir()
    n = str(shop.log("Dana", "Late cake"))
    (folder / "apology.txt.j2").write_text("Subject: x\n\n{{ customer.__class__.__mro__[1].__subclasses__() }}\n")
    error = shop.fails("letter", n, code=1)
    assert "template apology.txt.j2" in error and "unsafe" in error


def test_templates_show(cli):
    assert "{{ customer.hello }}," in cli.ok("templates", "show", "followup")
    assert "no template called" in cli.fails("templates", "show", "../../etc/passwd")
