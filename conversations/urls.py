from django.urls import path

from conversations import report_views, views

app_name = "conversations"

urlpatterns = [
    # The peer's shift (on a phone).
    path("vagt/i-dag/", views.today, name="today"),
    path("vagt/opsamling/", views.debriefs, name="debriefs"),
    path("vagt/<uuid:code>/", views.shift, name="shift"),
    path("vagt/<uuid:code>/patient/<uuid:entry_code>/start/", views.entry_start, name="entry_start"),
    path("vagt/<uuid:code>/patient/<uuid:entry_code>/afvist/", views.entry_decline, name="entry_decline"),
    path("vagt/<uuid:code>/afslutning/", views.shift_log, name="shift_log"),
    path("vagt/<uuid:code>/sikkerhedsmelding/", views.safety_notice_new, name="safety_notice_new"),
    path("vagt/samtale/<uuid:code>/", views.conversation, name="conversation"),
    # The key person's list and the contact person's journal notes.
    path("samtaleliste/", views.ward_list, name="ward_list"),
    path("samtaleliste/<uuid:code>/fjern/", views.entry_remove, name="entry_remove"),
    path("journalnotater/samtaler/", views.journal_notes, name="journal_notes"),
    path("journalnotater/samtaler/<uuid:code>/journalfoert/", views.journal_note_file, name="journal_note_file"),
    # Safety notices.
    path("sikkerhedsmeldinger/", views.safety_notices, name="safety_notices"),
    path("sikkerhedsmeldinger/<uuid:code>/", views.safety_notice, name="safety_notice"),
    path("sikkerhedsmeldinger/<uuid:code>/kvitter/", views.safety_notice_acknowledge, name="safety_notice_acknowledge"),
    # Coordinators: the wards' themes; reports.
    path("samtaletemaer/", views.themes, name="themes"),
    path("samtaletemaer/<uuid:code>/", views.theme_toggle, name="theme_toggle"),
    path("samtaletemaer/eskalering/", views.escalation, name="escalation"),
    path("rapporter/afsnitssamtaler/", report_views.report, name="report"),
    path("rapporter/afsnitssamtaler.xlsx", report_views.report_export, name="report_export"),
]
