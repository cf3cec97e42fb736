"""Hand-edited form values get a message, never a 500, and change nothing (issue 13, Low)."""

from django.urls import reverse

from chrysalis.cultivation.tests import matrix  # noqa: F401  (registers the world extensions)
from chrysalis.screening.models import ScreeningRun


def test_pool_move_with_a_non_numeric_version_is_refused(client, world):
    entry = world.extra["pool_ent_a1"]
    stage = entry.stage
    client.force_login(world["district_admin"])
    url = reverse("cultivation:pool_move", kwargs={"pk": entry.pk})
    response = client.post(url, {"to_stage": "applying", "reason": "试", "version": "abc"}, follow=True)
    assert response.status_code == 200
    assert "页面内容已过期" in response.content.decode()
    entry.refresh_from_db()
    assert entry.stage == stage


def test_screening_start_refuses_an_impossible_year(client, world):
    client.force_login(world["district_admin"])
    before = ScreeningRun.objects.count()
    for year in ["-1", "0", "99999", "abc", "2026.5", str(10**30)]:
        response = client.post(reverse("screening:run_start"), {"year": year}, follow=True)
        assert response.status_code == 200, year
        assert "评价年度" in response.content.decode(), year
    assert ScreeningRun.objects.count() == before


def test_assessment_what_if_with_nan_is_a_message(client, world):
    client.force_login(world["district_admin"])
    ent = world.extra["ent_a1"]
    url = reverse("cultivation:assessment", kwargs={"pk": ent.pk})
    response = client.get(url, {"wi_rd": "NaN", "year": "2026"})
    assert response.status_code == 200
    assert "NaN" in response.content.decode()  # named in the message: "…：NaN 不是数字"
