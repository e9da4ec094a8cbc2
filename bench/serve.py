"""Time each page of `fixit serve` on the synthetic shop (server time: the app in this process,
through Starlette's TestClient, no network), median of --runs requests each.

    python bench/serve.py                 # 100,000 complaints (made by generate.py on first use)
    python bench/serve.py --size 1000

Targets (issue 24): each page at most 50 ms at 100,000 complaints, the agenda at most 100 ms.
The shop is copied first: logging writes to the copy, never to bench/data.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import NOW, shop_file  # (bench/ is not a package)

PASSWORD = "bench password 1234"


def main() -> None:
    parser = argparse.ArgumentParser(description="Time each page of fixit serve.")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fixit-serve-bench-"))
    os.environ.update(FIXIT_HOME=str(folder), FIXIT_NOW=NOW, TZ="UTC")
    time.tzset()
    db = folder / "shop.db"
    shutil.copy(shop_file(args.size), db)

    from starlette.testclient import TestClient

    from fixit.domain import access
    from fixit.storage import open_store
    from fixit.web.app import create_app

    store = open_store(db)
    access.set_owner_password(store, PASSWORD)
    from fixit.domain import reading

    complaint = next(iter(reading.complaints(store, open_only=True, limit=1))).id
    store.close()
    with TestClient(create_app(db), follow_redirects=False) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"csrf": token, "who": "owner", "password": PASSWORD})
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/log").text).group(1)  # a new session's
        pages = [
            ("agenda", lambda: client.get("/agenda")),
            ("log form", lambda: client.get("/log")),
            ("live match", lambda: client.get("/log/match?name=Dana+Reyes&phone=555-0142")),
            (
                "log (POST)",
                lambda: client.post(
                    "/log", data={"csrf": token, "name": "Bench Walker", "summary": "Cold coffee", "channel": "counter"}
                ),
            ),
            ("complaint", lambda: client.get(f"/complaints/{complaint}")),
            ("search", lambda: client.get("/search?q=cake")),
            ("letter preview", lambda: client.get(f"/complaints/{complaint}/letter")),
        ]
        print(f"fixit serve, {args.size:,} complaints, median of {args.runs} requests (ms)")
        for name, request in pages:
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = request()
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code in (200, 409), (name, response.status_code)
            print(f"  {name:<15} {statistics.median(timings):7.1f}   (max {max(timings):.1f})")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
