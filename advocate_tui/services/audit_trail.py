"""Reading the audit trail: its newest entries, and the check that no one has altered it."""

from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import normal_reference
from advocate_tui.storage import audit
from advocate_tui.storage.models import AuditEntry


class AuditTrail:
    """Who viewed, changed, exported or shared what, and whether the record of it is whole."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def entries(self, reference: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """The newest ``limit`` entries, oldest first, of one case or of every case."""
        with self.ctx.reading() as session:
            return audit.entries(session, normal_reference(reference) if reference else None, limit)

    def verify(self) -> audit.Verdict:
        """Walk the hash chain: every entry as written, none inserted or removed."""
        with self.ctx.reading() as session:
            return audit.verify(session)
