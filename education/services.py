"""Every write about peer education: the catalogue (modules, runs, the introduction checklist), enrolments and
completions, the qualification rules and the deadline policy, and the deadline warnings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.audit import log_action
from core.models import Organisation, Programme, User
from core.tasks import send_email_task
from education import defaults
from education.errors import EducationRefused
from education.models import (
    PLACE_TAKING_STATUSES,
    ChecklistItem,
    ChecklistTick,
    CompletionSource,
    DeadlineWarning,
    EducationModule,
    EducationPolicy,
    Enrolment,
    EnrolmentStatus,
    ModuleCompletion,
    ModuleKind,
    ModuleRun,
    QualificationRule,
    RequirementLevel,
    RuleRequirement,
    Track,
    TrackRequirement,
)
from people.models import Peer, PeerStatus

# ---------------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------------


def _set_tracks(module: EducationModule, mandatory_for: Iterable[str], elective_for: Iterable[str]) -> None:
    mandatory, elective = set(mandatory_for), set(elective_for)
    both = mandatory & elective
    if both:
        raise EducationRefused(
            "track_twice",
            _("A track cannot have the module as both mandatory and elective: %(tracks)s.")
            % {"tracks": ", ".join(str(Track(t).label) for t in sorted(both))},
            field="elective_for",
        )
    module.track_requirements.all().delete()
    TrackRequirement.objects.bulk_create(
        [TrackRequirement(module=module, track=t, level=RequirementLevel.MANDATORY) for t in sorted(mandatory)]
        + [TrackRequirement(module=module, track=t, level=RequirementLevel.ELECTIVE) for t in sorted(elective)]
    )


def _unique_name(organisation: Organisation, name: str, exclude: EducationModule | None = None) -> None:
    clash = EducationModule.objects.filter(organisation=organisation, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise EducationRefused(
            "name_taken", _("There is already a module called “%(name)s”.") % {"name": name}, field="name"
        )


def create_module(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    acting_user: User | None,
    description: str = "",
    duration: str = "",
    default_capacity: int = 20,
    active: bool = True,
    position: int = 100,
    mandatory_for: Iterable[str] = (),
    elective_for: Iterable[str] = (),
    offered_months: Iterable[int] = (),
) -> EducationModule:
    """Add a module to the organisation's catalogue, mandatory or elective for the tracks named."""
    with transaction.atomic():
        _unique_name(organisation, name)
        module = EducationModule.objects.create(
            organisation=organisation,
            name=name.strip(),
            kind=kind,
            description=description,
            duration=duration,
            default_capacity=default_capacity,
            active=active,
            position=position,
            offered_months=_months(offered_months),
        )
        _set_tracks(module, mandatory_for, elective_for)
        log_action(module, "education.module.created", actor=acting_user, data={"kind": kind, "name": module.name})
    return module


def update_module(
    *,
    module: EducationModule,
    acting_user: User | None,
    mandatory_for: Iterable[str],
    elective_for: Iterable[str],
    **fields: Any,
) -> EducationModule:
    with transaction.atomic():
        if "name" in fields:
            _unique_name(module.organisation, fields["name"], exclude=module)
        if "offered_months" in fields:
            fields["offered_months"] = _months(fields["offered_months"])
        changed = sorted(k for k, v in fields.items() if getattr(module, k) != v)
        for key, value in fields.items():
            setattr(module, key, value)
        module.save()
        _set_tracks(module, mandatory_for, elective_for)
        log_action(module, "education.module.updated", actor=acting_user, data={"changed": changed})
    return module


def _months(values: Iterable[int | str]) -> list[int]:
    """Months as sorted distinct numbers 1–12."""
    months = sorted({int(v) for v in values})
    if any(m < 1 or m > 12 for m in months):
        raise EducationRefused("bad_month", _("A month is a number from 1 to 12."), field="offered_months")
    return months


