from django.urls import path

from chrysalis.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.CockpitView.as_view(), name="cockpit"),
    path("list/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("add/", views.ProgrammeFormView.as_view(), name="programme_add"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme_edit"),
    path("<int:programme>/measures/add/", views.MeasureFormView.as_view(), name="measure_add"),
    path("<int:programme>/measures/<int:pk>/edit/", views.MeasureFormView.as_view(), name="measure_edit"),
    path("<int:programme>/targets/add/", views.TargetFormView.as_view(), name="target_add"),
    path("<int:programme>/targets/<int:pk>/edit/", views.TargetFormView.as_view(), name="target_edit"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("targets/<int:pk>/records/", views.TargetRecordsView.as_view(), name="target_records"),
    path("targets/<int:pk>/values/", views.ManualValueView.as_view(), name="target_value_add"),
    path("metrics/", views.MetricCatalogueView.as_view(), name="metric_list"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/add/", views.ReportCreateView.as_view(), name="report_add"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/issue/", views.ReportIssueView.as_view(), name="report_issue"),
    path("reports/<int:pk>/<str:fmt>/", views.ReportDownloadView.as_view(), name="report_download"),
    path("listing/", views.ListingListView.as_view(), name="listing_list"),
    path("listing/add/", views.ListingFormView.as_view(), name="listing_add"),
]
