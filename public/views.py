"""The public site: about the partnership and its models, knowledge pages, FAQ, courses, contact.

And one staff page: the coordinators' list of messages that came through the contact form.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from core.access import require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Role, User
from core.net import client_ip
from public import content, selectors, services, spam
from public.forms import ContactForm
from public.models import ContactMessage, ContactTopic

MESSAGES_PER_PAGE = 25


def _crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    """Breadcrumbs from the home page to the current page (the last item has no link)."""
    trail = [{"label": gettext_lazy("Home"), "url": reverse("public:home")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail


def _prose_page(
    request: HttpRequest, name: str, title: Any, *, template: str = "public/prose_page.html", **extra: Any
) -> HttpResponse:
    context = {"title": title, "content_templates": content.content_templates(name), **extra}
    context.setdefault("breadcrumbs", _crumbs((title, "")))
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {
            "model_pages": content.MODEL_PAGES,
            "knowledge_pages": content.KNOWLEDGE_PAGES,
            "intro_templates": content.content_templates("home_intro"),
            "results_templates": content.content_templates("home_results"),
        },
    )


def programme_model(request: HttpRequest, slug: str) -> HttpResponse:
    page = content.model_page(slug)
    if page is None:
        raise Http404
    return render(
        request,
        "public/programme_model.html",
        {
            "page": page,
            "content_templates": content.content_templates(page.content_name),
            "other_pages": [p for p in content.MODEL_PAGES if p.slug != slug],
            "breadcrumbs": _crumbs((page.title, "")),
        },
    )


def knowledge(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/knowledge.html",
        {"knowledge_pages": content.KNOWLEDGE_PAGES, "breadcrumbs": _crumbs((_("Knowledge"), ""))},
    )


def knowledge_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = content.knowledge_page(slug)
    if page is None:
        raise Http404
    return _prose_page(
        request,
        page.content_name,
        page.title,
        breadcrumbs=_crumbs((_("Knowledge"), reverse("public:knowledge")), (page.title, "")),
        related=[p for p in content.KNOWLEDGE_PAGES if p.slug != slug],
    )


def faq(request: HttpRequest) -> HttpResponse:
    return _prose_page(request, "faq", _("Questions and answers"))


def privacy(request: HttpRequest) -> HttpResponse:
    return _prose_page(request, "privacy", _("Privacy policy"), retention_days=services.contact_retention_days())


def accessibility(request: HttpRequest) -> HttpResponse:
    return _prose_page(request, "accessibility", _("Accessibility statement"))


def courses(request: HttpRequest) -> HttpResponse:
    """The course catalogue; the courses app owns the catalogue itself (filters, runs by school and programme)."""
    from courses.public_views import catalogue_context

    return _prose_page(
        request,
        "courses",
        _("Courses"),
        template="public/courses.html",
        contact_url=f"{reverse('public:contact')}?topic={ContactTopic.COURSES.value}",
        **catalogue_context(request),
    )


def become_peer(request: HttpRequest) -> HttpResponse:
    return _prose_page(
        request,
        "become_peer",
        _("Become a peer"),
        template="public/become_peer.html",
        contact_url=f"{reverse('public:contact')}?topic={ContactTopic.PEER.value}",
    )


def _client_address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def contact(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_taking_contact()
    if request.method == "POST":
        form = ContactForm(request.POST, organisations=organisations)
        address = _client_address(request)
        if form.is_valid() and spam.rate_limit_reached(address):
            form.reject_for_rate_limit()
        if form.is_valid():
            data = form.cleaned_data
            services.submit_contact_message(
                name=data["name"],
                email=data["email"],
                topic=data["topic"],
                message=data["message"],
                organisation=data.get("organisation") or selectors.default_contact_organisation(organisations),
                language=content.active_language(),
            )
            spam.count_submission(address)
            return redirect("public:contact_thanks")
        form.renew_token_if_stale()
    else:
        topic = request.GET.get("topic", "")
        initial = {"topic": topic} if topic in ContactTopic.values else {}
        form = ContactForm(initial=initial, organisations=organisations)
    return render(
        request,
        "public/contact.html",
        {"form": form, "breadcrumbs": _crumbs((_("Contact"), ""))},
    )


def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/contact_thanks.html",
        {"breadcrumbs": _crumbs((_("Contact"), reverse("public:contact")), (_("Message sent"), ""))},
    )


@role_required(Role.COORDINATOR)
def contact_messages(request: HttpRequest) -> HttpResponse:
    """The coordinators' inbox for the public site. Opening it is a read of personal data: logged."""
    organisation = require_organisation_role(request, Role.COORDINATOR)
    show = "all" if request.GET.get("show") == "all" else "unhandled"
    page = Paginator(selectors.contact_messages_for(organisation, show=show), MESSAGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    log_access(
        actor=cast(User, request.user),
        kind=AuditKind.READ,
        action="public.contact_messages.read",
        organisation=organisation,
        purpose=gettext_noop("Answer questions from the public site"),
        data={"codes": [str(message.code) for message in page.object_list]},
        request=request,
    )
    return render(
        request,
        "public/contact_messages.html",
        {
            "page": page,
            "show": show,
            "unhandled_count": selectors.unhandled_count(organisation),
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def contact_message_handle(request: HttpRequest, code: str) -> HttpResponse:
    organisation = require_organisation_role(request, Role.COORDINATOR)
    contact = get_object_or_404(ContactMessage.objects.of(organisation), code=code)
    user = cast(User, request.user)  # role_required let only logged-in users through
    if request.POST.get("action") == "reopen":
        if services.reopen_contact_message(contact=contact, acting_user=user):
            messages.success(request, _("The message from %(name)s is unhandled again.") % {"name": contact.name})
    elif services.mark_contact_message_handled(contact=contact, acting_user=user):
        messages.success(request, _("The message from %(name)s is marked as handled.") % {"name": contact.name})
    else:
        messages.info(request, _("Someone had already marked the message as handled."))
    # Back to the list as the coordinator saw it (filter, page); only ever to that list.
    url = reverse("public:contact_messages")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith(url) else url)
