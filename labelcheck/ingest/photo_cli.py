"""`labelcheck check front.jpg back.jpg --one-label`: several photos of one pack as one label."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..models import LabelDocument
from .photo import IMAGE_EXTS, parse_photos
from .text import read_limited

MAX_PHOTO_BYTES = 50 * 1024 * 1024


def load_one_label(paths: list[str], scale: float | None = None) -> LabelDocument:
    items = []
    for path in paths:
        p = Path(path)
        if path == "-" or p.suffix.lower() not in IMAGE_EXTS:
            raise InputError(path, "--one-label reads photos of one pack (.jpg .jpeg .png .webp)")
        if not p.is_file():
            raise InputError(path, "no such file")
        try:
            with open(p, "rb") as fh:
                items.append((read_limited(fh, path, MAX_PHOTO_BYTES), path, None, None))
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return parse_photos(items, " + ".join(paths), scale=scale)