def set_checklist_items(*, module: EducationModule, texts: Sequence[str], acting_user: User | None) -> None:
    """The items of an introduction checklist, in order. Items kept by their text keep their ticks."""
    wanted = [t.strip() for t in texts if t.strip()]
    with transaction.atomic():
        existing = {item.text: item for item in module.checklist_items.all()}
        for position, text in enumerate(wanted, start=1):
            item = existing.pop(text, None)
            if item is None:
                ChecklistItem.objects.create(module=module, text=text, position=position)
            elif item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        removed = [item.pk for item in existing.values()]
        ChecklistItem.objects.filter(pk__in=removed).delete()
        log_action(
            module,
            "education.checklist.updated",
            actor=acting_user,
            data={"items": len(wanted), "removed": len(removed)},
        )


def _check_run_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise EducationRefused(
            "dates_reversed",
            _("The last day is before the first day. Put the dates in the right order."),
            field="ends_on",
        )


def create_run(
    *,
    module: EducationModule,
    starts_on: date,
    ends_on: date,
    capacity: int,
    acting_user: User | None,
    place: str = "",
    note: str = "",
) -> ModuleRun:
    """Offer the module on dates, at a place, with a number of places."""
    if module.is_checklist:
        raise EducationRefused("checklist_has_no_runs", _("The introduction is ticked off per peer; it has no runs."))
    _check_run_dates(starts_on, ends_on)
    if capacity < 1:
        raise EducationRefused("no_places", _("A run needs at least one place."), field="capacity")
    with transaction.atomic():
        run = ModuleRun.objects.create(
            module=module, starts_on=starts_on, ends_on=ends_on, capacity=capacity, place=place, note=note
        )
        log_action(
            run,
            "education.run.created",
            actor=acting_user,
            organisation=module.organisation,
            data={"module": module.name, "starts_on": starts_on.isoformat(), "capacity": capacity},
        )
    return run


def update_run(
    *,
    run: ModuleRun,
    starts_on: date,
    ends_on: date,
    capacity: int,
    acting_user: User | None,
    place: str = "",
    note: str = "",
) -> ModuleRun:
    """Change a run's dates, place or places; never below the places already taken."""
    _check_run_dates(starts_on, ends_on)
    with transaction.atomic():
        locked = ModuleRun.objects.select_for_update().get(pk=run.pk)
        taken = locked.enrolments.filter(status__in=PLACE_TAKING_STATUSES).count()
        if capacity < max(taken, 1):
            raise EducationRefused(
                "capacity_below_taken",
                _("%(taken)s peers are already enrolled, so the run needs at least %(taken)s places.")
                % {"taken": taken},
                field="capacity",
            )
        locked.starts_on, locked.ends_on, locked.capacity = starts_on, ends_on, capacity
        locked.place, locked.note = place, note
        locked.save()
        log_action(
            locked,
            "education.run.updated",
            actor=acting_user,
            organisation=locked.module.organisation,
            data={"starts_on": starts_on.isoformat(), "capacity": capacity},
        )
    return locked


def cancel_run(*, run: ModuleRun, acting_user: User | None) -> ModuleRun:
    """Cancel a run. Enrolments stay on record; nobody new can enrol."""
    with transaction.atomic():
        updated = ModuleRun.objects.filter(pk=run.pk, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
        run.refresh_from_db()
        if not updated:
            raise EducationRefused("already_cancelled", _("The run was already cancelled."))
        log_action(run, "education.run.cancelled", actor=acting_user, organisation=run.module.organisation)
    return run


# ---------------------------------------------------------------------------------------------------
# Enrolment and completion
# ---------------------------------------------------------------------------------------------------


def enrol_peer(*, run: ModuleRun, peer: Peer, acting_user: User | None) -> Enrolment:
    """Give the peer a place on the run, if one is free. The run is locked while places are counted."""
    with transaction.atomic():
        locked = ModuleRun.objects.select_for_update().select_related("module").get(pk=run.pk)
        if locked.cancelled_at is not None:
            raise EducationRefused("run_cancelled", _("The run is cancelled. Choose another run."), field="peer")
        if peer.organisation_id != locked.module.organisation_id:
            raise EducationRefused("other_organisation", _("The peer is not one of your organisation's."), field="peer")
        if peer.status == PeerStatus.ENDED:
            raise EducationRefused(
                "peer_ended", _("%(name)s has ended as a peer.") % {"name": peer.full_name}, field="peer"
            )
        existing = Enrolment.objects.filter(run=locked, peer=peer).first()
        if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
            raise EducationRefused(
                "already_enrolled",
                _("%(name)s is already enrolled on this run.") % {"name": peer.full_name},
                field="peer",
            )
        taken = locked.enrolments.filter(status__in=PLACE_TAKING_STATUSES).count()
        if taken >= locked.capacity:
            raise EducationRefused(
                "run_full",
                _("The run is full: all %(capacity)s places are taken. Choose another run, or add places to this one.")
                % {"capacity": locked.capacity},
                field="peer",
            )
        if existing is not None:
            existing.status = EnrolmentStatus.ENROLLED
            existing.enrolled_at, existing.enrolled_by, existing.withdrawn_at = timezone.now(), acting_user, None
            existing.completed_on, existing.decided_by = None, None
            existing.save()
            enrolment = existing
        else:
            enrolment = Enrolment.objects.create(run=locked, peer=peer, enrolled_by=acting_user)
        log_action(
            enrolment,
            "education.enrolment.created",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"module": locked.module.name, "run": str(locked.code)},
        )
    return enrolment


