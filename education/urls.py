from django.urls import path

from education import support_views, views

app_name = "education"

urlpatterns = [
    # Peer education: the catalogue, runs and enrolment.
    path("uddannelse/", views.catalogue, name="catalogue"),
    path("uddannelse/opsaet/", views.set_up, name="set_up"),
    path("uddannelse/moduler/nyt/", views.module_create, name="module_create"),
    path("uddannelse/moduler/<uuid:code>/", views.module_detail, name="module_detail"),
    path("uddannelse/moduler/<uuid:code>/ret/", views.module_edit, name="module_edit"),
    path("uddannelse/moduler/<uuid:code>/hold/nyt/", views.run_create, name="run_create"),
    path("uddannelse/hold/<uuid:code>/", views.run_detail, name="run_detail"),
    path("uddannelse/hold/<uuid:code>/ret/", views.run_edit, name="run_edit"),
    path("uddannelse/hold/<uuid:code>/tilmeld/", views.run_enrol, name="run_enrol"),
    path("uddannelse/hold/<uuid:code>/aflys/", views.run_cancel, name="run_cancel"),
    path("uddannelse/tilmeldinger/<uuid:code>/gennemfoert/", views.enrolment_complete, name="enrolment_complete"),
    path(
        "uddannelse/tilmeldinger/<uuid:code>/ikke-gennemfoert/",
        views.enrolment_not_completed,
        name="enrolment_not_completed",
    ),
    path("uddannelse/tilmeldinger/<uuid:code>/afmeld/", views.enrolment_withdraw, name="enrolment_withdraw"),
    # Each peer's plan.
    path("uddannelse/peers/", views.peer_list, name="peer_list"),
    path("uddannelse/peers/<uuid:code>/", views.peer_plan, name="peer_plan"),
    path("uddannelse/peers/<uuid:code>/tilmeld/<uuid:module_code>/", views.peer_enrol, name="peer_enrol"),
    path("uddannelse/peers/<uuid:code>/merit/", views.peer_recognise, name="peer_recognise"),
    path(
        "uddannelse/peers/<uuid:code>/introduktion/<uuid:item_code>/",
        views.checklist_tick,
        name="checklist_tick",
    ),
    path(
        "uddannelse/peers/<uuid:code>/introduktion/<uuid:item_code>/fjern/",
        views.checklist_untick,
        name="checklist_untick",
    ),
    path("uddannelse/gennemfoerte/<uuid:code>/fjern/", views.completion_remove, name="completion_remove"),
    # The qualification rules and the deadline.
    path("uddannelse/regler/", views.rules, name="rules"),
    path("uddannelse/regler/<slug:role>/", views.rule_edit, name="rule_edit"),
    # The peer's own plan.
    path("min-uddannelse/", views.my_plan, name="my_plan"),
    # Support for peers: follow-ups, meetings and attendance, a peer's support.
    path("stoette/", support_views.support, name="support"),
    path("stoette/opfoelgning/", support_views.follow_ups, name="follow_ups"),
    path("stoette/opfoelgning/<uuid:code>/ny/", support_views.follow_up_record, name="follow_up_record"),
    path("stoette/peers/<uuid:code>/", support_views.peer_support, name="peer_support"),
    path("stoette/peers/<uuid:code>/mentor/", support_views.peer_mentor, name="peer_mentor"),
    path("stoette/moeder/", support_views.meetings, name="meetings"),
    path("stoette/moeder/serier/ny/", support_views.series_create, name="series_create"),
    path("stoette/moeder/serier/<uuid:code>/", support_views.series_detail, name="series_detail"),
    path("stoette/moeder/serier/<uuid:code>/ret/", support_views.series_edit, name="series_edit"),
    path("stoette/moeder/<uuid:code>/", support_views.meeting_detail, name="meeting_detail"),
    path("stoette/moeder/<uuid:code>/aflys/", support_views.meeting_cancel, name="meeting_cancel"),
    path("stoette/moeder/<uuid:code>/genoptag/", support_views.meeting_reinstate, name="meeting_reinstate"),
]
