"""Time whole fixit processes against floors measured in the same run.

    python bench/run.py                     # 1,000 and 100,000 complaints, 15 runs each
    python bench/run.py --sizes 1000000 --runs 9 --markdown BENCHMARKS-1m.md

Each command runs as a fresh process (as at the counter), output piped (plain text), on a
synthetic shop from generate.py (made on first use, kept in bench/data/). Figures are
medians; each is also given as a ratio to floor F1 (`python -c "import typer"`) or, for
commands that render templates, F2 (`python -c "import typer, jinja2"`). Peak memory is
the child's max RSS from os.wait4.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
NOW = "2026-11-23T09:00:00"  # generate.py's "today"


@dataclass
class Timing:
    label: str
    median_ms: float
    peak_mib: float
    floor: str = ""


def fixit_command() -> list[str]:
    script = Path(sys.executable).with_name("fixit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "fixit"]


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time (ms) and peak RSS (MiB) of ``runs`` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        peaks.append(usage.ru_maxrss / 1024)
        if status != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {child.stderr.read().decode()}")
    return statistics.median(times), max(peaks)


def shop_file(size: int) -> Path:
    path = DATA / f"shop-{size}.db"
    if not path.exists():
        print(f"generating {size:,} complaints...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(path)], check=True)
    return path


def commands(size: int) -> list[tuple[str, list[str], str]]:
    """(label, fixit arguments, floor) for one shop size."""
    middle = str(size // 2)
    return [
        ("due", ["due"], "F1"),
        ("log", ["log", "Bench Customer", "The coffee was cold", "--phone", "555-9999999", "--apologized"], "F1"),
        ("show", ["show", middle], "F1"),
        ("list --open", ["list", "--open"], "F1"),
    ]


def run(sizes: list[int], runs: int) -> tuple[dict[str, float], dict[int, list[Timing]]]:
    env = {**os.environ, "FIXIT_NOW": NOW}
    env.pop("FIXIT_HOME", None)
    py = sys.executable
    floors = {
        "F0": measure([py, "-c", "pass"], env, runs)[0],
        "F1": measure([py, "-c", "import typer"], env, runs)[0],
        "F2": measure([py, "-c", "import typer, jinja2"], env, runs)[0],
    }
    results: dict[int, list[Timing]] = {}
    for size in sizes:
        work = DATA / f"bench-{size}.db"
        shutil.copyfile(shop_file(size), work)  # `log` writes: keep the generated shop pristine
        env_size = {**env, "FIXIT_DB": str(work)}
        results[size] = []
        for label, args, floor in commands(size):
            median, peak = measure(fixit_command() + args, env_size, runs)
            results[size].append(Timing(label, median, peak, floor))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
    return floors, results


def report(floors: dict[str, float], results: dict[int, list[Timing]], runs: int) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; medians of {runs} runs.",
        "",
        "| floor | command | median |",
        "|---|---|---|",
        f"| F0 | `python -c pass` | {floors['F0']:.0f} ms |",
        f"| F1 | `python -c \"import typer\"` | {floors['F1']:.0f} ms |",
        f"| F2 | `python -c \"import typer, jinja2\"` | {floors['F2']:.0f} ms |",
        "",
        "| complaints | command | median | ratio to floor | peak memory |",
        "|---|---|---|---|---|",
    ]
    for size, timings in results.items():
        for t in timings:
            lines.append(f"| {size:,} | `fixit {t.label}` | {t.median_ms:.0f} ms | "
                         f"{t.median_ms / floors[t.floor]:.2f}x {t.floor} | {t.peak_mib:.0f} MiB |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Time whole fixit processes against floors.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    floors, results = run(args.sizes, args.runs)
    text = report(floors, results, args.runs)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)


if __name__ == "__main__":
    main()