def withdraw_enrolment(*, enrolment: Enrolment, acting_user: User | None) -> Enrolment:
    """Take the peer off the run; the place is free again (under the same lock as enrolment)."""
    with transaction.atomic():
        ModuleRun.objects.select_for_update().get(pk=enrolment.run_id)
        locked = Enrolment.objects.select_related("peer").get(pk=enrolment.pk)
        if locked.status != EnrolmentStatus.ENROLLED:
            raise EducationRefused("not_enrolled", _("Only an enrolment that is not yet decided can be withdrawn."))
        locked.status, locked.withdrawn_at = EnrolmentStatus.WITHDRAWN, timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
        log_action(
            locked,
            "education.enrolment.withdrawn",
            actor=acting_user,
            organisation=locked.peer.organisation,
            subject_code=locked.peer.code,
        )
    return locked


def free_places_of_ended_peer(*, peer: Peer, acting_user: User | None, today: date | None = None) -> int:
    """A peer who ends leaves the runs that have not started yet, so their places are free for others.

    Runs already under way or held keep the enrolment: the coordinator decides completed or not.
    Returns how many places were freed.
    """
    today = today or timezone.localdate()
    pending = Enrolment.objects.filter(
        peer=peer, status=EnrolmentStatus.ENROLLED, run__starts_on__gt=today, run__cancelled_at__isnull=True
    ).order_by("run__starts_on", "pk")
    freed = 0
    for enrolment in pending:
        withdraw_enrolment(enrolment=enrolment, acting_user=acting_user)
        freed += 1
    return freed


def _check_not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise EducationRefused("date_in_future", _("The date is in the future. Use the date it happened."), field=field)


def complete_enrolment(*, enrolment: Enrolment, completed_on: date, acting_user: User | None) -> Enrolment:
    """Record that the peer completed the run: the module counts for their plan and qualifications."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().select_related("run__module", "peer").get(pk=enrolment.pk)
        if locked.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.NOT_COMPLETED):
            raise EducationRefused(
                "cannot_complete",
                _("This enrolment is %(status)s and cannot be marked as completed.")
                % {"status": locked.get_status_display().lower()},
            )
        if completed_on < locked.run.starts_on:
            raise EducationRefused(
                "completed_before_start",
                _("The completion date is before the run's first day. Check the date."),
                field="completed_on",
            )
        _check_not_future(completed_on, "completed_on")
        locked.status, locked.completed_on, locked.decided_by = EnrolmentStatus.COMPLETED, completed_on, acting_user
        locked.save(update_fields=["status", "completed_on", "decided_by"])
        ModuleCompletion.objects.get_or_create(
            peer=locked.peer,
            module=locked.run.module,
            defaults={
                "completed_on": completed_on,
                "source": CompletionSource.RUN,
                "enrolment": locked,
                "recorded_by": acting_user,
            },
        )
        log_action(
            locked,
            "education.enrolment.completed",
            actor=acting_user,
            organisation=locked.peer.organisation,
            subject_code=locked.peer.code,
            data={"module": locked.run.module.name, "completed_on": completed_on.isoformat()},
        )
    return locked


def mark_not_completed(*, enrolment: Enrolment, acting_user: User | None) -> Enrolment:
    """Record that the peer took part but did not complete the run (also corrects a completion made by mistake)."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().select_related("run__module", "peer").get(pk=enrolment.pk)
        if locked.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
            raise EducationRefused("cannot_mark", _("This enrolment cannot be marked as not completed."))
        ModuleCompletion.objects.filter(enrolment=locked).delete()
        locked.status, locked.completed_on, locked.decided_by = EnrolmentStatus.NOT_COMPLETED, None, acting_user
        locked.save(update_fields=["status", "completed_on", "decided_by"])
        log_action(
            locked,
            "education.enrolment.not_completed",
            actor=acting_user,
            organisation=locked.peer.organisation,
            subject_code=locked.peer.code,
            data={"module": locked.run.module.name},
        )
    return locked


