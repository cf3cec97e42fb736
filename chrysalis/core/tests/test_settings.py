"""Production-settings gate, CSP, no CDN, Chinese catalogue complete."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.checks import DEV_SECRET_KEY, check_production_settings

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 20 + "Zx9!" * 10


@pytest.mark.parametrize(
    "debug,key,hosts,needle",
    [
        (True, GOOD_KEY, ["zone.gov.cn"], "DEBUG"),
        (False, "", ["zone.gov.cn"], "SECRET_KEY"),
        (False, DEV_SECRET_KEY, ["zone.gov.cn"], "SECRET_KEY"),
        (False, "short", ["zone.gov.cn"], "SECRET_KEY"),
        (False, GOOD_KEY, [], "ALLOWED_HOSTS"),
        (False, GOOD_KEY, ["*"], "ALLOWED_HOSTS"),
    ],
)
def test_production_gate_refuses(debug, key, hosts, needle):
    with pytest.raises(ImproperlyConfigured, match=needle):
        check_production_settings(debug=debug, secret_key=key, allowed_hosts=hosts)


def test_production_gate_accepts_good_settings():
    check_production_settings(debug=False, secret_key=GOOD_KEY, allowed_hosts=["zone.gov.cn"])


def _boot(env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "django.setup(); print('booted')"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_settings_refuse_to_start_in_production_with_debug(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "CHRYSALIS_ENV": "production",
        "CHRYSALIS_DEBUG": "1",
        "CHRYSALIS_SECRET_KEY": GOOD_KEY,
        "CHRYSALIS_ALLOWED_HOSTS": "zone.gov.cn",
        "CHRYSALIS_FIELD_ENCRYPTION_KEY": "x" * 32,
    }
    result = _boot(env)
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr
    env["CHRYSALIS_DEBUG"] = "0"
    result = _boot(env)
    assert result.returncode == 0 and "booted" in result.stdout, result.stderr


def test_no_cdn_in_templates_or_static():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    offenders = [
        str(p)
        for p in list(ROOT.glob("templates/**/*.html")) + list(ROOT.glob("chrysalis/**/templates/**/*.html"))
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_pages_send_csp_and_security_headers(client, world):
    client.force_login(world["district_admin"])
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts():
    offenders = []
    for path in list(ROOT.glob("templates/**/*.html")) + list(ROOT.glob("chrysalis/**/templates/**/*.html")):
        for match in re.finditer(
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
            path.read_text(encoding="utf-8"),
        ):
            offenders.append(f"{path}: {match.group(0)}")
    assert not offenders


CATALOGUES = [
    ROOT / "locale/zh_Hans/LC_MESSAGES/django.po",
    # new apps keep their own catalogue (no merge conflicts in the main one); Django finds them
    *sorted((ROOT / "chrysalis").glob("*/locale/zh_Hans/LC_MESSAGES/django.po")),
]


def catalogue_problems(po_path) -> list[str]:
    """Untranslated or fuzzy entries, a missing .mo, or a .mo out of date with its .po."""
    polib = pytest.importorskip("polib")
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    if untranslated:
        return [f"untranslated zh_Hans strings in {po_path}: {untranslated[:20]}"]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path} is missing (compile it: scripts/i18n_fill.py or polib)"]
    mo = polib.mofile(str(mo_path))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural.get(0))
    ]
    if stale:
        return [f"{mo_path} is out of date with its .po (run scripts/i18n_fill.py): {stale[:10]}"]
    return []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_chinese_catalogue_is_complete_and_compiled(po_path):
    assert not catalogue_problems(po_path)


def test_catalogue_check_catches_an_incomplete_app_catalogue(tmp_path):
    polib = pytest.importorskip("polib")
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Programme", msgstr="项目"))
    po.append(polib.POEntry(msgid="Notice", msgstr=""))
    po_path = tmp_path / "django.po"
    po.save(str(po_path))
    assert "untranslated" in catalogue_problems(po_path)[0]
    po[1].msgstr = "通知"
    po.save(str(po_path))
    assert "missing" in catalogue_problems(po_path)[0]
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    assert catalogue_problems(po_path) == []
    po[0].msgstr = "计划"
    po.save(str(po_path))
    assert "out of date" in catalogue_problems(po_path)[0]


def test_app_catalogues_are_found():
    """The glob above finds an app catalogue where Django looks for it (chrysalis/<app>/locale)."""
    from django.conf import settings

    app_dirs = {p.parents[3].name for p in CATALOGUES[1:]}
    installed = {a.rsplit(".", 1)[-1] for a in settings.INSTALLED_APPS if a.startswith("chrysalis.")}
    assert app_dirs <= installed, f"catalogues of apps that are not installed: {app_dirs - installed}"
