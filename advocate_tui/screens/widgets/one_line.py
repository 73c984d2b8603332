"""An input of one line that joins the lines of a paste with spaces, and says so."""

from textual import events
from textual.message import Message
from textual.widgets import Input

JOINED = "Line breaks joined with spaces."


def join_lines(text: str) -> str:
    """The lines of ``text`` on one line, blank ones left out."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class OneLineInput(Input):
    """An :class:`Input` that keeps the whole of a paste of several lines, joined with spaces (Textual's own
    keeps only the first line), and posts :class:`Joined` so the line under it can say so."""

    class Joined(Message):
        """A paste of several lines was joined onto one line."""

    def _on_paste(self, event: events.Paste) -> None:
        if len(event.text.splitlines()) < 2:
            return  # Input's own handler, called next, inserts it
        event.prevent_default()
        event.stop()
        line = join_lines(event.text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)
        self.post_message(self.Joined())
