"""What the application adds to a service's sentence, by the error's ``topic``.

The services speak of the casework only; the key to press is this face's to say (the command line adds
its own commands: see :data:`advocate_tui.cli.common.HINTS`).
"""

from advocate_tui.rules.errors import AdvocateError

HINTS = {
    "unknown-case": "Press ctrl+p to find a case.",
}


def sentence(error: AdvocateError) -> str:
    """The error's sentence, with the application's hint for its topic."""
    return error.worded(HINTS)
