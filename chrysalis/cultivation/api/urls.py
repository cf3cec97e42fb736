from django.urls import path

from chrysalis.cultivation.api.assessment import AssessmentAPIView, EnterpriseAssessmentAPIView

urlpatterns = [
    path("assessments/", AssessmentAPIView.as_view(), name="api-assessment"),
    path(
        "enterprises/<int:pk>/assessment/",
        EnterpriseAssessmentAPIView.as_view(),
        name="api-enterprise-assessment",
    ),
]
