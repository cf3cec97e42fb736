from django.urls import path

from chrysalis.events import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("calendar/", views.EventCalendarView.as_view(), name="event_calendar"),
    path("add/", views.EventCreateView.as_view(), name="event_add"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("public/", views.PublicListView.as_view(), name="public_list"),
    path("public/events.ics", views.public_ics, name="public_ics"),
    path("checkin/<str:code>/", views.CheckInView.as_view(), name="checkin"),
    path("firms/<int:pk>/", views.FirmEventsView.as_view(), name="firm_events"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="event_invite"),
    path("<int:pk>/register/", views.RegisterView.as_view(), name="event_register"),
    path("<int:pk>/door/", views.DoorView.as_view(), name="event_door"),
    path("<int:pk>/door/qr.svg", views.QRCodeView.as_view(), name="event_qr"),
    path("<int:pk>/door/walk-in/", views.WalkInView.as_view(), name="event_walk_in"),
    path("<int:pk>/no-shows/", views.NoShowView.as_view(), name="event_no_shows"),
    path("<int:pk>/requests/add/", views.RequestRaiseView.as_view(), name="event_request_add"),
    path("<int:pk>/deals/add/", views.DealFormView.as_view(), name="deal_add"),
    path("<int:pk>/figures/", views.FiguresView.as_view(), name="event_figures"),
    path("<int:pk>/slots/add/", views.SlotsAddView.as_view(), name="slot_add"),
    path("slots/<int:pk>/book/", views.SlotBookView.as_view(), name="slot_book"),
    path("slots/<int:pk>/notes/", views.SlotNotesView.as_view(), name="slot_notes"),
    path("deals/", views.DealListView.as_view(), name="deal_list"),
    path("deals/<int:deal>/edit/", views.DealFormView.as_view(), name="deal_edit"),
    path("registrations/", views.RegistrationListView.as_view(), name="registration_list"),
    path("registrations/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration_detail"),
    path("registrations/<int:pk>/feedback/", views.FeedbackView.as_view(), name="registration_feedback"),
    path(
        "registrations/<int:pk>/<slug:event>/",
        views.RegistrationTransitionView.as_view(),
        name="registration_transition",
    ),
]
