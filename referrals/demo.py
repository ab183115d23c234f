"""Demo referrals: a peer-guide queue in the region (model 3) with citizens who have waited from a few
days to more than the 14-day alert, a proposal waiting for the demo peer's answer, an accepted match
whose course the support demo continues, a match the peer declined, a self-referral to the volunteers'
companionship (model 2) and a referral to individual peer support in Roskilde (model 1).

Idempotent: a citizen is referred once per programme; runs before the support demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo
from core.models import Organisation, Programme, User
from people.models import Citizen, Peer
from referrals import eligibility, services
from referrals.models import ContactVia, Flow, Match, MatchStatus, Referral, ReferralStatus, ReferrerKind
from referrals.selectors import settings_for


@dataclass
class DemoReferral:
    programme: str
    citizen: tuple[str, str]
    municipality: str
    waited_days: int
    flow: str
    referrer_kind: str
    unit: str | None = None
    languages: list[str] = field(default_factory=lambda: ["da"])
    availability: list[str] = field(default_factory=lambda: ["tue-pm", "thu-pm"])
    areas: list[str] = field(default_factory=list)
    gender: str = ""
    age: tuple[int | None, int | None] = (None, None)
    places: list[str] = field(default_factory=lambda: ["cafe", "outdoors"])
    note: str = ""


QUEUE = [
    DemoReferral(
        "peer_guide",
        ("Henrik", "Lund"),
        "Holbæk",
        22,
        Flow.OUTPATIENT,
        ReferrerKind.KEY_PERSON,
        "clinic",
        availability=["mon-am", "wed-am"],
        areas=["depression"],
        note="Bedst at ringe efter kl. 10.",
    ),
    DemoReferral(
        "peer_guide",
        ("Aisha", "Nour"),
        "Roskilde",
        17,
        Flow.INPATIENT,
        ReferrerKind.KEY_PERSON,
        "ward_a",
        languages=["da", "ar"],
        availability=["tue-pm", "thu-pm"],
        areas=["anxiety"],
        gender="woman",
        places=["cafe", "activity"],
    ),
    DemoReferral(
        "peer_guide",
        ("Rasmus", "Holm"),
        "Roskilde",
        9,
        Flow.INPATIENT,
        ReferrerKind.LEAD,
        "ward_b",
        availability=["tue-pm", "fri-am"],
        areas=["psychiatric_admission"],
        age=(30, 55),
    ),
    DemoReferral(
        "peer_guide",
        ("Camilla", "Berg"),
        "Holbæk",
        3,
        Flow.OUTPATIENT,
        ReferrerKind.CONTACT_PERSON,
        "clinic",
        availability=["thu-pm", "sat-am"],
        places=["outdoors"],
    ),
    DemoReferral(
        "individual",
        ("Torben", "Skov"),
        "Roskilde",
        6,
        Flow.MUNICIPAL,
        ReferrerKind.COLLEAGUE,
        "housing",
        availability=["mon-am", "wed-am"],
        areas=["housing_service"],
    ),
    DemoReferral(
        "bridge_everyday",
        ("Inge", "Dam"),
        "Rudersdal",
        5,
        Flow.SELF,
        ReferrerKind.CITIZEN,
        availability=["wed-pm", "sun-pm"],
        places=["activity", "outdoors"],
    ),
]
# Matched to the demo peer: Sofie's course has begun (the support demo continues it), Ahmad's proposal
# waits for the peer's answer.
ACCEPTED = DemoReferral(
    "peer_guide", ("Sofie", "Dahl"), "Roskilde", 12, Flow.INPATIENT, ReferrerKind.KEY_PERSON, "ward_a"
)
PROPOSED = DemoReferral(
    "peer_guide",
    ("Ahmad", "Rahimi"),
    "Holbæk",
    4,
    Flow.OUTPATIENT,
    ReferrerKind.KEY_PERSON,
    "clinic",
    languages=["da", "fa"],
    availability=["tue-pm"],
)
# Demo peer guides take up to three citizens at a time, so that the demo has a free place to match.
DEMO_GUIDE_CAPACITY = 3


def _citizen(organisation: Organisation, first: str, last: str, municipality: str) -> Citizen:
    found = Citizen.objects.filter(organisation=organisation, first_name=first, last_name=last).first()
    if found is not None:
        return found
    return Citizen.objects.create(
        organisation=organisation,
        first_name=first,
        last_name=last,
        municipality=municipality,
        phone=f"2{abs(hash((first, last))) % 10_000_000:07d}",
    )


def _refer(demo: Demo, spec: DemoReferral, actor: User | None) -> Referral | None:
    programme: Programme = demo.programmes[spec.programme]
    citizen = _citizen(programme.organisation, *spec.citizen, spec.municipality)
    existing = Referral.objects.filter(citizen=citizen, programme=programme).first()
    if existing is not None:
        return None
    self_referral = spec.referrer_kind == ReferrerKind.CITIZEN
    referral = services.refer_citizen(
        actor=None if self_referral else actor,
        programme=programme,
        citizen=citizen,
        answers=eligibility.Answers(old_enough=True, applies=frozenset()),
        wishes=services.Wishes(
            languages=spec.languages,
            availability=spec.availability,
            gender=spec.gender,
            age_min=spec.age[0],
            age_max=spec.age[1],
            areas=spec.areas,
            meeting_places=spec.places,
        ),
        consents=services.Consents(lived_experience=bool(spec.areas), contact=True),
        flow=spec.flow,
        referrer_kind=spec.referrer_kind,
        unit=demo.units[spec.unit] if spec.unit else None,
        contact_via=ContactVia.REFERRER if spec.flow == Flow.INPATIENT else ContactVia.DIRECT,
        note=spec.note,
        roles={"key_person", "coordinator", "lead", "peer"},
    )
    since = timezone.now() - timedelta(days=spec.waited_days)
    Referral.objects.filter(pk=referral.pk).update(waiting_since=since, referred_at=since)
    referral.refresh_from_db()
    return referral


def _guide(demo: Demo, key: str) -> Peer | None:
    return Peer.objects.filter(organisation=demo.region, email=f"peer-{key}@{DEMO_DOMAIN}").first()


def _prepare_guides(demo: Demo) -> Peer | None:
    """The demo peer login works as a peer guide too (the support demo gives them guide courses)."""
    programme = demo.programmes["peer_guide"]
    login_peer = Peer.objects.filter(organisation=demo.region, user=demo.logins.get("peer")).first()
    guides = [p for p in (login_peer, _guide(demo, "region-4")) if p is not None]
    for guide in guides:
        guide.programmes.add(programme)
    Peer.objects.filter(pk__in=[g.pk for g in guides], capacity__lt=DEMO_GUIDE_CAPACITY).update(
        capacity=DEMO_GUIDE_CAPACITY
    )
    return login_peer


def _settings(demo: Demo, coordinator: User) -> None:
    for key in ("peer_guide", "individual", "bridge_everyday"):
        programme = demo.programmes[key]
        current = settings_for(programme)
        if current.pk is None:
            services.update_referral_settings(
                actor=coordinator,
                programme=programme,
                referrer_roles=[*current.referrer_roles, "peer"] if key == "individual" else current.referrer_roles,
                exclusions=current.exclusions,
                weights={},
                digest_to_leads=key == "peer_guide",
            )


def _declined_before(demo: Demo, coordinator: User, referral: Referral | None) -> None:
    """Henrik's first proposed guide said no; he is back in the queue, with the pairing remembered."""
    guide = _guide(demo, "region-5")
    if referral is None or guide is None:
        return
    match = Match.objects.create(
        organisation=referral.organisation,
        referral=referral,
        peer=guide,
        status=MatchStatus.PEER_DECLINED,
        confirmed_by=coordinator,
        confirmed_at=referral.referred_at + timedelta(days=2),
        answered_at=referral.referred_at + timedelta(days=4),
        decline_reason="Skal holde pause i en periode.",
    )
    services.record_failed_pairing(actor=coordinator, citizen=referral.citizen, peer=guide, reason=match.decline_reason)


def build(demo: Demo) -> None:
    coordinator = demo.logins["coordinator"]
    key_person = demo.logins.get("key_person")
    _settings(demo, coordinator)
    login_peer = _prepare_guides(demo)
    made = {spec.citizen: _refer(demo, spec, key_person or coordinator) for spec in QUEUE}
    _declined_before(demo, coordinator, made.get(("Henrik", "Lund")))
    if login_peer is None:
        return
    accepted = _refer(demo, ACCEPTED, key_person or coordinator)
    if accepted is not None:
        match = services.confirm_match(actor=coordinator, referral=accepted, peer=login_peer)
        services.accept_match(actor=login_peer.user or coordinator, match=match)
    proposed = _refer(demo, PROPOSED, key_person or coordinator)
    if proposed is not None and proposed.status == ReferralStatus.WAITING:
        services.confirm_match(actor=coordinator, referral=proposed, peer=login_peer)
