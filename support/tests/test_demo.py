"""The demo: peer-guide courses in every stage, model 1 conversations, volunteer companionship with
transport claims – built twice without doubling anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.demo import build_core
from people import demo as people_demo
from support import demo as support_demo
from support.models import ClaimStatus, ExpenseClaim, Meeting, Stage, SupportCourse
from tests.personas import login

pytestmark = pytest.mark.django_db


def test_it_builds_courses_in_every_stage_idempotently(client):
    demo = build_core()
    people_demo.build(demo)
    support_demo.build(demo)
    counts = (SupportCourse.objects.count(), Meeting.objects.count(), ExpenseClaim.objects.count())
    support_demo.build(demo)
    assert (SupportCourse.objects.count(), Meeting.objects.count(), ExpenseClaim.objects.count()) == counts
    stages = set(SupportCourse.objects.values_list("stage", flat=True))
    assert stages == {Stage.CONTACT, Stage.STARTED, Stage.AGREED, Stage.ENDED}
    assert Meeting.objects.filter(activity="treatment_start").exists()
    assert {c.status for c in ExpenseClaim.objects.all()} == {ClaimStatus.SUBMITTED, ClaimStatus.APPROVED}
    assert ExpenseClaim.objects.filter(export__isnull=False).count() == 1
    citizen_course = SupportCourse.objects.get(citizen__user=demo.logins["citizen"])
    assert citizen_course.agreement.agreed
    login(client, demo.logins["peer"])
    page = client.get(reverse("support:caseload")).content.decode()
    assert "Sofie" in page and "Kim" in page