def record_completion(
    *, peer: Peer, module: EducationModule, completed_on: date, acting_user: User | None, note: str = ""
) -> ModuleCompletion:
    """Recognise a module the peer completed elsewhere or before (e.g. the peer education in another region)."""
    if module.organisation_id != peer.organisation_id:
        raise EducationRefused("other_organisation", _("The module is not one of your organisation's."), field="module")
    _check_not_future(completed_on, "completed_on")
    try:
        with transaction.atomic():
            completion = ModuleCompletion.objects.create(
                peer=peer,
                module=module,
                completed_on=completed_on,
                source=CompletionSource.RECOGNISED,
                note=note,
                recorded_by=acting_user,
            )
            log_action(
                completion,
                "education.completion.recognised",
                actor=acting_user,
                organisation=peer.organisation,
                subject_code=peer.code,
                data={"module": module.name, "completed_on": completed_on.isoformat()},
            )
    except IntegrityError:
        raise EducationRefused(
            "already_completed",
            _("%(name)s has already completed %(module)s.") % {"name": peer.full_name, "module": module.name},
            field="module",
        ) from None
    return completion


def remove_completion(*, completion: ModuleCompletion, acting_user: User | None) -> None:
    """Remove a recognised completion recorded by mistake (completions from runs are corrected on the run)."""
    if completion.source != CompletionSource.RECOGNISED:
        raise EducationRefused(
            "not_recognised", _("This completion comes from a run or the checklist; correct it there.")
        )
    with transaction.atomic():
        peer = completion.peer
        log_action(
            completion,
            "education.completion.removed",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"module": completion.module.name},
        )
        completion.delete()


# ---------------------------------------------------------------------------------------------------
# The internal introduction checklist
# ---------------------------------------------------------------------------------------------------


def _sync_checklist_completion(peer: Peer, module: EducationModule, acting_user: User | None) -> None:
    items = list(module.checklist_items.values_list("pk", flat=True))
    ticks = ChecklistTick.objects.filter(peer=peer, item__module=module)
    done = dict(ticks.values_list("item_id", "ticked_on"))
    complete = bool(items) and all(i in done for i in items)
    existing = ModuleCompletion.objects.filter(peer=peer, module=module).first()
    if complete and existing is None:
        ModuleCompletion.objects.create(
            peer=peer,
            module=module,
            completed_on=max(done.values()),
            source=CompletionSource.CHECKLIST,
            recorded_by=acting_user,
        )
    elif not complete and existing is not None and existing.source == CompletionSource.CHECKLIST:
        existing.delete()


def tick_checklist_item(*, peer: Peer, item: ChecklistItem, ticked_on: date, acting_user: User | None) -> ChecklistTick:
    """Tick an item of the peer's introduction, with the date it was done; the last tick completes it."""
    module = item.module
    if module.organisation_id != peer.organisation_id:
        raise EducationRefused("other_organisation", _("The checklist is not one of your organisation's."))
    _check_not_future(ticked_on, "ticked_on")
    with transaction.atomic():
        # Lock the peer, so two ticks at once agree on whether the introduction is complete.
        Peer.objects.select_for_update().filter(pk=peer.pk).first()
        tick, created = ChecklistTick.objects.get_or_create(
            peer=peer, item=item, defaults={"ticked_on": ticked_on, "ticked_by": acting_user}
        )
        if not created:
            raise EducationRefused("already_ticked", _("That item is already ticked off."))
        _sync_checklist_completion(peer, module, acting_user)
        log_action(
            tick.item,
            "education.checklist.ticked",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"item": item.text, "ticked_on": ticked_on.isoformat()},
        )
    return tick


