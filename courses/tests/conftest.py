"""Fixtures of the courses tests. Race tests marked `postgresql` run only when the database is PostgreSQL
(select_for_update is a no-op on SQLite, and SQLite's shared in-memory test database cannot take 200
concurrent writers); on SQLite they are deselected, as the marker says."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from courses.models import CourseRun
from courses.tests.factories import make_course, make_run
from tests.personas import World


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep, drop = [], []
    for item in items:
        in_courses = "courses/tests" in str(item.path)
        (drop if in_courses and item.get_closest_marker("postgresql") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def open_run(world: World) -> CourseRun:
    """A published open course at the world's recovery school, taught by world.teacher and a peer teacher."""
    course = make_course(world.organisation, world.school)
    return make_run(course, teacher=world.teacher)


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks
