"""Outcome statistics on scored questionnaires: a person's change and a programme's aggregate.

Pure functions on `instruments.Score` values. A person's change compares two scorings of the same
instrument (for CHIME: at the start and at the end of a course). A programme aggregate reports, with
the number who answered, the mean change per total and subscale, the share who improved and — when
the instrument holds reliable-change parameters — the share whose change is reliable by the
Jacobson–Truax reliable change index.

Small groups are never shown: any figure about fewer respondents than the minimum group size
(5 unless the organisation sets more) comes back as `Suppressed`, which carries no count at all.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from feedback.instruments import (
    Answers,
    Instrument,
    ReliableChange,
    ScaleKind,
    Score,
    ScoringMethod,
    score_answers,
    scoring_signature,
)

DEFAULT_MINIMUM_GROUP: Final = 5
RELIABLE_Z: Final = 1.96  # two-sided 95 %


class OutcomeError(Exception):
    def __init__(self, code: str, record: str, field: str, message: str) -> None:
        self.code = code
        self.record = record
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Suppressed:
    """Stands in for a figure about too few respondents. It deliberately carries no count."""

    minimum_group: int


class Direction(StrEnum):
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    DETERIORATED = "deteriorated"


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    change: float  # after minus before, in score points
    direction: Direction  # judged by whether higher scores are better on this instrument
    rci: float | None  # reliable change index; None when the instrument holds no parameters
    reliable: bool | None  # |rci| > 1.96; None when the instrument holds no parameters

    @property
    def reliably_improved(self) -> bool:
        return bool(self.reliable) and self.direction is Direction.IMPROVED

    @property
    def reliably_deteriorated(self) -> bool:
        return bool(self.reliable) and self.direction is Direction.DETERIORATED


@dataclass(frozen=True)
class PersonChange:
    """One person's change. A total or subscale that was partial at either time has no change (None)."""

    instrument_id: str
    total: Change | None
    subscales: dict[str, Change | None]


@dataclass(frozen=True)
class ChangeSummary:
    n: int  # people with a comparable score at both times
    mean_before: float
    mean_after: float
    mean_change: float
    sd_change: float
    share_improved: float  # 0..1
    share_unchanged: float
    share_deteriorated: float
    share_reliably_improved: float | None  # None when the instrument holds no reliable-change parameters
    share_reliably_deteriorated: float | None


@dataclass(frozen=True)
class ProgrammeChange:
    instrument_id: str
    respondents: int | Suppressed  # people with two scorings, complete or not
    total: ChangeSummary | Suppressed
    subscales: dict[str, ChangeSummary | Suppressed]


@dataclass(frozen=True)
class ItemSummary:
    item_id: str
    n: int
    mean: float  # of the raw answers (yes = 1, no = 0); reversed items are not turned round here
    shares: dict[int | bool, float]  # share of answers at each labelled or observed value

    def share_at_least(self, value: int) -> float:
        """E.g. share who agree: `share_at_least(4)` on a 1–5 agreement scale."""
        return sum(share for answer, share in self.shares.items() if int(answer) >= value)


@dataclass(frozen=True)
class ResponseSummary:
    """Responses to one instrument, e.g. the session feedback of one teaching session."""

    instrument_id: str
    n: int  # responses, complete or partial
    n_complete: int
    mean_total: float | Suppressed | None  # over responses with a complete total; None if unscored
    mean_subscales: dict[str, float | Suppressed]
    share_flagged: float  # responses that met at least one cut-off
    flag_shares: dict[str, float]  # cut-off id -> share of responses that met it
    items: dict[str, ItemSummary | Suppressed]  # free-text items are left out


# --------------------------------------------------------------------------------------------------
# One person


def reliable_change_index(before: float, after: float, parameters: ReliableChange) -> float:
    """Jacobson & Truax (1991): (after - before) / S_diff, S_diff = sqrt(2) * SD * sqrt(1 - r)."""
    return (after - before) / parameters.standard_error_of_difference


def _direction(change: float, higher_is_better: bool) -> Direction:
    if math.isclose(change, 0.0, abs_tol=1e-9):
        return Direction.UNCHANGED
    return Direction.IMPROVED if (change > 0) == higher_is_better else Direction.DETERIORATED


def _change(before: float, after: float, higher_is_better: bool, parameters: ReliableChange | None) -> Change:
    change = after - before
    rci = reliable_change_index(before, after, parameters) if parameters is not None else None
    return Change(
        before=before,
        after=after,
        change=change,
        direction=_direction(change, higher_is_better),
        rci=rci,
        reliable=None if rci is None else abs(rci) > RELIABLE_Z,
    )


