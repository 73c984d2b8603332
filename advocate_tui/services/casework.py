"""Casework: the one object the faces hold, made of a sub-service for each part of the work.

Each method of a sub-service is one transaction, validates its input (raising
:class:`~advocate_tui.rules.errors.AdvocateError` with a sentence for the user before anything is
written) and returns plain models or row dataclasses that are safe to use after the session has closed.
A sub-service's module is imported when the sub-service is first used: ``advocate note`` loads the
log's and no other.
"""

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from advocate_tui.db import Database
from advocate_tui.rules.equality import Equality
from advocate_tui.rules.risk import RiskThresholds
from advocate_tui.rules.routes import Routes
from advocate_tui.services.context import ServiceContext

if TYPE_CHECKING:
    from advocate_tui.services.agenda import Agenda
    from advocate_tui.services.alerts import Alerts
    from advocate_tui.services.audit_trail import AuditTrail
    from advocate_tui.services.case_edit import CaseEdit
    from advocate_tui.services.case_log import CaseLog
    from advocate_tui.services.cases import Cases
    from advocate_tui.services.claims import Claims
    from advocate_tui.services.consultations import Consultations
    from advocate_tui.services.copies import Copies
    from advocate_tui.services.court import Court
    from advocate_tui.services.demo import DemoData
    from advocate_tui.services.diary import ClientDiary
    from advocate_tui.services.documents import DocumentRecord
    from advocate_tui.services.erasure import Erasure
    from advocate_tui.services.evidence import Evidence
    from advocate_tui.services.evidence_pack import EvidencePacks
    from advocate_tui.services.justice import Justice
    from advocate_tui.services.parties import Parties
    from advocate_tui.services.referrals import Referrals
    from advocate_tui.services.repeats import Repeats
    from advocate_tui.services.reports import Reports
    from advocate_tui.services.risk import Risk
    from advocate_tui.services.safety_plan import SafetyPlan
    from advocate_tui.services.sharing import Sharing
    from advocate_tui.services.subject_access import SubjectAccess
    from advocate_tui.services.victims import VictimsCode


