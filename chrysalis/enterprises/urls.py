from django.urls import path

from chrysalis.enterprises.views import enterprises as views
from chrysalis.enterprises.views import imports

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("add/", views.EnterpriseCreateView.as_view(), name="enterprise_add"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("<int:pk>/figures/add/", views.FiguresFormView.as_view(), name="figures_add"),
    path("<int:pk>/figures/<int:year_pk>/edit/", views.FiguresFormView.as_view(), name="figures_edit"),
    path("<int:pk>/<slug:kind>/add/", views.RecordFormView.as_view(), name="record_add"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/edit/", views.RecordFormView.as_view(), name="record_edit"),
    path(
        "<int:pk>/<slug:kind>/<int:record_pk>/delete/", views.RecordDeleteView.as_view(), name="record_delete"
    ),
    path("contacts/<int:pk>/unmask/<slug:field>/", views.ContactUnmaskView.as_view(), name="contact_unmask"),
    path("imports/", imports.ImportListView.as_view(), name="import_list"),
    path("imports/upload/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/mapping/", imports.ImportMappingView.as_view(), name="import_mapping"),
    path("imports/<int:pk>/validate/", imports.ImportValidateView.as_view(), name="import_validate"),
    path("imports/<int:pk>/layout/", imports.ImportLayoutView.as_view(), name="import_layout"),
    path("imports/<int:pk>/commit/", imports.ImportCommitView.as_view(), name="import_commit"),
    path("imports/<int:pk>/rollback/", imports.ImportRollbackView.as_view(), name="import_rollback"),
    path("imports/<int:pk>/report.xlsx", imports.ImportReportView.as_view(), name="import_report"),
    path("imports/template.xlsx", imports.ImportTemplateView.as_view(), name="import_template"),
]
