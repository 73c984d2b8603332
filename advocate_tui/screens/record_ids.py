"""The id of a record read from the database: a model's id is optional only until it is saved."""

from typing import Protocol


class Stored(Protocol):
    """A record with the id the database gave it."""

    @property
    def id(self) -> int | None: ...


def record_id(record: Stored) -> int:
    """``record``'s id (every record a screen shows was read from the database, so it has one)."""
    if record.id is None:
        raise ValueError(f"This {type(record).__name__} was never saved, so it has no id.")
    return record.id
