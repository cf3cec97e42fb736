"""Village photos go through the project's one upload policy (`core.uploads`, kind "photo"): the
type is read from the content, the size is capped and the picture is re-encoded from its pixels
(EXIF and anything appended are dropped)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chrysalis.core.uploads import accept


def check_photo(upload):
    """The photo to store (re-encoded), or a ValidationError on the `image` field."""
    if upload is None:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    return accept(upload, kind="photo", field="image")
