"""The weekly time slots a citizen can meet in ("mon-am" … "sun-eve"), with their labels."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from referrals.matching import DAY_PARTS, DAYS, SLOTS

DAY_LABELS = {
    "mon": pgettext_lazy("time slot", "Monday"),
    "tue": pgettext_lazy("time slot", "Tuesday"),
    "wed": pgettext_lazy("time slot", "Wednesday"),
    "thu": pgettext_lazy("time slot", "Thursday"),
    "fri": pgettext_lazy("time slot", "Friday"),
    "sat": pgettext_lazy("time slot", "Saturday"),
    "sun": pgettext_lazy("time slot", "Sunday"),
}
PART_LABELS = {
    "am": pgettext_lazy("time slot", "morning"),
    "pm": pgettext_lazy("time slot", "afternoon"),
    "eve": pgettext_lazy("time slot", "evening"),
}


def slot_label(slot: str) -> str:
    day, _sep, part = slot.partition("-")
    if day not in DAY_LABELS or part not in PART_LABELS:
        return slot
    return f"{DAY_LABELS[day]} {PART_LABELS[part]}"


SLOT_CHOICES = [(s, format_lazy("{} {}", DAY_LABELS[s[:3]], PART_LABELS[s[4:]])) for s in SLOTS]

__all__ = ["DAYS", "DAY_PARTS", "SLOTS", "SLOT_CHOICES", "slot_label"]