def _check_comparable(instrument: Instrument, score: Score, which: str) -> None:
    if score.instrument_id != instrument.id:
        raise OutcomeError(
            "other_instrument",
            score.instrument_id,
            which,
            f"the {which} score is of '{score.instrument_id}', not '{instrument.id}'",
        )
    if score.signature != scoring_signature(instrument):
        raise OutcomeError(
            "incomparable_versions",
            score.instrument_id,
            which,
            f"the {which} score (version {score.version}) is scored differently from version "
            f"{instrument.version}, so the two cannot be compared",
        )


def person_change(instrument: Instrument, before: Score, after: Score) -> PersonChange:
    """The change from `before` to `after`; both must be scored the way `instrument` scores."""
    if instrument.scoring.method is ScoringMethod.NONE:
        raise OutcomeError("not_scored", instrument.id, "scoring", f"'{instrument.id}' has no score to compare")
    _check_comparable(instrument, before, "before")
    _check_comparable(instrument, after, "after")
    scoring = instrument.scoring
    total = None
    if before.total is not None and after.total is not None and before.total_complete and after.total_complete:
        total = _change(before.total, after.total, scoring.higher_is_better, scoring.reliable_change)
    subscales: dict[str, Change | None] = {}
    for subscale in scoring.subscales:
        first, last = before.subscales[subscale.id], after.subscales[subscale.id]
        if first.score is not None and last.score is not None and first.complete and last.complete:
            subscales[subscale.id] = _change(
                first.score, last.score, scoring.higher_is_better, subscale.reliable_change
            )
        else:
            subscales[subscale.id] = None
    return PersonChange(instrument_id=instrument.id, total=total, subscales=subscales)


# --------------------------------------------------------------------------------------------------
# A programme (or any group: a course run, a unit, a period)


def _summarise(changes: Sequence[Change], has_parameters: bool, minimum_group: int) -> ChangeSummary | Suppressed:
    n = len(changes)
    if n < minimum_group:
        return Suppressed(minimum_group)

    def share(count: int) -> float:
        return count / n

    return ChangeSummary(
        n=n,
        mean_before=statistics.fmean(change.before for change in changes),
        mean_after=statistics.fmean(change.after for change in changes),
        mean_change=statistics.fmean(change.change for change in changes),
        sd_change=statistics.stdev(change.change for change in changes) if n > 1 else 0.0,
        share_improved=share(sum(change.direction is Direction.IMPROVED for change in changes)),
        share_unchanged=share(sum(change.direction is Direction.UNCHANGED for change in changes)),
        share_deteriorated=share(sum(change.direction is Direction.DETERIORATED for change in changes)),
        share_reliably_improved=share(sum(c.reliably_improved for c in changes)) if has_parameters else None,
        share_reliably_deteriorated=(share(sum(c.reliably_deteriorated for c in changes)) if has_parameters else None),
    )


def summarise_changes(
    instrument: Instrument, changes: Sequence[PersonChange], *, minimum_group: int = DEFAULT_MINIMUM_GROUP
) -> ProgrammeChange:
    """Aggregate people's changes; every figure about fewer than `minimum_group` people is Suppressed."""
    if minimum_group < 1:
        raise OutcomeError("bad_minimum_group", instrument.id, "minimum_group", "minimum_group must be at least 1")
    scoring = instrument.scoring
    totals = [person.total for person in changes if person.total is not None]
    subscales: dict[str, ChangeSummary | Suppressed] = {}
    for subscale in scoring.subscales:
        found = [c for person in changes if (c := person.subscales.get(subscale.id)) is not None]
        subscales[subscale.id] = _summarise(found, subscale.reliable_change is not None, minimum_group)
    return ProgrammeChange(
        instrument_id=instrument.id,
        respondents=len(changes) if len(changes) >= minimum_group else Suppressed(minimum_group),
        total=_summarise(totals, scoring.reliable_change is not None, minimum_group),
        subscales=subscales,
    )


def programme_change(
    instrument: Instrument,
    pairs: Iterable[tuple[Score, Score]],
    *,
    minimum_group: int = DEFAULT_MINIMUM_GROUP,
) -> ProgrammeChange:
    """Aggregate change over (before, after) pairs, one pair per person."""
    changes = [person_change(instrument, before, after) for before, after in pairs]
    return summarise_changes(instrument, changes, minimum_group=minimum_group)


def programme_change_by_group[K](
    instrument: Instrument,
    pairs_by_group: Mapping[K, Iterable[tuple[Score, Score]]],
    *,
    minimum_group: int = DEFAULT_MINIMUM_GROUP,
) -> dict[K, ProgrammeChange]:
    """The aggregate per group (course run, unit, …); each group is suppressed on its own."""
    return {
        group: programme_change(instrument, pairs, minimum_group=minimum_group)
        for group, pairs in pairs_by_group.items()
    }


