from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("modeller/<slug:slug>/", views.programme_model, name="programme_model"),
    path("viden/", views.knowledge, name="knowledge"),
    path("viden/<slug:slug>/", views.knowledge_page, name="knowledge_page"),
    path("privatliv/", views.privacy, name="privacy"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("spoergsmaal-og-svar/", views.faq, name="faq"),
    path("kurser/", views.courses, name="courses"),
    path("bliv-peer/", views.become_peer, name="become_peer"),
    path("kontakt/", views.contact, name="contact"),
    path("kontakt/tak/", views.contact_thanks, name="contact_thanks"),
    path("henvendelser/", views.contact_messages, name="contact_messages"),
    path("henvendelser/<uuid:code>/", views.contact_message_handle, name="contact_message_handle"),
]
