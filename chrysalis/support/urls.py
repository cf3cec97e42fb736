from django.urls import path

from chrysalis.support.views import config, coverage, notifications, requests, visits

app_name = "support"

urlpatterns = [
    path("requests/", requests.RequestListView.as_view(), name="request_list"),
    path("requests/add/", requests.RequestCreateView.as_view(), name="request_add"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/firm/", requests.RequestFirmView.as_view(), name="request_firm"),
    path("requests/<int:pk>/attachments/add/", requests.AttachmentAddView.as_view(), name="attachment_add"),
    path(
        "requests/<int:pk>/<slug:event>/", requests.RequestTransitionView.as_view(), name="request_transition"
    ),
    path("attachments/<int:pk>/", requests.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", visits.VisitCreateView.as_view(), name="visit_add"),
    path("visits/<int:pk>/", visits.VisitDetailView.as_view(), name="visit_detail"),
    path("coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("assignments/", coverage.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/add/", coverage.AssignmentCreateView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/end/", coverage.AssignmentEndView.as_view(), name="assignment_end"),
    path("hand-overs/", coverage.HandOverListView.as_view(), name="handover_list"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", notifications.NotificationReadView.as_view(), name="notification_read_all"),
    path(
        "notifications/<int:pk>/read/", notifications.NotificationReadView.as_view(), name="notification_read"
    ),
    path("calendar/", config.HolidayListView.as_view(), name="holiday_list"),
    path("calendar/add/", config.HolidayCreateView.as_view(), name="holiday_add"),
    path("calendar/<int:pk>/delete/", config.HolidayDeleteView.as_view(), name="holiday_delete"),
    path("time-limits/", config.TimeLimitListView.as_view(), name="timelimit_list"),
    path("time-limits/add/", config.TimeLimitCreateView.as_view(), name="timelimit_add"),
]
