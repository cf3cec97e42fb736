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
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/advance/", views.ProjectAdvanceView.as_view(), name="project_advance"),
    path("honours/", views.HonourListView.as_view(), name="honour_list"),
    path("routes/", views.RouteListView.as_view(), name="route_list"),
    path("routes/<int:pk>/", views.RouteDetailView.as_view(), name="route_detail"),
    path("routes/<int:pk>/card/", views.RouteCardView.as_view(), name="route_card"),
    path("public/routes/", views.PublicRouteListView.as_view(), name="public_routes"),
    path("public/routes/<int:pk>/", views.PublicRouteView.as_view(), name="public_route"),
    path("public/honours/", views.PublicHonourListView.as_view(), name="public_honours"),
]
