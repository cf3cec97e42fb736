from django.urls import path

from chrysalis.cultivation.views import assessment, coaching, pool, recognitions, selfcheck

app_name = "cultivation"

urlpatterns = [
    path("self-check/", selfcheck.selfcheck, name="selfcheck"),
    path("enterprises/<int:pk>/assessment/", assessment.assessment, name="assessment"),
    path("enterprises/<int:pk>/judgements/", assessment.judgement_add, name="judgement_add"),
    path("pool/", pool.PoolListView.as_view(), name="pool"),
    path("pool/<int:pk>/", pool.pool_detail, name="pool_detail"),
    path("pool/<int:pk>/move/", pool.pool_move_view, name="pool_move"),
    path("pool/<int:pk>/coaching/", coaching.coaching_add, name="coaching_add"),
    path("coaching/<int:pk>/sessions/", coaching.coaching_session_add_view, name="coaching_session_add"),
    path("recognitions/", recognitions.RecognitionListView.as_view(), name="recognition_list"),
]
