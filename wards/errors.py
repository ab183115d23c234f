"""The one exception the wards services raise when they refuse a request."""

from __future__ import annotations

from typing import Any


class WardRefused(Exception):
    """A request the wards app refuses. ``code`` is stable (tests match on it), ``field`` names the form field
    it concerns ("" for the whole form); the message is already translated. ``details`` lists further
    translated lines (e.g. every rule a manual edit breaks)."""

    def __init__(self, code: str, message: Any, *, field: str = "", details: list[str] | None = None) -> None:
        self.code = code
        self.field = field
        self.message = str(message)
        self.details = details or []
        super().__init__(self.message)
