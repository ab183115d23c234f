"""The contact form reaches the right coordinators, resists spam kindly, and its inbox stays private."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import retention
from core.models import AuditEntry, AuditKind, Membership, Programme, Role, User
from core.navigation import NavEntry, entries_for
from core.tasks import run_daily_jobs_task
from public import spam
from public.models import ContactMessage, ContactTopic
from public.services import submit_contact_message
from tests.personas import World, login, make_member

MESSAGE = "Jeg vil gerne høre, om der er en peer-guide i Randers."


@pytest.fixture(autouse=True)
def _tasks_run_at_once_and_fresh_rate_limits(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Sofie Sørensen",
        "email": "Sofie@Example.dk",
        "topic": ContactTopic.SUPPORT.value,
        "message": MESSAGE,
        "website": "",
        "form_token": spam.issue_form_token(now=time.time() - 30),
    }
    data.update(overrides)
    return data


def _send(client: Client, captured: Any, **overrides: str):
    with captured(execute=True):
        return client.post(reverse("public:contact"), _form(**overrides), HTTP_ACCEPT_LANGUAGE="da")


def _recipients(mailoutbox: list[Any]) -> set[str]:
    return {address for mail in mailoutbox for address in mail.to}


@pytest.mark.django_db
def test_it_stores_a_valid_message_and_mails_only_that_organisations_coordinators(
    world: World, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    response = _send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("public:contact_thanks")
    contact = ContactMessage.objects.get()
    assert contact.organisation == world.organisation
    assert (contact.name, contact.email, contact.message) == ("Sofie Sørensen", "sofie@example.dk", MESSAGE)
    assert _recipients(mailoutbox) == {world.coordinator.email, "sofie@example.dk"}
    assert world.outsider.email not in _recipients(mailoutbox)
    assert AuditEntry.objects.filter(action="public.contact_message.received", object_code=str(contact.code)).exists()


@pytest.mark.django_db
def test_it_keeps_the_name_and_the_message_out_of_the_coordinators_email(
    world: World, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    _send(client, django_capture_on_commit_callbacks)

    notice = next(mail for mail in mailoutbox if world.coordinator.email in mail.to)
    assert "Sofie" not in notice.body
    assert MESSAGE not in notice.body
    assert reverse("public:contact_messages") in notice.body
    receipt = next(mail for mail in mailoutbox if "sofie@example.dk" in mail.to)
    assert receipt.subject == "Vi har modtaget din besked"
    assert MESSAGE not in receipt.body  # the form cannot be used to mail text to others


@pytest.mark.django_db
def test_it_sends_the_message_to_the_organisation_the_visitor_chooses(
    world: World, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    Programme.objects.create(
        organisation=world.other_organisation, name="Bro til hverdagslivet", model=Programme.Model.BRIDGE_TO_EVERYDAY
    )
    page = client.get(reverse("public:contact")).text
    assert world.other_organisation.name in page  # a choice, now that two organisations run programmes

    _send(client, django_capture_on_commit_callbacks, organisation=str(world.other_organisation.code))

    assert ContactMessage.objects.get().organisation == world.other_organisation
    assert _recipients(mailoutbox) == {world.outsider.email, "sofie@example.dk"}


@pytest.mark.django_db
def test_it_mails_coordinators_in_their_own_language(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    english = make_member("coordinator.en@example.dk", "Emma", world.organisation, Role.COORDINATOR)
    english.preferred_language = "en"
    english.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_contact_message(
            name="Sofie",
            email="sofie@example.dk",
            topic=ContactTopic.PEER,
            message=MESSAGE,
            organisation=world.organisation,
            language="da",
        )
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects[english.email] == "New message from the public site: Becoming a peer"
    assert subjects[world.coordinator.email] == "Ny henvendelse fra hjemmesiden: At blive peer"


@pytest.mark.django_db
def test_it_rejects_a_filled_honeypot_kindly_and_keeps_the_text(
    world: World, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    response = _send(client, django_capture_on_commit_callbacks, website="https://spam.example")

    assert response.status_code == 200
    assert "Lad dette felt være tomt" in response.text
    assert MESSAGE in response.text
    assert not ContactMessage.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_rejects_a_form_sent_faster_than_a_person_types_then_takes_it_a_moment_later(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel("2026-11-23 10:00:00 +0100", tick=False):
        token = spam.issue_form_token()
        response = _send(client, django_capture_on_commit_callbacks, form_token=token)
        assert response.status_code == 200
        assert "Det gik hurtigere, end vi forventer" in response.text
        assert MESSAGE in response.text
        assert token in response.text  # the same form becomes valid by itself
        assert not ContactMessage.objects.exists()

    with time_machine.travel("2026-11-23 10:00:10 +0100", tick=False):
        response = _send(client, django_capture_on_commit_callbacks, form_token=token)
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1


@pytest.mark.django_db
def test_it_asks_to_send_again_after_two_hours_with_a_fresh_form(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    stale = spam.issue_form_token(now=time.time() - 3 * 3600)
    response = _send(client, django_capture_on_commit_callbacks, form_token=stale)

    assert response.status_code == 200
    assert "mere end to timer" in response.text
    assert MESSAGE in response.text
    assert stale not in response.text
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_it_asks_only_for_the_missing_fields_when_a_slow_form_also_lacks_some(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    stale = spam.issue_form_token(now=time.time() - 3 * 3600)
    response = _send(client, django_capture_on_commit_callbacks, form_token=stale, email="ikke-en-adresse")

    assert "mere end to timer" not in response.text
    assert "gyldig e-mail" in response.text
    assert stale not in response.text  # a fresh token, so the corrected form goes through


@pytest.mark.django_db
def test_it_rejects_a_forged_form_token(world: World, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    response = _send(client, django_capture_on_commit_callbacks, form_token="forged:token")

    assert response.status_code == 200
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_it_takes_five_messages_an_hour_from_one_address_and_refuses_the_sixth(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(spam.LIMIT_PER_HOUR):
        assert _send(client, django_capture_on_commit_callbacks).status_code == 302

    response = _send(client, django_capture_on_commit_callbacks, message="Endnu et spørgsmål om kurser.")

    assert response.status_code == 200
    assert "inden for den seneste time" in response.text
    assert "Endnu et spørgsmål om kurser." in response.text
    assert ContactMessage.objects.count() == spam.LIMIT_PER_HOUR
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert _send(other_address, django_capture_on_commit_callbacks).status_code == 302


@pytest.mark.django_db
def test_it_preselects_the_topic_from_the_link(client: Client) -> None:
    html = client.get(reverse("public:contact") + "?topic=peer").text
    radios = dict(re.findall(r'<input type="radio" name="topic" value="([a-z]+)"([^>]*)>', html))
    assert set(radios) == set(ContactTopic.values)
    assert [value for value, attributes in radios.items() if "checked" in attributes] == ["peer"]


def _message(world: World, *, organisation: Any = None, name: str = "Sofie") -> ContactMessage:
    return ContactMessage.objects.create(
        organisation=organisation or world.organisation,
        name=name,
        email=f"{name.lower()}@example.dk",
        topic=ContactTopic.COURSES,
        message=f"Spørgsmål fra {name}",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["peer", "citizen", "key_person", "administrator", "analyst"])
def test_it_hides_the_message_page_from_everyone_but_coordinators(world: World, persona: str) -> None:
    _message(world)
    client = login(Client(), world.personas()[persona])
    assert client.get(reverse("public:contact_messages")).status_code == 404


@pytest.mark.django_db
def test_it_hides_the_message_page_from_a_user_with_no_role_anywhere(world: World) -> None:
    _message(world)
    nobody = User.objects.create_user("ingen@example.dk", "Brobygger-test-1")
    client = Client()
    client.force_login(nobody)
    assert client.get(reverse("public:contact_messages")).status_code == 404


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_of_the_message_page_to_log_in(client: Client) -> None:
    response = client.get(reverse("public:contact_messages"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
def test_it_shows_a_coordinator_only_their_own_organisations_messages(world: World, settings: Any) -> None:
    settings.REQUIRE_TWO_FACTOR = False
    _message(world, name="Sofie")
    _message(world, organisation=world.other_organisation, name="Ole")
    client = Client()
    client.force_login(world.coordinator)

    html = client.get(reverse("public:contact_messages")).text

    assert "Spørgsmål fra Sofie" in html
    assert "Spørgsmål fra Ole" not in html
    outsider = Client()
    outsider.force_login(world.outsider)
    assert "Spørgsmål fra Sofie" not in outsider.get(reverse("public:contact_messages")).text


@pytest.mark.django_db
def test_it_logs_that_a_coordinator_read_the_messages(world: World) -> None:
    contact = _message(world)
    login(Client(), world.coordinator).get(reverse("public:contact_messages"))

    entry = AuditEntry.objects.get(action="public.contact_messages.read")
    assert entry.kind == AuditKind.READ
    assert entry.actor == world.coordinator
    assert entry.data["codes"] == [str(contact.code)]


@pytest.mark.django_db
def test_it_lets_a_coordinator_mark_a_message_handled_and_counts_the_rest(world: World) -> None:
    handled, waiting = _message(world, name="Sofie"), _message(world, name="Mads")
    client = login(Client(), world.coordinator)
    entry = next(e for e in entries_for({Role.COORDINATOR}) if e.key == "public.contact")

    response = client.post(
        reverse("public:contact_message_handle", args=[handled.code]), {"action": "handle"}, follow=True
    )

    handled.refresh_from_db()
    assert handled.handled_by == world.coordinator
    assert "Spørgsmål fra Sofie" not in response.text  # gone from the unhandled list
    assert "Spørgsmål fra Mads" in response.text
    assert _count(entry, response.wsgi_request) == 1
    all_messages = client.get(reverse("public:contact_messages") + "?show=all").text
    assert "Spørgsmål fra Sofie" in all_messages
    waiting.refresh_from_db()
    assert waiting.handled_at is None


def _count(entry: NavEntry, request: Any) -> int | None:
    assert entry.count is not None
    return entry.count(request)


@pytest.mark.django_db
def test_it_lets_no_coordinator_of_another_organisation_handle_a_message(world: World) -> None:
    contact = _message(world)
    client = login(Client(), world.outsider)

    response = client.post(reverse("public:contact_message_handle", args=[contact.code]), {"action": "handle"})

    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.handled_at is None


@pytest.mark.django_db
def test_it_deletes_messages_when_the_retention_period_ends(world: World, settings: Any) -> None:
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 30
    with time_machine.travel("2026-01-01 12:00 +0100", tick=False):
        _message(world, name="Gammel")
    with time_machine.travel("2026-01-20 12:00 +0100", tick=False):
        _message(world, name="Ny")
    with time_machine.travel("2026-02-05 12:00 +0100", tick=False):
        assert run_daily_jobs_task.call()["core.retention"].startswith("ok")
    assert list(ContactMessage.objects.values_list("name", flat=True)) == ["Ny"]
    purge = AuditEntry.objects.get(
        action="core.retention.purged", data__type="public.contact_messages", organisation=world.organisation
    )
    assert purge.kind == AuditKind.DELETE and purge.data["deleted"] == 1


@pytest.mark.django_db
def test_it_deletes_earlier_for_an_organisation_with_a_shorter_period_only(world: World, settings: Any) -> None:
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 365
    retention.set_retention_periods(
        organisation=world.organisation, acting_user=world.administrator, periods={"public.contact_messages": 30}
    )
    with time_machine.travel("2026-01-01 12:00 +0100", tick=False):
        _message(world, name="Vores")
        _message(world, name="Deres", organisation=world.other_organisation)
        ContactMessage.objects.create(name="Ingen", email="ingen@example.dk", topic=ContactTopic.OTHER, message="?")
    with time_machine.travel("2026-02-05 12:00 +0100", tick=False):
        run_daily_jobs_task.call()
    assert set(ContactMessage.objects.values_list("name", flat=True)) == {"Deres", "Ingen"}
    [ours] = AuditEntry.objects.filter(action="core.retention.purged", data__type="public.contact_messages").filter(
        organisation=world.organisation
    )
    assert ours.data == {"type": "public.contact_messages", "retention_days": 30, "deleted": 1}


@pytest.mark.django_db
def test_it_mails_nobody_but_the_sender_when_the_organisation_has_no_active_coordinator(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.filter(user=world.coordinator).update(active=False)
    User.objects.filter(pk=world.outsider.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit_contact_message(
            name="Sofie",
            email="sofie@example.dk",
            topic=ContactTopic.OTHER,
            message=MESSAGE,
            organisation=world.organisation,
        )
    assert _recipients(mailoutbox) == {"sofie@example.dk"}
