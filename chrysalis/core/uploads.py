"""One upload policy for every file a user uploads (visit photos, request attachments, investment
agreement documents). Spreadsheet imports keep their own, stricter checks (enterprises.imports).

`accept(upload, kind=…, field=…)` returns the file to store, or raises a `ValidationError` on
`field` with a precise message (nothing is stored):

- the **type is read from the content** (magic bytes), never from the name or the browser's
  Content-Type; the name's extension must agree with the content;
- **SVG, HTML, scripts and programs are refused** whatever they are called;
- a **size limit per kind** (`settings.CHRYSALIS_UPLOAD_LIMITS`, bytes);
- **images are re-encoded** with Pillow from their pixels alone: EXIF (GPS position, camera),
  comments, colour profiles and anything appended after the image data are dropped; a picture
  of more than `MAX_PIXELS` pixels (decompression bomb) is refused.

Kinds: `photo` (JPEG, PNG, GIF, WebP), `attachment` (photos, PDF, Word, Excel, plain text, ZIP),
`document` (PDF, Word, photos).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
DEFAULT_LIMITS = {"photo": 8 * MB, "attachment": 10 * MB, "document": 20 * MB}
MAX_PIXELS = 40_000_000
IMAGE_TYPES = frozenset({"jpeg", "png", "gif", "webp"})
KINDS: dict[str, frozenset[str]] = {
    "photo": IMAGE_TYPES,
    "attachment": IMAGE_TYPES | {"pdf", "doc", "docx", "xlsx", "txt", "zip"},
    "document": IMAGE_TYPES | {"pdf", "doc", "docx"},
}
# detected type -> the extensions a file of that type may carry
EXTENSIONS: dict[str, frozenset[str]] = {
    "jpeg": frozenset({".jpg", ".jpeg"}),
    "png": frozenset({".png"}),
    "gif": frozenset({".gif"}),
    "webp": frozenset({".webp"}),
    "pdf": frozenset({".pdf"}),
    "doc": frozenset({".doc", ".xls"}),  # the old Office container holds both
    "docx": frozenset({".docx"}),
    "xlsx": frozenset({".xlsx"}),
    "txt": frozenset({".txt"}),
    "zip": frozenset({".zip"}),
}
LABELS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "pdf": "PDF",
    "doc": "Word/Excel (97-2003)",
    "docx": "Word",
    "xlsx": "Excel",
    "txt": "TXT",
    "zip": "ZIP",
}
DANGEROUS_IN_ZIP: tuple[str, ...] = (
    *(".exe", ".dll", ".bat", ".cmd", ".com", ".scr", ".msi", ".js", ".vbs", ".ps1", ".jar"),
    *(".html", ".htm", ".svg", ".hta", ".lnk", ".sh"),
)
MARKUP = (b"<svg", b"<html", b"<script", b"<!doctype", b"<?xml", b"<body", b"<iframe", b"<object")


@dataclass(frozen=True)
class Refusal:
    message: str


def limit_for(kind: str) -> int:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "CHRYSALIS_UPLOAD_LIMITS", {})}
    return int(limits[kind])


def _zip_type(data: bytes) -> str | Refusal:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return Refusal(_("The file is damaged: it looks like a ZIP archive but cannot be read."))
    lowered = [n.lower() for n in names]
    if "[content_types].xml" in lowered:
        if any(n.startswith("word/") for n in lowered):
            return "docx"
        if any(n.startswith("xl/") for n in lowered):
            return "xlsx"
    if any(n.endswith(DANGEROUS_IN_ZIP) for n in lowered):
        return Refusal(_("The archive contains programs, scripts or web pages, which are not accepted."))
    return "zip"


def sniff(data: bytes) -> str | Refusal:
    """The type of `data` read from its first bytes, or a refusal naming what it really is."""
    head = data[:512]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if head.startswith((b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")):
        return Refusal(_("Programs and scripts are not accepted."))
    if b"<svg" in data[:4096].lower() or stripped.startswith(b"<?xml"):
        return Refusal(
            _("SVG images are not accepted (they can carry scripts); upload a JPEG or PNG picture.")
        )
    if any(marker in data[:4096].lower() for marker in MARKUP):
        return Refusal(_("Web pages (HTML) are not accepted."))
    if b"\x00" not in data[:65536]:
        for encoding in ("utf-8", "gb18030"):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return "txt"
    return Refusal(_("The file type cannot be recognised from its content."))


def _reencode(data: bytes, detected: str) -> tuple[bytes, str]:
    """The picture's pixels in a fresh file (JPEG stays JPEG, the others become PNG)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError("too large")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.seek(0)
                img.load()
                img = ImageOps.exif_transpose(img)
                transparent = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
                mode = "RGBA" if transparent and detected != "jpeg" else "RGB"
                pixels = img.convert(mode)
                clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # nothing but pixels
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(str(exc)) from exc
    out = io.BytesIO()
    if detected == "jpeg":
        clean.save(out, format="JPEG", quality=90, optimize=True)
        return out.getvalue(), ".jpg"
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue(), ".png"


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def accept(upload, *, kind: str, field: str) -> ContentFile:
    """Check `upload` against the policy for `kind`; return the file to store (named after the
    upload, images re-encoded) or raise a `ValidationError` on `field`."""
    allowed = KINDS[kind]
    name = PurePath(str(getattr(upload, "name", "") or "file")).name[:150] or "file"
    limit = limit_for(kind)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return _raise_size(field, name, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        return _raise_size(field, name, limit)
    if not data:
        raise _error(field, _("“%(name)s” is empty.") % {"name": name})
    detected = sniff(data)
    accepted = "、".join(LABELS[t] for t in LABELS if t in allowed)
    if isinstance(detected, Refusal):
        raise _error(
            field, _("“%(name)s” is refused: %(reason)s") % {"name": name, "reason": detected.message}
        )
    if detected not in allowed:
        raise _error(
            field,
            _("“%(name)s” is a %(type)s file; accepted here: %(accepted)s.")
            % {"name": name, "type": LABELS[detected], "accepted": accepted},
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS[detected]:
        raise _error(
            field,
            _(
                "“%(name)s” is named %(suffix)s but its content is %(type)s; "
                "rename it or upload the right file."
            )
            % {"name": name, "suffix": suffix or _("(no extension)"), "type": LABELS[detected]},
        )
    if detected in IMAGE_TYPES:
        try:
            data, new_suffix = _reencode(data, detected)
        except ValidationError:
            raise _error(
                field,
                _("“%(name)s” is not a readable picture, or is larger than %(mp)d million pixels.")
                % {"name": name, "mp": MAX_PIXELS // 1_000_000},
            ) from None
        name = f"{PurePath(name).stem}{new_suffix}"
    return ContentFile(data, name=name)


def _raise_size(field: str, name: str, limit: int):
    shown = f"{limit / MB:g} MB" if limit >= MB else f"{max(limit // 1024, 1)} KB"
    raise _error(
        field,
        _("“%(name)s” is larger than %(limit)s, the limit for this kind of file.")
        % {"name": name, "limit": shown},
    )
