"""Demo data for ward conversations, after the wards demo: each ward's themes, today's list on the ward
of the demo peer's shift, a contact person there, four past weeks of shifts with about 25 conversations a
week on the five wards (the seeds' number) for the report, filed and unfiled journal notes, and one
acknowledged safety notice.

Idempotent: a ward that has themes keeps them, a day that has a list keeps it, a week with a plan is
left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from conversations import services
from conversations.models import JournalNote, ListEntry, SafetyNotice, Theme
from core.demo import DEMO_DOMAIN, Demo, ensure_member, ensure_user
from core.models import Role, Unit, User
from wards.models import Shift, ShiftPlan, WardSettings

TODAYS_LIST = [("Stue 7", False), ("Maja", False), ("Henrik", True), ("Stue 12", True)]
PAST_PATIENTS = [
    "Anna", "Bo", "Camilla", "Dennis", "Emma", "Frederik", "Gitte", "Hassan", "Ida", "Jens", "Karen", "Lars",
    "Stue 2", "Stue 3", "Stue 5", "Stue 8", "Stue 9", "Stue 11", "Stue 14", "Stue 15",
]  # fmt: skip
PAST_WEEKS = 4
# Two shifts a week per ward (the seeds' 2 × 2 hours): weekday and start.
SHIFT_TIMES = [(0, time(12, 30)), (3, time(15, 30))]


def build(demo: Demo) -> None:
    region = demo.region
    settings_rows = list(
        WardSettings.objects.filter(ward__organisation=region).select_related("ward", "preferred_peer")
    )
    if not settings_rows:
        return
    for row in settings_rows:
        services.ensure_default_themes(ward=row.ward)
    coordinator = demo.logins["coordinator"]
    today = timezone.localdate()
    todays_shift = (
        Shift.objects.published()
        .filter(plan__organisation=region, peer__user=demo.logins.get("peer"), date=today)
        .select_related("ward")
        .first()
    )
    ward = todays_shift.ward if todays_shift else settings_rows[0].ward
    contact = _ward_staff(demo, ward)
    if todays_shift is not None and not ListEntry.objects.filter(ward=ward, day=today).exists():
        for patient, met_before in TODAYS_LIST:
            services.add_list_entry(
                ward=ward,
                day=today,
                patient=patient,
                met_peer_before=met_before,
                contact_person=contact,
                acting_user=demo.logins["key_person"],
            )
    monday = today - timedelta(days=today.weekday())
    for weeks_back in range(PAST_WEEKS, 0, -1):
        _past_week(demo, settings_rows, monday - timedelta(weeks=weeks_back), contact, ward, coordinator)


def _ward_staff(demo: Demo, ward: Unit) -> User:
    """The demo key person keeps the list on the demo peer's ward; a nurse there is the contact person."""
    ensure_member(demo.logins["key_person"], demo.region, Role.KEY_PERSON, ward)
    nurse = ensure_user(f"kontaktperson@{DEMO_DOMAIN}", "Karen", "Mikkelsen")
    ensure_member(nurse, demo.region, Role.KEY_PERSON, ward)
    demo.logins.setdefault("contact_person", nurse)
    return nurse


