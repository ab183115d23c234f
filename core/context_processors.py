from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": [], "user_organisations": [], "current_organisation": None}
    return {
        "nav_items": items_for(request),
        "user_organisations": getattr(request, "user_organisations", []),
        "current_organisation": getattr(request, "organisation", None),
        "current_roles": getattr(request, "roles", set()),
    }
