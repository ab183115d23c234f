from django.urls import path

from costs import views

app_name = "costs"

urlpatterns = [
    path("omkostninger/", views.scenario_list, name="scenario_list"),
    path("omkostninger/metode/", views.method, name="method"),
    path("omkostninger/sammenlign/", views.compare, name="compare"),
    path("omkostninger/faktisk/", views.actual_cost_view, name="actual_cost"),
    path("omkostninger/budget/", views.budget, name="budget"),
    path("omkostninger/budget/<uuid:code>/ret/", views.budget_line_edit, name="budget_line_edit"),
    path("omkostninger/budget/<uuid:code>/slet/", views.budget_line_delete, name="budget_line_delete"),
    path("omkostninger/offentliggjorte/<slug:key>/", views.preset_detail, name="preset_detail"),
    path("omkostninger/offentliggjorte/<slug:key>/kopier/", views.preset_copy, name="preset_copy"),
    path("omkostninger/offentliggjorte/<slug:key>/<str:fmt>/", views.preset_export, name="preset_export"),
    path("omkostninger/scenarier/ny/", views.scenario_create, name="scenario_create"),
    path("omkostninger/scenarier/<uuid:code>/", views.scenario_detail, name="scenario_detail"),
    path("omkostninger/scenarier/<uuid:code>/ret/", views.scenario_edit, name="scenario_edit"),
    path("omkostninger/scenarier/<uuid:code>/slet/", views.scenario_delete, name="scenario_delete"),
    path("omkostninger/scenarier/<uuid:code>/<str:fmt>/", views.scenario_export, name="scenario_export"),
]
