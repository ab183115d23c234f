from django.urls import path

from courses import public_views, report_views, team_views, views

app_name = "courses"

urlpatterns = [
    # The public catalogue (/kurser/ itself is public:courses, which shows the same catalogue).
    path("kurser/skole/<uuid:code>/", public_views.school_catalogue, name="school_catalogue"),
    path("kurser/katalog.pdf", public_views.catalogue_pdf, name="catalogue_pdf"),
    path("kurser/hold/<uuid:code>/", public_views.public_run, name="public_run"),
    path("kurser/hold/<uuid:code>/kalender.ics", public_views.run_ical, name="run_ical"),
    path("kurser/tilmelding/<str:token>/", public_views.my_registration, name="my_registration"),
    path(
        "kurser/tilmelding/<str:token>/afmeld/", public_views.registration_cancel_self, name="registration_cancel_self"
    ),
    path("kurser/tilmelding/<str:token>/kursusbevis.pdf", public_views.my_certificate, name="my_certificate"),
    path("kurser/mine-tilmeldinger/", public_views.my_registrations, name="my_registrations"),
    # Courses and descriptions (coordinators and leads).
    path("kursusoversigt/", views.course_list, name="course_list"),
    path("kursusoversigt/nyt/", views.course_create, name="course_create"),
    path("kursusoversigt/<uuid:code>/", views.course_detail, name="course_detail"),
    path("kursusoversigt/<uuid:code>/ret/", views.course_edit, name="course_edit"),
    path("kursusoversigt/<uuid:code>/kvalitetstjek/", views.quality_checklist, name="quality_checklist"),
    path("kursusoversigt/<uuid:code>/nyt-hold/", views.run_create, name="run_create"),
    # Runs.
    path("hold/<uuid:code>/", views.run_detail, name="run_detail"),
    path("hold/<uuid:code>/ret/", views.run_edit, name="run_edit"),
    path("hold/<uuid:code>/offentliggoer/", views.run_publish, name="run_publish"),
    path("hold/<uuid:code>/aflys/", views.run_cancel, name="run_cancel"),
    path("hold/<uuid:code>/afslut/", views.run_close, name="run_close"),
    path("hold/<uuid:code>/evaluering/", views.evaluation, name="evaluation"),
    path("hold/<uuid:code>/kursusevaluering/", team_views.course_evaluation, name="course_evaluation"),
    path("hold/<uuid:code>/team/tilfoej/", views.team_add, name="team_add"),
    path("hold/<uuid:code>/team/<uuid:member_code>/fjern/", views.team_remove, name="team_remove"),
    path("hold/<uuid:code>/team/<uuid:member_code>/tovholder/", views.team_lead, name="team_lead"),
    path("hold/<uuid:code>/kursusgange/ny/", views.session_add, name="session_add"),
    path("hold/<uuid:code>/kursusgange/serie/", views.session_series, name="session_series"),
    path("hold/<uuid:code>/tilmeld/", views.registration_add, name="registration_add"),
    path("hold/<uuid:code>/fremmoede/", team_views.attendance_overview, name="attendance_overview"),
    path("hold/<uuid:code>/samarbejdsaftale/", team_views.coteacher_start, name="coteacher_start"),
    path("tilmeldinger/<uuid:code>/afmeld/", views.registration_cancel, name="registration_cancel"),
    path("beskeder/<uuid:code>/videregivet/", views.notification_handled, name="notification_handled"),
    path("mine-hold/", views.my_runs, name="my_runs"),
    # Sessions: attendance, headcount, session feedback.
    path("kursusgange/<uuid:code>/", team_views.session_detail, name="session_detail"),
    path("kursusgange/<uuid:code>/ret/", views.session_edit, name="session_edit"),
    path("kursusgange/<uuid:code>/aflys/", views.session_cancel, name="session_cancel"),
    path(
        "kursusgange/<uuid:code>/fremmoede/<uuid:registration_code>/",
        team_views.attendance_toggle,
        name="attendance_toggle",
    ),
    path("kursusgange/<uuid:code>/fremmoede-taget/", team_views.attendance_complete, name="attendance_complete"),
    path("kursusgange/<uuid:code>/antal/", team_views.headcount, name="headcount"),
    path("kursusgange/<uuid:code>/feedback/", team_views.session_feedback, name="session_feedback"),
    path("kursusbeviser/<uuid:code>/", team_views.certificate_download, name="certificate_download"),
    # The co-teachers' own agreement.
    path("samarbejdsaftaler/<uuid:code>/", team_views.coteacher_detail, name="coteacher_detail"),
    path("samarbejdsaftaler/<uuid:code>/accepter/", team_views.coteacher_accept, name="coteacher_accept"),
    # Journal notes of closed groups, and reports.
    path("journalnotater/", team_views.journal_notes, name="journal_notes"),
    path("journalnotater/<uuid:code>/journalfoert/", team_views.journal_note_file, name="journal_note_file"),
    path("kursusrapport/", report_views.report, name="report"),
    path("kursusrapport/eksport.xlsx", report_views.report_export, name="report_export"),
]
