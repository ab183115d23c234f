"""Race tests marked `postgresql` run only when the database is PostgreSQL (select_for_update is a no-op
on SQLite); on SQLite they are deselected, as the marker says."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep, drop = [], []
    for item in items:
        in_support = "support/tests" in str(item.path)
        (drop if in_support and item.get_closest_marker("postgresql") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
