"""Errors that carry one sentence for the person at the keyboard."""

from collections.abc import Mapping


class AdvocateError(Exception):
    """A problem the user can fix; ``str(error)`` is the sentence to show them.

    The sentence speaks of the casework only. Where the fix is done differently in each face (a
    command to run, a key to press), ``topic`` names it and ``details`` carries what a face's hint
    needs, so each face adds its own words (see ``cli.common.HINTS``)."""

    def __init__(self, message: str, *, topic: str | None = None, **details: str) -> None:
        super().__init__(message)
        self.topic = topic
        self.details = details

    def worded(self, hints: Mapping[str, str], own_words: Mapping[str, str] | None = None) -> str:
        """The sentence as a face says it: in the face's ``own_words`` for the topic, if it has them, else with
        the face's hint for the topic added (both may name ``details`` as ``{name}``)."""
        if own_words and self.topic is not None and self.topic in own_words:
            return own_words[self.topic].format(**self.details)
        hint = hints.get(self.topic or "")
        return f"{self} {hint.format(**self.details)}" if hint else str(self)


class NotFoundError(AdvocateError):
    """A reference or record that does not exist."""


class InvalidInputError(AdvocateError):
    """Input that was understood but is not acceptable (a future incident, an unknown kind)."""


class StaleRecordError(AdvocateError):
    """An update based on an out-of-date copy of a record; nothing was written."""


class DatabaseError(AdvocateError):
    """The database cannot be opened or used (missing, locked, not a database, too new)."""


class ConfigError(AdvocateError):
    """The configuration file cannot be read or holds a bad value."""
