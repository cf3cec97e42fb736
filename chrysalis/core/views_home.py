"""Health check and error pages (the home page is chrysalis.accounts.views_home)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chrysalis.core.exceptions import NotPermitted


@never_cache
@require_GET
def health(request):
    """Liveness and database check for load balancers; reveals no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db = "error"
    status = 200 if db == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": db}, status=status)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the vendored icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    reason = str(exception) if isinstance(exception, NotPermitted) and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def error_500(request):
    return render(request, "500.html", status=500)