# --------------------------------------------------------------------------------------------------
# Responses at one time (session feedback per session, course evaluations per run)


def _item_summary(instrument: Instrument, item_id: str, answers: Sequence[int | bool]) -> ItemSummary:
    scale = instrument.scale_of(instrument.item(item_id))
    values: Sequence[int | bool]
    values = (True, False) if scale.kind is ScaleKind.YES_NO else range(scale.minimum, scale.maximum + 1)
    n = len(answers)
    return ItemSummary(
        item_id=item_id,
        n=n,
        mean=statistics.fmean(int(answer) for answer in answers),
        shares={value: sum(1 for answer in answers if answer == value) / n for value in values},
    )


def summarise_responses(
    instrument: Instrument,
    responses: Sequence[Answers],
    *,
    minimum_group: int = DEFAULT_MINIMUM_GROUP,
) -> ResponseSummary | Suppressed:
    """Means, shares and flags over responses to one instrument version; too few responses: Suppressed."""
    if minimum_group < 1:
        raise OutcomeError("bad_minimum_group", instrument.id, "minimum_group", "minimum_group must be at least 1")
    if len(responses) < minimum_group:
        return Suppressed(minimum_group)

    def mean(values: Sequence[float]) -> float | Suppressed:
        return statistics.fmean(values) if len(values) >= minimum_group else Suppressed(minimum_group)

    scores = [score_answers(instrument, answers) for answers in responses]
    n = len(scores)
    complete_totals = [s.total for s in scores if s.total is not None and s.total_complete]
    mean_subscales: dict[str, float | Suppressed] = {}
    for subscale in instrument.scoring.subscales:
        parts = [p.score for s in scores if (p := s.subscales[subscale.id]).complete and p.score is not None]
        mean_subscales[subscale.id] = mean(parts)
    items: dict[str, ItemSummary | Suppressed] = {}
    for item in instrument.items:
        if not instrument.scale_of(item).numeric:
            continue
        answered = [value for answers in responses if isinstance(value := answers.get(item.id), int)]
        too_few = len(answered) < minimum_group
        items[item.id] = Suppressed(minimum_group) if too_few else _item_summary(instrument, item.id, answered)
    return ResponseSummary(
        instrument_id=instrument.id,
        n=n,
        n_complete=sum(s.complete for s in scores),
        mean_total=mean(complete_totals) if instrument.scored_items else None,
        mean_subscales=mean_subscales,
        share_flagged=sum(s.flagged for s in scores) / n,
        flag_shares={
            cutoff.id: sum(any(f.cutoff == cutoff.id for f in s.flags) for s in scores) / n
            for cutoff in instrument.cutoffs
        },
        items=items,
    )


# --------------------------------------------------------------------------------------------------
# Reliable-change parameters from an organisation's own baseline


def estimate_reliable_change(
    instrument: Instrument, baseline: Sequence[Score], *, subscale: str | None = None, minimum: int = 30
) -> ReliableChange:
    """Cronbach's alpha and SD of complete baseline scores, for an instrument without published norms.

    Internal consistency from the organisation's own first scorings is a common stand-in for
    test–retest reliability; the result can be stored in the instrument (a new version) so that
    reliable change is reported from then on.
    """
    if subscale is None:
        member_ids = [item.id for item in instrument.scored_items]
        usable = [s for s in baseline if s.total_complete and s.total is not None]
    else:
        member_ids = list(instrument.subscale(subscale).items)
        usable = [s for s in baseline if s.subscales[subscale].complete]
    for score in usable:
        _check_comparable(instrument, score, "baseline")
    if len(usable) < max(minimum, 2) or len(member_ids) < 2:
        raise OutcomeError(
            "too_few",
            instrument.id,
            "baseline",
            f"need at least {max(minimum, 2)} complete baseline scores and two items, "
            f"have {len(usable)} and {len(member_ids)}",
        )
    rows = [[score.item_values[item_id] for item_id in member_ids] for score in usable]
    k = len(member_ids)
    item_variance = sum(statistics.variance(row[i] for row in rows) for i in range(k))
    sums = [sum(row) for row in rows]
    total_variance = statistics.variance(sums)
    if total_variance == 0:
        raise OutcomeError("no_variation", instrument.id, "baseline", "every baseline score is the same")
    alpha = k / (k - 1) * (1 - item_variance / total_variance)
    if not 0.0 < alpha < 1.0:
        raise OutcomeError(
            "unreliable",
            instrument.id,
            "baseline",
            f"Cronbach's alpha is {alpha:.2f}; no reliable change can be based on it",
        )
    scale_factor = 1 / k if instrument.scoring.method is ScoringMethod.MEAN else 1
    return ReliableChange(reliability=alpha, sd=statistics.stdev(sums) * scale_factor)
