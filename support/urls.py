from django.urls import path

from support import claim_views, report_views, views

app_name = "support"

urlpatterns = [
    path("forloeb/", views.course_list, name="course_list"),
    path("forloeb/mine-borgere/", views.caseload, name="caseload"),
    path("forloeb/rapport/", report_views.report, name="report"),
    path("forloeb/<uuid:code>/", views.course_detail, name="course"),
    path("forloeb/<uuid:code>/kontakt/", views.contact, name="contact"),
    path("forloeb/<uuid:code>/naeste-moede/", views.next_meeting, name="next_meeting"),
    path("forloeb/<uuid:code>/moede/nyt/", views.meeting_new, name="meeting_new"),
    path("forloeb/<uuid:code>/moede/<uuid:meeting>/", views.meeting_detail, name="meeting"),
    path("forloeb/<uuid:code>/moede/<uuid:meeting>/slet/", views.meeting_delete, name="meeting_delete"),
    path("forloeb/<uuid:code>/samarbejdsaftale/", views.agreement_detail, name="agreement"),
    path("forloeb/<uuid:code>/samarbejdsaftale/ret/", views.agreement_edit, name="agreement_edit"),
    path("forloeb/<uuid:code>/samarbejdsaftale/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("forloeb/<uuid:code>/afslut/", views.course_end, name="end"),
    path("forloeb/<uuid:code>/evaluer/", views.evaluate, name="evaluate"),
    path("min-peer/", views.my_support, name="my_support"),
    path("koersel/", claim_views.my_claims, name="my_claims"),
    path("koersel/godkend/", claim_views.review, name="claims_review"),
    path("koersel/<uuid:code>/godkend/", claim_views.approve, name="claim_approve"),
    path("koersel/<uuid:code>/afvis/", claim_views.reject, name="claim_reject"),
    path("koersel/udbetaling/", claim_views.export_create, name="claims_export"),
    path("koersel/udbetaling/<uuid:code>/<str:fmt>/", claim_views.export_download, name="claims_export_download"),
]
