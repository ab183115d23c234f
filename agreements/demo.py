"""Demo agreements: function descriptions filled in locally, volunteer agreements in periods, employment records.

Idempotent: a template, agreement or employment record is only made when the organisation or peer has
none yet. Builds on the people app's demo peers (found by their demo e-mail addresses).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from agreements import documents, periods, reference_services, services
from agreements.models import AgreementPeriod, DocumentTemplate, EmploymentRecord, Reference, VolunteerAgreement
from core.demo import DEMO_DOMAIN, Demo, ensure_member, ensure_user
from core.models import Organisation, Role, User
from people.models import Peer, PeerKind, PeerStatus

VOLUNTEER_LOGIN = f"frivillig@{DEMO_DOMAIN}"

LOCAL_VALUES: dict[str, dict[str, dict[str, str]]] = {
    "region": {
        "volunteer_agreement": {
            "Afbud og kontakt (navn, telefon og e-mail)": "Peer-guide-koordinatoren, telefon 70 15 50 00",
        },
        "role_peer": {
            "Organisatorisk placering": "Psykiatrisk udviklingsenhed, Psykiatrien Øst",
            "Nærmeste leder": "Leder af den psykiatriske udviklingsenhed",
            "Mentor i personalegruppen": "En erfaren sygeplejerske på hvert sengeafsnit",
            "Interne samarbejdspartnere": "Nøglepersoner på sengeafsnit 1 og 2 og i distriktspsykiatrien",
            "Eksterne samarbejdspartnere": "Roskilde Kommunes socialpsykiatri og SIND",
        },
        "role_peer_guide": {
            "Lokaler til møder med borgere": "Mødelokaler i distriktspsykiatrien og på biblioteket i Holbæk",
            "Organisation, hvor peer-guiderne er forankret": "SIND Frivilligcenter",
            "Peer-guide-koordinator": "Koordinatoren for peer-guiderne i Region Sjælland",
            "Supervisor": "Psykolog, gruppesupervision hver anden måned",
        },
        "role_coordinator": {
            "Overordnet koordinator": "Frivilligkoordinatoren i SIND Frivilligcenter",
            "Regionstovholder": "Tovholderen i Psykiatrien Øst",
            "Projektleder": "Leder af den psykiatriske udviklingsenhed",
        },
    },
    "roskilde": {
        "role_peer": {
            "Organisatorisk placering": "Center for Socialpsykiatri, Bostedet Lindegården",
            "Nærmeste leder": "Forstanderen på Lindegården",
            "Mentor i personalegruppen": "En socialpædagog fra dagholdet",
        },
        "role_peer_teacher": {
            "Kontaktperson/leder": "Tovholderen i ARK – Akademi for Recovery og Kompetence",
        },
    },
    "aarhus": {
        "role_peer_teacher": {
            "Kontaktperson/leder": "Lederen af Recoveryskolen Aarhus",
            "Særlige opgaver": "Introduktionsmøder for nye kursister hver måned",
        },
    },
    "volunteers": {
        "volunteer_agreement": {
            "Afbud og kontakt (navn, telefon og e-mail)": (
                "Frivilligkoordinatoren, telefon 46 30 00 00, frivillig@demo.brobygger.dk"
            ),
        },
        "role_peer_guide": {
            "Lokaler til møder med borgere": "Frivilligcenter Roskilde, Hersegade 20",
            "Organisation, hvor peer-guiderne er forankret": "SIND Frivilligcenter",
            "Peer-guide-koordinator": "Frivilligkoordinatoren",
            "Supervisor": "Psykolog, gruppesupervision en gang om måneden",
        },
    },
}


def build(demo: Demo) -> None:
    organisations = {
        "region": demo.region,
        "roskilde": demo.roskilde,
        "aarhus": demo.aarhus,
        "volunteers": demo.volunteers,
    }
    coordinator = demo.logins["coordinator"]
    for key, organisation in organisations.items():
        _templates(organisation, LOCAL_VALUES.get(key, {}), coordinator)
    today = timezone.localdate()
    peers = {p.email.split("@")[0].removeprefix("peer-"): p for p in _demo_peers(demo)}
    volunteer_login = _volunteer_login(demo, peers.get("region-4"))
    peer_login = demo.logins.get("peer")
    for key, peer in peers.items():
        if peer.status not in (PeerStatus.ACTIVE, PeerStatus.PAUSED):
            continue
        if peer.kind in (PeerKind.PAID, PeerKind.DUAL_COMPETENCE):
            # The demo peer login's record has special considerations: only they and the coordinator see them.
            _employment(
                peer, coordinator, today, with_considerations=peer_login is not None and peer.user == peer_login
            )
        else:
            _agreement(demo, key, peer, coordinator, today, volunteer_login)
    ended = peers.get("region-6")
    if ended is not None:
        _ended_with_reference(ended, coordinator, today)


def _templates(organisation: Organisation, values: dict[str, dict[str, str]], user: User) -> None:
    for kind, local_values in values.items():
        if DocumentTemplate.objects.filter(organisation=organisation, kind=kind).exists():
            continue
        services.save_template(
            organisation=organisation,
            kind=kind,
            body=documents.default_body(kind),
            local_values=local_values,
            acting_user=user,
        )


def _demo_peers(demo: Demo) -> list[Peer]:
    organisations = [demo.region, demo.roskilde, demo.aarhus, demo.volunteers]
    return list(
        Peer.objects.filter(organisation__in=organisations, email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("organisation")
        .order_by("pk")
    )


def _volunteer_login(demo: Demo, peer: Peer | None) -> User | None:
    """A login for one active volunteer, so the demo shows an agreement accepted electronically."""
    if peer is None or peer.status != PeerStatus.ACTIVE:
        return None
    user = ensure_user(VOLUNTEER_LOGIN, peer.first_name, peer.last_name)
    ensure_member(user, peer.organisation, Role.PEER)
    if peer.user_id is None and not Peer.objects.filter(user=user).exists():
        Peer.objects.filter(pk=peer.pk).update(user=user)
        peer.user = user
    demo.logins.setdefault("volunteer", user)
    return user if peer.user_id == user.pk else None


def _months_ago(today: datetime.date, months: int, days: int = 0) -> datetime.date:
    return periods.add_months(today, -months) - datetime.timedelta(days=days)


def _agreement(demo: Demo, key: str, peer: Peer, coordinator: User, today: datetime.date, login: User | None) -> None:
    if VolunteerAgreement.objects.filter(peer=peer).exists():
        return
    programme = peer.programmes.order_by("pk").first()
    if programme is None:
        return
    months = documents.agreement_months(programme)
    if key == "frivillig-1":
        # The first period ends in three weeks: the list shows it under "ending within 30 days".
        starts_on = periods.add_months(today + datetime.timedelta(days=21), -months) + datetime.timedelta(days=1)
    elif key == "region-4":
        starts_on = _months_ago(today, months, days=40)  # renewed once; in its second period
    else:
        starts_on = _months_ago(today, 2)
    role = "role_peer_guide" if programme.model == "peer_guide" else "role_peer"
    agreement = services.create_agreement(
        peer=peer,
        programme=programme,
        coordinator=coordinator,
        starts_on=starts_on,
        acting_user=coordinator,
        first_name=peer.first_name,
        last_name=peer.last_name,
        phone=peer.phone,
        email=peer.email,
        address=demo.faker.street_address(),
        postcode="4000",
        city="Roskilde",
        role=role,
        insurance=(
            f"Når du er frivillig, er du dækket af den forsikring, {peer.organisation.name} har for sine "
            "frivillige. Den dækker fysiske skader."
        ),
    )
    if key == "region-4":
        first = agreement.periods.get()
        services.record_renewal_talk(
            agreement=agreement,
            held_on=first.ends_on - datetime.timedelta(days=10),
            outcome="renewed",
            acting_user=coordinator,
            notes="Trives med at være peer-guide og vil gerne fortsætte et halvt år mere.",
        )
        if login is not None:
            services.accept_agreement(agreement=agreement, user=login, typed_name=agreement.full_name, consent=True)
    if key in ("region-4", "frivillig-1"):
        services.record_record_check(
            peer=peer, seen_on=starts_on, seen_by_name=coordinator.display_name, acting_user=coordinator
        )


def _employment(peer: Peer, coordinator: User, today: datetime.date, *, with_considerations: bool) -> None:
    if EmploymentRecord.objects.filter(peer=peer).exists():
        return
    role = "role_peer_teacher" if peer.programmes.filter(model__in=["recovery_school", "ark"]).exists() else "role_peer"
    services.save_employment_record(
        peer=peer,
        acting_user=coordinator,
        starts_on=peer.started_at or _months_ago(today, 8),
        hours_per_week=peer.hours_per_week or Decimal(15),
        unit=peer.units.order_by("pk").first(),
        role=role,
        flex_job=peer.hours_per_week is not None and peer.hours_per_week < 15,
        considerations=(
            "Har brug for en fast pause midt på vagten og mulighed for at gå fra, hvis en samtale bliver for tung."
            if with_considerations
            else None
        ),
    )


def _ended_with_reference(peer: Peer, coordinator: User, today: datetime.date) -> None:
    """A volunteer who has left: an ended agreement, the occasions counted, and a reference being written."""
    if VolunteerAgreement.objects.filter(peer=peer).exists() or peer.programmes.count() == 0:
        return
    ended_on = peer.ended_at or today - datetime.timedelta(days=60)
    programme = peer.programmes.order_by("pk").first()
    assert programme is not None
    starts_on = periods.add_months(ended_on, -9)
    # History as it was: the agreement was made and renewed while the volunteer was active (the service
    # refuses new agreements for peers who have ended), then the volunteer ended it.
    first = periods.period_from(starts_on, documents.agreement_months(programme))
    agreement = VolunteerAgreement.objects.create(
        organisation=peer.organisation,
        peer=peer,
        programme=programme,
        coordinator=coordinator,
        role="role_peer_guide",
        first_name=peer.first_name,
        last_name=peer.last_name,
        email=peer.email,
        phone=peer.phone,
        starts_on=starts_on,
        text=documents.filled_text(
            documents.template_for(peer.organisation, "volunteer_agreement"),
            documents.agreement_data(
                organisation=peer.organisation,
                programme=programme,
                coordinator_name=coordinator.display_name,
                peer_name=peer.full_name,
                starts_on=starts_on,
            ),
        ),
        role_description=documents.role_description_text(peer.organisation, "role_peer_guide"),
        insurance="Dækket af forsikringen for frivillige.",
        ended_on=ended_on,
        ended_by="volunteer",
        end_reason="Har fået fuldtidsarbejde",
        created_by=coordinator,
    )
    AgreementPeriod.objects.create(
        agreement=agreement, peer=peer, number=1, starts_on=first.starts_on, ends_on=first.ends_on
    )
    AgreementPeriod.objects.create(
        agreement=agreement,
        peer=peer,
        number=2,
        starts_on=first.ends_on + datetime.timedelta(days=1),
        ends_on=max(ended_on, first.ends_on + datetime.timedelta(days=1)),
    )
    reference_services.set_manual_occasions(peer=peer, count=16, acting_user=coordinator)
    if not Reference.objects.filter(peer=peer).exists():
        template = documents.template_for(peer.organisation, "reference")
        Reference.objects.create(
            organisation=peer.organisation,
            peer=peer,
            text=documents.filled_text(
                template,
                {
                    "organisation": peer.organisation.name,
                    "name": peer.full_name,
                    "first_name": peer.first_name,
                    "start": documents.date_text(starts_on),
                    "end": documents.date_text(ended_on),
                    "roles": "peer-guide",
                    "programmes": programme.name,
                    "occasions": "16",
                    "coordinator": coordinator.display_name,
                },
            ),
            recipient_email=peer.email,
            created_by=coordinator,
        )
