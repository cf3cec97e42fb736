from django.urls import path

from chrysalis.cultivation.views import selfcheck

app_name = "cultivation"

urlpatterns = [
    path("self-check/", selfcheck.selfcheck, name="selfcheck"),
]
