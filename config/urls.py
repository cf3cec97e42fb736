from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from chrysalis.accounts import api_tokens_views, auth_views, password_views, twofactor_views
from chrysalis.accounts import views_home as accounts_home
from chrysalis.core import views_home
from chrysalis.core.api import api_not_found

urlpatterns = [
    path("", accounts_home.home, name="home"),
    path("favicon.ico", views_home.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", password_views.password_change, name="password_change"),
    path("account/2fa/setup/", twofactor_views.setup, name="twofactor_setup"),
    path("account/2fa/verify/", twofactor_views.verify, name="twofactor_verify"),
    path("account/api-tokens/", api_tokens_views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", api_tokens_views.api_token_revoke, name="api_token_revoke"),
    path("account/api-tokens/permits/", api_tokens_views.api_token_permits, name="api_token_permits"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("chrysalis.accounts.urls")),
    path("audit/", include("chrysalis.audit.urls")),
    path("recycle-bin/", include("chrysalis.core.urls")),
    path("jobs/", include("chrysalis.jobs.urls")),
    path("enterprises/", include("chrysalis.enterprises.urls")),
    path("api/", include("chrysalis.enterprises.api.urls")),
    path("cultivation/", include("chrysalis.cultivation.urls")),
    path("screening/", include("chrysalis.screening.urls")),
    path("service/", include("chrysalis.support.urls")),
    path("notices/", include("chrysalis.notices.urls")),
    path("api/", include("chrysalis.notices.api_urls")),
    path("events/", include("chrysalis.events.urls")),
    path("dashboards/", include("chrysalis.dashboards.urls")),
    path("villages/", include("chrysalis.villages.urls")),
    path("api/villages/", include("chrysalis.villages.api")),
    path("api/", include("chrysalis.cultivation.api.urls")),
    path("investment/", include("chrysalis.investment.urls")),
    path("api/", include("chrysalis.investment.api")),
    path("api/", include("chrysalis.events.api")),
    path("programmes/", include("chrysalis.programmes.urls")),
    path("api/programmes/", include("chrysalis.programmes.api")),
    path("api/health/", views_home.health, name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a script file: no inline script, so the
    # page works under the project's CSP (script-src 'self'); all assets come from the sidecar.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: any other /api/… answers the API's JSON 404 (one error body), never the HTML page.
    re_path(r"^api/(?P<path>.*)$", api_not_found),
]

handler403 = "chrysalis.core.views_home.error_403"
handler404 = "chrysalis.core.views_home.error_404"
handler500 = "chrysalis.core.views_home.error_500"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
