"""What a letter template can use, built from a complaint's records. Documented in the README.

Values arrive ready to print: money formatted in the shop's currency, dates written out
("Tuesday 1 December"), amends described in a phrase. Missing values are None or empty
lists, never absent, so a template can test them with ``{% if %}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fixit.dates import written
from fixit.domain.amends import describe_to_customer
from fixit.domain.promises import kept_late
from fixit.domain.settings import Settings
from fixit.ids import label
from fixit.model import Amend, Change, ComplaintDetail, Promise
from fixit.money import format_money
from fixit.text import shorten

SUBJECT_WIDTH = 50


def build(detail: ComplaintDetail, settings: Settings, today: date, *, promise: Promise | None = None,
          change: Change | None = None, explanation: str | None = None) -> dict[str, Any]:
    c, currency = detail.complaint, settings.currency
    open_promises = [p for p in detail.promises if p.kept_at is None]
    return {
        "business": {
            "name": settings["business_name"] or None, "owner": settings["owner_name"] or None,
            "signer": settings.signer or None, "phone": settings["business_phone"] or None,
            "email": settings["business_email"] or None, "address": settings["address"] or None,
        },
        "customer": {"name": detail.customer.name, "first_name": detail.customer.first_name},
        "complaint": {
            "number": label("complaint", c.id), "summary": c.summary,
            "summary_short": shorten(c.summary, SUBJECT_WIDTH),
            "date": written(c.logged_at.date()), "channel": str(c.channel),
            "verdict": str(c.verdict) if c.verdict else None, "cause": str(c.cause) if c.cause else None,
            "fix": c.fix, "explanation": explanation or c.explanation,
        },
        "promises": {
            "open": [_promise(p, detail.amends, currency) for p in open_promises],
            "kept": [_promise(p, detail.amends, currency) for p in detail.promises if p.kept_at is not None],
        },
        "amends": [_amend(a, detail.promises, currency) for a in detail.amends],
        "changes": [_change(ch) for ch in detail.changes],
        "staff": c.staff,
        "promise": _promise(promise, detail.amends, currency) if promise else None,
        "change": _change(change) if change else None,
        "today": written(today),
    }


def _promise(p: Promise, amends: list[Amend], currency: str) -> dict[str, Any]:
    amend = next((a for a in amends if a.id == p.amend_id), None)
    return {
        "number": label("promise", p.id), "what": p.what, "due": written(p.due),
        "kept_on": written(p.kept_at.date()) if p.kept_at else None,
        "late": kept_late(p),
        "amend": describe_to_customer(amend, currency) if amend else None,
    }


def _amend(a: Amend, promises: list[Promise], currency: str) -> dict[str, Any]:
    delivery = next((p for p in promises if p.amend_id == a.id and p.kept_at is None), None)
    return {
        "kind": str(a.kind), "value": format_money(a.value_cents, currency) if a.value_cents else None,
        "code": a.code, "expires": written(a.expires) if a.expires else None, "note": a.note,
        "description": describe_to_customer(a, currency),
        "pending_by": written(delivery.due) if delivery else None,
    }


def _change(ch: Change) -> dict[str, Any]:
    return {"number": label("change", ch.id), "description": ch.description, "date": written(ch.made_at.date())}
