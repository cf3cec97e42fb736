from django.urls import path

from chrysalis.notices.views import public, staff

app_name = "notices"

urlpatterns = [
    path("", staff.NoticeListView.as_view(), name="notice_list"),
    path("paste/", staff.NoticePasteView.as_view(), name="notice_paste"),
    path("dashboard/", staff.NoticeDashboardView.as_view(), name="notice_dashboard"),
    path("<int:pk>/", staff.NoticeDetailView.as_view(), name="notice_detail"),
    path("<int:pk>/edit/", staff.NoticeEditView.as_view(), name="notice_edit"),
    path("<int:pk>/registry-review/", staff.RegistryReviewDoneView.as_view(), name="registry_review_done"),
    path("<int:pk>/<slug:event>/", staff.NoticeTransitionView.as_view(), name="notice_transition"),
    # anonymous
    path("public/", public.search, name="public_search"),
    path("public/verify/", public.verify, name="public_verify"),
    path("public/feed/", public.feed, name="public_feed"),
    path("public/<int:pk>/", public.detail, name="public_detail"),
]
