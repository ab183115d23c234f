from django.urls import path

from wards import views

app_name = "wards"

urlpatterns = [
    # Wards and their settings.
    path("afsnit/", views.ward_list, name="ward_list"),
    path("afsnit/<uuid:code>/", views.ward_detail, name="ward_detail"),
    path("afsnit/<uuid:code>/indstillinger/", views.ward_settings_edit, name="ward_settings_edit"),
    path("afsnit/<uuid:code>/blokeringer/ny/", views.block_add, name="block_add"),
    path("afsnit/blokering/<uuid:code>/ret/", views.block_edit, name="block_edit"),
    path("afsnit/blokering/<uuid:code>/fjern/", views.block_remove, name="block_remove"),
    # District-psychiatry group sites.
    path("afsnit/gruppesteder/", views.group_sites, name="group_sites"),
    path("afsnit/gruppesteder/nyt/", views.group_site_add, name="group_site_add"),
    path("afsnit/gruppesteder/<uuid:code>/ret/", views.group_site_edit, name="group_site_edit"),
    path("afsnit/gruppesteder/<uuid:code>/fjern/", views.group_site_remove, name="group_site_remove"),
    # Shift plans.
    path("vagtplaner/", views.plan_list, name="plan_list"),
    path("vagtplaner/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("vagtplaner/<uuid:code>/generer/", views.plan_regenerate, name="plan_regenerate"),
    path("vagtplaner/<uuid:code>/offentliggoer/", views.plan_publish, name="plan_publish"),
    path("vagtplaner/<uuid:code>/slet/", views.plan_delete, name="plan_delete"),
    path("vagtplaner/<uuid:code>/vagter/ny/", views.shift_add, name="shift_add"),
    path("vagtplaner/<uuid:code>/plakat/<uuid:ward_code>/uge-<int:week>.pdf", views.poster_pdf, name="poster_pdf"),
    path("vagtplaner/<uuid:code>/plakater/uge-<int:week>.pdf", views.posters_pdf, name="posters_pdf"),
    path("vagtplaner/vagt/<uuid:code>/ret/", views.shift_edit, name="shift_edit"),
    path("vagtplaner/vagt/<uuid:code>/fjern/", views.shift_remove, name="shift_remove"),
    # The peer's own shifts and calendar feed.
    path("mine-vagter/", views.my_shifts, name="my_shifts"),
    path("mine-vagter/kalender/", views.my_calendar, name="my_calendar"),
    path("mine-vagter/<uuid:code>/", views.my_shift, name="my_shift"),
    path("vagter/kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
