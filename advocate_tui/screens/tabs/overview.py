"""The Overview tab: client, consent, referral and police, perpetrators and agency contacts, one fact a row."""

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer

from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.equality import FIELDS
from advocate_tui.rules.outcomes import describe_score
from advocate_tui.rules.repeats import Match
from advocate_tui.rules.vocab import (
    ENDED_STATUSES,
    AgencyKind,
    CaseStatus,
    ReferralSource,
    Relationship,
    RiskBasisKind,
    RiskLevel,
)
from advocate_tui.screens.forms.close_case import close_case_form
from advocate_tui.screens.forms.overview import (
    address_form,
    case_form,
    client_form,
    consent_form,
    contact_form,
    perpetrator_form,
)
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import yes_no
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, RowMessage, plain
from advocate_tui.storage.models import Case

#: How long a revealed confidential address stays on screen.
REVEAL_SECONDS = 60


class OverviewTable(RecordTable):
    HELP_TITLE = "Overview tab"
    COLUMNS = (Col("", width=24), Col(""))
    SHOW_HEADER = False
    BINDINGS = [
        Binding("enter,e", "edit", "Edit", id="overview.edit", tooltip="Edit the section under the cursor"),
        Binding(
            "p",
            "add_perpetrator",
            "Add perpetrator",
            id="overview.add_perpetrator",
            tooltip="Record another perpetrator on this case",
        ),
        Binding(
            "c",
            "add_contact",
            "Add contact",
            id="overview.add_contact",
            tooltip="Record an agency contact (police, housing, solicitor…)",
        ),
        Binding(
            "v",
            "reveal",
            "Show address",
            id="overview.reveal_address",
            tooltip=f"Show or hide the client's confidential address (hides itself after {REVEAL_SECONDS} s)",
        ),
        Binding(
            "x",
            "close_case",
            "Close case",
            id="overview.close_case",
            tooltip="Close the case: the reason, and the outcome questions asked at exit",
        ),
    ]

    #: Whether the case shown can be closed (it is not closed already); set by the tab.
    closable = var(False, bindings=True)

    class Edit(RowMessage):
        """Open the form for the row keyed ``key`` (``section:record:field``)."""

    class Reveal(Message):
        """Show or hide the confidential address."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_case":
            return self.closable
        return True

    def action_edit(self) -> None:
        self.post_message(self.Edit(self.current_key))

    def action_add_perpetrator(self) -> None:
        self.post_message(self.Edit("perpetrator:new"))

    def action_add_contact(self) -> None:
        self.post_message(self.Edit("contact:new"))

    def action_reveal(self) -> None:
        self.post_message(self.Reveal())

    def action_close_case(self) -> None:
        self.post_message(self.Edit("close"))


class OverviewTab(CaseTab):
    TITLE = "Overview"
    SHORT = "Case"
    ID = "overview"

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.revealed = False
        self._hide_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield OverviewTable(id="overview-table")

    def show(self, case: Case) -> None:
        table = self.query_one(OverviewTable)
        table.closable = case.status not in ENDED_STATUSES
        table.show_rows(overview_rows(case, self.revealed, self.tones, self.risk.serial if self.risk else ()))

    @on(OverviewTable.Reveal)
    def _reveal(self, event: OverviewTable.Reveal) -> None:
        event.stop()
        client = self.case.client if self.case else None
        if client is None or not client.address:
            self.notify("No address is recorded for this client.", timeout=3)
            return
        self._set_revealed(not self.revealed)

    def _set_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        if self._hide_timer is not None:
            self._hide_timer.stop()
        if revealed:
            self._hide_timer = self.set_timer(REVEAL_SECONDS, lambda: self._set_revealed(False))
        if self.case is not None:
            self.show(self.case)

    @on(OverviewTable.Edit)
    def _edit(self, event: OverviewTable.Edit) -> None:
        event.stop()
        if self.case is None or event.key is None:
            return
        section, _, rest = event.key.partition(":")
        record_id, _, field = rest.partition(":")
        form, saved = self._form(section, record_id, field or None)
        if form is not None:
            self.open_form(form, saved)

    def _form(self, section: str, record_id: str, field: str | None) -> tuple[Any, str]:
        case = self.case
        assert case is not None and case.client is not None
        client, casework = case.client, self.casework
        perpetrators = {str(p.id): p for p in case.perpetrators}
        contacts = {str(c.id): c for c in case.contacts}
        forms: dict[str, Callable[[], tuple[Any, str]]] = {
            "client": lambda: (client_form(casework, client, field), "Client's details saved."),
            "address": lambda: (address_form(casework, client), "Address saved."),
            "consent": lambda: (consent_form(casework, client, field), "Consent saved."),
            "case": lambda: (case_form(casework, case, field), "Referral and police details saved."),
            "perpetrator": lambda: (
                perpetrator_form(casework, case.reference, perpetrators.get(record_id), field),
                "Perpetrator saved.",
            ),
            "contact": lambda: (
                contact_form(casework, case.reference, contacts.get(record_id)),
                "Agency contact saved.",
            ),
            "close": lambda: (close_case_form(casework, case), "Case closed."),
        }
        return forms[section]() if section in forms else (None, "")


def overview_rows(case: Case, reveal_address: bool, tones: Tones, serial: Iterable[Match] = ()) -> list[Row]:
    """The Overview as table rows; a row's key says which form edits it: ``section:record:field``. ``serial``: the
    other cases its perpetrators may be on."""
    rows: list[Row] = []

    def heading(key: str, title: str) -> None:
        rows.append(Row(f"heading:{key}", (Text(title, style=tones.heading),), heading=True))

    def fact(key: str, label: str, value: object) -> None:
        shown = (
            value if isinstance(value, Text) else plain(value) if value not in (None, "") else Text("—", style="dim")
        )
        rows.append(Row(key, (Text("  " + label, style="dim"), shown)))

    client = case.client
    if client is not None:
        heading("client", "Client")
        fact("client::name", "Name", client.name)
        fact("client::preferred_name", "Preferred name", client.preferred_name)
        fact("client::pronouns", "Pronouns", client.pronouns)
        fact("client::gender", "Gender", client.gender)
        fact("client::date_of_birth", "Date of birth", uk_date(client.date_of_birth))
        language = client.language or ""
        fact("client::language", "Language", language + ("; interpreter needed" if client.interpreter_needed else ""))
        answered = sum(getattr(client, field) is not None for field in FIELDS)
        fact("client::age_band", "Equality monitoring", f"{answered} of {len(FIELDS)} questions answered")
        fact("client::phone", "Safe phone", client.phone)
        fact("client::safe_call_times", "Safe times to call", client.safe_call_times)
        fact("client::voicemail_safe", "Voicemail safe", yes_no(client.voicemail_safe))
        fact("client::email", "Safe email", client.email)
        fact("address::", "Address", _address(client.address, client.address_confidential, reveal_address, tones))
        fact("client::dependants_note", "Children, dependants", client.dependants_note)
        heading("consent", "Consent")
        fact("consent::consent_store", "Store their data", yes_no(client.consent_store, client.consent_store_on))
        fact(
            "consent::consent_share_police",
            "Share with police",
            yes_no(client.consent_share_police, client.consent_share_police_on),
        )
        fact("consent::consent_refer", "Refer to agencies", yes_no(client.consent_refer, client.consent_refer_on))

    heading("case", "Referral and police")
    fact("case::status", "Status", CaseStatus(case.status).label)
    fact(
        "case::risk_level",
        "Risk level",
        f"{RiskLevel(case.risk_level).label} ({RiskBasisKind(case.risk_basis).short})",
    )
    if case.risk_basis == RiskBasisKind.JUDGEMENT:
        fact(
            "case::risk_reason",
            "Why this level",
            f"{case.risk_reason} ({case.risk_set_by}, {uk_date(case.risk_set_on)})",
        )
    fact(
        "case::referral_date",
        "Referred",
        f"{uk_date(case.referral_date)} by {ReferralSource(case.referral_source).label.lower()}",
    )
    fact("case::first_contact_date", "First contact", uk_date(case.first_contact_date))
    fact(
        "case::feels_safe_at_intake",
        "Felt safe at intake",
        None if case.feels_safe_at_intake is None else describe_score(case.feels_safe_at_intake),
    )
    fact(
        "case::quality_of_life_at_intake",
        "Quality of life",  # the label column is narrow: the value says when
        None
        if case.quality_of_life_at_intake is None
        else f"{describe_score(case.quality_of_life_at_intake)} at intake",
    )
    fact("case::area", "Area", case.area)
    fact("case::advocate", "Advocate", case.advocate)
    fact("case::marac_referral_date", "Multi-agency referral", uk_date(case.marac_referral_date))
    fact("case::crime_reference", "Crime reference", case.crime_reference)
    fact("case::oic_name", "Officer in the case", case.oic_name)
    fact("case::oic_contact", "Officer's contact", case.oic_contact)
    if case.re_referral_of:
        fact("repeats::re_referral_of", "Re-referral of", Text(case.re_referral_of, style=tones.caution))
    for match in serial:
        fact(
            f"repeats::{match.reference}",
            "Possible serial",
            Text(f"perpetrator also on {match.reference} ({match.why})", style=tones.alert),
        )

    for number, perpetrator in enumerate(case.perpetrators, start=1):
        key = f"perpetrator:{perpetrator.id}"
        heading(key, "Perpetrator" + (f" {number}" if len(case.perpetrators) > 1 else ""))
        fact(f"{key}:name", "Name", perpetrator.display_name)
        fact(f"{key}:relationship", "Relationship", Relationship(perpetrator.relationship).label)
        fact(f"{key}:aliases", "Aliases", perpetrator.aliases)
        fact(f"{key}:date_of_birth", "Date of birth", uk_date(perpetrator.date_of_birth))
        fact(f"{key}:description", "Description", perpetrator.description)
        fact(f"{key}:vehicles", "Vehicles", perpetrator.vehicles)
        fact(f"{key}:address", "Address", perpetrator.address)
    if not case.perpetrators:
        heading("perpetrator", "Perpetrator")
        fact("perpetrator:new", "Not recorded", Text("press p to add", style="dim"))

    heading("contacts", "Agency contacts")
    for contact in case.contacts:
        details = " · ".join(filter(None, (contact.organisation, contact.person, contact.phone, contact.email)))
        fact(f"contact:{contact.id}", AgencyKind(contact.kind).label, details)
    if not case.contacts:
        fact("contact:new", "None recorded", Text("press c to add", style="dim"))
    return rows


def _address(address: str | None, confidential: bool, reveal: bool, tones: Tones) -> Text | None:
    if not address:
        return None
    if confidential and not reveal:
        return Text("held, confidential — press v to show", style=tones.caution)
    one_line = ", ".join(line.strip() for line in address.splitlines() if line.strip())
    return Text.assemble(plain(one_line), (" (confidential)" if confidential else "", tones.caution))
