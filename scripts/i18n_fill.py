"""Fill untranslated zh_Hans entries from a Python dict file, then compile the catalogue.

Usage: python scripts/i18n_fill.py TRANSLATIONS.py   (a module defining T = {msgid: msgstr}
and optionally PLURAL = {msgid: msgstr}); prints what is still untranslated.
Workflow: `python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static`, add the new
strings to a dict, run this script, commit django.po and django.mo.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main(path: str) -> int:
    data = runpy.run_path(path)
    single, plural = data.get("T", {}), data.get("PLURAL", {})
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else entry.msgstr_plural
        if entry.msgid_plural:
            if not entry.msgstr_plural.get(0) and entry.msgid in plural:
                entry.msgstr_plural = {0: plural[entry.msgid]}
            if not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        else:
            if not entry.msgstr and entry.msgid in single:
                entry.msgstr = single[entry.msgid]
            if not entry.msgstr:
                missing.append(entry.msgid)
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
