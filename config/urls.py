from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

admin.site.site_header = "Brobygger"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("public.urls")),
]

for app in (
    "people",
    "agreements",
    "education",
    "referrals",
    "support",
    "courses",
    "wards",
    "conversations",
    "feedback",
    "reports",
    "costs",
):
    try:
        urlpatterns.append(path("", include(f"{app}.urls")))
    except ModuleNotFoundError as exc:  # an app without pages yet
        if exc.name != f"{app}.urls":
            raise
