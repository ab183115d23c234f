"""Research exports: pseudonymised (a new random key per export), only respondents with a research basis in
force or anonymous group answers, as CSV, Excel and the SurveyXact three-file layout; every export logged."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry, AuditKind
from feedback import services
from feedback.models import InstrumentVersion
from feedback.tests.factories import RESEARCH, answered, chime_answers, chime_pair, make_citizen, session_answers
from people.models import ConsentPurpose, LegalBasis
from tests.personas import World, login


def _chime(world: World) -> InstrumentVersion:
    services.sync_shipped_instruments()
    return InstrumentVersion.objects.shipped().get(instrument_id="chime_recovery")


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_it_exports_only_respondents_with_a_research_basis_in_force(world: World) -> None:
    consented = make_citizen(world.organisation, "Karen", consents=RESEARCH)
    public_task = make_citizen(world.organisation, "Jens", consents=RESEARCH, basis=LegalBasis.PUBLIC_TASK)
    withdrawn = make_citizen(world.organisation, "Lise", consents=RESEARCH)
    withdrawn.consents.update(withdrawn_at=withdrawn.consents.get().given_at)
    other_purpose = make_citizen(world.organisation, "Mads", consents=(ConsentPurpose.QUESTIONNAIRES,))
    for citizen in (consented, public_task, withdrawn, other_purpose):
        answered(programme=world.programme, citizen=citizen, answers=chime_answers(2))
    answered(programme=world.programme, label="Uden borgerpost", answers=chime_answers(2))

    result = services.export_responses(
        organisation=world.organisation, instrument=_chime(world), file_format="csv", acting_user=world.analyst
    )
    assert result.rows == 2 and result.left_out == 3
    rows = _rows(result.content)
    assert len(rows) == 2 and {row["score_total"] for row in rows} == {"30"}
    text = result.content.decode("utf-8-sig")
    for name in ("Karen", "Jens", "Lise", "Mads", "Uden borgerpost", "example.dk"):
        assert name not in text


@pytest.mark.django_db
def test_it_gives_stable_pseudonyms_within_an_export_and_new_ones_in_the_next(world: World) -> None:
    citizen = make_citizen(world.organisation, "Karen", consents=RESEARCH)
    chime_pair(world.programme, citizen, chime_answers(1), chime_answers(3))
    first = _rows(
        services.export_responses(
            organisation=world.organisation, instrument=_chime(world), file_format="csv", acting_user=world.analyst
        ).content
    )
    second = _rows(
        services.export_responses(
            organisation=world.organisation, instrument=_chime(world), file_format="csv", acting_user=world.analyst
        ).content
    )
    assert first[0]["respondent"] == first[1]["respondent"]
    assert [row["occasion"] for row in first] == ["start", "end"]
    assert second[0]["respondent"] != first[0]["respondent"]
    assert str(citizen.code) not in first[0]["respondent"]


@pytest.mark.django_db
def test_it_includes_anonymous_answers_from_a_group_link(world: World) -> None:
    invitation = services.invite_respondent(
        instrument_key="session_feedback",
        programme=world.programme,
        respondent_label="Hold A",
        occasion="session",
        group_link=True,
    )
    for _ in range(2):
        answered(programme=world.programme, invitation=invitation, answers=session_answers(9, 10, 10, 10))
    services.sync_shipped_instruments()
    version = InstrumentVersion.objects.shipped().get(instrument_id="session_feedback")
    result = services.export_responses(
        organisation=world.organisation, instrument=version, file_format="csv", acting_user=world.analyst
    )
    rows = _rows(result.content)
    assert len(rows) == 2 and rows[0]["respondent"] != rows[1]["respondent"]
    assert "Hold A" not in result.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_it_writes_the_surveyxact_layout_and_an_excel_workbook(world: World) -> None:
    citizen = make_citizen(world.organisation, "Karen", consents=RESEARCH)
    answered(programme=world.programme, citizen=citizen, answers=chime_answers(4))
    archive = zipfile.ZipFile(
        io.BytesIO(
            services.export_responses(
                organisation=world.organisation,
                instrument=_chime(world),
                file_format="surveyxact",
                acting_user=world.analyst,
            ).content
        )
    )
    assert sorted(archive.namelist()) == [
        "chime_recovery-dataset.csv",
        "chime_recovery-labels.csv",
        "chime_recovery-structure.csv",
    ]
    labels = archive.read("chime_recovery-labels.csv").decode("utf-8-sig")
    assert "connected_people;4;Passer helt" in labels
    workbook = load_workbook(
        io.BytesIO(
            services.export_responses(
                organisation=world.organisation, instrument=_chime(world), file_format="xlsx", acting_user=world.analyst
            ).content
        )
    )
    assert workbook.sheetnames == ["Data", "Struktur", "Svarkategorier"]
    assert workbook["Data"]["A2"].value.startswith("R")


@pytest.mark.django_db
def test_it_logs_every_export_and_downloads_it_for_the_analyst(world: World) -> None:
    citizen = make_citizen(world.organisation, "Karen", consents=RESEARCH)
    answered(programme=world.programme, citizen=citizen, answers=chime_answers(2))
    client = login(Client(), world.analyst)
    assert "Hvem kommer med" in client.get(reverse("feedback:export")).content.decode()
    response = client.post(
        reverse("feedback:export"),
        {"instrument": _chime(world).pk, "programme": world.programme.pk, "file_format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="chime_recovery-v1-')
    entry = AuditEntry.objects.get(action="feedback.responses.exported")
    assert entry.kind == AuditKind.EXPORT and entry.actor == world.analyst and entry.purpose
    assert entry.data["rows"] == 1 and entry.data["format"] == "csv" and entry.data["free_text"] is False


@pytest.mark.django_db
def test_it_leaves_free_text_out_unless_asked(world: World) -> None:
    citizen = make_citizen(world.organisation, "Karen", consents=RESEARCH)
    answered(
        programme=world.programme,
        instrument_key="course_evaluation",
        citizen=citizen,
        answers={"knowledge_recovery": 5, "take_away": "Min nabo Jens hjalp mig"},
        occasion="end",
    )
    services.sync_shipped_instruments()
    version = InstrumentVersion.objects.shipped().get(instrument_id="course_evaluation")
    without = services.export_responses(
        organisation=world.organisation, instrument=version, file_format="csv", acting_user=world.analyst
    )
    assert "Jens" not in without.content.decode("utf-8-sig") and "take_away" not in without.content.decode()
    with_text = services.export_responses(
        organisation=world.organisation,
        instrument=version,
        file_format="csv",
        acting_user=world.analyst,
        include_free_text=True,
    )
    assert "Min nabo Jens hjalp mig" in with_text.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_it_never_exports_another_organisations_answers(world: World) -> None:
    from core.models import Programme

    programme = Programme.objects.create(organisation=world.other_organisation, name="Andet", model="peer_guide")
    stranger = make_citizen(world.other_organisation, "Fremmed", consents=RESEARCH)
    answered(programme=programme, citizen=stranger, answers=chime_answers(2))
    result = services.export_responses(
        organisation=world.organisation, instrument=_chime(world), file_format="csv", acting_user=world.analyst
    )
    assert result.rows == 0