def _past_week(
    demo: Demo, settings_rows: list[WardSettings], monday: date, contact: User, contact_ward: Unit, coordinator: User
) -> None:
    region = demo.region
    if ShiftPlan.objects.filter(organisation=region, week_start=monday).exists():
        return
    rng = random.Random(monday.toordinal())
    fallback = next((row.preferred_peer for row in settings_rows if row.preferred_peer), None)
    if fallback is None:
        return
    unmet = []
    if monday == timezone.localdate() - timedelta(days=timezone.localdate().weekday(), weeks=2):
        last = settings_rows[-1].ward
        unmet.append(
            {
                "ward": str(last.code),
                "ward_name": last.name,
                "week": monday.isoformat(),
                "hours": 2.0,
                "reason": "no_peer_available",
                "message": "Ingen ledig peer torsdag eftermiddag (ferie).",
            }
        )
    plan = ShiftPlan.objects.create(
        organisation=region,
        week_start=monday,
        weeks=1,
        status=ShiftPlan.Status.PUBLISHED,
        created_by=coordinator,
        generated_at=timezone.make_aware(datetime.combine(monday - timedelta(days=7), time(10))),
        published_at=timezone.make_aware(datetime.combine(monday - timedelta(days=6), time(10))),
        unmet=unmet,
        optimal=True,
    )
    for row in settings_rows:
        peer = row.preferred_peer or fallback
        for index, (weekday, start) in enumerate(SHIFT_TIMES):
            if unmet and row.ward.code == settings_rows[-1].ward.code and index == 1:
                continue  # the hours the plan could not cover
            day = monday + timedelta(days=weekday)
            shift = Shift.objects.create(
                plan=plan, ward=row.ward, peer=peer, date=day, start=start, end=time(start.hour + 2, start.minute)
            )
            _conversations(demo, shift, rng, contact if row.ward == contact_ward else None, coordinator)


def _conversations(demo: Demo, shift: Shift, rng: random.Random, contact: User | None, coordinator: User) -> None:
    themes = list(Theme.objects.of_ward(shift.ward).active())
    staff = contact or _any_staff(demo, shift.ward)
    actor = shift.peer.user or coordinator
    clock = timezone.make_aware(datetime.combine(shift.date, shift.start)) + timedelta(minutes=10)
    for patient in rng.sample(PAST_PATIENTS, rng.choice([2, 2, 3, 3, 3])):
        entry = services.add_list_entry(
            ward=shift.ward,
            day=shift.date,
            patient=patient,
            met_peer_before=rng.random() < 0.4,
            contact_person=staff,
            acting_user=demo.logins["key_person"],
        )
        conversation = services.start_conversation(shift=shift, entry=entry, acting_user=actor, at=clock)
        minutes = rng.choice([15, 20, 25, 30, 35, 40, 45])
        services.save_conversation(
            conversation=conversation,
            started_at=clock,
            ended_at=clock + timedelta(minutes=minutes),
            theme=rng.choice(themes),
            private_note="",
            acting_user=actor,
        )
        clock += timedelta(minutes=minutes + 5)
    services.save_shift_log(
        shift=shift,
        informal_minutes=rng.choice([10, 20, 30]),
        debrief_note="Roligt på afsnittet; god kontakt med personalet.",
        acting_user=actor,
    )
    notes = JournalNote.objects.filter(conversation__shift=shift).unfiled()
    # All but the last week's notes of the contact person are filed, so they have both kinds.
    today = timezone.localdate()
    last_week = today - timedelta(days=today.weekday(), weeks=1)
    if contact is None or shift.plan.week_start < last_week:
        for note in notes:
            services.file_journal_note(note=note, acting_user=note.contact_person)
    if contact is not None and not SafetyNotice.objects.filter(ward=shift.ward).exists():
        raised = clock
        SafetyNotice.objects.create(
            organisation=shift.ward.organisation,
            ward=shift.ward,
            shift=shift,
            patient="Stue 5",
            message="Patienten fortalte om tanker om at skade sig selv. Personalet blev orienteret mundtligt.",
            raised_by=actor,
            raised_at=raised,
            escalate_at=raised + timedelta(minutes=services.escalation_minutes(shift.ward)),
            acknowledged_at=raised + timedelta(minutes=4),
            acknowledged_by=contact,
        )


def _any_staff(demo: Demo, ward: Unit) -> User:
    from conversations.access import ward_staff

    staff = ward_staff(ward).first()
    if staff is not None:
        return staff
    nurse = ensure_user(f"kontakt-{ward.code.hex[:6]}@{DEMO_DOMAIN}", "Pernille", "Sørensen", totp=True)
    ensure_member(nurse, demo.region, Role.KEY_PERSON, ward)
    return nurse
