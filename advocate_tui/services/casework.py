"""Casework: the one object the faces hold, made of a sub-service for each part of the work.

Each method of a sub-service is one transaction, validates its input (raising
:class:`~advocate_tui.rules.errors.AdvocateError` with a sentence for the user before anything is
written) and returns plain models or row dataclasses that are safe to use after the session has closed.
"""

from collections.abc import Iterable
from pathlib import Path

from advocate_tui.db import Database
from advocate_tui.rules.risk import RiskThresholds
from advocate_tui.services.agenda import Agenda
from advocate_tui.services.alerts import Alerts
from advocate_tui.services.audit_trail import AuditTrail
from advocate_tui.services.case_log import CaseLog
from advocate_tui.services.cases import Cases
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.court import Court
from advocate_tui.services.demo import DemoData
from advocate_tui.services.documents import DocumentRecord
from advocate_tui.services.erasure import Erasure
from advocate_tui.services.parties import Parties
from advocate_tui.services.reports import Reports
from advocate_tui.services.risk import Risk
from advocate_tui.services.safety_plan import SafetyPlan
from advocate_tui.services.sharing import Sharing
from advocate_tui.services.subject_access import SubjectAccess


class Casework:
    """Every operation on cases, for the CLI and the TUI alike, grouped by what it is about."""

    def __init__(
        self,
        db: Database,
        user: str | None = None,
        areas: Iterable[str] | None = None,
        plan_file: Path | None = None,
        thresholds: RiskThresholds | None = None,
    ) -> None:
        """Settings not given here are read from the config file when first needed."""
        self.context = ServiceContext(db, user, tuple(areas) if areas is not None else None, plan_file, thresholds)
        self.plan = SafetyPlan(self.context)
        self.cases = Cases(self.context, self.plan)
        self.parties = Parties(self.context)
        self.log = CaseLog(self.context)
        self.court = Court(self.context)
        self.risk = Risk(self.context)
        self.alerts = Alerts(self.context)
        self.agenda = Agenda(self.context, self.cases, self.court, self.risk, self.alerts)
        self.documents = DocumentRecord(self.context)
        self.sharing = Sharing(self.context)
        self.reports = Reports(self.context, self.cases)
        self.erasure = Erasure(self.context)
        self.subject_access = SubjectAccess(self.context)
        self.demo = DemoData(self.context, self.plan)
        self.audit = AuditTrail(self.context)

    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def user(self) -> str:
        """The advocate this casework acts as."""
        return self.context.user

    @property
    def areas(self) -> tuple[str, ...]:
        return self.context.areas

    @property
    def where(self) -> str:
        """The database named for people: a file path, or a server's address without its password."""
        return self.context.db.where

    @property
    def encrypted(self) -> bool:
        """Whether the database is an encrypted file (opened with a passphrase)."""
        return self.context.db.key is not None

    def passphrase_matches(self, typed: str) -> bool:
        """Whether ``typed`` is the passphrase of the encrypted database (slow: the key is derived again)."""
        key = self.context.db.key
        return key is not None and key.matches(typed)

    def close(self) -> None:
        """Let go of the database's connections (the program is ending)."""
        self.context.db.dispose()
