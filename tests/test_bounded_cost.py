"""Cost follows what is shown, not what is stored: whole fixit processes on a large shop, their
peak memory (the child's max RSS) measured as a shop owner would meet them. Their time is measured in
bench/ against a floor in the same run (BENCHMARKS.md): a test on a busy machine asserts no time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"
sys.path.insert(0, str(BENCH))


# Measured from a small wrapper process: a child forked straight from this (large) test process would
# count the parent's pages it shared before exec in its peak memory.
WRAPPER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], "w") if sys.argv[1] != "-" else subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def run(db: Path | str, *args: str, stdout: Path | None = None) -> float:
    """Peak MiB of one fresh fixit process, as a shop owner would start it."""
    env = {**os.environ, "FIXIT_DB": str(db), "FIXIT_NOW": "2026-11-23T09:00:00"}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(stdout) if stdout else "-", sys.executable, "-m", "fixit", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    peak, code = done.stdout.split()
    assert code == "0", done.stderr
    return float(peak)


@pytest.fixture(scope="module")
def open_shop(tmp_path_factory) -> Path:
    """A shop with 100,000 open complaints, each with an open promise (bench/generate.py --peer)."""
    from generate import generate

    db = tmp_path_factory.mktemp("big") / "open.db"
    generate(db, 100_000, peer=True)
    return db


def test_due_json_streams_every_item_in_bounded_memory(open_shop, tmp_path):
    out = tmp_path / "due.json"
    peak = run(open_shop, "due", "--json", stdout=out)
    data = json.loads(out.read_text())
    assert len(data["items"]) > 50_000 and data["open_complaints"] == 100_000
    assert peak < 80, peak


def test_export_streams(open_shop, tmp_path):
    out = tmp_path / "all.json"
    peak = run(open_shop, "export", "--format", "json", "--out", str(out))
    data = json.loads(out.read_text())
    assert len(data["complaints"]) == 100_000 and len(data["promises"]) == 100_000
    assert peak < 80, peak


def test_import_of_100000_rows_in_bounded_memory(tmp_path):
    rows = tmp_path / "rows.csv"
    with rows.open("w") as handle:
        handle.write("name,summary,phone,promise,promise_by\n")
        for i in range(100_000):
            handle.write(f"Customer {i % 40_000},The order was wrong ({i}),555-{i % 40_000:07d},Call back,+3d\n")
    db = tmp_path / "imported.db"
    peak = run(db, "import", str(rows))
    conn_count = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; print(sqlite3.connect('{db}').execute('select count(*) from complaints').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert conn_count == "100000"
    assert peak < 80, peak


def test_listing_every_complaint_streams(open_shop, tmp_path):
    text = tmp_path / "all.txt"
    peak = run(open_shop, "list", "--limit", "0", stdout=text)
    lines = text.read_text().splitlines()
    assert len(lines) == 100_001 and lines[0].split()[:3] == ["#", "Logged", "Customer"]
    assert peak < 80, peak
    as_json = tmp_path / "all.json"
    peak = run(open_shop, "list", "--limit", "0", "--json", stdout=as_json)
    assert len(json.loads(as_json.read_text())) == 100_000
    assert peak < 80, peak


def test_the_customer_list_streams(open_shop, tmp_path):
    for args in (["customers", "--limit", "0"], ["customers", "--limit", "0", "--json"]):
        peak = run(open_shop, *args, stdout=tmp_path / "out")
        assert peak < 80, (args, peak)
    rows = json.loads((tmp_path / "out").read_text())
    assert len(rows) == 80_000 and set(rows[0]) == {"customer", "complaints", "open", "last_contact", "repeat"}


@pytest.fixture(scope="module")
def open_server(open_shop, pg_server) -> str:
    """The same 100,000 open complaints on a PostgreSQL database, put there by `fixit migrate --to`."""
    url = pg_server.url(pg_server.fresh())
    run(open_shop, "migrate", "--to", url)
    return url


def test_a_server_streams_long_outputs_in_bounded_memory(open_server, tmp_path):
    """A client-side cursor holds the whole result in the process (an export took 91 MiB); rows come
    from the server in batches instead."""
    out = tmp_path / "out"
    for args, count in (
        (["due", "--json"], lambda data: len(data["items"])),
        (["export", "--format", "json"], lambda data: len(data["complaints"])),
        (["list", "--limit", "0", "--json"], len),
        (["customers", "--limit", "0", "--json"], len),
    ):
        peak = run(open_server, *args, stdout=out)
        assert count(json.loads(out.read_text())) >= 50_000, args
        assert peak < 80, (args, peak)
