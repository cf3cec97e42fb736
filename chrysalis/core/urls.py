from django.urls import path

from chrysalis.core import views_recycle

app_name = "core"

urlpatterns = [
    path("", views_recycle.recycle_bin, name="recycle_bin"),
    path("<str:label>/<int:pk>/restore/", views_recycle.recycle_restore, name="recycle_restore"),
]
