from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rapporter/", views.report_page, name="report"),
    path("rapporter/eksport.<str:fmt>", views.report_export, name="export"),
]
