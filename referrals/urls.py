from django.urls import path

from referrals import public_views, views

app_name = "referrals"

urlpatterns = [
    path("henvisninger/", views.referral_list, name="list"),
    path("henvisninger/ny/", views.referral_start, name="start"),
    path("henvisninger/ny/<uuid:programme>/", views.referral_create, name="create"),
    path("henvisninger/overblik/", views.overview, name="overview"),
    path("henvisninger/ledige-peers/", views.free_peers, name="free_peers"),
    path("henvisninger/program/<uuid:code>/", views.queue, name="queue"),
    path("henvisninger/program/<uuid:code>/samlet-matchning/", views.batch, name="batch"),
    path("henvisninger/program/<uuid:code>/indstillinger/", views.settings_edit, name="settings"),
    path("henvisninger/<uuid:code>/", views.referral_detail, name="detail"),
    path("henvisninger/<uuid:code>/forslag/", views.shortlist, name="shortlist"),
    path("henvisninger/<uuid:code>/luk/", views.referral_withdraw, name="withdraw"),
    path("henvisninger/match/<uuid:code>/tilbagekald/", views.match_withdraw, name="match_withdraw"),
    path(
        "henvisninger/match/<uuid:code>/borger-siger-nej/", views.match_citizen_declines, name="match_citizen_declines"
    ),
    path("mine-forslag/", views.my_proposals, name="my_proposals"),
    path("mine-forslag/<uuid:code>/", views.proposal_answer, name="proposal"),
    path("min-henvisning/", views.my_referral, name="my_referral"),
    path("min-henvisning/<uuid:code>/sig-nej/", views.citizen_decline, name="citizen_decline"),
    path("find-en-peer/", public_views.self_referral_start, name="self_start"),
    path("find-en-peer/tak/", public_views.self_referral_thanks, name="self_thanks"),
    path("find-en-peer/<uuid:code>/", public_views.self_referral, name="self_refer"),
]
