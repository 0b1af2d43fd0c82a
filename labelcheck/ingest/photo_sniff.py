"""Is this input a picture? (No numpy or OpenCV here: every input passes through this test.)"""
from __future__ import annotations

IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".webp")


def is_image(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
