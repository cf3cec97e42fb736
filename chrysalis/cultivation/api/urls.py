from django.urls import path

from chrysalis.cultivation.api.assessment import AssessmentAPIView

urlpatterns = [
    path("assessments/", AssessmentAPIView.as_view(), name="api-assessment"),
]
