"""Alembic environment: runs on the connection handed over by advocate_tui.storage.migrations."""

from alembic import context
from sqlmodel import SQLModel

import advocate_tui.storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from advocate_tui.storage.audit_state import AT_A_STEP

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
connection.info[AT_A_STEP] = True  # the trail reads rows as each step has them (see audit_state)
try:
    with context.begin_transaction():
        context.run_migrations()
finally:
    connection.info.pop(AT_A_STEP, None)
