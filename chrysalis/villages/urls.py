from django.urls import path

from chrysalis.villages import views

app_name = "villages"

urlpatterns = [
    path("", views.VillageListView.as_view(), name="village_list"),
    path("<int:pk>/", views.VillageDetailView.as_view(), name="village_detail"),
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("figures/add/", views.FigureCreateView.as_view(), name="figure_add"),
    path("figures/review/", views.FigureReviewAllView.as_view(), name="figure_review_all"),
    path("figures/<int:pk>/", views.FigureDetailView.as_view(), name="figure_detail"),
    path("figures/<int:pk>/<str:event>/", views.FigureTransitionView.as_view(), name="figure_transition"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("operators/", views.OperatorListView.as_view(), name="operator_list"),
    path("operators/<int:pk>/", views.OperatorDetailView.as_view(), name="operator_detail"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/<str:event>/", views.PlanTransitionView.as_view(), name="plan_transition"),
]
