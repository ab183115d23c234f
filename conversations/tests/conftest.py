from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from conversations.tests.factories import Ward, make_ward_day
from tests.personas import World


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Race tests marked `postgresql` need row locks; on SQLite they are deselected."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep, drop = [], []
    for item in items:
        ours = "conversations/tests" in str(item.path)
        (drop if ours and item.get_closest_marker("postgresql") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def day(world: World) -> Ward:
    """Today on the world's ward: the peer persona on a published shift, and a contact person."""
    return make_ward_day(world)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks
