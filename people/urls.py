from django.urls import path

from people import peer_views, recruitment_views, views

app_name = "people"

urlpatterns = [
    path("borgere/", views.citizen_list, name="citizen_list"),
    path("borgere/ny/", views.citizen_create, name="citizen_create"),
    path("borgere/<uuid:code>/", views.citizen_detail, name="citizen_detail"),
    path("borgere/<uuid:code>/ret/", views.citizen_edit, name="citizen_edit"),
    path("borgere/<uuid:code>/cpr/", views.citizen_unmask_cpr, name="citizen_unmask_cpr"),
    path("borgere/<uuid:code>/samtykke/", views.consent_add, name="consent_add"),
    path("borgere/<uuid:code>/opslag/", views.citizen_access_log, name="citizen_access_log"),
    path("samtykke/<uuid:code>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"),
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/eksport/", views.my_data_export, name="my_data_export"),
    # Recruitment: the public application, and the coordinator's pipeline.
    path("bliv-peer/ansoeg/", recruitment_views.apply, name="apply"),
    path("bliv-peer/ansoeg/tak/", recruitment_views.apply_thanks, name="apply_thanks"),
    path("ansoegninger/", recruitment_views.application_list, name="application_list"),
    path("ansoegninger/<uuid:code>/", recruitment_views.application_detail, name="application_detail"),
    path(
        "ansoegninger/<uuid:code>/planlaeg-samtale/",
        recruitment_views.application_plan_interview,
        name="application_plan_interview",
    ),
    path(
        "ansoegninger/<uuid:code>/samtale/",
        recruitment_views.application_record_interview,
        name="application_record_interview",
    ),
    path("ansoegninger/<uuid:code>/tilbud/", recruitment_views.application_offer, name="application_offer"),
    path("ansoegninger/<uuid:code>/afslag/", recruitment_views.application_decline, name="application_decline"),
    path("ansoegninger/<uuid:code>/traekket/", recruitment_views.application_withdraw, name="application_withdraw"),
    path("samtaler/<uuid:code>/", recruitment_views.interview_detail, name="interview_detail"),
    # Peers: the coordinator's overview and each peer's profile, life cycle and availability.
    path("peers/", peer_views.peer_overview, name="peer_overview"),
    path("peers/eksport/", peer_views.peer_overview_export, name="peer_overview_export"),
    path("peers/ny/", peer_views.peer_create, name="peer_create"),
    path("peers/<uuid:code>/", peer_views.peer_detail, name="peer_detail"),
    path("peers/<uuid:code>/ret/", peer_views.peer_edit, name="peer_edit"),
    path("peers/<uuid:code>/status/", peer_views.peer_status, name="peer_status"),
    path("peers/<uuid:code>/pause/", peer_views.peer_pause, name="peer_pause"),
    path("peers/<uuid:code>/genoptag/", peer_views.peer_resume, name="peer_resume"),
    path("peers/<uuid:code>/afslut/", peer_views.peer_end, name="peer_end"),
    path("peers/<uuid:code>/opslag/", peer_views.peer_access_log, name="peer_access_log"),
    path("peers/<uuid:code>/inviter/", peer_views.peer_invite, name="peer_invite"),
    path("peers/<uuid:code>/tilgaengelighed/", peer_views.peer_availability, name="peer_availability"),
    path("peers/<uuid:code>/tilgaengelighed/periode/", peer_views.peer_exception_add, name="peer_exception_add"),
    path(
        "peers/<uuid:code>/tilgaengelighed/periode/<uuid:exception_code>/fjern/",
        peer_views.peer_exception_remove,
        name="peer_exception_remove",
    ),
    # The peer's own page.
    path("min-side/", peer_views.my_peer_page, name="my_peer_page"),
    path("min-side/tilgaengelighed/", peer_views.my_availability, name="my_availability"),
    path("min-side/tilgaengelighed/periode/", peer_views.my_exception_add, name="my_exception_add"),
    path(
        "min-side/tilgaengelighed/periode/<uuid:exception_code>/fjern/",
        peer_views.my_exception_remove,
        name="my_exception_remove",
    ),
    path("min-side/pause/", peer_views.my_pause, name="my_pause"),
    path("min-side/tilbage/", peer_views.my_resume, name="my_resume"),
]
