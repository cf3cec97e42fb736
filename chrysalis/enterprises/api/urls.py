from rest_framework.routers import SimpleRouter

from chrysalis.enterprises.api import views

app_name = "api-enterprises"

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("figures", views.YearFiguresViewSet, basename="figures")
for prefix, viewset in views.RECORD_VIEWSETS.items():
    router.register(prefix, viewset, basename=prefix)

urlpatterns = router.urls