def untick_checklist_item(*, peer: Peer, item: ChecklistItem, acting_user: User | None) -> None:
    with transaction.atomic():
        Peer.objects.select_for_update().filter(pk=peer.pk).first()
        deleted, _count = ChecklistTick.objects.filter(peer=peer, item=item).delete()
        if not deleted:
            raise EducationRefused("not_ticked", _("That item is not ticked off."))
        _sync_checklist_completion(peer, item.module, acting_user)
        log_action(
            item,
            "education.checklist.unticked",
            actor=acting_user,
            organisation=peer.organisation,
            subject_code=peer.code,
            data={"item": item.text},
        )


# ---------------------------------------------------------------------------------------------------
# Qualification rules and the deadline policy
# ---------------------------------------------------------------------------------------------------


def set_rule(
    *,
    organisation: Organisation,
    role: str,
    requirement_groups: Sequence[Iterable[EducationModule]],
    needs_admission_experience: bool,
    acting_user: User | None,
) -> QualificationRule:
    """What a peer must have completed to be qualified for the role: every group, any one module of each."""
    groups = [list(group) for group in requirement_groups]
    groups = [group for group in groups if group]
    for group in groups:
        if any(m.organisation_id != organisation.pk for m in group):
            raise EducationRefused("other_organisation", _("Choose among your organisation's own modules."))
    with transaction.atomic():
        rule, _created = QualificationRule.objects.update_or_create(
            organisation=organisation,
            role=role,
            defaults={"needs_admission_experience": needs_admission_experience, "updated_at": timezone.now()},
        )
        rule.requirements.all().delete()
        for position, group in enumerate(groups, start=1):
            requirement = RuleRequirement.objects.create(rule=rule, position=position)
            requirement.modules.set(group)
        log_action(
            rule,
            "education.rule.set",
            actor=acting_user,
            data={
                "role": role,
                "requirements": [sorted(m.name for m in group) for group in groups],
                "needs_admission_experience": needs_admission_experience,
            },
        )
    return rule


def policy_for(organisation: Organisation) -> EducationPolicy:
    """The organisation's deadline policy (the seeds' defaults until the coordinator changes them)."""
    policy = EducationPolicy.objects.filter(organisation=organisation).first()
    return policy or EducationPolicy(organisation=organisation)


def update_policy(
    *,
    organisation: Organisation,
    deadline_months: int,
    first_warning_days: int,
    second_warning_days: int,
    acting_user: User | None,
) -> EducationPolicy:
    if second_warning_days >= first_warning_days:
        raise EducationRefused(
            "warnings_reversed",
            _("The second warning must come closer to the deadline than the first."),
            field="second_warning_days",
        )
    with transaction.atomic():
        policy, _created = EducationPolicy.objects.update_or_create(
            organisation=organisation,
            defaults={
                "deadline_months": deadline_months,
                "first_warning_days": first_warning_days,
                "second_warning_days": second_warning_days,
            },
        )
        log_action(
            policy,
            "education.policy.updated",
            actor=acting_user,
            organisation=organisation,
            data={"deadline_months": deadline_months, "warnings": [first_warning_days, second_warning_days]},
        )
    return policy


