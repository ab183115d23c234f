"""The demo shows agreements for active and paused peers: one ending soon, one accepted electronically."""

from __future__ import annotations

import pytest
from django.utils import timezone

from agreements import demo as agreements_demo
from agreements import selectors
from agreements.models import DocumentTemplate, EmploymentRecord, Signature, VolunteerAgreement
from core import demo as core_demo
from people import demo as people_demo

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        VolunteerAgreement.objects.count(),
        EmploymentRecord.objects.count(),
        DocumentTemplate.objects.count(),
        Signature.objects.count(),
    )


def test_it_builds_the_demo_agreements_once() -> None:
    demo = core_demo.build_core()
    people_demo.build(demo)
    agreements_demo.build(demo)
    first = _counts()
    agreements_demo.build(demo)
    assert _counts() == first
    today = timezone.localdate()
    assert selectors.ending_soon_count(demo.volunteers, today) >= 1
    accepted = Signature.objects.get(method="electronic", agreement__isnull=False)
    assert accepted.user is not None and accepted.agreement.peer.user == accepted.user
    for organisation in (demo.region, demo.roskilde, demo.aarhus, demo.volunteers):
        assert DocumentTemplate.objects.filter(organisation=organisation, kind__startswith="role_").exists()
    paid_login_record = EmploymentRecord.objects.get(peer__user=demo.logins["peer"])
    assert paid_login_record.considerations
