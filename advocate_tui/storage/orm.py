"""Typed access to what SQLModel maps but does not declare to a type checker.

SQLModel types a model's attributes as the Python values they hold on a record (``Case.id`` is an
``int | None``), which is right on a record and wrong on the class. For column expressions use
:func:`sqlmodel.col`; for the rest, these small accessors check at run time what they promise:

- :func:`rel`: a relationship attribute as SQLAlchemy's loader options take it;
- :func:`table_of`: the Core table a model is mapped to (``Model.__table__``).
"""

from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.orm import QueryableAttribute
from sqlmodel import SQLModel


def rel(attribute: object) -> QueryableAttribute[Any]:
    """A relationship on the model class (``rel(Case.notes)``), for ``selectinload`` and the other loader options."""
    if not isinstance(attribute, QueryableAttribute):
        raise TypeError(f"Not a mapped attribute: {attribute!r}")
    return attribute


def table_of(model: type[SQLModel]) -> Table:
    """The table ``model`` is mapped to, i.e. its ``__table__``."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table
