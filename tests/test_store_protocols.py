"""The Store protocol is the small protocols, one per kind of record, together: each method belongs
to one of them, and both stores have every one."""

import inspect

from fixit.storage import protocol
from fixit.storage.postgres.store import PostgresStore
from fixit.storage.sqlite.store import SqliteStore

PARTS = (
    protocol.Customers,
    protocol.Complaints,
    protocol.PromisesAndAmends,
    protocol.ChangesAndLetters,
    protocol.History,
    protocol.Screens,
    protocol.Admin,
)


def _members(part: type) -> set[str]:
    own = {name for name, _ in inspect.getmembers(part, inspect.isfunction) if name in vars(part) and name[0] != "_"}
    return own | set(vars(part).get("__annotations__", {}))


def test_each_method_of_the_store_belongs_to_one_small_protocol():
    assert protocol.Store.__bases__[:-1] == PARTS
    assert not {name for name in vars(protocol.Store) if not name.startswith("_")}  # nothing of its own
    seen: dict[str, str] = {}
    for part in PARTS:
        for name in _members(part):
            assert name not in seen, f"{name} is in {seen[name]} and {part.__name__}"
            seen[name] = part.__name__
        assert len(_members(part)) <= 25, f"{part.__name__} is no longer small"


def test_both_stores_have_every_method():
    for store in (SqliteStore, PostgresStore):
        for part in PARTS:
            methods = _members(part) - set(vars(part).get("__annotations__", {}))
            assert methods and all(callable(getattr(store, name, None)) for name in methods), (store, part)
