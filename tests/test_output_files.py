"""Files the advocate names (``court list --ics``, ``report -o``, ``export --out``): written whole, never onto
something that is not an ordinary file, and never over an existing file unless --force says so."""

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import Advocate
from typer.testing import Result

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.services.casework import Casework
from advocate_tui.storage import files

OLD = "the advocate's own file\n"
REPORT = ("report", "--from", "2026-04-01", "--to", "2026-09-30", "--format", "csv")
needs_fifo = pytest.mark.skipif(sys.platform == "win32", reason="named pipes are made with os.mkfifo")


def court_ics(advocate: Advocate, target: Path, *more: str) -> Result:
    return advocate("court", "list", "--ics", str(target), *more)


def report_to(advocate: Advocate, target: Path, *more: str) -> Result:
    return advocate(*REPORT, "-o", str(target), *more)


Writer = Callable[..., Result]
WRITERS: list[Writer] = [court_ics, report_to]


def symlink(link: Path, target: Path) -> Path:
    """Make a symbolic link, or skip where this account may not make one (Windows without developer mode)."""
    try:
        link.symlink_to(target)
    except OSError as exc:
        pytest.skip(f"cannot make a symbolic link here: {exc}")
    return link


def leftovers(folder: Path) -> list[str]:
    """Temporary files left beside the target."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".advocate-"))


@pytest.mark.parametrize("write", WRITERS)
def test_an_existing_file_is_refused_without_force_and_replaced_with_it(
    advocate: Advocate, tmp_path: Path, write: Writer
) -> None:
    target = tmp_path / "mine.txt"
    target.write_text(OLD, encoding="utf-8")
    refused = write(advocate, target)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {target} exists: choose another name or add --force.\n"
    assert target.read_text(encoding="utf-8") == OLD
    forced = write(advocate, target, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8") != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@needs_fifo
@pytest.mark.parametrize("write", WRITERS)
def test_a_device_or_pipe_is_never_replaced_even_with_force(advocate: Advocate, tmp_path: Path, write: Writer) -> None:
    pipe = tmp_path / "full"  # stands for /dev/full: not an ordinary file
    os.mkfifo(pipe)
    link = symlink(tmp_path / "link.ics", pipe)
    for target in (pipe, link):
        refused = write(advocate, target, "--force")
        assert refused.exit_code == 1
        assert refused.stderr == (
            f"Error: {target} is not an ordinary file (it is a named pipe): give the name of a file to write.\n"
        )
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and link.is_symlink()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("write", WRITERS)
def test_a_folder_and_a_link_to_nothing_are_refused(advocate: Advocate, tmp_path: Path, write: Writer) -> None:
    folder = write(advocate, tmp_path, "--force")
    assert folder.stderr == f"Error: {tmp_path} is a folder: give the name of a file to write.\n"
    dangling = symlink(tmp_path / "dangling.ics", tmp_path / "elsewhere" / "x.ics")
    refused = write(advocate, dangling)
    assert refused.stderr == (
        f"Error: {dangling} is a link to {tmp_path / 'elsewhere' / 'x.ics'}, which does not exist: "
        "give the name of a file to write.\n"
    )
    assert dangling.is_symlink() and not (tmp_path / "elsewhere").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("write", WRITERS)
def test_a_missing_folder_is_one_sentence(advocate: Advocate, tmp_path: Path, write: Writer) -> None:
    missing = write(advocate, tmp_path / "no-such-folder" / "out.txt")
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Error: The folder {tmp_path / 'no-such-folder'} does not exist: create it or choose another.\n"
    )


def test_a_read_only_folder_is_one_sentence_naming_the_path(
    advocate: Advocate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a read-only disk (faked: the tests may run as root, who can write in any folder)."""

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(files, "tempfile", SimpleNamespace(mkstemp=read_only))
    target = tmp_path / "court.ics"
    refused = court_ics(advocate, target)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: Cannot write {target} ({os.strerror(errno.EROFS)}): choose another place.\n"
    assert not target.exists()


@pytest.mark.parametrize("write", WRITERS)
def test_a_failure_while_writing_leaves_the_old_file_whole(
    advocate: Advocate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Writer
) -> None:
    target = tmp_path / "mine.txt"
    target.write_text(OLD, encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "os", SimpleNamespace(**vars(os) | {"fsync": disk_full}))
    failed = write(advocate, target, "--force")
    assert failed.exit_code == 1
    assert failed.stderr == f"Error: Cannot write {target} ({os.strerror(errno.ENOSPC)}): choose another place.\n"
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_force_through_a_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "court.ics"
    real.parent.mkdir()
    real.write_text(OLD, encoding="utf-8")
    link = symlink(tmp_path / "court.ics", real)
    files.write_file(link, b"new", replace=True)
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_new_file_is_private_and_never_replaces_one_that_appeared(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    assert files.write_file(target, b"first") == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(files.TargetExists):
        files.write_file(target, b"second")
    assert target.read_bytes() == b"first"


def test_existing_files_lists_only_ordinary_files(tmp_path: Path) -> None:
    present = tmp_path / "present.txt"
    present.write_text(OLD, encoding="utf-8")
    symlink(tmp_path / "link.txt", present)
    assert files.existing_files([present, tmp_path / "link.txt", tmp_path / "absent.txt", tmp_path]) == [
        present,
        tmp_path / "link.txt",
    ]


@needs_fifo  # POSIX: file modes
def test_a_folder_made_is_private_at_every_level_made_and_one_that_was_there_is_left_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    files.make_folder(tmp_path / "new" / "reports")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "reports").stat().st_mode) == 0o700
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    files.private_folder(tmp_path)
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


@needs_fifo  # POSIX: file modes
def test_a_report_written_from_the_command_line_is_private(advocate: Advocate, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.csv"
    (tmp_path / "out").mkdir()
    assert report_to(advocate, target).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_making_a_folder_where_one_cannot_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text(OLD, encoding="utf-8")
    with pytest.raises(InvalidInputError) as refused:
        files.make_folder(blocker / "sub")
    assert (
        str(refused.value)
        == f"Cannot make the folder {blocker / 'sub'} ({os.strerror(errno.ENOTDIR)}): choose another place."
    )


@needs_fifo
def test_export_refuses_a_pipe_and_a_link_to_nothing(advocate: Advocate, casework: Casework, tmp_path: Path) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    refused = advocate("export", reference, "--out", str(pipe))
    assert (
        refused.stderr
        == f"Error: {pipe} is not an empty folder: give a new folder for the export (nothing was written).\n"
    )
    dangling = symlink(tmp_path / "dangling", tmp_path / "gone")
    refused = advocate("export", reference, "--out", str(dangling))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: Cannot make the folder {dangling} (") and refused.stderr.count("\n") == 1
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and dangling.is_symlink() and not (tmp_path / "gone").exists()


def test_a_disk_without_hard_links_still_gets_a_new_file_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT and exFAT (many USB sticks) have no hard links: the file is still written whole, once."""
    from advocate_tui.storage.files import write_file

    def no_links(_source: object, _target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "calendar.ics"
    write_file(target, b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(InvalidInputError, match="exists"):
        write_file(target, b"second")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["calendar.ics"]
