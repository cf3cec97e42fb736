from django.urls import path

from chrysalis.screening.views import runs

app_name = "screening"

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("start/", runs.run_start, name="run_start"),
    path("<int:pk>/", runs.run_detail, name="run_detail"),
    path("<int:pk>/pool/", runs.run_pool_add, name="run_pool_add"),
]
