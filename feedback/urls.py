from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    # Questionnaires (administrators)
    path("spoergeskemaer/", views.instrument_list, name="instrument_list"),
    path("spoergeskemaer/nyt/", views.instrument_create, name="instrument_create"),
    path("spoergeskemaer/indlaes/", views.instrument_import, name="instrument_import"),
    path("spoergeskemaer/<uuid:code>/", views.instrument_detail, name="instrument_detail"),
    path("spoergeskemaer/<uuid:code>/ret/", views.instrument_edit, name="instrument_edit"),
    path("spoergeskemaer/<uuid:code>/json/", views.instrument_json, name="instrument_json"),
    # Results, measurement plans and invitations
    path("resultater/", views.outcomes_home, name="outcomes_home"),
    path("resultater/opfoelgning/", views.follow_up_list, name="follow_up_list"),
    path("resultater/opfoelgning/<uuid:code>/", views.follow_up_mark, name="follow_up_mark"),
    path("resultater/eksport/", views.export, name="export"),
    path("resultater/<uuid:code>/", views.programme_results, name="programme_results"),
    path("resultater/<uuid:code>/maaleplan/", views.plan_list, name="plan_list"),
    path("resultater/<uuid:code>/invitationer/", views.invitation_list, name="invitation_list"),
    path("resultater/<uuid:code>/invitationer/efter-plan/", views.invitation_as_planned, name="invitation_as_planned"),
    path("maaleplan/<uuid:code>/ret/", views.plan_edit, name="plan_edit"),
    path("maaleplan/<uuid:code>/stop/", views.plan_stop, name="plan_stop"),
    path("invitationer/<uuid:code>/", views.invitation_detail, name="invitation_detail"),
    path("invitationer/<uuid:code>/luk/", views.invitation_cancel, name="invitation_cancel"),
    # A citizen's own, and a peer's citizens
    path("mine-spoergeskemaer/", views.my_questionnaires, name="my_questionnaires"),
    path("mine-borgeres-spoergeskemaer/", views.peer_citizens, name="peer_citizens"),
    path("mine-borgeres-spoergeskemaer/<uuid:code>/", views.peer_citizen_results, name="peer_citizen_results"),
    path("mine-borgeres-spoergeskemaer/<uuid:code>/besvar/", views.peer_in_person, name="peer_in_person"),
    # Answering without an account
    path("svar/tak/", views.answer_done, name="answer_done"),
    path("svar/<str:token>/", views.answer, name="answer"),
    path("svar/<str:token>/gemt/", views.answer_saved, name="answer_saved"),
]
