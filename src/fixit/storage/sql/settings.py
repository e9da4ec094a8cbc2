"""The shop's settings: their table and methods (the settings part of the ``Admin`` protocol)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixit.storage.sql.recording import Recording

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """The shop's settings, declared once (``declared``)."""
    from fixit.storage.sql.declared import table

    return (table("settings", "key TEXT PRIMARY KEY", "value TEXT NOT NULL"),)


class SettingRecords(Recording):
    def settings(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.conn.execute("SELECT key, value FROM settings")}

    def unset_setting(self, key: str) -> None:
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
