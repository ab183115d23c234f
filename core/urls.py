from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from core import admin_views, views
from core.account_forms import PasswordResetRequestForm, SetNewPasswordForm

app_name = "core"

urlpatterns = [
    path("konto/log-ind/", views.login_view, name="login"),
    path("konto/log-ud/", views.logout_view, name="logout"),
    path("konto/totrins/", views.verify_view, name="verify"),
    path("konto/totrins/opsaet/", views.two_factor_setup_view, name="two_factor_setup"),
    path("konto/invitation/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
    path(
        "konto/nulstil/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset.html",
            email_template_name="core/email/password_reset.txt",
            subject_template_name="core/email/password_reset_subject.txt",
            form_class=PasswordResetRequestForm,
            success_url=reverse_lazy("core:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "konto/nulstil/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "konto/nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html",
            form_class=SetNewPasswordForm,
            success_url=reverse_lazy("core:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "konto/nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(template_name="core/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("skift-organisation/", views.switch_organisation, name="switch_organisation"),
    path("start/", views.home, name="home"),
    path("administration/enheder/", admin_views.unit_list, name="unit_list"),
    path("administration/enheder/ny/", admin_views.unit_create, name="unit_create"),
    path("administration/enheder/<uuid:code>/", admin_views.unit_edit, name="unit_edit"),
    path("administration/programmer/", admin_views.programme_list, name="programme_list"),
    path("administration/programmer/nyt/", admin_views.programme_create, name="programme_create"),
    path("administration/programmer/<uuid:code>/", admin_views.programme_edit, name="programme_edit"),
    path("administration/brugere/", admin_views.user_list, name="user_list"),
    path("administration/brugere/inviter/", admin_views.user_invite, name="user_invite"),
    path("administration/brugere/<uuid:code>/", admin_views.user_detail, name="user_detail"),
    path("administration/invitationer/<uuid:code>/send-igen/", admin_views.invitation_resend, name="invitation_resend"),
    path(
        "administration/invitationer/<uuid:code>/tilbagekald/", admin_views.invitation_cancel, name="invitation_cancel"
    ),
    path("administration/roller/<uuid:code>/afslut/", admin_views.membership_end, name="membership_end"),
    path("administration/log/", admin_views.audit_log, name="audit_log"),
    path("administration/opbevaring/", admin_views.retention_periods, name="retention_periods"),
    path("health/", views.health, name="health"),
]
