"""Straightening a phone photo before it is read.

Perspective: a pack photographed at an angle shows its label as a quadrilateral; when the
largest four-cornered outline covers a good part of the picture we warp it back to a rectangle
(its size the mean of opposite sides, so pixel scale is kept). Rotation: the text lines the
detector finds give the skew directly (the width-weighted median of their top-edge slopes);
below MAX_LEVEL_SKEW degrees the line boxes are rotated back rather than the picture (detection is
most of the time, and each line is rectified on its own before recognition); beyond it, and for a
photo taken a quarter or half turn round, the picture is turned and read again.
"""
from __future__ import annotations

import numpy as np

MIN_QUAD_AREA = 0.25     # of the picture: smaller outlines are panels, stickers or tables, not the pack face
MAX_QUAD_AREA = 0.97     # nearly the whole frame: the label already fills the picture
MAX_LEVEL_SKEW = 8.0     # degrees of skew handled by rotating boxes; more: the picture is turned and read again


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]])


def dominant_quad(img: np.ndarray) -> np.ndarray | None:
    import cv2
    h, w = img.shape[:2]
    k = 800.0 / max(h, w)
    small = cv2.resize(img, (max(1, int(w * k)), max(1, int(h * k)))) if k < 1 else img
    k = min(k, 1.0)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(gray, 40, 120), np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        a = cv2.contourArea(c)
        if not (MIN_QUAD_AREA * area <= a <= MAX_QUAD_AREA * area):
            continue
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return order_corners(approx.reshape(4, 2) / k)
    return None


def unwarp(img: np.ndarray, quad: np.ndarray) -> np.ndarray:
    import cv2
    tl, tr, br, bl = quad
    w = int(round((np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2))
    h = int(round((np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2))
    m = cv2.getPerspectiveTransform(quad, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    return cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def skew_degrees(quads: list[np.ndarray]) -> float:
    """The text's rotation: width-weighted median of the line boxes' top-edge angles (lines wider than tall)."""
    angles, weights = [], []
    for q in quads:
        v = q[1] - q[0]
        width, height = float(np.linalg.norm(v)), float(np.linalg.norm(q[3] - q[0]))
        if width < 1.2 * height:
            continue
        angles.append(float(np.degrees(np.arctan2(v[1], v[0]))))
        weights.append(width)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def rotate_points(quads: list[np.ndarray], degrees: float, centre: tuple[float, float]) -> list[np.ndarray]:
    """Rotate boxes by -degrees about centre, so text at `degrees` becomes level."""
    t = np.radians(-degrees)
    r = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]], np.float32)
    c = np.asarray(centre, np.float32)
    return [((q - c) @ r.T) + c for q in quads]


def is_sideways(quads: list[np.ndarray]) -> bool:
    """Most text lines run up or down the picture: the photo was taken a quarter turn round."""
    tall = wide = 0
    for q in quads:
        w, h = float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))
        if h > 1.5 * w:
            tall += 1
        elif w > 1.5 * h:
            wide += 1
    return tall > wide


def rotate_image(img: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate by `degrees` (counter-clockwise, as cv2) on a canvas that keeps every corner."""
    import cv2
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
