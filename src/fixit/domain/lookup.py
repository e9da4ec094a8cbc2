"""Fetching a record the user named by number, or saying plainly that it does not exist."""

from __future__ import annotations

from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import Complaint, Promise
from fixit.storage import Store


def require_complaint(store: Store, complaint_id: int) -> Complaint:
    complaint = store.complaint(complaint_id)
    if complaint is None:
        raise NotFound(f"no complaint {label('complaint', complaint_id)}")
    return complaint


def require_promise(store: Store, promise_id: int) -> Promise:
    promise = store.promise(promise_id)
    if promise is None:
        raise NotFound(f"no promise {label('promise', promise_id)}")
    return promise
