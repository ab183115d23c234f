"""Fixtures of the feedback tests: registrations other apps make later (courses, referrals)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from feedback import access
from tests.personas import World


@pytest.fixture
def peer_supports_citizen(world: World) -> Iterator[None]:
    """As the referrals app will register it: the persona peer supports the persona citizen."""

    def provider(user: Any, organisation: Any) -> list[Any]:
        return [world.citizen_record] if user == world.peer else []

    access.register_peer_citizens("tests.peer_supports_citizen", provider)
    yield
    access.unregister("tests.peer_supports_citizen")


@pytest.fixture
def teacher_runs_school(world: World) -> Iterator[None]:
    """As the courses app will register it: the persona teacher sees answers about their own unit."""

    access.register_context_access("core.unit", lambda user, unit: user == world.teacher and unit == world.school)
    yield
    access.unregister("core.unit")
