"""The events module's own zh_Hans catalogue is complete and compiled."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES"


def test_events_catalogue_complete_and_compiled():
    polib = pytest.importorskip("polib")
    po = polib.pofile(str(HERE / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert not missing, missing[:20]
    mo = {e.msgid: e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(HERE / "django.mo"))}
    stale = [
        e.msgid for e in po.translated_entries() if mo.get(e.msgid) != (e.msgstr or e.msgstr_plural.get(0))
    ]
    assert not stale, stale[:10]
