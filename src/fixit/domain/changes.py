"""Process changes: when a cause is systemic, the way of working changes, and the
customers whose complaints showed the weakness are told about it."""

from __future__ import annotations

from fixit import clock
from fixit.domain.lookup import require_complaint
from fixit.errors import InputError, NotFound
from fixit.ids import label
from fixit.model import Change
from fixit.storage import Store
from fixit.text import clean_text


def record(store: Store, description: str, complaint_ids: list[int]) -> Change:
    """Record a change linked to the complaints it answers, noted on each complaint's timeline."""
    description = clean_text(description, "the change", 1000)
    if not complaint_ids:
        raise InputError("link the change to at least one complaint with --complaint N")
    unique = sorted(set(complaint_ids))
    with store.transaction():
        for complaint_id in unique:
            require_complaint(store, complaint_id)
        change_id = store.add_change(description, clock.now(), unique)
        for complaint_id in unique:
            store.add_event(complaint_id, "change", f"Process change {label('change', change_id)}: {description}")
    return store.change(change_id)


def require(store: Store, change_id: int) -> Change:
    change = store.change(change_id)
    if change is None:
        raise NotFound(f"no process change {label('change', change_id)}")
    return change


def all_changes(store: Store) -> list[Change]:
    """Every change, with how many complaints like its own came before it and since."""
    from fixit.domain.tags import with_effect

    return [with_effect(store, change) for change in store.changes()]
