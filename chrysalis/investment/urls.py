from django.urls import path

from chrysalis.investment.views import cadres, dashboard, evaluation, projects, taskforces

app_name = "investment"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("export/", dashboard.DashboardExportView.as_view(), name="dashboard_export"),
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path("projects/add/", projects.ProjectCreateView.as_view(), name="project_add"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", projects.ProjectEditView.as_view(), name="project_edit"),
    path("projects/<int:pk>/move/<slug:stage>/", projects.ProjectMoveView.as_view(), name="project_move"),
    path("duplicates/", projects.ConflictListView.as_view(), name="conflict_list"),
    path("duplicates/<int:pk>/", projects.ConflictDetailView.as_view(), name="conflict_detail"),
    path("task-forces/", taskforces.TaskForceListView.as_view(), name="taskforce_list"),
    path("task-forces/add/", taskforces.TaskForceCreateView.as_view(), name="taskforce_add"),
    path("task-forces/<int:pk>/", taskforces.TaskForceDetailView.as_view(), name="taskforce_detail"),
    path("task-forces/<int:pk>/edit/", taskforces.TaskForceEditView.as_view(), name="taskforce_edit"),
    path(
        "task-forces/<int:pk>/members/add/",
        taskforces.TaskForceMemberAddView.as_view(),
        name="taskforce_member_add",
    ),
    path(
        "task-forces/<int:pk>/members/remove/",
        taskforces.TaskForceMemberRemoveView.as_view(),
        name="taskforce_member_remove",
    ),
    path("trips/", taskforces.TripListView.as_view(), name="trip_list"),
    path("trips/add/", taskforces.TripCreateView.as_view(), name="trip_add"),
    path("trips/<int:pk>/", taskforces.TripDetailView.as_view(), name="trip_detail"),
    path("quarters/", evaluation.QuarterListView.as_view(), name="quarter_list"),
    path("quarters/add/", evaluation.QuarterCreateView.as_view(), name="quarter_add"),
    path("quarters/<int:pk>/", evaluation.QuarterDetailView.as_view(), name="quarter_detail"),
    path("quarters/<int:pk>/export/", evaluation.QuarterExportView.as_view(), name="quarter_export"),
    path("quarters/<int:pk>/<slug:action>/", evaluation.QuarterActionView.as_view(), name="quarter_action"),
    path("cadres/", cadres.CadreListView.as_view(), name="cadre_list"),
    path("cadres/export/", cadres.CadreExportView.as_view(), name="cadre_export"),
    path("cadres/add/", cadres.CadreCreateView.as_view(), name="cadre_add"),
    path("cadres/<int:pk>/", cadres.CadreDetailView.as_view(), name="cadre_detail"),
    path("cadres/<int:pk>/add/<slug:kind>/", cadres.CadreRecordAddView.as_view(), name="cadre_record_add"),
    path(
        "cadres/<int:pk>/<slug:kind>/<int:record>/edit/",
        cadres.CadreRecordEditView.as_view(),
        name="cadre_record_edit",
    ),
    path("cohorts/", cadres.CohortListView.as_view(), name="cohort_list"),
    path("cohorts/add/", cadres.CohortCreateView.as_view(), name="cohort_add"),
    path("cohorts/<int:pk>/", cadres.CohortDetailView.as_view(), name="cohort_detail"),
    path("cohorts/<int:pk>/members/add/", cadres.CohortMemberAddView.as_view(), name="cohort_member_add"),
    path("cohorts/<int:pk>/courses/add/", cadres.CourseCreateView.as_view(), name="course_add"),
    path("courses/<int:pk>/edit/", cadres.CourseEditView.as_view(), name="course_edit"),
]
