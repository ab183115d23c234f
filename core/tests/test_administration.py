"""The organisation administrator manages units, programmes, users and roles in the product's own pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, Invitation, Membership, Programme, Unit
from tests.personas import World, login


@pytest.mark.django_db
def test_it_creates_a_unit(world: World) -> None:
    client = login(Client(), world.administrator)
    response = client.post(
        reverse("core:unit_create"),
        {
            "name": "Afsnit P5",
            "kind": "ward",
            "address": "Vej 1",
            "postcode": "4000",
            "city": "Roskilde",
            "municipality": "Roskilde",
            "site": "Roskilde",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="Afsnit P5").organisation == world.organisation


@pytest.mark.django_db
def test_it_explains_a_bad_postcode_and_keeps_what_was_typed(world: World) -> None:
    client = login(Client(), world.administrator)
    response = client.post(reverse("core:unit_create"), {"name": "Afsnit P5", "kind": "ward", "postcode": "40"})
    assert response.status_code == 200
    assert "postcode" in response.context["form"].errors
    assert 'value="Afsnit P5"' in response.content.decode()
    assert not Unit.objects.filter(name="Afsnit P5").exists()


@pytest.mark.django_db
def test_it_refuses_two_units_with_the_same_name(world: World) -> None:
    client = login(Client(), world.administrator)
    response = client.post(reverse("core:unit_create"), {"name": "afsnit p1", "kind": "ward"})
    assert "name" in response.context["form"].errors


@pytest.mark.django_db
def test_it_starts_a_programme_with_the_models_defaults_and_saves_changed_settings(world: World) -> None:
    client = login(Client(), world.administrator)
    response = client.post(reverse("core:programme_create"), {"name": "Brobyggere", "model": "bridge_builders"})
    programme = Programme.objects.get(name="Brobyggere")
    assert response["Location"] == reverse("core:programme_edit", kwargs={"code": programme.code})
    assert programme.setting("ward_shifts_per_week") == 2
    form = client.get(response["Location"]).context["form"]
    data = {k: v for k, v in ((name, form[name].value()) for name in form.fields) if v is not None}
    data.update({"name": "Brobyggere", "setting_ward_shifts_per_week": "3", "active": "on"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data.pop("units", None)
    response = client.post(reverse("core:programme_edit", kwargs={"code": programme.code}), data)
    assert response.status_code == 302, response.context["form"].errors
    programme.refresh_from_db()
    assert programme.setting("ward_shifts_per_week") == 3
    assert programme.settings == {"ward_shifts_per_week": 3}


@pytest.mark.django_db
def test_it_invites_by_email_and_the_invitee_gets_the_role(world: World, django_capture_on_commit_callbacks) -> None:
    client = login(Client(), world.administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:user_invite"), {"email": "Ny.Peer@Example.dk", "role": "peer"})
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.peer@example.dk"
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    anonymous = Client()
    response = anonymous.post(
        reverse("core:accept_invitation", kwargs={"token": invitation.token}),
        {"first_name": "Nanna", "last_name": "Ny", "password1": "Et-godt-kodeord-7", "password2": "Et-godt-kodeord-7"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ny.peer@example.dk")
    assert membership.role == "peer" and membership.organisation == world.organisation
    again = anonymous.get(reverse("core:accept_invitation", kwargs={"token": invitation.token}))
    assert again.status_code == 410


@pytest.mark.django_db
def test_it_adds_and_removes_roles_but_not_your_own_administrator_role(world: World) -> None:
    client = login(Client(), world.administrator)
    client.post(
        reverse("core:user_detail", kwargs={"code": world.peer.code}), {"role": "teacher", "unit": world.school.pk}
    )
    assert Membership.objects.filter(user=world.peer, role="teacher", unit=world.school, active=True).exists()
    teacher = Membership.objects.get(user=world.peer, role="teacher")
    client.post(reverse("core:membership_end", kwargs={"code": teacher.code}))
    teacher.refresh_from_db()
    assert not teacher.active
    own = Membership.objects.get(user=world.administrator, role="administrator")
    client.post(reverse("core:membership_end", kwargs={"code": own.code}))
    own.refresh_from_db()
    assert own.active


@pytest.mark.django_db
def test_it_puts_a_programme_in_a_partnership_of_the_organisation_only(world: World) -> None:
    from core.models import Partnership

    ours = Partnership.objects.create(name="Peer-partnerskabet")
    ours.organisations.add(world.organisation, world.other_organisation)
    theirs = Partnership.objects.create(name="Andenbys netværk")
    theirs.organisations.add(world.other_organisation)
    client = login(Client(), world.administrator)
    form = client.get(reverse("core:programme_create")).content.decode()
    assert "Peer-partnerskabet" in form and "Andenbys netværk" not in form
    refused = client.post(
        reverse("core:programme_create"), {"name": "Brobyggere", "model": "bridge_builders", "partnership": theirs.pk}
    )
    assert refused.status_code == 200 and not Programme.objects.filter(name="Brobyggere").exists()
    assert 'value="Brobyggere"' in refused.content.decode()
    client.post(
        reverse("core:programme_create"), {"name": "Brobyggere", "model": "bridge_builders", "partnership": ours.pk}
    )
    programme = Programme.objects.get(name="Brobyggere")
    assert programme.partnership == ours
    assert "Peer-partnerskabet" in client.get(reverse("core:programme_list")).content.decode()


@pytest.mark.django_db
def test_it_sends_an_invitation_again_with_a_new_link_and_the_old_one_stops_working(
    world: World, django_capture_on_commit_callbacks
) -> None:
    client = login(Client(), world.administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:user_invite"), {"email": "ny@example.dk", "role": "coordinator"})
    invitation = Invitation.objects.get()
    old_token = invitation.token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert "Udløbet" in client.get(reverse("core:user_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:invitation_resend", kwargs={"code": invitation.code}), follow=True)
    assert "Invitationen er sendt igen til ny@example.dk" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.token != old_token and invitation.is_open
    assert len(mail.outbox) == 2 and invitation.token in mail.outbox[1].body
    assert Client().get(reverse("core:accept_invitation", kwargs={"token": old_token})).status_code == 404
    assert Client().get(reverse("core:accept_invitation", kwargs={"token": invitation.token})).status_code == 200
    assert AuditEntry.objects.filter(action="core.invitation.resent", actor=world.administrator).exists()


@pytest.mark.django_db
def test_it_withdraws_an_invitation_so_its_link_stops_working(world: World) -> None:
    invitation = Invitation.objects.create(organisation=world.organisation, email="ny@example.dk", role="peer")
    client = login(Client(), world.administrator)
    response = client.post(reverse("core:invitation_cancel", kwargs={"code": invitation.code}), follow=True)
    assert "Invitationen til ny@example.dk er trukket tilbage" in response.content.decode()
    assert not Invitation.objects.exists()
    assert Client().get(reverse("core:accept_invitation", kwargs={"token": invitation.token})).status_code == 404
    entry = AuditEntry.objects.get(action="core.invitation.cancelled")
    assert (entry.kind, entry.actor, entry.data["email"]) == ("delete", world.administrator, "ny@example.dk")


@pytest.mark.django_db
def test_it_lets_only_the_organisations_administrator_resend_or_withdraw_an_invitation(world: World) -> None:
    invitation = Invitation.objects.create(organisation=world.organisation, email="ny@example.dk", role="peer")
    Membership.objects.create(user=world.outsider, organisation=world.other_organisation, role="administrator")
    for name, user in world.personas().items():
        client = login(Client(), user)
        for url_name in ("core:invitation_resend", "core:invitation_cancel"):
            url = reverse(url_name, kwargs={"code": invitation.code})
            assert client.get(url).status_code == 405, f"{name} GET {url_name}"
            if name != "administrator":
                assert client.post(url).status_code == 404, f"{name} POST {url_name}"
    assert Invitation.objects.filter(pk=invitation.pk, token=invitation.token).exists()
