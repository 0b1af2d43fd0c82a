"""Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; binary is refused."""
from __future__ import annotations

from typing import BinaryIO

from ..errors import InputError


def read_limited(fh: BinaryIO, source: str, limit: int) -> bytes:
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"input is larger than the {limit // (1024 * 1024)} MB limit")
    return data


def decode_text(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise InputError(source, "looks binary (NUL bytes), not label text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(source, f"is neither UTF-8 nor GB18030 text (bad byte at offset {exc.start})") from None
        if not _mostly_text(text):
            raise InputError(source, "looks binary, not label text")
        return text
    if not _mostly_text(text):
        raise InputError(source, "looks binary (control characters), not label text")
    return text


def _mostly_text(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.05
