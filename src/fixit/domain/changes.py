"""Process changes: when a cause is systemic, the way of working changes, and the
customers whose complaints showed the weakness are told about it."""

from __future__ import annotations

from fixit import clock
from fixit.errors import InputError
from fixit.ids import label
from fixit.model import Change
from fixit.storage import Store
from fixit.text import clean_text


def record(store: Store, description: str, complaint_ids: list[int]) -> Change:
    """Record a change linked to the complaints it answers, noted on each complaint's timeline."""
    description = clean_text(description, "the change", 1000)
    if not complaint_ids:
        raise InputError("a process change answers at least one complaint")
    unique = sorted(set(complaint_ids))
    with store.transaction():
        for complaint_id in unique:
            store.get_complaint(complaint_id)
        change_id = store.add_change(description, clock.now(), unique)
        for complaint_id in unique:
            store.add_event(complaint_id, "change", f"Process change {label('change', change_id)}: {description}")
    return store.get_change(change_id)


def retext(store: Store, change_id: int, description: str) -> Change:
    """Correct what a change says (letters say it to customers); kept in each linked complaint's history."""
    description = clean_text(description, "the change", 1000)
    with store.transaction():
        change = store.get_change(change_id)
        store.set_change_description(change_id, description)
        for complaint_id in change.complaint_ids:
            store.add_event(
                complaint_id,
                "edited",
                f"Process change {label('change', change_id)} now says: {description} (was: {change.description})",
            )
    return store.get_change(change_id)


def all_changes(store: Store) -> list[Change]:
    """Every change, with how many complaints like its own came before it and since."""
    from fixit.domain.tags import with_effect

    return [with_effect(store, change) for change in store.all_changes()]
