"""Which SQLite library versions can be trusted with a database that several processes write in WAL mode.

SQLite 3.7.0 (which brought WAL) to 3.51.2 can corrupt a WAL database when one process resets the log while
another is writing to it; 3.51.3 fixed it. The program and its commands are such processes.
"""

WAL_INTRODUCED = (3, 7, 0)
WAL_RESET_FIXED = (3, 51, 3)


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


def wal_reset_bug(version: str) -> bool:
    """Whether SQLite ``version`` (e.g. ``"3.40.1"``) has the WAL-reset corruption bug."""
    return WAL_INTRODUCED <= version_tuple(version) < WAL_RESET_FIXED


def library_note(version: str) -> str:
    """One sentence on ``version``'s fitness for a database several processes write."""
    if wal_reset_bug(version):
        return "it has the WAL-reset bug fixed in 3.51.3, so databases are kept in rollback-journal mode."
    return "not affected by the WAL-reset bug fixed in 3.51.3."
