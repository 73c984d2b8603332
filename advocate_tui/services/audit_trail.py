"""Reading the audit trail: its newest entries, the check that no one has altered it, and anchors."""

import hashlib
from dataclasses import replace

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.wording import counted
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import normal_reference
from advocate_tui.storage import audit
from advocate_tui.storage.models import AuditEntry


def verdict_words(verdict: audit.Verdict, anchor: str | None = None) -> str:
    """What :meth:`AuditTrail.verify` (given ``anchor``) found, in one sentence without the problems themselves."""
    if verdict.breaks:
        problems = counted(len(verdict.breaks), "problem")
        return f"The audit trail or the records it covers were altered: {problems}."
    if not verdict.entries:
        return "The audit trail is empty."
    held = f" and holds the anchor {anchor}" if anchor else ""
    return f"The audit trail is whole{held}: {verdict.entries} entries, and every case record is as it last recorded."


class AuditTrail:
    """Who viewed, changed, exported or shared what, and whether the record of it is whole."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def entries(self, reference: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """The newest ``limit`` entries, oldest first, of one case or of every case."""
        with self.ctx.reading() as session:
            return audit.entries(session, normal_reference(reference) if reference else None, limit)

    def verify(self, anchor: str | None = None) -> audit.Verdict:
        """Walk the hash chain (every entry as written, none inserted or removed), compare its end with the
        head kept outside the database and, when given, with an ``anchor`` noted earlier; then check every
        case record is as the trail last recorded it."""
        if anchor is not None:
            audit.parse_anchor(anchor)  # a mistyped anchor is refused before the whole trail is read
        head = self.ctx.db.head_problem()
        with self.ctx.reading() as session:
            verdict = audit.verify(session)
            found = audit.anchor_problem(session, anchor) if anchor is not None else None
        extra = [audit.Break(None, problem) for problem in (head, found) if problem is not None]
        return replace(verdict, breaks=(*extra, *verdict.breaks)) if extra else verdict

    def head_problem(self) -> str | None:
        """Why the trail's end is not the one its head file vouches for (quick: reads two entries), or None."""
        return self.ctx.db.head_problem()

    def service_id(self) -> str:
        """This database's id, the same for as long as it (or a copy of it) lives: named from the trail's first
        entry, which is never changed; no two services' databases share one. Calendar events carry it in their UID."""
        with self.ctx.reading() as session:
            first = audit.first_hash(session.connection()) or ""
        return hashlib.sha256(f"advocate-tui service {first}".encode()).hexdigest()[:16]

    def anchor(self) -> str:
        """A short string naming the trail's last entry, to note outside the program and check later."""
        with self.ctx.reading() as session:
            end = audit.end_of_chain(session.connection())
        if end.count == 0:
            raise InvalidInputError("The audit trail is empty: there is nothing to anchor yet.")
        return audit.anchor(end)

    def accept(self) -> int:
        """Accept the trail as it is now (after a restore, or once a reported difference is explained): its head
        moves to the new end, and the acceptance is itself an entry of the trail; returns that entry's number."""
        with self.ctx.reading() as session:
            end = audit.end_of_chain(session.connection())
        with self.ctx.writing() as session:
            audit.accept(
                session, f"the trail was accepted as it was, ending at {audit.anchor(end) if end.count else 'no entry'}"
            )
            span = audit.added(session)
        assert span is not None  # the acceptance is an entry
        return span.after.count
