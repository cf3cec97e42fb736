from django.urls import path

from chrysalis.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.ChangeRecordListView.as_view(), name="record_list"),
    path("<int:pk>/", views.ChangeRecordDetailView.as_view(), name="record_detail"),
]
