from __future__ import annotations

from typing import Any

import pytest

from conversations.tests.factories import Ward, make_ward_day
from tests.personas import World


@pytest.fixture
def day(world: World) -> Ward:
    """Today on the world's ward: the peer persona on a published shift, and a contact person."""
    return make_ward_day(world)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks
