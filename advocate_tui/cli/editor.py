"""Writing in the person's own editor: a private draft file, ``$VISUAL`` or ``$EDITOR`` started on it, and
what was saved read back as UTF-8 text."""

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from advocate_tui.cli.common import decoded
from advocate_tui.rules.errors import InvalidInputError


def new_draft(prefix: str, suffix: str, text: str) -> Path:
    """A draft holding ``text``, readable by this user only (0600), in the program's own drafts folder (0700),
    not the shared temporary one; the caller removes it, or keeps it and says where it is."""
    from advocate_tui.storage.config import data_dir

    drafts = data_dir() / "drafts"
    drafts.mkdir(mode=0o700, parents=True, exist_ok=True)
    drafts.chmod(0o700)
    handle, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=drafts)  # mode 0600
    with os.fdopen(handle, "w", encoding="utf-8") as draft:
        draft.write(text)
    return Path(path)


def editor() -> str:
    """The editor the person chose (``$VISUAL``, then ``$EDITOR``, as git and click read them), else the system's."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("notepad" if sys.platform == "win32" else "vi")


def edit_draft(path: Path, what: str, *, otherwise: str, unsaved: str) -> str:
    """Open the editor on the draft at ``path`` and return what was saved in it. A refusal names it as ``what``,
    says what else the person can do if no editor starts (``otherwise``) and what a failed editor means for the
    record (``unsaved``). The editor is not given the passphrases."""
    from advocate_tui.storage.passphrase import without_passphrases

    command = editor()
    try:
        status = subprocess.call([*shlex.split(command), str(path)], env=without_passphrases(os.environ))
    except (OSError, ValueError):  # no such program, or a command line shlex cannot split
        raise InvalidInputError(f"Cannot start the editor '{command}': set $EDITOR, or {otherwise}.") from None
    if status != 0:
        raise InvalidInputError(f"The editor '{command}' exited with status {status}, so {unsaved}.")
    return decoded(path.read_bytes(), f"The {what} written in the editor")
