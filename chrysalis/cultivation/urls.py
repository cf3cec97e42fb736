from django.urls import path

from chrysalis.cultivation.views import assessment, selfcheck

app_name = "cultivation"

urlpatterns = [
    path("self-check/", selfcheck.selfcheck, name="selfcheck"),
    path("enterprises/<int:pk>/assessment/", assessment.assessment, name="assessment"),
    path("enterprises/<int:pk>/judgements/", assessment.judgement_add, name="judgement_add"),
]
