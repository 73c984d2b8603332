"""PDF letters: the Word file turned into PDF by LibreOffice, where it is installed (never faked)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from advocate_tui.rules.errors import InvalidInputError

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """LibreOffice's program: on the PATH, else where its installer puts it on Windows and macOS."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if sys.platform == "win32":
        places = [
            Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
            for v in ("PROGRAMFILES", "PROGRAMFILES(X86)")
        ]
    else:
        places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return next((str(place) for place in places if place.is_file()), None)


def to_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice makes of the Word file ``docx``. It works in a private temporary folder,
    with a profile of its own (so an open LibreOffice window does not get in the way), removed after."""
    program = soffice()
    if program is None:
        raise InvalidInputError(
            "Saving as PDF needs LibreOffice, which is not installed here: install it, or save as Word (docx).",
            topic="no-libreoffice",
        )
    with tempfile.TemporaryDirectory(prefix="advocate-pdf-") as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InvalidInputError(
                f"LibreOffice could not make the PDF ({exc.__class__.__name__}): save as Word (docx) instead."
            ) from None
        result = source.with_suffix(".pdf")
        if not result.is_file():
            raise InvalidInputError("LibreOffice could not make the PDF: save as Word (docx) instead.")
        return result.read_bytes()
