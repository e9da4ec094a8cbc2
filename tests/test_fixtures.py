"""The committed schema-1 fixture is what its script makes: schema and records alike."""

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def contents(path: Path) -> tuple[list[str], dict[str, list[tuple]]]:
    """Every schema statement (spacing folded) and every row, but the times migrations were applied."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = sorted(
            " ".join(sql.split()).replace("( ", "(").replace(" )", ")")
            for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        rows["_sqlite_migrations"] = [r[:3] for r in rows["_sqlite_migrations"]]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    code = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
    masked = {
        t: [tuple(code.sub("CODE", v) if isinstance(v, str) else v for v in row) for row in found]
        for t, found in rows.items()
    }
    return [*schema, f"user_version {version}"], masked


def test_make_schema1_regenerates_the_committed_fixture(tmp_path):
    made = tmp_path / "schema1.db"
    subprocess.run([sys.executable, str(FIXTURES / "make_schema1.py"), str(made)], check=True, capture_output=True)
    assert contents(made) == contents(FIXTURES / "schema1.db")
