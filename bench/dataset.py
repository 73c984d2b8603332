"""The data sets: N fictional cases made by ``advocate demo`` plus one big case, built once and reused.

The big case has :data:`BIG_INCIDENTS` incidents and :data:`BIG_NOTES` notes, for timing a case
open. A small set with the same open caseload (300 open cases) shows whether the time to an
interactive caseload depends on the closed cases. Databases are only ever emptied when they are
benchmark files or PostgreSQL databases whose name contains "bench".
"""

import os
import random
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from common import advocate
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from advocate_tui.db import open_database
from advocate_tui.rules import clock
from advocate_tui.rules.vocab import Behaviour, NoteKind
from advocate_tui.services.casework import Casework
from advocate_tui.storage.backup import backups_dir, copy_database
from advocate_tui.storage.models import Case, Client, Incident, IncidentBehaviour, Note

BIG_CLIENT = "Bigcase Example"
BIG_INCIDENTS = 2_000
BIG_NOTES = 1_000
#: The small set: the demo keeps 300 cases open, so 375 cases make the same caseload with few closed.
SMALL_CASES = 375
BENCH_PASSPHRASE = "fictional bench passphrase 7"


@dataclass(frozen=True)
class DataSet:
    url: str
    cases: int
    big_reference: str
    open_reference: str  # an open case for quick entry
    built_in: float | None  # seconds `advocate demo` took, when it ran in this run


def casework(url: str) -> Casework:
    return Casework(open_database(url), user="Bench Advocate", areas=("North", "South"))


def sibling(url: str, suffix: str) -> str:
    """Another database beside ``url``: a file next to it, or a database on the same server."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        return f"sqlite:///{path.with_name(f'{path.stem}-{suffix}{path.suffix}')}"
    return parsed.set(database=f"{parsed.database}_{suffix}").render_as_string(hide_password=False)


def prepare(url: str, cases: int, *, rebuild: bool, big: bool = True) -> DataSet:
    """The data set at ``url``, reused when it already holds ``cases`` demo cases (and the big case)."""
    _create_server_database(url)
    work = casework(url)
    try:
        expected = cases + (1 if big else 0)
        reuse = not rebuild and work.cases.count_cases() == expected and (not big or _big_reference(work))
    finally:
        work.db.dispose()
    built_in = None
    if not reuse:
        _empty(url)
        start = time.perf_counter()
        advocate("--db", url, "demo", "--cases", str(cases))
        built_in = time.perf_counter() - start
        if big:
            _add_big_case(url)
        _analyse(url)
    work = casework(url)
    try:
        big_reference = _big_reference(work) or ""
        open_reference = next(row.reference for row in work.cases.list_cases() if row.reference != big_reference)
    finally:
        work.db.dispose()
    return DataSet(url, cases, big_reference, open_reference, built_in)


def _big_reference(work: Casework) -> str | None:
    with work.db.reader() as session:
        return session.scalar(
            select(Case.reference).join(Client, Client.case_id == Case.id).where(Client.name == BIG_CLIENT)
        )


def _create_server_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        ).scalar():
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _empty(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(backups_dir(path), ignore_errors=True)
        return
    if "bench" not in (parsed.database or ""):
        raise SystemExit(
            f"Refusing to empty {parsed.database}: give the benchmark a database whose name contains 'bench'."
        )
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _analyse(url: str) -> None:
    """PostgreSQL's statistics, as autovacuum would have them on a server in use (SQLite keeps none
    unless told to, and the program never tells it to)."""
    if make_url(url).get_backend_name() == "sqlite":
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def _add_big_case(url: str) -> None:
    """A case that has run for years: 2,000 incidents (1-3 behaviours each) and 1,000 notes."""
    work = casework(url)
    rng = random.Random(11)
    case = work.cases.create_case(
        BIG_CLIENT, relationship="ex-partner", referral_date=clock.today() - timedelta(days=900)
    )
    now = clock.utcnow()
    stamp = {"created_at": now, "updated_at": now}
    incidents = [
        {
            "case_id": case.id,
            "occurred_at": now - timedelta(hours=rng.randint(24, 24 * 900)),
            "recorded_at": now,
            "recorded_by": work.user,
            "description": f"Fictional incident {n}.",
            "location": "outside home",
            "version": 1,
            **stamp,
        }
        for n in range(BIG_INCIDENTS)
    ]
    notes = [
        {
            "case_id": case.id,
            "kind": rng.choice(list(NoteKind)).value,
            "text": f"Fictional note {n}.",
            "author": work.user,
            "noted_at": now - timedelta(hours=rng.randint(1, 24 * 900)),
            **stamp,
        }
        for n in range(BIG_NOTES)
    ]
    with work.db.session() as session:
        connection = session.connection()
        connection.execute(insert(Incident.__table__), incidents)
        connection.execute(insert(Note.__table__), notes)
        ids = connection.execute(
            select(Incident.__table__.c.id).where(Incident.__table__.c.case_id == case.id)
        ).scalars()
        connection.execute(
            insert(IncidentBehaviour.__table__),
            [
                {"incident_id": incident_id, "kind": kind.value, **stamp}
                for incident_id in ids
                for kind in rng.sample(list(Behaviour), rng.randint(1, 3))
            ],
        )
    work.db.dispose()


def encrypted_copy(data: DataSet, *, rebuild: bool) -> str:
    """An encrypted copy of a SQLite data set whose key is remembered in the (benchmark's) keyring."""
    source = Path(make_url(data.url).database)
    path = source.with_name(f"{source.stem}-encrypted{source.suffix}")
    url = f"sqlite:///{path}"
    if rebuild or data.built_in is not None or not path.exists():
        _empty(url)
        copy_database(source, path, None)
        env = {**os.environ, "ADVOCATE_PASSPHRASE": BENCH_PASSPHRASE}
        advocate("--db", str(path), "db", "encrypt", env=env)
        for plain in path.parent.glob(f"{path.name}.pre-encrypt-*.bak"):
            plain.unlink()
        advocate("--db", str(path), "unlock", "--remember", env=env)
    return url
