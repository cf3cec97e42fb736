from django.urls import path
from rest_framework.routers import SimpleRouter

from chrysalis.notices import api

router = SimpleRouter()
router.register("notices", api.NoticeViewSet, basename="notice")

app_name = "notices_api"

urlpatterns = [
    path("public/notices/", api.PublicNoticeList.as_view(), name="public_notice_list"),
    path("public/notices/verify/", api.PublicVerify.as_view(), name="public_verify"),
    *router.urls,
]
