"""The one place village photos are checked (profile photos).

A plain `ImageField` on `VillagePhoto`, validated here with Pillow: the file must really be a JPEG,
PNG or WebP image (decoded, not trusted by its name), at most `MAX_BYTES` and `MAX_SIDE` pixels a
side. When the core upload policy lands, `check_photo` is the only function to switch over to it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 8000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def check_photo(upload) -> str:
    """Raise a ValidationError on the `image` field unless `upload` is an acceptable photo; return the
    file extension matching its real format."""
    if upload is None:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            {
                "image": _("The photo is %(mb).1f MB; at most 5 MB is accepted.")
                % {"mb": upload.size / 1048576}
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            fmt = img.format
            width, height = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"image": _("This file is not a readable image.")}) from None
    finally:
        upload.seek(0)
    if fmt not in FORMATS:
        raise ValidationError({"image": _("Only JPEG, PNG or WebP photos are accepted.")})
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            {"image": _("The photo is %(w)s×%(h)s pixels; at most 8000 a side.") % {"w": width, "h": height}}
        )
    return FORMATS[fmt]
