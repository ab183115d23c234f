"""The weekly time slots a citizen can meet in ("mon-am" … "sun-eve"), with their labels."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from referrals.matching import DAY_PARTS, DAYS, SLOTS

DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
PART_LABELS = {"am": _("morning"), "pm": _("afternoon"), "eve": _("evening")}


def slot_label(slot: str) -> str:
    day, _sep, part = slot.partition("-")
    if day not in DAY_LABELS or part not in PART_LABELS:
        return slot
    return f"{DAY_LABELS[day]} {PART_LABELS[part]}"


SLOT_CHOICES = [(s, format_lazy("{} {}", DAY_LABELS[s[:3]], PART_LABELS[s[4:]])) for s in SLOTS]

__all__ = ["DAYS", "DAY_PARTS", "SLOTS", "SLOT_CHOICES", "slot_label"]
