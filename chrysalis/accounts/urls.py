from django.urls import path

from chrysalis.accounts import admin_views, password_views, twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("units/", views.OrgUnitListView.as_view(), name="orgunit_list"),
    path("units/add/", views.OrgUnitCreateView.as_view(), name="orgunit_add"),
    path("units/<int:pk>/", views.OrgUnitDetailView.as_view(), name="orgunit_detail"),
    path("units/<int:pk>/edit/", views.OrgUnitEditView.as_view(), name="orgunit_edit"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentCreateView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("teams/", views.TeamListView.as_view(), name="team_list"),
    path("teams/add/", views.TeamCreateView.as_view(), name="team_add"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path("teams/<int:pk>/edit/", views.TeamEditView.as_view(), name="team_edit"),
    path("teams/<int:pk>/members/add/", views.TeamMemberAddView.as_view(), name="team_member_add"),
    path(
        "teams/<int:pk>/members/<int:membership_pk>/remove/",
        views.TeamMemberRemoveView.as_view(),
        name="team_member_remove",
    ),
    path("people/", views.UserListView.as_view(), name="user_list"),
    path("people/add/", views.UserCreateView.as_view(), name="user_add"),
    path("people/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("people/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("people/<int:pk>/roles/grant/", views.RoleGrantView.as_view(), name="role_grant"),
    path("people/<int:pk>/password/reset/", password_views.password_reset, name="user_password_reset"),
    path("people/<int:pk>/2fa/reset/", twofactor_views.reset, name="user_2fa_reset"),
    path("people/<int:pk>/active/", admin_views.set_active, name="user_set_active"),
    path("people/<int:pk>/unlock/", admin_views.unlock, name="user_unlock"),
    path("locked/", admin_views.locked_list, name="locked_list"),
    path("roles/<int:pk>/revoke/", views.RoleRevokeView.as_view(), name="role_revoke"),
]
