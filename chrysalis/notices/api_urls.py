from django.urls import path

from chrysalis.notices import api

app_name = "notices_api"

urlpatterns = [
    path("public/notices/", api.PublicNoticeList.as_view(), name="public_notice_list"),
    path("public/notices/verify/", api.PublicVerify.as_view(), name="public_verify"),
]
