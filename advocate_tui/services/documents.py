"""The record of letters and drafts made for each case (the files themselves are made in ``output``)."""

from collections.abc import Sequence

from sqlmodel import col, select

from advocate_tui.rules.fields import optional_text, required_text
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.services.sharing import log_another_format, log_document
from advocate_tui.storage.models import Document, DocumentRelease


class DocumentRecord:
    """Recording and listing the documents made for a case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record_document(
        self,
        reference: str,
        *,
        template: str,
        title: str,
        audience: str,
        format: str,
        path: str,
        content_sha256: str,
        address_override_reason: str | None = None,
        same_as: int | None = None,
        releases: Sequence[tuple[str, str | None, str]] = (),
    ) -> Document:
        """Record a letter or draft made for the case; an address override needs its reason, and so
        does each of ``releases`` (item, passage, reason): a safe contact or a passage shown though
        withheld by default. ``same_as`` is the id of the record of this same document saved earlier in
        another format: the sharing is recorded once per document, not once per format."""
        reason = optional_text()(address_override_reason, "reason for including the address")
        released = [
            (item, passage, required_text()(why, "reason for showing what is withheld"))
            for item, passage, why in releases
        ]
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            document = Document(
                case_id=saved_id(case),
                template=template,
                title=title,
                audience=audience,
                format=format,
                path=path,
                content_sha256=content_sha256,
                created_by=self.ctx.user,
                address_override=reason is not None,
                address_override_reason=reason,
            )
            session.add(document)
            session.flush()
            session.add_all(
                DocumentRelease(
                    case_id=document.case_id, document_id=saved_id(document), item=item, passage=passage, reason=why
                )
                for item, passage, why in released
            )
            first = session.get(Document, same_as) if same_as is not None else None
            if first is not None and first.case_id == document.case_id:
                log_another_format(session, first, document)
            else:
                log_document(session, case, document, self.ctx.user, released)  # sharing outside the service
        return document

    def list_documents(self, reference: str) -> list[Document]:
        """The documents made for a case, newest first."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            return list(
                session.exec(
                    select(Document)
                    .where(Document.case_id == case.id)
                    .order_by(col(Document.created_at).desc(), col(Document.id).desc())
                )
            )
