from django.urls import path

from chrysalis.cultivation.views import assessment, coaching, pool, recognitions, selfcheck

app_name = "cultivation"

urlpatterns = [
    path("self-check/", selfcheck.selfcheck, name="selfcheck"),
    path("enterprises/<int:pk>/assessment/", assessment.assessment, name="assessment"),
    path("enterprises/<int:pk>/judgements/", assessment.judgement_add, name="judgement_add"),
    path("pool/", pool.PoolListView.as_view(), name="pool"),
    path("pool/add/<int:enterprise_pk>/", pool.PoolAddView.as_view(), name="pool_add"),
    path("pool/<int:pk>/", pool.pool_detail, name="pool_detail"),
    path("pool/<int:pk>/move/", pool.pool_move_view, name="pool_move"),
    path("pool/<int:pk>/coaching/", coaching.coaching_add, name="coaching_add"),
    path("coaching/<int:pk>/", coaching.coaching_detail, name="coaching_detail"),
    path("coaching/<int:pk>/edit/", coaching.CoachingEditView.as_view(), name="coaching_edit"),
    path("coaching/<int:pk>/sessions/", coaching.coaching_session_add_view, name="coaching_session_add"),
    path("checklist/<int:pk>/tick/", coaching.checklist_tick, name="checklist_tick"),
    path("recognitions/", recognitions.RecognitionListView.as_view(), name="recognition_list"),
    path(
        "recognitions/add/<int:enterprise_pk>/",
        recognitions.RecognitionAddView.as_view(),
        name="recognition_add",
    ),
]
