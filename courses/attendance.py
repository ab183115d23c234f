"""Attendance as a share of the planned sessions, and who earns a course certificate (pure: no Django).

Cancelled sessions are not planned sessions. A certificate needs attendance at or above the programme's
threshold (ARK: 80 %) of all planned sessions, so a participant who came 4 of 5 times (80 %) earns one and
one who came 3 of 5 times (60 %) does not. The comparison is done in whole numbers, never in floats.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttendanceShare:
    attended: int
    planned: int

    @property
    def percent(self) -> float:
        return 0.0 if self.planned == 0 else 100.0 * self.attended / self.planned

    def at_least(self, threshold_percent: int | float) -> bool:
        """Whether the share reaches the threshold; nothing is reached when nothing was planned."""
        if self.planned == 0:
            return False
        return self.attended * 100 >= threshold_percent * self.planned


def share(attended: int, planned: int) -> AttendanceShare:
    if attended < 0 or planned < 0:
        raise ValueError("attendance counts cannot be negative")
    if attended > planned:
        raise ValueError(f"attended {attended} of only {planned} planned sessions")
    return AttendanceShare(attended, planned)


def earns_certificate(attendance: AttendanceShare, threshold_percent: int | float) -> bool:
    return attendance.at_least(threshold_percent)
