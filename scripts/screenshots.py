"""Take the README screenshots (docs/img/*.png) from a running demo.

    export DATABASE_URL=sqlite:///$PWD/demo.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py populate_demo
    .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765 docs/img

The firm shown is the demo firm with the most to show (a named officer, visits, requests and a pool
entry), found in the same database. Look at every picture before committing it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from chrysalis.cultivation.models import PoolEntry  # noqa: E402
from chrysalis.support.models import Assignment, ServiceRequest  # noqa: E402

PASSWORD = os.environ.get("DEMO_PASSWORD", "Chrysalis@2026")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def showcase_firm(officer: str = "officer_a") -> int:
    """The firm the officer leads with the most to show: in the pool if possible, most requests."""
    led = list(
        Assignment.objects.filter(officer__username=officer, role="lead", ended_at__isnull=True).values_list(
            "enterprise_id", flat=True
        )
    )
    pooled = set(PoolEntry.objects.filter(enterprise_id__in=led).values_list("enterprise_id", flat=True))
    counts = dict(
        ServiceRequest.objects.filter(enterprise_id__in=led)
        .values_list("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    return max(led, key=lambda pk: (pk in pooled, counts.get(pk, 0), -pk))


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    firm = showcase_firm()
    desktop = {"width": 1440, "height": 900}
    assessment = f"/cultivation/enterprises/{firm}/assessment/?rule_set=zjtx-2026"
    shots = [
        # (file, login, path, viewport, full page)
        ("login.png", None, "/login/", desktop, False),
        ("home.png", "admin", "/", desktop, False),
        ("enterprises.png", "admin", "/enterprises/", desktop, False),
        ("enterprise.png", "officer_a", f"/enterprises/{firm}/", desktop, True),
        (
            "assessment.png",
            "admin",
            assessment,
            desktop,
            False,
        ),
        ("pool.png", "admin", "/cultivation/pool/", desktop, False),
        ("dashboard.png", "admin", "/dashboards/service/", desktop, False),
        ("requests.png", "handler_fin", "/service/requests/", desktop, False),
        ("handler-home.png", "handler_fin", "/", desktop, False),
        ("phone-home.png", "officer_a", "/", {"width": 390, "height": 844}, False),
        ("phone-enterprise.png", "officer_a", f"/enterprises/{firm}/", {"width": 390, "height": 844}, False),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        contexts: dict[tuple[str | None, int], object] = {}
        for name, login, path, viewport, full in shots:
            key = (login, viewport["width"])
            if key not in contexts:
                ctx = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
                page = ctx.new_page()
                if login:
                    page.goto(base + "/login/")
                    page.fill("input[name=username]", login)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("#login-form button[type=submit]")
                    page.wait_for_load_state("networkidle")
                contexts[key] = page
            page = contexts[key]
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(400)  # charts finish their animation
            page.screenshot(path=str(out / name), full_page=full)
            print(name, page.url)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/img"))
