from django.urls import path

from chrysalis.screening.views import policies, rules, runs

app_name = "screening"

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("start/", runs.run_start, name="run_start"),
    path("<int:pk>/", runs.run_detail, name="run_detail"),
    path("<int:pk>/pool/", runs.run_pool_add, name="run_pool_add"),
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/add/", rules.RuleAddView.as_view(), name="rule_add"),
    path("rules/<int:pk>/edit/", rules.RuleEditView.as_view(), name="rule_edit"),
    path("rules/<int:pk>/active/", rules.rule_toggle, name="rule_toggle"),
    path("settings/", policies.policy_list, name="policy_list"),
]
