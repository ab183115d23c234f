"""The demo partnership: realistic, idempotent, modelled on the seeds.

A region with two inpatient wards and a district-psychiatry clinic, two municipalities with a
housing service and a recovery school, and a volunteer organisation. Other apps add their own
demo data through a `demo.py` module with `build(demo: Demo) -> None`, called in app order.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from core.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Programme,
    RetentionPeriod,
    Role,
    Unit,
    UnitKind,
    User,
)
from core.programme_defaults import ProgrammeModel

DEMO_PASSWORD = "demo-brobygger"
DEMO_DOMAIN = "demo.brobygger.dk"


@dataclass
class Demo:
    faker: Faker
    partnership: Partnership
    region: Organisation
    roskilde: Organisation
    aarhus: Organisation
    volunteers: Organisation
    units: dict[str, Unit]
    programmes: dict[str, Programme]
    logins: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def demo_totp_key(email: str) -> str:
    """A stable TOTP key per demo user, so the printed set-up stays valid across reloads (hex, 20 bytes)."""
    return hashlib.sha256(f"brobygger-demo:{email}".encode()).hexdigest()[:40]


def demo_totp_secret(email: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(email))).decode()


def ensure_user(email: str, first_name: str, last_name: str, *, totp: bool = True) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    if totp:
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo authenticator", defaults={"key": demo_totp_key(email), "confirmed": True}
        )
    return user


def ensure_member(user: User, organisation: Organisation, role: str, unit: Unit | None = None) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, unit=unit, defaults={"active": True}
    )


def _org(name: str, kind: str, **kw: Any) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, **kw})
    return org


def _unit(org: Organisation, name: str, kind: str, **kw: Any) -> Unit:
    unit, _ = Unit.objects.get_or_create(organisation=org, name=name, defaults={"kind": kind, **kw})
    return unit


def _programme(org: Organisation, name: str, model: str, partnership: Partnership, units: list[Unit]) -> Programme:
    programme, created = Programme.objects.get_or_create(
        organisation=org, name=name, defaults={"model": model, "partnership": partnership}
    )
    if created:
        programme.units.set(units)
    return programme


@transaction.atomic
def build_core() -> Demo:
    faker = Faker("da_DK")
    faker.seed_instance(2018)
    region = _org("Region Sjælland – Psykiatrien", OrganisationKind.REGION, email="psykiatri@demo.brobygger.dk")
    roskilde = _org("Roskilde Kommune", OrganisationKind.MUNICIPALITY, email="socialpsykiatri@demo.brobygger.dk")
    aarhus = _org("Aarhus Kommune", OrganisationKind.MUNICIPALITY, email="recovery@demo.brobygger.dk")
    volunteers = _org(
        "SIND Frivilligcenter",
        OrganisationKind.CIVIL_SOCIETY,
        is_public_authority=False,
        email="frivillig@demo.brobygger.dk",
    )
    partnership, _ = Partnership.objects.get_or_create(
        name="Peer-partnerskabet Sjælland og Midt",
        defaults={"description": "Region, kommuner og civilsamfund, der sammen driver peer-støtte."},
    )
    partnership.organisations.add(region, roskilde, aarhus, volunteers)

    units = {
        "ward_a": _unit(
            region,
            "Afsnit 1 – Psykiatrisk Center Roskilde",
            UnitKind.WARD,
            address="Smedegade 10",
            postcode="4000",
            city="Roskilde",
            municipality="Roskilde",
            site="Roskilde",
        ),
        "ward_b": _unit(
            region,
            "Afsnit 2 – Psykiatrisk Center Roskilde",
            UnitKind.WARD,
            address="Smedegade 10",
            postcode="4000",
            city="Roskilde",
            municipality="Roskilde",
            site="Roskilde",
        ),
        "clinic": _unit(
            region,
            "Distriktspsykiatrien Holbæk",
            UnitKind.OUTPATIENT,
            address="Kasernevej 1",
            postcode="4300",
            city="Holbæk",
            municipality="Holbæk",
            site="Holbæk",
        ),
        "housing": _unit(
            roskilde,
            "Bostedet Lindegården",
            UnitKind.MUNICIPAL_SERVICE,
            address="Lindevej 4",
            postcode="4000",
            city="Roskilde",
            municipality="Roskilde",
        ),
        "ark": _unit(
            roskilde,
            "ARK – Akademi for Recovery og Kompetence",
            UnitKind.RECOVERY_SCHOOL,
            address="Køgevej 80",
            postcode="4000",
            city="Roskilde",
            municipality="Roskilde",
        ),
        "school": _unit(
            aarhus,
            "Recoveryskolen Aarhus",
            UnitKind.RECOVERY_SCHOOL,
            address="Vestergade 43",
            postcode="8000",
            city="Aarhus C",
            municipality="Aarhus",
        ),
        "aarhus_housing": _unit(
            aarhus,
            "Botilbuddet Skovbrynet",
            UnitKind.MUNICIPAL_SERVICE,
            address="Skovbrynet 12",
            postcode="8220",
            city="Brabrand",
            municipality="Aarhus",
        ),
        "volunteer_centre": _unit(
            volunteers,
            "Frivilligcenter Roskilde",
            UnitKind.VOLUNTEER_CENTRE,
            address="Hersegade 20",
            postcode="4000",
            city="Roskilde",
            municipality="Roskilde",
        ),
    }
    programmes = {
        "bridge_builders": _programme(
            region,
            "Peers som brobyggere",
            ProgrammeModel.BRIDGE_BUILDERS,
            partnership,
            [units["ward_a"], units["ward_b"], units["clinic"]],
        ),
        "peer_guide": _programme(region, "Peer-guides", ProgrammeModel.PEER_GUIDE, partnership, [units["clinic"]]),
        "ark": _programme(roskilde, "ARK-kurser", ProgrammeModel.ARK, partnership, [units["ark"]]),
        "individual": _programme(
            roskilde, "Individuel peer-støtte", ProgrammeModel.INDIVIDUAL_AND_GROUP, partnership, [units["housing"]]
        ),
        "school": _programme(aarhus, "Recoveryskolen", ProgrammeModel.RECOVERY_SCHOOL, partnership, [units["school"]]),
        "bridge_everyday": _programme(
            volunteers,
            "Bro til hverdagslivet",
            ProgrammeModel.BRIDGE_TO_EVERYDAY,
            partnership,
            [units["volunteer_centre"]],
        ),
    }
    demo = Demo(faker, partnership, region, roskilde, aarhus, volunteers, units, programmes)

    people = [
        ("coordinator", Role.COORDINATOR, region, None),
        ("peer", Role.PEER, region, None),
        ("key_person", Role.KEY_PERSON, region, units["ward_a"]),
        ("citizen", Role.CITIZEN, region, None),
        ("lead", Role.LEAD, region, None),
        ("teacher", Role.TEACHER, roskilde, units["ark"]),
        ("analyst", Role.ANALYST, region, None),
        ("administrator", Role.ADMINISTRATOR, region, None),
    ]
    local_parts = {
        "coordinator": "koordinator",
        "peer": "peer",
        "key_person": "noegleperson",
        "citizen": "borger",
        "lead": "tovholder",
        "teacher": "underviser",
        "analyst": "analytiker",
        "administrator": "administrator",
    }
    for key, role, org, unit in people:
        email = f"{local_parts[key]}@{DEMO_DOMAIN}"
        first, last = faker.first_name(), faker.last_name()
        user = ensure_user(email, first, last, totp=role not in (Role.CITIZEN, Role.ANALYST))
        ensure_member(user, org, role, unit)
        demo.logins[key] = user
    # The administrator also administers the municipality, to show the organisation switcher.
    ensure_member(demo.logins["administrator"], roskilde, Role.ADMINISTRATOR)
    ensure_member(demo.logins["coordinator"], volunteers, Role.COORDINATOR)
    # The region deletes contact messages after half a year rather than the installation's year.
    RetentionPeriod.objects.get_or_create(organisation=region, key="public.contact_messages", defaults={"days": 180})
    return demo


def build() -> Demo:
    demo = build_core()
    for config in apps.get_app_configs():
        if config.name == "core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        with transaction.atomic():
            module.build(demo)
    return demo