class Casework:
    """Every operation on cases, for the CLI and the TUI alike, grouped by what it is about."""

    def __init__(
        self,
        db: Database,
        user: str | None = None,
        areas: Iterable[str] | None = None,
        plan_file: Path | None = None,
        thresholds: RiskThresholds | None = None,
        routes: Routes | None = None,
    ) -> None:
        """Settings not given here are read from the config file when first needed."""
        self.context = ServiceContext(
            db, user, tuple(areas) if areas is not None else None, plan_file, thresholds, routes
        )

    # -- the sub-services ---------------------------------------------------------------

    @cached_property
    def cases(self) -> "Cases":
        """Finding, listing, opening, editing and closing cases."""
        from advocate_tui.services.cases import Cases

        return Cases(self.context, self.plan)

    @cached_property
    def repeats(self) -> "Repeats":
        """Whether a case's perpetrators are also on other cases (a new case's re-referral is found as it opens)."""
        from advocate_tui.services.repeats import Repeats

        return Repeats(self.context)

    @cached_property
    def case_edit(self) -> "CaseEdit":
        """Changing any editable field of a case, its client, perpetrators and contacts, together."""
        from advocate_tui.services.case_edit import CaseEdit

        return CaseEdit(self.context, self.cases)

    @cached_property
    def parties(self) -> "Parties":
        """The client, the perpetrators and the agencies on a case."""
        from advocate_tui.services.parties import Parties

        return Parties(self.context)

    @cached_property
    def plan(self) -> "SafetyPlan":
        """Safety plans: the starting checklist and each case's items."""
        from advocate_tui.services.safety_plan import SafetyPlan

        return SafetyPlan(self.context)

    @cached_property
    def log(self) -> "CaseLog":
        """Contact notes and the incident log."""
        from advocate_tui.services.case_log import CaseLog

        return CaseLog(self.context)

    @cached_property
    def diary(self) -> "ClientDiary":
        """The client's own diary, imported into the incident log from a CSV or Excel file."""
        from advocate_tui.services.diary import ClientDiary

        return ClientDiary(self.context)

    @cached_property
    def court(self) -> "Court":
        """Court dates and protective orders."""
        from advocate_tui.services.court import Court

        return Court(self.context)

    @cached_property
    def referrals(self) -> "Referrals":
        """Referrals to the multi-agency route: their meetings, actions and outcomes."""
        from advocate_tui.services.referrals import Referrals

        return Referrals(self.context)

    @cached_property
    def justice(self) -> "Justice":
        """The criminal-justice journey of each crime reference, and the police's updates."""
        from advocate_tui.services.justice import Justice

        return Justice(self.context)

    @cached_property
    def evidence(self) -> "Evidence":
        """Evidence files on incidents: kept with their SHA-256 and exhibit references, checked, written out."""
        from advocate_tui.services.evidence import Evidence

        return Evidence(self.context)

    @cached_property
    def evidence_packs(self) -> "EvidencePacks":
        """The evidence pack for the police, one per crime reference."""
        from advocate_tui.services.evidence_pack import EvidencePacks

        return EvidencePacks(self.context)

    @cached_property
    def victims(self) -> "VictimsCode":
        """The Victims' Code: enhanced rights, rights explained, decisions that can be reviewed."""
        from advocate_tui.services.victims import VictimsCode

        return VictimsCode(self.context)

    @cached_property
    def risk(self) -> "Risk":
        """Risk checklists, levels, multi-agency routes with their criteria, and reviews."""
        from advocate_tui.services.risk import Risk

        return Risk(self.context)

    @cached_property
    def claims(self) -> "Claims":
        """The facts a letter states about a case, each from the function the rest of the program uses."""
        from advocate_tui.services.claims import Claims

        return Claims(self.risk, self.alerts)

    @cached_property
    def alerts(self) -> "Alerts":
        """Escalation alerts and incident patterns."""
        from advocate_tui.services.alerts import Alerts

        return Alerts(self.context)

    @cached_property
    def agenda(self) -> "Agenda":
        """What needs attention across the open caseload."""
        from advocate_tui.services.agenda import Agenda

        return Agenda(
            self.context,
            self.cases,
            self.court,
            self.risk,
            self.alerts,
            self.victims,
            self.referrals,
            self.consultations,
        )

    @cached_property
    def documents(self) -> "DocumentRecord":
        """The record of letters and drafts made for each case."""
        from advocate_tui.services.documents import DocumentRecord

        return DocumentRecord(self.context)

    @cached_property
    def sharing(self) -> "Sharing":
        """The information-sharing record and do-not-disclose lists."""
        from advocate_tui.services.sharing import Sharing

        return Sharing(self.context)

    @cached_property
    def consultations(self) -> "Consultations":
        """Advice given to other organisations' professionals on their stalking cases (no case of ours)."""
        from advocate_tui.services.consultations import Consultations

        return Consultations(self.context)

    @cached_property
    def reports(self) -> "Reports":
        """The commissioner's report."""
        from advocate_tui.services.reports import Reports

        return Reports(self.context, self.cases)

    @cached_property
    def erasure(self) -> "Erasure":
        """Retention and erasure of ended cases."""
        from advocate_tui.services.erasure import Erasure

        return Erasure(self.context)

    @cached_property
    def copies(self) -> "Copies":
        """Backups and the other copies of case data the program made, and erasing a client from them."""
        from advocate_tui.services.copies import Copies

        return Copies(self.context)

    @cached_property
    def subject_access(self) -> "SubjectAccess":
        """Exports for subject access requests."""
        from advocate_tui.services.subject_access import SubjectAccess

        return SubjectAccess(self.context)

    @cached_property
    def audit(self) -> "AuditTrail":
        """The audit trail: reading it and checking it is whole."""
        from advocate_tui.services.audit_trail import AuditTrail

        return AuditTrail(self.context)

    @cached_property
    def demo(self) -> "DemoData":
        """Fictional cases to try the program on."""
        from advocate_tui.services.demo import DemoData

        return DemoData(self.context, self.plan)

    # -- the database, as the faces may know it ----------------------------------------

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
    def equality(self) -> Equality:
        """The equality monitoring questions the client form asks."""
        return self.context.equality

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
