"""What an SVG clips away or paints over: a clip-path or a mask on an element, a nested <svg>'s own viewport, and
the ground a text is set on (the shapes drawn before it). Each becomes an
axis-aligned window in the root's user units that the text must fall in to print (a window of the shapes' bounding
box: rectangles, polygons and paths of absolute moves and lines — the clipping masks design tools write). A mask
painted black throughout hides all it holds. A clip of any other shape is not applied: the text is kept, as
before. Transforms are 6-tuples (a, b, c, d, e, f)."""
from __future__ import annotations

import re

Box = tuple[float, float, float, float]          # x0, y0, x1, y1 in the root's user units
HIDDEN = (0.0, 0.0, 0.0, 0.0)                    # a window nothing falls in

_URL = re.compile(r"url\(\s*['\"]?#([^)'\"]+)['\"]?\s*\)")
_NUM = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", re.I)
_BLACK = {"#000", "#000000", "black", "rgb(0,0,0)", "rgb(0, 0, 0)"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _compose(p, q):
    a, b, c, d, e, f = p
    a2, b2, c2, d2, e2, f2 = q
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _mapped(ctm, points: list[tuple[float, float]]) -> Box | None:
    if not points:
        return None
    a, b, c, d, e, f = ctm
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _float(value, default: float = 0.0) -> float | None:
    try:
        return float(str(value).strip().removesuffix("px")) if value not in (None, "") else default
    except ValueError:
        return None


def _shape_points(el) -> list[tuple[float, float]] | None:
    """The corners of a clipping shape, in its own units; None for a shape not read (a curve, a percentage)."""
    tag = _local(el.tag)
    if tag == "rect":
        x, y, w, h = (_float(el.get(k)) for k in ("x", "y", "width", "height"))
        if None in (x, y, w, h) or w <= 0 or h <= 0:
            return None
        return [(x, y), (x + w, y + h)]
    if tag in ("polygon", "polyline"):
        nums = [float(n) for n in _NUM.findall(el.get("points") or "")]
        return list(zip(nums[0::2], nums[1::2])) or None
    if tag == "path":
        d = el.get("d") or ""
        if re.search(r"[a-zA-Z]", re.sub(r"[MLHVZmlhvz]|e-?\d", "", d)):
            return None                     # curves or arcs: not a window
        points, x, y = [], 0.0, 0.0
        for cmd, args in re.findall(r"([MLHVZmlhvz])([^MLHVZmlhvz]*)", d):
            nums = [float(n) for n in _NUM.findall(args)]
            if cmd in "Mm" or cmd in "Ll":
                for k in range(0, len(nums) - 1, 2):
                    x, y = (x + nums[k], y + nums[k + 1]) if cmd.islower() else (nums[k], nums[k + 1])
                    points.append((x, y))
            elif cmd in "Hh":
                for n in nums:
                    x = x + n if cmd == "h" else n
                    points.append((x, y))
            elif cmd in "Vv":
                for n in nums:
                    y = y + n if cmd == "v" else n
                    points.append((x, y))
        return points or None
    return None


def _window(container, ctm, matrix) -> Box | None:
    """The bounding box of a <clipPath>'s or <mask>'s shapes in root units, or None when one is not read."""
    boxes = []
    for el in container:
        if _local(el.tag) in ("title", "desc"):
            continue
        points = _shape_points(el)
        if points is None:
            return None
        box = _mapped(_compose(ctm, matrix(el.get("transform"))), points)
        if box is None:
            return None
        boxes.append(box)
    if not boxes:
        return None
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _all_black(mask, declared) -> bool:
    """A mask whose shapes are all painted black: it lets nothing through."""
    shapes = [el for el in mask if _local(el.tag) not in ("title", "desc")]
    return bool(shapes) and all((declared(el).get("fill") or "").strip().lower().replace(" ", "") in
                                {b.replace(" ", "") for b in _BLACK} for el in shapes)


def intersect(a: Box | None, b: Box | None) -> Box | None:
    if a is None:
        return b
    if b is None:
        return a
    box = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return box if box[0] < box[2] and box[1] < box[3] else HIDDEN


def clip_of(el, own: dict, ctm, ids: dict, matrix, declared) -> Box | None:
    """The window an element's clip-path and mask leave it (root units), HIDDEN for a black mask, None for none.
    `ctm`: the element's own user space (its transform applied); `matrix` reads a transform attribute; `declared`
    an element's presentation attributes and CSS."""
    box = None
    for prop in ("clip-path", "mask"):
        m = _URL.search(el.get(prop) or own.get(prop) or "")
        target = ids.get(m.group(1)) if m else None
        if target is None:
            continue
        space = ctm
        units = target.get("clipPathUnits" if prop == "clip-path" else "maskContentUnits") or "userSpaceOnUse"
        if units != "userSpaceOnUse":
            continue                        # objectBoundingBox: relative to the text's own box, not read
        space = _compose(space, matrix(target.get("transform")))
        if prop == "mask" and _all_black(target, declared):
            return HIDDEN
        box = intersect(box, _window(target, space, matrix))
    return box


def frame_of(el, ctm) -> Box | None:
    """An element's frame (x, y, width, height in its parent's units) in root units: a nested <svg>'s viewport, which
    clips what it holds, or an <image>'s picture."""
    x, y, w, h = (_float(el.get(k), d) for k, d in (("x", 0.0), ("y", 0.0), ("width", None), ("height", None)))
    if None in (x, y, w, h) or w <= 0 or h <= 0:
        return None
    return _mapped(ctm, [(x, y), (x + w, y + h)])


def shape_box(el, ctm) -> Box | None:
    """A painted shape's bounding box in root units (rectangles, polygons, straight paths), or None."""
    points = _shape_points(el)
    return _mapped(ctm, points) if points else None


def ground_colour(paints: list[tuple[Box, str | None]], x: float, y: float) -> str | None:
    """The colour under a point: the last shape drawn there before it ("" for one of unknown colour — an image, a
    gradient), else None: the stock is not known (white ink on kraft or clear film draws no ground of its own)."""
    for (x0, y0, x1, y1), colour in reversed(paints):
        if x0 <= x <= x1 and y0 <= y <= y1:
            return colour
    return None
