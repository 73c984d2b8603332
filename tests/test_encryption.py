"""Encryption at rest: new SQLite databases are SQLCipher files, opened only with their passphrase."""

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import keyring
import pytest
from keyring_backend import FileKeyring, MemoryKeyring
from protection import (  # noqa: F401 -- encrypting is a fixture
    OTHER_PASSPHRASE,
    PASSPHRASE,
    dump,
    encrypting,
    file_bytes,
    files_in,
    key_for,
    new_case,
    run,
)

from advocate_tui.db import open_database
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.storage.crypto import FileState, connect, file_state
from advocate_tui.storage.passphrase import KEYRING_SERVICE

NAME = "Jo Example"


def test_a_new_database_is_encrypted_and_unreadable_without_the_passphrase(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    assert run(path, "note", reference, "Called; safe at her sister's").exit_code == 0
    assert file_state(path) is FileState.ENCRYPTED
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert NAME.encode() not in file_bytes(path) and b"sister" not in file_bytes(path)
    with closing(connect(path, key_for(path))) as connection:  # …and SQLCipher reads it with the passphrase
        assert connection.execute("SELECT name FROM client").fetchone() == (NAME,)


def test_the_sqlcipher_shell_opens_it_with_the_passphrase_itself(tmp_path: Path, encrypting: str) -> None:
    from advocate_tui.storage.crypto import sqlcipher

    path = tmp_path / "cases.db"
    new_case(path)
    connection = sqlcipher().connect(str(path))
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")  # how any SQLCipher tool would open it
    assert connection.execute("SELECT name FROM client").fetchone() == (NAME,)
    connection.close()


def test_the_passphrase_is_chosen_twice_and_must_be_strong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
    path = tmp_path / "cases.db"
    weak = run(path, "case", "new", NAME, input="short\n")
    assert weak.exit_code == 1
    assert weak.stderr.endswith(
        "Error: The passphrase is too short (5 characters): use at least 12, e.g. four unrelated "
        "words. Nothing was changed.\n"
    )
    differ = run(path, "case", "new", NAME, input=f"{PASSPHRASE}\n{OTHER_PASSPHRASE}\n")
    assert differ.stderr.endswith("Error: The two passphrases are not the same: nothing was changed.\n")
    assert not path.exists()
    chosen = run(path, "case", "new", NAME, input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert chosen.exit_code == 0, chosen.stderr
    assert "Choose a passphrase" in chosen.stderr and "Type the passphrase again" in chosen.stderr
    assert PASSPHRASE not in chosen.stdout + chosen.stderr
    asked = run(path, "case", "list", input=f"{PASSPHRASE}\n")
    assert asked.exit_code == 0 and NAME in asked.stdout


@pytest.mark.parametrize("how", ["environment", "prompt"])
def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(
    tmp_path: Path, encrypting: str, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    before = files_in(tmp_path)
    if how == "environment":
        monkeypatch.setenv("ADVOCATE_PASSPHRASE", OTHER_PASSPHRASE)
        result = run(path, "note", reference, "Called")
        sentence = f"The passphrase in ADVOCATE_PASSPHRASE does not open {path}: nothing was changed."
    else:
        monkeypatch.delenv("ADVOCATE_PASSPHRASE")
        result = run(path, "note", reference, "Called", input=f"{OTHER_PASSPHRASE}\n")
        sentence = f"The passphrase for {path} is wrong (or the file is damaged): nothing was changed."
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: {sentence}\n")
    assert "Traceback" not in result.output and OTHER_PASSPHRASE not in result.output
    assert files_in(tmp_path) == before


def test_the_passphrase_reaches_no_output_audit_entry_or_error(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    outputs = [
        run(path, *args)
        for args in (
            ("note", reference, "Called"),
            ("note", "STK-1999-0001", "x"),
            ("audit", "show"),
            ("db", "check"),
            ("backup",),
        )
    ]
    assert all(PASSPHRASE not in result.output for result in outputs)
    rows = dump(path, key_for(path))
    assert PASSPHRASE not in repr(rows)
    assert key_for(path).raw.hex() not in repr(rows)


def test_an_encrypted_file_named_by_a_plain_url_is_refused(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    with pytest.raises(DatabaseError, match="is encrypted: open it with its passphrase"):
        open_database(f"sqlite:///{path}")


def test_no_encrypt_makes_a_plain_database_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
    path = tmp_path / "demo.db"
    result = run(path, "--no-encrypt", "case", "new", NAME)
    assert result.exit_code == 0, result.stderr
    assert (
        f"Warning: {path} is a new database WITHOUT encryption: anyone who gets the file can read it." in result.stderr
    )
    assert file_state(path) is FileState.PLAIN


def test_the_demo_makes_a_plain_database_without_being_asked_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
    path = tmp_path / "demo.db"
    result = run(path, "demo", "--cases", "3")
    assert result.exit_code == 0, result.stderr
    assert "WITHOUT encryption" in result.stderr
    assert file_state(path) is FileState.PLAIN


def test_encrypt_converts_a_plain_database_keeping_every_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.db"
    assert run(path, "demo", "--cases", "6").exit_code == 0
    before = dump(path)
    monkeypatch.setenv("ADVOCATE_PASSPHRASE", PASSPHRASE)
    result = run(path, "db", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path} is now encrypted.\n"
    [kept] = tmp_path.glob("cases.db.pre-encrypt-*.bak")
    assert f"its plain copy {kept} is NOT encrypted" in result.stderr
    assert file_state(path) is FileState.ENCRYPTED
    assert dump(path, key_for(path)) == before
    assert dump(kept) == before
    assert run(path, "case", "list").exit_code == 0
    again = run(path, "db", "encrypt")
    assert again.stderr == f"Error: {path} is already encrypted; `advocate db rekey` changes its passphrase.\n"


def test_rekey_keeps_every_record_and_retires_the_old_passphrase(
    tmp_path: Path, encrypting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    run(path, "note", reference, "Called")
    before = dump(path, key_for(path))
    result = run(path, "db", "rekey", input=f"{OTHER_PASSPHRASE}\n{OTHER_PASSPHRASE}\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"The passphrase of {path} is changed. Backups made before keep the old passphrase."
    assert dump(path, key_for(path, OTHER_PASSPHRASE)) == before
    assert run(path, "case", "list").exit_code == 1  # ADVOCATE_PASSPHRASE still holds the old one
    monkeypatch.setenv("ADVOCATE_PASSPHRASE", OTHER_PASSPHRASE)
    assert reference in run(path, "case", "list").stdout


@pytest.fixture
def remembered(tmp_path: Path, encrypting: str) -> Iterator[tuple[MemoryKeyring, Path, str]]:
    """An encrypted database whose key is remembered in an OS keyring (one in memory): keyring, path, a case."""
    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    path = tmp_path / "cases.db"
    reference = new_case(path)
    result = run(path, "unlock", "--remember")
    assert result.exit_code == 0, result.stderr
    assert "is in the OS keyring" in result.stdout
    yield store, path, reference
    keyring.set_keyring(before)


def test_a_remembered_key_opens_without_asking_until_forgotten(
    remembered: tuple[MemoryKeyring, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path, reference = remembered
    [stored] = store.items.values()
    assert PASSPHRASE not in stored and stored == key_for(path).to_text()  # the raw key, never the passphrase
    monkeypatch.delenv("ADVOCATE_PASSPHRASE")
    assert run(path, "note", reference, "Quick entry, nothing asked").exit_code == 0
    assert run(path, "unlock", "--forget").stdout == f"The key of {path} was removed from the OS keyring.\n"
    assert store.items == {}
    refused = run(path, "note", reference, "Called", input="")
    assert refused.stderr.endswith("Error: No passphrase was given, so the database was not opened.\n")


def test_a_stale_remembered_key_is_forgotten_and_the_passphrase_asked(
    remembered: tuple[MemoryKeyring, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path, reference = remembered
    store.items[(KEYRING_SERVICE, str(path))] = key_for(path).to_text().replace(key_for(path).raw.hex(), "00" * 32)
    monkeypatch.delenv("ADVOCATE_PASSPHRASE")
    result = run(path, "note", reference, "Called", input=f"{PASSPHRASE}\n")
    assert result.exit_code == 0, result.stderr
    assert "no longer opens it" in result.stderr
    assert store.items == {}


def test_changing_the_passphrase_updates_the_remembered_key(remembered: tuple[MemoryKeyring, Path, str]) -> None:
    store, path, reference = remembered
    assert run(path, "db", "rekey", env={"ADVOCATE_NEW_PASSPHRASE": OTHER_PASSPHRASE}).exit_code == 0
    assert store.items[(KEYRING_SERVICE, str(path))] == key_for(path, OTHER_PASSPHRASE).to_text()


def test_quick_entry_with_a_remembered_key_asks_nothing_and_loads_nothing_heavy(
    tmp_path: Path, encrypting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVOCATE_TEST_KEYRING", str(tmp_path / "keyring.json"))
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        path = tmp_path / "cases.db"
        reference = new_case(path)
        assert run(path, "unlock", "--remember").exit_code == 0
    finally:
        keyring.set_keyring(before)
    program = (
        "import sys, json\nfrom advocate_tui.cli.main import main\n"
        f"sys.argv = ['advocate', '--db', {str(path)!r}, 'note', {reference!r}, 'Called']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    env = {key: value for key, value in os.environ.items() if key != "ADVOCATE_PASSPHRASE"}
    env |= {"PYTHON_KEYRING_BACKEND": "keyring_backend.FileKeyring", "PYTHONPATH": str(Path(__file__).parent)}
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"keyring", "sqlcipher3"} <= loaded
    assert not loaded & {"textual", "jinja2", "alembic"}
    assert "Passphrase" not in done.stderr


# -- the passphrase stays with this process (issue 15) -------------------------------------------------


EDITOR_SPY = """
import json, os, sys
draft = sys.argv[-1]
with open(os.environ["SPY_OUT"], "w") as out:
    json.dump({"draft": draft, "passphrases": sorted(k for k in os.environ if "PASSPHRASE" in k)}, out)
with open(draft, "a") as note:
    note.write("Written in the editor.\\n")
"""


def test_the_editor_gets_no_passphrase_and_its_draft_is_private_and_removed(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import sys

    from advocate_tui.storage.config import data_dir

    path = tmp_path / "cases.db"
    reference = new_case(path)
    spy = tmp_path / "editor.py"
    spy.write_text(EDITOR_SPY)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {spy}")
    monkeypatch.setenv("SPY_OUT", str(tmp_path / "seen.json"))
    result = run(
        path,
        "note",
        reference,
        env={"ADVOCATE_PASSPHRASE": "not for the editor", "ADVOCATE_NEW_PASSPHRASE": "nor this"},
    )
    assert result.exit_code == 0, result.stderr
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert seen["passphrases"] == []
    draft = Path(seen["draft"])
    assert draft.parent == data_dir() / "drafts" and oct(draft.parent.stat().st_mode & 0o777) == "0o700"
    assert not draft.exists()
    assert "Written in the editor." in run(path, "case", "show", reference).stdout


def test_the_application_takes_the_passphrase_out_of_its_environment(
    tmp_path: Path, encrypting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocate_tui.storage.passphrase import Unlocker

    path = tmp_path / "cases.db"
    new_case(path)
    monkeypatch.setenv("ADVOCATE_NEW_PASSPHRASE", "a new one")
    unlocker = Unlocker(str(path))
    unlocker.take_environment()
    assert "ADVOCATE_PASSPHRASE" not in os.environ and "ADVOCATE_NEW_PASSPHRASE" not in os.environ
    database = unlocker.open()  # with the passphrase it took
    try:
        assert database.key is not None
    finally:
        database.dispose()
