from django.urls import path

from chrysalis.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("service/", views.ServiceDashboardView.as_view(), name="service"),
    path("service/export.xlsx", views.ServiceDashboardExportView.as_view(), name="service_export"),
]
