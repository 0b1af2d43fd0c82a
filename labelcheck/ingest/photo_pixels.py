"""What the pixels of one text line say: which pixels are ink, how tall each character's ink is,
and what colour it is printed in.

Ink versus paper: Otsu's threshold on the line's grey levels splits it in two; the paper is the
class that fills the crop's border (the detector pads every line), the ink the other one. Colour
is the median of the ink's core (the fifth of the ink pixels farthest from the paper's grey), so
anti-aliased edges, blur and JPEG ringing do not pull it towards the background. Height is the
ink's vertical extent (2nd to 98th percentile of its rows) within each character's column.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


CORE_PERCENTILE = 80    # the ink's core: the fifth of its pixels farthest from the paper (thin strokes blur towards the paper)


@dataclass
class CharInk:
    height: float | None        # px, in the rectified crop
    rgb: tuple[int, int, int] | None


@dataclass
class LineInk:
    mask: np.ndarray            # bool, ink pixels of the crop
    paper: tuple[int, int, int]
    chars: list[CharInk]


def _otsu(gray: np.ndarray) -> int:
    import cv2
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(t)


def ink_mask(crop_bgr: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int]]:
    import cv2
    gray = cv2.cvtColor(crop_bgr, cv2.COLOR_BGR2GRAY)
    t = _otsu(gray)
    dark = gray <= t
    h, w = gray.shape
    bw = max(1, min(h, w) // 10)
    border = np.concatenate([dark[:bw].ravel(), dark[-bw:].ravel(), dark[:, :bw].ravel(), dark[:, -bw:].ravel()])
    # the paper is what the border mostly is; the other side of the threshold is ink
    ink = ~dark if border.mean() > 0.5 else dark
    paper_px = crop_bgr[~ink]
    paper = tuple(int(v) for v in np.median(paper_px, axis=0)[::-1]) if len(paper_px) else (255, 255, 255)
    return ink, paper


def _core_colour(pixels_bgr: np.ndarray, paper: tuple[int, int, int]) -> tuple[int, int, int] | None:
    if len(pixels_bgr) < 4:
        return None
    rgb = pixels_bgr[:, ::-1].astype(np.float32)
    dist = np.linalg.norm(rgb - np.asarray(paper, np.float32), axis=1)
    core = rgb[dist >= np.percentile(dist, CORE_PERCENTILE)]
    return tuple(int(round(v)) for v in np.median(core, axis=0))


def line_ink(crop_bgr: np.ndarray, char_x: list[float]) -> LineInk:
    """Ink, paper colour, and each character's ink height and colour (char_x: centres along the crop)."""
    mask, paper = ink_mask(crop_bgr)
    h, w = mask.shape
    if len(char_x) > 1:
        pitch = float(np.median(np.diff(char_x)))
    else:
        pitch = float(w)
    pitch = max(2.0, min(pitch, float(w)))
    chars = []
    for x in char_x:
        x0, x1 = int(max(0, x - 0.45 * pitch)), int(min(w, x + 0.45 * pitch + 1))
        cell = mask[:, x0:x1]
        ys = np.nonzero(cell)[0]
        if len(ys) < 4:
            chars.append(CharInk(None, None))
            continue
        lo, hi = np.percentile(ys, [2, 98])
        colour = _core_colour(crop_bgr[:, x0:x1][cell], paper)
        chars.append(CharInk(float(hi - lo + 1), colour))
    return LineInk(mask=mask, paper=paper, chars=chars)


def hex_colour(rgb: tuple[int, int, int] | None) -> str | None:
    return None if rgb is None else "#" + "".join(f"{max(0, min(255, v)):02x}" for v in rgb)


def colour_distance(a: str | tuple, b: str | tuple) -> float:
    """Euclidean distance in RGB (0–441): crude, but the photo thresholds are set on it."""
    def rgb(c):
        if isinstance(c, str):
            c = c.lstrip("#")
            return np.array([int(c[i:i + 2], 16) for i in (0, 2, 4)], np.float32)
        return np.asarray(c, np.float32)
    return float(np.linalg.norm(rgb(a) - rgb(b)))
