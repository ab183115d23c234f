"""The demo: measurement plans for every demo programme, a CHIME change to show, one flagged session."""

from __future__ import annotations

import pytest

from core.demo import build_core
from feedback import demo as feedback_demo
from feedback import outcomes, selectors
from feedback.models import MeasurementPlan, Response


@pytest.mark.django_db
def test_it_builds_plans_a_visible_chime_change_and_one_flagged_session_idempotently() -> None:
    demo = build_core()
    feedback_demo.build(demo)
    counts = (MeasurementPlan.objects.count(), Response.objects.count())
    feedback_demo.build(demo)
    assert (MeasurementPlan.objects.count(), Response.objects.count()) == counts

    for programme in demo.programmes.values():
        assert MeasurementPlan.objects.filter(programme=programme, active=True).exists(), programme.name

    result = selectors.programme_outcome(demo.programmes["peer_guide"], "chime_recovery")
    assert isinstance(result.respondents, int) and result.respondents >= 8
    for domain in result.domains:
        assert isinstance(domain.summary, outcomes.ChangeSummary)
        assert domain.summary.mean_change > 0, domain.id

    sessions = selectors.session_trend_of_programme(demo.programmes["bridge_builders"])
    assert len(sessions) == 6
    low = [s for s in sessions if isinstance(s.mean_total, float) and s.mean_total < 36]
    assert [s.label for s in low] == ["Samtalegruppe på afsnit 1 – gang 4"]

    citizen_user = demo.logins["citizen"]
    assert Response.objects.filter(respondent_citizen__user=citizen_user).count() == 2
