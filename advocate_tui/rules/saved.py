"""The id of a saved record: a model's id is optional only until the database gives it one."""

from typing import Protocol


class Keyed(Protocol):
    """A record that has, once saved, the id the database gave it."""

    @property
    def id(self) -> int | None: ...


def saved_id(record: Keyed) -> int:
    """The id of a record loaded from, or flushed to, the database (where it always has one)."""
    if record.id is None:
        raise ValueError(f"The {type(record).__name__} has no id: it has not been saved yet.")
    return record.id
