"""Keeping a file as evidence from the incident record: the path is checked as it is typed, and the file is
kept with its exhibit reference and SHA-256."""

import hashlib
from pathlib import Path

from conftest import SIZE, field, open_case, press, settle, started, text_of
from textual.widgets import Input, Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.modals.incident_record import IncidentRecord
from advocate_tui.services.casework import Casework


async def test_add_a_file_from_the_incident_record(app: AdvocateApp, caseload: Casework, tmp_path: Path) -> None:
    photo = tmp_path / "tyres.jpg"
    photo.write_bytes(b"\xff\xd8\xff fictional photo of the tyres")
    (tmp_path / "folder").mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3", "enter")
        record = app.screen
        assert isinstance(record, IncidentRecord)
        await press(pilot, "f")
        form = app.screen
        assert isinstance(form, FormScreen)
        path = field(form, "path")
        control = path.control
        assert isinstance(control, Input)
        control.value = str(tmp_path / "folder")
        await settle(pilot)
        assert not path.check()
        assert "is not an ordinary file (it is a folder)" in text_of(path.query_one(".field-message", Static))
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: nothing kept
        assert caseload.evidence.list("STK-2026-0001")[1] == []
        control.value = str(photo)
        description = field(form, "description").control
        assert isinstance(description, Input)
        description.value = "Photo of the tyres"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is record
    _ref, [item] = caseload.evidence.list("STK-2026-0001")
    incidents = caseload.cases.get_case("STK-2026-0001").incidents
    assert item.record.incident_id == incidents[-1].id and item.incident_number == len(incidents)
    assert item.record.exhibit_reference == "TA/1" and item.record.description == "Photo of the tyres"
    assert item.record.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert item.record.media_type == "image/jpeg"
