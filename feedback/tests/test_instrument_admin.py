"""Administrators load, write and edit questionnaires: shipped ones are read-only, an error names the item,
a version with answers is frozen, and an instrument loaded from JSON comes back the same after answering
and exporting."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from feedback import export as export_engine
from feedback import instruments as engine
from feedback import services
from feedback.models import InstrumentVersion
from feedback.tests.factories import RESEARCH, answered, make_citizen
from people.models import Citizen
from tests.personas import World, login

EXAMPLE: dict[str, Any] = {
    "format": "brobygger-instrument/1",
    "id": "check_in",
    "version": 1,
    "purpose": "recovery",
    "languages": ["da", "en"],
    "title": {"da": "Kort tjek-ind", "en": "Short check-in"},
    "source": "Eksempelorganisationen",
    "licence": "Egen formulering",
    "scales": [
        {
            "id": "often_0_3",
            "kind": "likert",
            "min": 0,
            "max": 3,
            "labels": [
                {"value": 0, "text": {"da": "Aldrig", "en": "Never"}},
                {"value": 1, "text": {"da": "Sjældent", "en": "Rarely"}},
                {"value": 2, "text": {"da": "Ofte", "en": "Often"}},
                {"value": 3, "text": {"da": "Altid", "en": "Always"}},
            ],
        },
        {"id": "text", "kind": "free_text", "max_length": 500},
    ],
    "items": [
        {"id": "rested", "scale": "often_0_3", "text": {"da": "Jeg har sovet godt.", "en": "I have slept well."}},
        {
            "id": "restless",
            "scale": "often_0_3",
            "text": {"da": "Jeg har været urolig.", "en": "I have felt restless."},
            "reversed": True,
        },
        {"id": "anything_else", "scale": "text", "text": {"da": "Andet?", "en": "Anything else?"}},
    ],
    "scoring": {
        "method": "sum",
        "subscales": [{"id": "calm", "name": {"da": "Ro", "en": "Calm"}, "items": ["rested", "restless"]}],
    },
    "cutoffs": [
        {"id": "low_total", "target": "total", "below": 2, "message": {"da": "Lav score.", "en": "Low score."}}
    ],
}


def _admin(world: World) -> Client:
    return login(Client(), world.administrator)


def _import(world: World, data: dict[str, Any]) -> InstrumentVersion:
    return services.import_instrument(
        organisation=world.organisation, text=json.dumps(data), acting_user=world.administrator
    )


@pytest.mark.django_db
def test_it_lists_the_shipped_questionnaires_as_read_only(world: World) -> None:
    page = _admin(world).get(reverse("feedback:instrument_list")).content.decode()
    for title in ("Hvordan var dagens gang?", "Sådan går det med min recovery"):
        assert title in page
    assert "Brobygger (kan ikke rettes)" in page
    row = InstrumentVersion.objects.shipped().get(instrument_id="session_feedback")
    assert _admin(world).get(reverse("feedback:instrument_edit", kwargs={"code": row.code})).status_code == 404


@pytest.mark.django_db
def test_it_stores_each_shipped_version_once(world: World) -> None:
    services.sync_shipped_instruments()
    assert services.sync_shipped_instruments() == 0
    assert InstrumentVersion.objects.shipped().count() == len(engine.shipped_instruments())


@pytest.mark.django_db
def test_it_loads_a_pasted_instrument(world: World) -> None:
    response = _admin(world).post(reverse("feedback:instrument_import"), {"text": json.dumps(EXAMPLE), "rights": "on"})
    row = InstrumentVersion.objects.own(world.organisation).get(instrument_id="check_in")
    assert response["Location"] == reverse("feedback:instrument_detail", kwargs={"code": row.code})
    assert row.instrument == engine.load_instrument(EXAMPLE)
    page = _admin(world).get(response["Location"]).content.decode()
    assert "Jeg har været urolig." in page and "Eksempelorganisationen" in page


@pytest.mark.django_db
def test_it_loads_an_uploaded_file(world: World) -> None:
    upload = SimpleUploadedFile("check_in.json", json.dumps(EXAMPLE).encode(), content_type="application/json")
    _admin(world).post(reverse("feedback:instrument_import"), {"file": upload, "rights": "on"})
    assert InstrumentVersion.objects.own(world.organisation).filter(instrument_id="check_in").exists()


@pytest.mark.django_db
def test_it_names_the_item_of_an_import_error_in_danish_and_keeps_the_pasted_text(world: World) -> None:
    broken = json.loads(json.dumps(EXAMPLE))
    broken["items"][1]["scale"] = "likert5"
    del broken["items"][0]["text"]["en"]
    pasted = json.dumps(broken, indent=2)
    response = _admin(world).post(reverse("feedback:instrument_import"), {"text": pasted, "rights": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Spørgsmål 2 (restless): Skalaen &#x27;likert5&#x27; findes ikke." in page
    assert "Spørgsmål 1 (rested): Teksten har ingen tekst på &#x27;en&#x27;." in page
    assert "Spørgeskemaet har 2 fejl" in page
    assert "likert5" in response.context["form"]["text"].value()
    assert not InstrumentVersion.objects.own(world.organisation).exists()


@pytest.mark.django_db
def test_it_points_at_the_line_of_broken_json(world: World) -> None:
    response = _admin(world).post(reverse("feedback:instrument_import"), {"text": '{\n  "id": ,\n}', "rights": "on"})
    assert "Linje 2, kolonne 9: Dette er ikke gyldig JSON" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_the_id_of_a_shipped_questionnaire(world: World) -> None:
    taken = dict(EXAMPLE, id="session_feedback")
    response = _admin(world).post(reverse("feedback:instrument_import"), {"text": json.dumps(taken), "rights": "on"})
    assert "er id&#x27;et på et spørgeskema, der følger med Brobygger" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_other_content_under_a_loaded_version(world: World) -> None:
    _import(world, EXAMPLE)
    assert _import(world, EXAMPLE).version == 1  # the same again changes nothing
    changed = json.loads(json.dumps(EXAMPLE))
    changed["title"]["da"] = "Et andet tjek-ind"
    with pytest.raises(engine.InstrumentError) as error:
        _import(world, changed)
    assert error.value.problems[0].code == "version_exists"
    changed["version"] = 2
    assert _import(world, changed).version == 2


def _editor_post(instrument: engine.Instrument, **changes: Any) -> dict[str, str]:
    """The editor's form data for an instrument, as the browser would send it."""
    from feedback.forms import editor_initial

    initial = editor_initial(instrument)
    data: dict[str, str] = {}
    for key, value in initial["basics"].items():
        if key == "languages":
            continue
        if isinstance(value, bool):
            if value:
                data[f"basics-{key}"] = "on"
        elif value is not None:
            data[f"basics-{key}"] = str(value)
    data["basics-languages"] = "da"
    for section in ("scales", "items", "subscales", "cutoffs"):
        rows = initial[section]
        data[f"{section}-TOTAL_FORMS"] = str(len(rows))
        data[f"{section}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, bool):
                    if value:
                        data[f"{section}-{index}-{key}"] = "on"
                elif value is not None:
                    data[f"{section}-{index}-{key}"] = str(value)
    data.update(changes)
    return data


@pytest.mark.django_db
def test_it_builds_a_new_questionnaire_in_the_editor(world: World) -> None:
    instrument = engine.load_instrument(EXAMPLE)
    data = _editor_post(instrument)
    data["basics-languages"] = ["da", "en"]  # type: ignore[assignment]
    client = _admin(world)
    response = client.post(reverse("feedback:instrument_create"), data)
    row = InstrumentVersion.objects.own(world.organisation).get(instrument_id="check_in")
    assert response["Location"] == reverse("feedback:instrument_detail", kwargs={"code": row.code})
    assert row.instrument == instrument


@pytest.mark.django_db
def test_it_lists_every_editor_error_naming_the_question(world: World) -> None:
    instrument = engine.load_instrument(EXAMPLE)
    data = _editor_post(instrument, **{"items-1-scale": "nowhere", "cutoffs-0-ref": ""})
    data["basics-languages"] = ["da", "en"]  # type: ignore[assignment]
    response = _admin(world).post(reverse("feedback:instrument_create"), data)
    assert response.status_code == 200
    assert "Spørgsmål 2 (restless): Skalaen &#x27;nowhere&#x27; findes ikke." in response.content.decode()
    assert not InstrumentVersion.objects.own(world.organisation).exists()


@pytest.mark.django_db
def test_it_edits_in_place_until_answered_then_saves_a_new_version(world: World) -> None:
    row = _import(world, EXAMPLE)
    client = _admin(world)
    url = reverse("feedback:instrument_edit", kwargs={"code": row.code})
    data = _editor_post(row.instrument, **{"items-0-text_da": "Jeg har sovet rigtig godt."})
    data["basics-languages"] = ["da", "en"]  # type: ignore[assignment]
    client.post(url, data)
    row.refresh_from_db()
    assert row.version == 1 and row.instrument.item("rested").text["da"] == "Jeg har sovet rigtig godt."

    answer = answered(
        programme=world.programme, instrument_key="check_in", citizen=world.citizen_record, answers={"rested": 2}
    )
    data = _editor_post(row.instrument, **{"items-0-text_da": "Jeg har sovet godt om natten."})
    data["basics-languages"] = ["da", "en"]  # type: ignore[assignment]
    response = client.post(url, data)
    newer = InstrumentVersion.objects.own(world.organisation).get(instrument_id="check_in", version=2)
    assert response["Location"] == reverse("feedback:instrument_detail", kwargs={"code": newer.code})
    assert newer.instrument.item("rested").text["da"] == "Jeg har sovet godt om natten."
    answer.refresh_from_db()
    assert answer.instrument == row and row.instrument.item("rested").text["da"] == "Jeg har sovet rigtig godt."
    # New invitations use the newest version.
    invitation = services.invite_respondent(
        instrument_key="check_in", programme=world.programme, respondent_label="Ny", occasion="start"
    )
    assert invitation.instrument == newer


@pytest.mark.django_db
def test_it_downloads_an_instrument_as_json_that_loads_again(world: World) -> None:
    row = InstrumentVersion.objects.shipped().filter(instrument_id="chime_recovery").first() or None
    if row is None:
        services.sync_shipped_instruments()
        row = InstrumentVersion.objects.shipped().get(instrument_id="chime_recovery")
    response = _admin(world).get(reverse("feedback:instrument_json", kwargs={"code": row.code}))
    assert response["Content-Disposition"] == 'attachment; filename="chime_recovery-v1.json"'
    assert engine.loads_instrument(response.content.decode()) == engine.shipped_instrument("chime_recovery")


@pytest.mark.django_db
def test_it_gives_back_the_same_items_and_scores_after_loading_answering_and_exporting(world: World) -> None:
    """Round trip: load an instrument from JSON, answer it, export it (SurveyXact layout), read it back."""
    row = _import(world, EXAMPLE)
    given = [
        {"rested": 3, "restless": 0, "anything_else": "Godt"},
        {"rested": 1, "restless": 3},
        {"rested": 0},
    ]
    citizens = [make_citizen(world.organisation, f"Person{i}", consents=RESEARCH) for i in range(3)]
    for citizen, answers in zip(citizens, given, strict=True):
        answered(programme=world.programme, instrument_key="check_in", citizen=citizen, answers=answers)
    result = services.export_responses(
        organisation=world.organisation,
        instrument=row,
        file_format="surveyxact",
        acting_user=world.analyst,
        include_free_text=True,
    )
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    assert sorted(archive.namelist()) == ["check_in-dataset.csv", "check_in-labels.csv", "check_in-structure.csv"]
    dataset = archive.read("check_in-dataset.csv").decode("utf-8-sig")
    rows = export_engine.read_dataset(row.instrument, dataset)
    assert [dict(r.answers) for r in rows] == given
    expected = [engine.score_answers(row.instrument, a) for a in given]
    back = [engine.score_answers(row.instrument, r.answers) for r in rows]
    assert [(s.total, s.complete, s.subscales["calm"].score) for s in back] == [
        (s.total, s.complete, s.subscales["calm"].score) for s in expected
    ]
    structure = archive.read("check_in-structure.csv").decode("utf-8-sig")
    for item in row.instrument.items:
        assert item.id in structure
    assert all(r.version == 1 for r in rows)
    assert not {c.first_name for c in Citizen.objects.all()} & set(dataset.split(";"))
