"""Make a realistic synthetic shop for benchmarks: python bench/generate.py 100000 bench/data/shop-100k.db

Three years of complaints (at 100,000 that is about 90 a day) from customers of whom
about one in five comes back with another; complaints settle within days, so only
some of the last ten days' are open; promises kept on
time, late or still open; amends with coupons, fixes, follow-ups, events and letters.
The schema comes from fixit itself (open_store runs the real migrations); rows are
written in bulk with plain SQL for speed. Seeded, so the same size gives the same shop.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fixit.storage import open_store

CHANNELS = ["counter"] * 5 + ["phone"] * 3 + ["email"] * 2 + ["social", "review", "noticed"]
WHAT = [
    "Charged twice for the {}",
    "The {} was cold",
    "Waited 40 minutes for the {}",
    "Wrong {} in the bag",
    "The {} arrived damaged",
    "Nobody called back about the {}",
    "The {} was not ready on time",
    "Overcharged for the {}",
    "The {} broke after two days",
    "Rude answer when asking about the {}",
]
ITEMS = [
    "cake",
    "coffee",
    "order",
    "delivery",
    "repair",
    "invoice",
    "sandwich",
    "gift box",
    "bike service",
    "cut",
    "birthday cake",
    "latte",
    "wedding flowers",
    "phone screen",
    "laptop battery",
    "dry cleaning",
    "suit",
    "curtains",
    "tyres",
    "brake pads",
    "sourdough",
    "croissants",
    "bouquet",
    "frame",
    "print job",
    "keys",
]
OPEN_WORKLOAD = 60
ORDER_BASE = 7_000_000
FIRST = ["Dana", "Lee", "Ana", "Sam", "Rosa", "Ben", "Kristina", "Omar", "Zoë", "Mei", "Ivan", "Fatima", "Noah", "Lia"]
LAST = ["Reyes", "Park", "Novak", "Okafor", "Silva", "Kim", "Müller", "Haddad", "Lindqvist", "Rossi", "Chen", "Ali"]
PROMISES = [
    "Call back with the refund reference for the {}",
    "Replace the {}",
    "Redo the {} for free",
    "Send the corrected invoice for the {}",
    "Check the {} again on Friday",
]
AMENDS = ["refund", "partial-refund", "replacement", "redo", "coupon", "discount", "gift", "meal"]
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def generate(path: Path, complaints: int, seed: int = 7, peer: bool = False) -> None:
    rng = random.Random(seed)
    store = open_store(path)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    now = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    start = now - timedelta(days=3 * 365)
    customers = _customers(conn, rng, max(1, int(complaints * 0.8)), start)
    rows = _complaints(rng, complaints, customers, start, now, peer)
    conn.executemany(
        "INSERT INTO complaints (id, customer_id, summary, channel, severity, emergency, status, logged_at, "
        "apologized_at, verdict, cause, fix, fixed_at, followup_due, followup_done_at, closed_at, outcome, notes) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    _children(conn, rng, rows, now, peer)
    from fixit.storage.sqlite.migrations import LAST_CONTACT

    conn.execute(LAST_CONTACT)  # the rows above went in directly: each customer's latest contact, as fixit keeps it
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _customers(conn, rng, count, start) -> list[int]:
    rows = []
    for i in range(1, count + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        phone = f"555-{i:07d}"
        rows.append((i, name, name.casefold(), phone, phone.replace("-", ""), stamp(start)))
    conn.executemany(
        "INSERT INTO customers (id, name, name_key, phone, phone_key, created_at) VALUES (?,?,?,?,?,?)", rows
    )
    return [r[0] for r in rows]


def _complaints(rng, count, customers, start, now, peer):
    span = (now - start).total_seconds() - 3600
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))
    seen: set[int] = set()
    rows = []
    for cid, logged in enumerate(moments, start=1):
        customer = rng.choice(customers[: max(1, len(customers) // 4)]) if rng.random() < 0.2 else rng.choice(customers)
        recent = cid > count - OPEN_WORKLOAD
        status = "open" if peer else rng.choice(["open", "open", "fixed", "closed"]) if recent else "closed"
        apologized = None if recent and rng.random() < 0.2 else stamp(logged + timedelta(minutes=rng.randint(0, 600)))
        justified = rng.random() < 0.8
        fixed = status != "open"
        fixed_at = logged + timedelta(days=rng.randint(0, 5))
        rows.append(
            (
                cid,
                customer,
                rng.choice(WHAT).format(rng.choice(ITEMS)),
                rng.choice(CHANNELS),
                rng.choice(["low", "normal", "normal", "high"]),
                int(customer in seen),
                status,
                stamp(logged),
                apologized,
                "justified" if justified else "unjustified",
                rng.choice(["mistake", "mistake", "systemic"]) if justified else None,
                "Put it right and checked the process" if fixed else None,
                stamp(fixed_at) if fixed else None,
                (fixed_at + timedelta(days=3)).date().isoformat() if fixed else None,
                stamp(fixed_at + timedelta(days=3)) if status == "closed" else None,
                stamp(fixed_at + timedelta(days=4)) if status == "closed" else None,
                rng.choice(["won-back", "won-back", "lost", "unknown"]) if status == "closed" else None,
                f"Order {ORDER_BASE + cid}" if cid % 2 else None,  # owners search for these
            )
        )
        seen.add(customer)
    return rows


def _children(conn, rng, complaints, now, peer) -> None:
    promises, amends, events, letters = [], [], [], []
    for row in complaints:
        cid, logged, status = row[0], datetime.fromisoformat(row[7]), row[6]
        events.append((cid, row[7], "logged", f"Logged ({row[3]}): {row[2]}"))
        if peer:
            due = (now + timedelta(days=rng.randint(-30, 335))).date()
            promises.append((cid, f"Call back about the {rng.choice(ITEMS)}", due.isoformat(), row[7], None))
            continue
        for _ in range(rng.choice([0, 1, 1, 2])):
            due = (logged + timedelta(days=rng.randint(1, 7))).date()
            done = status == "closed" or rng.random() < 0.7
            late_by = timedelta(days=rng.choice([0, 0, 0, 1, 3]))
            kept = stamp(datetime.combine(due, logged.timetz()) + late_by) if done else None
            promises.append((cid, rng.choice(PROMISES).format(rng.choice(ITEMS)), due.isoformat(), stamp(logged), kept))
            events.append((cid, stamp(logged), "promised", "Promised: call back"))
        if rng.random() < 0.5:
            kind = rng.choice(AMENDS)
            code = "".join(rng.choice(CODE_ALPHABET) for _ in range(8)) if kind == "coupon" else None
            code = f"{code[:4]}-{code[4:]}" if code else None
            expires = (logged + timedelta(days=90)).date().isoformat() if code else None
            amends.append(
                (
                    cid,
                    kind,
                    rng.choice([500, 1000, 1250, 2000]),
                    code,
                    expires,
                    stamp(logged),
                    stamp(logged),
                    stamp(logged + timedelta(days=20)) if code and rng.random() < 0.4 else None,
                )
            )
        if status == "closed":
            letters.append((cid, "followup", row[15], "Hello, following up on what went wrong..."))
    conn.executemany("INSERT INTO promises (complaint_id, what, due, made_at, kept_at) VALUES (?,?,?,?,?)", promises)
    conn.executemany(
        "INSERT OR IGNORE INTO amends (complaint_id, kind, value_cents, code, expires, created_at, "
        "given_at, redeemed_at) VALUES (?,?,?,?,?,?,?,?)",
        amends,
    )
    conn.executemany("INSERT INTO events (complaint_id, at, kind, detail) VALUES (?,?,?,?)", events)
    conn.executemany("INSERT INTO letters (complaint_id, kind, sent_at, body) VALUES (?,?,?,?)", letters)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("complaints", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--peer", action="store_true", help="every complaint open with one open promise")
    args = parser.parse_args(argv)
    if args.path.exists():
        sys.exit(f"{args.path} exists; remove it first")
    args.path.parent.mkdir(parents=True, exist_ok=True)
    generate(args.path, args.complaints, peer=args.peer)
    print(f"wrote {args.complaints:,} complaints to {args.path}")


if __name__ == "__main__":
    main(sys.argv[1:])