def set_up_education(*, organisation: Organisation, acting_user: User | None) -> int:
    """Create the seeds' catalogue and qualification rules where the organisation has none of them yet.

    Idempotent: a module kind that exists is left alone, and so is a role that has a rule.
    Returns how many modules and rules were created.
    """
    created = 0
    runs_wards = Programme.objects.filter(
        organisation=organisation, model=Programme.Model.BRIDGE_BUILDERS, active=True
    ).exists()
    with transaction.atomic():
        existing_kinds = set(EducationModule.objects.of(organisation).values_list("kind", flat=True))
        for spec in defaults.DEFAULT_MODULES:
            if (
                spec.kind in existing_kinds
                or EducationModule.objects.filter(organisation=organisation, name__iexact=spec.name).exists()
            ):
                continue
            mandatory, elective = spec.mandatory_for, spec.elective_for
            if spec.kind == ModuleKind.INTRODUCTION and not runs_wards:
                # Only the bridge-builder model asks every paid peer for the internal introduction.
                mandatory, elective = (), spec.mandatory_for
            module = create_module(
                organisation=organisation,
                name=spec.name,
                kind=spec.kind,
                description=spec.description,
                duration=spec.duration,
                default_capacity=spec.default_capacity,
                position=spec.position,
                mandatory_for=mandatory,
                elective_for=elective,
                offered_months=spec.offered_months,
                acting_user=acting_user,
            )
            if spec.kind == ModuleKind.INTRODUCTION:
                set_checklist_items(module=module, texts=defaults.INTRODUCTION_CHECKLIST, acting_user=acting_user)
            created += 1
        by_kind: dict[str, EducationModule] = {}
        for module in EducationModule.objects.of(organisation).order_by("position", "pk"):
            by_kind.setdefault(module.kind, module)
        has_rule = set(QualificationRule.objects.filter(organisation=organisation).values_list("role", flat=True))
        for rule_spec in defaults.DEFAULT_RULES:
            if rule_spec.role in has_rule:
                continue
            groups = [[by_kind[k] for k in kinds if k in by_kind] for kinds in rule_spec.requirements]
            set_rule(
                organisation=organisation,
                role=rule_spec.role,
                requirement_groups=groups,
                needs_admission_experience=rule_spec.needs_admission_experience,
                acting_user=acting_user,
            )
            created += 1
    return created


# ---------------------------------------------------------------------------------------------------
# Deadline warnings (daily)
# ---------------------------------------------------------------------------------------------------


def send_deadline_warnings(*, today: date | None = None) -> int:
    """Warn the coordinators and the peer 60 and 14 days (the policy's numbers) before the deadline for the
    mandatory modules, each warning once. Returns the number of warnings sent."""
    from education.selectors import plans_with_deadlines  # a read across many peers
    from people.selectors import coordinators_of

    today = today or timezone.localdate()
    sent = 0
    for organisation, plans in plans_with_deadlines(today=today):
        coordinators = [u.email for u in coordinators_of(organisation)]
        policy = policy_for(organisation)
        for plan in plans:
            threshold = plan.warning_due
            if threshold is None:
                continue
            try:
                with transaction.atomic():
                    DeadlineWarning.objects.create(peer=plan.peer, deadline=plan.deadline, days_before=threshold)
                    _enqueue_deadline_emails(plan, coordinators, threshold, policy.deadline_months)
                    log_action(
                        plan.peer,
                        "education.deadline.warned",
                        actor=None,
                        subject_code=plan.peer.code,
                        data={"deadline": plan.deadline.isoformat(), "days_before": threshold},
                    )
            except IntegrityError:
                continue  # another worker sent it
            sent += 1
    return sent


def site_url(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def _enqueue_deadline_emails(plan: Any, coordinators: list[str], days: int, months: int) -> None:
    peer = plan.peer
    with override("da"):
        context = {
            "peer_name": peer.full_name,
            "first_name": peer.first_name,
            "deadline": formats.date_format(plan.deadline, "DATE_FORMAT"),
            "days": days,
            "months": months,
            "modules": list(plan.missing_mandatory),
            "plan_url": site_url(reverse("education:peer_plan", kwargs={"code": peer.code})),
            "own_plan_url": site_url(reverse("education:my_plan")),
        }
    if coordinators:
        transaction.on_commit(
            lambda: send_email_task.enqueue(
                template="education/email/deadline_coordinator", to=coordinators, context=context, language="da"
            )
        )
    address = peer.email or (peer.user.email if peer.user_id and peer.user else "")
    if address:
        transaction.on_commit(
            lambda: send_email_task.enqueue(
                template="education/email/deadline_peer", to=[address], context=context, language="da"
            )
        )
