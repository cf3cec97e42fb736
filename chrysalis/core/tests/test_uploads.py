"""One upload policy for every upload: type by content, per-kind size limits, pictures re-encoded,
SVG / HTML / programs refused with a precise Chinese message — and nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chrysalis.core import uploads
from chrysalis.core.uploads import accept

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def picture(fmt="JPEG", size=(40, 30), exif=True, trailer=b"") -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        ex = Image.Exif()
        ex[0x010F] = "SpyCam"  # Make
        ex[0x8825] = {2: (30.0, 15.0, 0.0)}  # GPS latitude
        kwargs["exif"] = ex.tobytes()
        kwargs["comment"] = b"secret comment"
    img.save(out, format=fmt, **kwargs)
    return out.getvalue() + trailer


def up(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(upload, kind="photo", field="photo") -> str:
    with pytest.raises(ValidationError) as exc:
        accept(upload, kind=kind, field=field)
    return " ".join(exc.value.message_dict[field])


@pytest.mark.parametrize(
    "name, data, kind, expected",
    [
        ("logo.svg", SVG, "photo", "SVG"),
        ("photo.jpg", SVG, "photo", "SVG"),  # renamed: the content decides
        ("report.txt", SVG, "attachment", "SVG"),
        ("setup.exe", EXE, "photo", "程序"),
        ("photo.jpg", EXE, "attachment", "程序"),
        ("page.html", HTML, "photo", "网页"),
        ("notes.txt", HTML, "attachment", "网页"),
        ("x.jpg", b"\x00\x01\x02garbage\x00", "photo", "无法从内容识别"),
        ("empty.jpg", b"", "photo", "为空"),
        ("doc.pdf", b"%PDF-1.7 fake", "photo", "此处只接受"),
        ("picture.png", picture("JPEG"), "photo", "内容却是 JPEG"),
        ("truncated.jpg", picture("JPEG")[:60], "photo", "无法读取"),
    ],
)
def test_hostile_files_are_refused_with_a_precise_message(name, data, kind, expected):
    field = "photo" if kind == "photo" else "attachments"
    message = refusal(up(name, data, "image/jpeg"), kind=kind, field=field)
    assert expected in message and name in message


def test_size_limits_come_from_settings(settings):
    big = up("big.html", b"<html>" + b"a" * (12 * 1024 * 1024))
    assert "12" not in refusal(big) and "大于 8 MB" in refusal(big)  # refused on size before reading
    settings.CHRYSALIS_UPLOAD_LIMITS = {"photo": 1024}
    assert "大于 1 KB" in refusal(up("a.jpg", picture(size=(400, 400))))


def test_pictures_are_reencoded_without_exif_comments_or_trailing_data():
    data = picture("JPEG", trailer=b"<script>alert(1)</script>PK\x03\x04")
    assert b"SpyCam" in data
    clean = accept(up("IMG_0001.JPG", data, "image/jpeg"), kind="photo", field="photo")
    out = clean.read()
    assert clean.name == "IMG_0001.jpg"
    assert b"SpyCam" not in out and b"secret comment" not in out and b"<script>" not in out
    with Image.open(io.BytesIO(out)) as img:
        assert img.format == "JPEG" and img.size == (40, 30) and not img.getexif()


def test_png_gif_webp_become_png():
    for fmt, name in (("PNG", "a.png"), ("GIF", "b.gif"), ("WEBP", "c.webp")):
        clean = accept(up(name, picture(fmt, exif=False)), kind="photo", field="photo")
        assert clean.name.endswith(".png")
        with Image.open(io.BytesIO(clean.read())) as img:
            assert img.format == "PNG"


def test_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PIXELS", 100)
    assert "无法读取" in refusal(up("big.png", picture("PNG", size=(20, 20), exif=False)))


def test_office_pdf_text_and_zip_attachments():
    def zipped(names):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for n in names:
                zf.writestr(n, "x")
        return out.getvalue()

    ok = {
        "a.pdf": b"%PDF-1.4 minimal",
        "b.docx": zipped(["[Content_Types].xml", "word/document.xml"]),
        "c.xlsx": zipped(["[Content_Types].xml", "xl/workbook.xml"]),
        "d.zip": zipped(["scan1.pdf", "notes.txt"]),
        "e.txt": "贷款需求说明".encode("gb18030"),
        "f.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    }
    for name, data in ok.items():
        assert accept(up(name, data), kind="attachment", field="attachments").name == name
    assert "程序、脚本或网页" in refusal(
        up("g.zip", zipped(["run.exe"])), kind="attachment", field="attachments"
    )
    assert "内容却是 Word" in refusal(up("h.pdf", ok["b.docx"]), kind="attachment", field="attachments")


@pytest.mark.django_db
def test_visit_photo_refuses_the_probe_files_and_stores_nothing(world, settings, tmp_path):
    """The probe's three files (SVG with script, .exe, 12 MB HTML) are refused by the service."""
    import datetime as dt

    from chrysalis.support.models import Visit
    from chrysalis.support.services.visits import visit_create

    settings.MEDIA_ROOT = str(tmp_path)
    officer, ent = world.users["district_admin"], world.extra["ent_a1"]
    before = Visit.objects.count()
    for upload in (
        up("x.svg", SVG, "image/svg+xml"),
        up("x.exe", EXE),
        up("x.html", HTML + b" " * (12 * 1024 * 1024), "text/html"),
    ):
        with pytest.raises(ValidationError) as exc:
            visit_create(actor=officer, enterprise=ent, date=dt.date(2026, 1, 5), topics="走访", photo=upload)
        assert "photo" in exc.value.message_dict
    assert Visit.objects.count() == before and not any(tmp_path.rglob("*"))
    visit = visit_create(
        actor=officer, enterprise=ent, date=dt.date(2026, 1, 5), topics="走访", photo=up("p.jpg", picture())
    )
    stored = visit.photo.read()
    assert visit.photo.name.endswith(".jpg") and b"SpyCam" not in stored
