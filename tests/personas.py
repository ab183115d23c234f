"""Named personas for tests: one person per role in 'Region Testland', and an outsider elsewhere.

world = make_world()
login(client, world.coordinator)      # logs in with both factors done
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Membership, Organisation, OrganisationKind, Programme, Role, Unit, UnitKind, User
from people.models import Citizen

PASSWORD = "Brobygger-test-1"


@dataclass
class World:
    organisation: Organisation
    other_organisation: Organisation
    ward: Unit
    school: Unit
    programme: Programme
    coordinator: User
    peer: User
    key_person: User
    citizen: User
    citizen_record: Citizen
    teacher: User
    lead: User
    analyst: User
    administrator: User
    outsider: User
    other_citizen_record: Citizen

    def personas(self) -> dict[str, User]:
        return {
            "coordinator": self.coordinator,
            "peer": self.peer,
            "key_person": self.key_person,
            "citizen": self.citizen,
            "teacher": self.teacher,
            "lead": self.lead,
            "analyst": self.analyst,
            "administrator": self.administrator,
            "outsider": self.outsider,
        }


def make_user(email: str, first_name: str, last_name: str = "Testesen", *, totp: bool = True) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=first_name, last_name=last_name)
    if totp:
        TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user


def make_member(
    email: str, first_name: str, organisation: Organisation, role: str, unit: Unit | None = None, **kwargs: Any
) -> User:
    user = make_user(email, first_name, **kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role, unit=unit)
    return user


def make_world() -> World:
    org = Organisation.objects.create(name="Region Testland", kind=OrganisationKind.REGION)
    other = Organisation.objects.create(name="Andenby Kommune", kind=OrganisationKind.MUNICIPALITY)
    ward = Unit.objects.create(organisation=org, name="Afsnit P1", kind=UnitKind.WARD, municipality="Roskilde")
    school = Unit.objects.create(organisation=org, name="Recoveryskolen", kind=UnitKind.RECOVERY_SCHOOL)
    programme = Programme.objects.create(organisation=org, name="Peer-guides", model=Programme.Model.PEER_GUIDE)
    citizen_user = make_member("borger@example.dk", "Birgit", org, Role.CITIZEN, totp=False)
    citizen_record = Citizen.objects.create(
        organisation=org, first_name="Birgit", last_name="Testesen", email="borger@example.dk", user=citizen_user
    )
    outsider = make_member("udenfor@example.dk", "Ulla", other, Role.COORDINATOR)
    other_citizen = Citizen.objects.create(organisation=other, first_name="Ole", email="ole@example.dk")
    return World(
        organisation=org,
        other_organisation=other,
        ward=ward,
        school=school,
        programme=programme,
        coordinator=make_member("koordinator@example.dk", "Karin", org, Role.COORDINATOR),
        peer=make_member("peer@example.dk", "Peter", org, Role.PEER),
        key_person=make_member("noegleperson@example.dk", "Nina", org, Role.KEY_PERSON, unit=ward),
        citizen=citizen_user,
        citizen_record=citizen_record,
        teacher=make_member("underviser@example.dk", "Tove", org, Role.TEACHER, unit=school),
        lead=make_member("tovholder@example.dk", "Lars", org, Role.LEAD),
        analyst=make_member("analytiker@example.dk", "Anne", org, Role.ANALYST, totp=False),
        administrator=make_member("admin@example.dk", "Adam", org, Role.ADMINISTRATOR),
        outsider=outsider,
        other_citizen_record=other_citizen,
    )


def login(client: Client, user: User) -> Client:
    """Log in as the user with the second factor already given (as after a real two-factor login)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
