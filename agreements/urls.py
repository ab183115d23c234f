from django.urls import path

from agreements.views import coordinator, documents, own

app_name = "agreements"

urlpatterns = [
    # The coordinator's pages
    path("aftaler/", coordinator.agreement_list, name="agreement_list"),
    path("aftaler/peers/<uuid:code>/", coordinator.peer_agreements, name="peer_agreements"),
    path("aftaler/peers/<uuid:code>/ny/", coordinator.agreement_create, name="agreement_create"),
    path("aftaler/peers/<uuid:code>/straffeattest/", documents.record_check_create, name="record_check_create"),
    path("aftaler/peers/<uuid:code>/ansaettelse/", documents.employment_create, name="employment_create"),
    path("aftaler/peers/<uuid:code>/udtalelse/", documents.reference_start, name="reference_start"),
    path("aftaler/peers/<uuid:code>/frivillige-gange/", documents.occasions_set, name="occasions_set"),
    path("aftaler/skabeloner/", documents.template_list, name="template_list"),
    path("aftaler/skabeloner/<slug:kind>/", documents.template_edit, name="template_edit"),
    path("aftaler/skabeloner/<slug:kind>/pdf/", documents.template_pdf, name="template_pdf"),
    path("aftaler/ansaettelser/<uuid:code>/", documents.employment_detail, name="employment_detail"),
    path("aftaler/ansaettelser/<uuid:code>/ret/", documents.employment_edit, name="employment_edit"),
    path("aftaler/ansaettelser/<uuid:code>/pdf/", documents.employment_pdf, name="employment_pdf"),
    path("aftaler/ansaettelser/<uuid:code>/underskrevet/", documents.employment_upload, name="employment_upload"),
    path("aftaler/udtalelser/<uuid:code>/", documents.reference_edit, name="reference_edit"),
    path("aftaler/udtalelser/<uuid:code>/pdf/", documents.reference_pdf, name="reference_pdf"),
    path("aftaler/underskrifter/<uuid:code>/", coordinator.signature_scan, name="signature_scan"),
    path("aftaler/<uuid:code>/", coordinator.agreement_detail, name="agreement_detail"),
    path("aftaler/<uuid:code>/ret/", coordinator.agreement_edit, name="agreement_edit"),
    path("aftaler/<uuid:code>/pdf/", coordinator.agreement_pdf, name="agreement_pdf"),
    path("aftaler/<uuid:code>/cpr/", coordinator.agreement_unmask_cpr, name="agreement_unmask_cpr"),
    path("aftaler/<uuid:code>/fornyelsessamtale/", coordinator.renewal_talk, name="renewal_talk"),
    path("aftaler/<uuid:code>/afslut/", coordinator.agreement_end, name="agreement_end"),
    path("aftaler/<uuid:code>/underskrevet/", coordinator.agreement_upload, name="agreement_upload"),
    # The peer's own
    path("mine-aftaler/", own.my_agreements, name="my_agreements"),
    path("mine-aftaler/<uuid:code>/", own.my_agreement, name="my_agreement"),
    path("mine-aftaler/<uuid:code>/pdf/", own.my_agreement_pdf, name="my_agreement_pdf"),
    path("mine-aftaler/ansaettelse/<uuid:code>/", own.my_employment, name="my_employment"),
    path("mine-aftaler/ansaettelse/<uuid:code>/pdf/", own.my_employment_pdf, name="my_employment_pdf"),
]
