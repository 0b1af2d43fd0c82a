"""Label photos (.jpg .jpeg .png .webp) → a label document, by offline OCR (the `photo` extra).

Each photo is straightened (the pack's outline unwarped when found, the text's skew measured
from the line boxes), its lines detected and recognised with per-character confidence, and each
line becomes one or more spans (split where the ink height or colour changes, so a small grey
乳基蛋白 run beside a large 牛肉饼 stays apart) with its box, ink height in pixels, ink colour,
panel and confidence. Heights are in millimetres only when a scale is known (`--scale` px/mm,
or an `images` entry's `width_mm`). Lines are grouped into rows in reading order and joined into
the label text, so the text extractors work as on typed copy. What was read below the confidence
threshold is listed in `doc.photo["unreadable"]` (offsets into the text); the pipeline's photo
step (labelcheck/rules/photo.py) turns findings that rest on it into info findings.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..models import LabelDocument, Span
from ..resources import lexicon

from .photo_sniff import IMAGE_EXTS, is_image  # noqa: F401  (re-exported)

UNREADABLE = "\ufffd"     # stands in the label text for ink that could not be read (REPLACEMENT CHARACTER)


def panel_for(index: int) -> str:
    """One photo = one panel: the first is the front, the second the back, then photo N."""
    return {1: "front", 2: "back"}.get(index, f"photo {index}")


@dataclass
class PhotoRun:
    text: str
    char_conf: list[float]
    height_px: float | None
    colour: str | None
    poly: np.ndarray                       # 4×2 in the straightened picture
    level: tuple[float, float, float, float]   # x0, y0, x1, y1 with the skew taken out
    unreadable: list[int] = field(default_factory=list)   # indexes into text

    @property
    def confidence(self) -> float:
        return float(np.mean(self.char_conf)) if self.char_conf else 0.0


@dataclass
class PhotoPage:
    index: int
    panel: str
    source: str
    picture: bytes                         # the straightened picture, JPEG, for the report
    width: int
    height: int
    runs: list[PhotoRun]
    skew: float
    turned: float                          # degrees the picture was turned before the final read (cv2 sense)
    unwarped: bool
    scale: float | None                    # px per mm in the straightened picture, when known


def _require_extra(source: str) -> None:
    import importlib.util
    missing = [m for m in ("rapidocr_onnxruntime", "cv2", "PIL") if importlib.util.find_spec(m) is None]
    if missing:
        raise InputError(source, "reading photos needs the photo extra: pip install 'labelcheck[photo]'")


def _decode(data: bytes, source: str) -> np.ndarray:
    _require_extra(source)
    from PIL import Image, ImageOps, UnidentifiedImageError
    limits = lexicon("photo")["read"]
    try:
        im = Image.open(io.BytesIO(data))
        if im.width * im.height > limits["max_pixels"]:
            raise InputError(source, f"the picture is {im.width}×{im.height}, more than {limits['max_pixels']:,} pixels")
        im = ImageOps.exif_transpose(im).convert("RGB")
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(source, f"not a readable picture ({type(exc).__name__})") from None
    arr = np.asarray(im)[:, :, ::-1].copy()
    return arr


def _split_runs(line, ink, cfg) -> list[tuple[int, int]]:
    """Cut a line where the ink height (of Han characters) or the ink colour changes."""
    from .photo_pixels import colour_distance
    cuts, start = [], 0
    ref_h, ref_c = None, None
    run_h: list[float] = []
    for i, (ch, info) in enumerate(zip(line.text, ink.chars)):
        han = "\u3400" <= ch <= "\u9fff"
        new = False
        if han and info.height and ref_h and abs(info.height - ref_h) > cfg["style_height_change"] * max(ref_h, info.height):
            new = True
        if (ch.isalnum() or han) and info.rgb and ref_c and colour_distance(info.rgb, ref_c) > cfg["style_colour_change"]:
            new = True
        if new and i > start:
            cuts.append((start, i))
            start, ref_h, ref_c, run_h = i, None, None, []
        if han and info.height:
            run_h.append(info.height)
            ref_h = float(np.median(run_h))      # the run's size so far, not its first glyph's
        if (ch.isalnum() or han) and info.rgb and ref_c is None:
            ref_c = info.rgb
    cuts.append((start, len(line.text)))
    return cuts


def _half(ch: str, h: float) -> float:
    """Half a character's advance: full-width (Han, full-width forms) about the line height, ASCII about half."""
    return 0.5 * h if ord(ch) > 0x2e80 else 0.28 * h


def _poly_part(quad: np.ndarray, f0: float, f1: float) -> np.ndarray:
    top0, top1 = quad[0] + f0 * (quad[1] - quad[0]), quad[0] + f1 * (quad[1] - quad[0])
    bot0, bot1 = quad[3] + f0 * (quad[2] - quad[3]), quad[3] + f1 * (quad[2] - quad[3])
    return np.float32([top0, top1, bot1, bot0])


def _runs_of_line(line, level_quad, cfg_read, cfg_layout) -> list[PhotoRun]:
    from .photo_pixels import hex_colour, line_ink
    ink = line_ink(line.crop, line.char_x)
    width = max(1.0, float(line.crop.shape[1]))
    pitch = float(np.median(np.diff(line.char_x))) if len(line.char_x) > 1 else width
    line_h = float(line.crop.shape[0]) / 1.6          # the detector pads boxes (unclip ratio 1.6)
    line_bad = line.confidence < cfg_read["line_confidence_min"]
    runs = []
    for s, e in _split_runs(line, ink, cfg_layout):
        text, confs = "", []
        for i in range(s, e):
            both_wide = ord(line.text[i - 1]) > 0x2e80 and ord(line.text[i]) > 0x2e80 if i > s else False
            # Chinese sets no spaces between Han characters: only a column-wide gap counts there
            need = cfg_layout["column_space_gap" if both_wide else "space_gap"] * line_h
            if i > s and line.char_x[i] - line.char_x[i - 1] - _half(line.text[i - 1], line_h) - _half(line.text[i], line_h) > need:
                text += " "
                confs.append(1.0)
            text += line.text[i]
            confs.append(line.char_conf[i])
        chars = ink.chars[s:e]
        han = [c.height for ch, c in zip(line.text[s:e], chars) if c.height and "\u3400" <= ch <= "\u9fff"]
        heights = han or [c.height for c in chars if c.height]
        height = float(np.median(han)) if han else (float(max(heights)) if heights else None)
        rgbs = [c.rgb for ch, c in zip(line.text[s:e], chars) if c.rgb and (ch.isalnum() or "\u3400" <= ch <= "\u9fff")]
        colour = hex_colour(tuple(int(v) for v in np.median(np.asarray(rgbs), axis=0))) if rgbs else None
        f0 = max(0.0, (line.char_x[s] - 0.5 * pitch) / width)
        f1 = min(1.0, (line.char_x[e - 1] + 0.5 * pitch) / width)
        poly = _poly_part(line.quad, f0, f1)
        lpoly = _poly_part(level_quad, f0, f1)
        level = (float(lpoly[:, 0].min()), float(lpoly[:, 1].min()), float(lpoly[:, 0].max()), float(lpoly[:, 1].max()))
        bad = [i for i, c in enumerate(confs) if line_bad or c < cfg_read["char_confidence_min"]]
        bad = [i for i in bad if not text[i].isspace()]
        runs.append(PhotoRun(text=text, char_conf=confs, height_px=height, colour=colour, poly=poly, level=level,
                             unreadable=bad))
    return runs


def read_photo(data: bytes, source: str, index: int = 1, panel: str | None = None,
               scale: float | None = None, width_mm: float | None = None,
               reference: tuple[str, float] | None = None) -> PhotoPage:
    """One photo → its runs, straightened; `scale` in px per mm of the photo as given."""
    import cv2
    from . import photo_geometry as geo
    cfg = lexicon("photo")
    img = _decode(data, source)
    h, w = img.shape[:2]
    k = min(1.0, cfg["read"]["max_side"] / max(h, w))
    if k < 1.0:
        img = cv2.resize(img, (int(w * k), int(h * k)), interpolation=cv2.INTER_AREA)
    quad = geo.dominant_quad(img)
    unwarped = quad is not None
    if unwarped:
        img = geo.unwarp(img, quad)
    lines, skew, turned = _read_upright(img)
    if turned:
        img = geo.rotate_image(img, turned)
    if not any(ln.text for ln in lines):
        raise InputError(source, "no text could be found in the picture")
    level = geo.rotate_points([ln.quad for ln in lines], skew, (img.shape[1] / 2, img.shape[0] / 2))
    runs = []
    for ln, lq in zip(lines, level):
        if ln.text:
            runs += _runs_of_line(ln, lq, cfg["read"], cfg["layout"])
        else:
            runs.append(_placeholder(ln.quad, lq))
    runs += _unread_gaps(img, runs, cfg["layout"])
    px_per_mm = None
    ref_runs = [r for r in runs if reference and reference[0] in r.text and r.height_px and not r.unreadable]
    if ref_runs:
        px_per_mm = ref_runs[0].height_px / reference[1]
    elif reference:
        raise InputError(source, f"the reference text {reference[0]!r} was not read on the photo: give --scale or width_mm instead")
    elif width_mm:
        px_per_mm = img.shape[1] / width_mm
    elif scale:
        px_per_mm = scale * k          # the photo's own pixels → ours after any downscale
    ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return PhotoPage(index=index, panel=panel or panel_for(index), source=source, picture=enc.tobytes() if ok else b"",
                     width=img.shape[1], height=img.shape[0], runs=runs, skew=skew, turned=turned, unwarped=unwarped,
                     scale=px_per_mm)


def _placeholder(poly: np.ndarray, level_poly: np.ndarray) -> PhotoRun:
    level = (float(level_poly[:, 0].min()), float(level_poly[:, 1].min()), float(level_poly[:, 0].max()), float(level_poly[:, 1].max()))
    return PhotoRun(text=UNREADABLE, char_conf=[0.0], height_px=None, colour=None, poly=np.float32(poly), level=level, unreadable=[0])


def _unread_gaps(img: np.ndarray, runs: list[PhotoRun], cfg: dict) -> list[PhotoRun]:
    """Ink between two runs of one row that nothing was read from (a smudged number the detector
    skipped): a placeholder run, so the row never reads as if the value were absent. Display rows
    (text well above the median size, where logos sit beside the name) are not searched."""
    import cv2
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    heights = sorted(r.height_px for r in runs if r.height_px)
    median = heights[len(heights) // 2] if heights else 0
    out = []
    for row in _rows(runs):
        tall = max((r.height_px or 0) for r in row)
        if len(row) < 2 or (median and tall >= cfg["name_size_lead"] * median):
            continue
        for a, b in zip(row, row[1:]):
            band = a.level[3] - a.level[1]
            if b.level[0] - a.level[2] < cfg["gap_min_width"] * band:
                continue
            poly = np.float32([a.poly[1], b.poly[0], b.poly[3], a.poly[2]])
            mask = np.zeros(gray.shape, np.uint8)
            cv2.fillConvexPoly(mask, poly.astype(np.int32), 1)
            px = gray[mask.astype(bool)]
            if len(px) < 20:
                continue
            amask = np.zeros(gray.shape, np.uint8)
            cv2.fillConvexPoly(amask, a.poly.astype(np.int32), 1)
            paper = float(np.percentile(gray[amask.astype(bool)], 90))
            if float(np.mean(px < paper - cfg["gap_ink_darkness"])) >= cfg["gap_ink_fraction"]:
                lp = (a.level[2], min(a.level[1], b.level[1]), b.level[0], max(a.level[3], b.level[3]))
                out.append(PhotoRun(text=UNREADABLE, char_conf=[0.0], height_px=None, colour=None, poly=poly,
                                    level=lp, unreadable=[0]))
    return out


def _read_upright(img: np.ndarray):
    """Read the picture; turn it a quarter, a half, or by its skew when the text is not upright, and read again."""
    from . import photo_geometry as geo
    from .photo_ocr import detect, read
    turned = 0.0
    work = img
    for _ in range(3):
        quads = detect(work)
        if quads and geo.is_sideways(quads) and turned == 0.0:
            turned = -90.0                      # clockwise; the orientation model tells us below if it was the other way
            work = geo.rotate_image(img, turned)
            continue
        lines = [ln for ln in read(work, quads) if ln.text.strip() or not ln.text]
        read_ok = [ln for ln in lines if ln.text]
        if read_ok and sum(ln.flipped for ln in read_ok) > len(read_ok) / 2:
            turned += 180.0
            work = geo.rotate_image(img, turned)
            continue
        skew = geo.skew_degrees([ln.quad for ln in read_ok])
        if abs(skew) > geo.MAX_LEVEL_SKEW and not turned % 90:
            turned += skew                      # cv2 angles are counter-clockwise; image y runs down
            work = geo.rotate_image(img, turned)
            continue
        return lines, skew, turned
    return lines, geo.skew_degrees([ln.quad for ln in lines if ln.text]), turned


def _rows(runs: list[PhotoRun]) -> list[list[PhotoRun]]:
    """Runs into rows: a run joins a row when its vertical middle lies inside the row's band."""
    rows: list[list[PhotoRun]] = []
    bands: list[tuple[float, float]] = []
    for r in sorted(runs, key=lambda r: (r.level[1] + r.level[3]) / 2):
        mid = (r.level[1] + r.level[3]) / 2
        for i, (y0, y1) in enumerate(bands):
            if y0 <= mid <= y1:
                rows[i].append(r)
                break
        else:
            rows.append([r])
            bands.append((r.level[1], r.level[3]))
    order = sorted(range(len(rows)), key=lambda i: bands[i][0])
    return [sorted(rows[i], key=lambda r: r.level[0]) for i in order]


def _reading_order(runs: list[PhotoRun], cfg: dict) -> list[list[PhotoRun]]:
    """Rows in reading order, column by column (a recursive XY cut): blocks separated by a clear
    horizontal band are read top to bottom; within a block, a vertical gutter no run crosses splits
    it into columns read left to right — unless the runs on either side sit on the same rows, which
    is a table (its cells must stay one row: 蛋白质 26.0克 43%)."""
    if len(runs) < 2:
        return _rows(runs)
    heights = sorted((r.level[3] - r.level[1]) for r in runs)
    unit = heights[len(heights) // 2]
    # horizontal cut: a band of at least one line height with no run in it
    ys = sorted(runs, key=lambda r: r.level[1])
    bottom = ys[0].level[3]
    lowest_above = ys[0].level[3] - ys[0].level[1]
    for i in range(1, len(ys)):
        gap = ys[i].level[1] - bottom
        # …or any clear band under a headline (every run above it set large: the name across both columns of copy)
        if gap >= cfg["block_gap"] * unit or (gap > 0 and lowest_above >= cfg["headline_size"] * unit):
            return _reading_order(ys[:i], cfg) + _reading_order(ys[i:], cfg)
        bottom = max(bottom, ys[i].level[3])
        lowest_above = min(lowest_above, ys[i].level[3] - ys[i].level[1])
    # vertical cut: the widest gutter no run crosses
    xs = sorted(runs, key=lambda r: r.level[0])
    right = xs[0].level[2]
    best = None
    for i in range(1, len(xs)):
        gap = xs[i].level[0] - right
        if gap >= cfg["column_gap"] * unit and (best is None or gap > best[0]):
            best = (gap, i)
        right = max(right, xs[i].level[2])
    if best is not None:
        left, rest = xs[:best[1]], xs[best[1]:]
        def mids(group):
            return [((r.level[1] + r.level[3]) / 2, r.level[1], r.level[3]) for r in group]
        aligned = sum(1 for m, _, _ in mids(left) if any(a <= m <= b for _, a, b in mids(rest)))
        # a table's left cells are short (蛋白质, 每100克) or its right ones figures (716千焦, 9%); two columns of copy
        # line up as well, in longer lines that start with words (产品名称：… beside 生产日期：…)
        short = sum(1 for r in left if len(r.text.strip()) <= cfg["table_cell_chars"])
        figures = sum(1 for r in rest if r.text.strip()[:1].isdigit())
        table = aligned >= cfg["table_alignment"] * min(len(left), len(rest)) \
            and (short >= cfg["table_short_share"] * len(left) or figures >= cfg["table_short_share"] * len(rest))
        if len(left) >= 2 and len(rest) >= 2 and not table:
            return _reading_order(left, cfg) + _reading_order(rest, cfg)
    return _rows(runs)


def to_document(pages: list[PhotoPage], source: str, base: LabelDocument | None = None) -> LabelDocument:
    """Photos of one pack → one label document (base: a label document that named the images)."""
    from .layout import Run, mark_name
    cfg = lexicon("photo")["layout"]
    lines: list[list[Run]] = []
    owner: dict[int, PhotoRun] = {}
    page_of: dict[int, PhotoPage] = {}
    for page in pages:
        for row in _reading_order(page.runs, cfg):
            line = []
            for r in row:
                run = Run(text=r.text, size_mm=r.height_px or 0.0, color=r.colour, x0=r.level[0], x1=r.level[2],
                          baseline=r.level[3], page=page.index, panel=page.panel)
                owner[id(run)] = r
                page_of[id(run)] = page
                line.append(run)
            lines.append(line)
    heights = sorted(r.size_mm for line in lines for r in line if r.size_mm and r.panel == "front")
    if heights and heights[-1] >= cfg["name_size_lead"] * heights[len(heights) // 2] and not (base and base.name):
        mark_name(lines)
    spans: list[Span] = []
    text_lines: list[tuple[bool, str, list[tuple[int, Run]]]] = []
    for line in lines:
        is_name = any(r.role == "name" for r in line)
        # runs apart on a row (table cells, 名称 and value) are joined with a space, as typed copy has them
        sep = [(" " if i and (r.x0 - line[i - 1].x1 > 0.3 * max(1.0, min(r.size_mm or 30, line[i - 1].size_mm or 30))
                              or UNREADABLE in (r.text, line[i - 1].text)) else "")
               for i, r in enumerate(line)]
        text_lines.append((is_name, "".join(sep[i] + r.text for i, r in enumerate(line)), list(zip(sep, line))))
    # the name's lines first, then the rest in reading order (as for artwork)
    ordered = [t for t in text_lines if t[0]] + [t for t in text_lines if not t[0]]
    text, unreadable, low = "", [], []
    span_index = 0
    for _, _, runs in ordered:
        if text:
            text += "\n"
        for sep, run in runs:
            pr, page = owner[id(run)], page_of[id(run)]
            text += sep
            start = len(text)
            text += pr.text
            size_mm = round(pr.height_px / page.scale, 2) if page.scale and pr.height_px else None
            x0, y0 = pr.poly[:, 0].min(), pr.poly[:, 1].min()
            x1, y1 = pr.poly[:, 0].max(), pr.poly[:, 1].max()
            spans.append(Span(text=pr.text, size_mm=size_mm, color=pr.colour, role=run.role, panel=page.panel,
                              page=page.index, bbox=(round(float(x0), 1), round(float(y0), 1), round(float(x1), 1), round(float(y1), 1)),
                              confidence=round(pr.confidence, 3),
                              height_px=round(pr.height_px, 1) if pr.height_px else None))
            for a, b in _stretches(pr.unreadable):
                unreadable.append({"start": start + a, "end": start + b, "read_as": pr.text[a:b], "span": span_index,
                                   "confidence": round(min(pr.char_conf[a:b]), 3)})
            if pr.unreadable:
                low.append(span_index)
            span_index += 1
    name = "".join(s.text for s in spans if s.role == "name") or None
    chars = sum(len(s.text.replace(" ", "")) for s in spans)
    bad = sum(u["end"] - u["start"] for u in unreadable)
    photo = {
        "photos": [{"source": p.source, "panel": p.panel, "width_px": p.width, "height_px": p.height,
                    "skew_degrees": round(p.skew, 2), "turned_degrees": round(p.turned, 2), "unwarped": p.unwarped,
                    "px_per_mm": round(p.scale, 3) if p.scale else None} for p in pages],
        "lines_read": len(spans), "chars_read": chars,
        "read_fraction": round((chars - bad) / chars, 3) if chars else 0.0,
        "low_confidence_spans": low, "unreadable": unreadable,
        "sizes": "mm" if all(p.scale for p in pages) else "relative",
    }
    doc = LabelDocument(id=base.id if base else None, name=(base.name if base else None) or name, text=text,
                        spans=spans, package=base.package if base else None, photo=photo)
    doc.source = source
    doc._photos = [(p.index, p.panel, p.picture, p.width, p.height) for p in pages]
    return doc


def _stretches(idx: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in idx:
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def parse_photos(items: list[tuple], source: str, scale: float | None = None,
                 base: LabelDocument | None = None) -> LabelDocument:
    """items: (bytes, source, panel, width_mm[, (reference text, its height in mm)]) per photo of one pack."""
    pages = [read_photo(item[0], item[1], index=i, panel=item[2], scale=scale, width_mm=item[3],
                        reference=item[4] if len(item) > 4 else None)
             for i, item in enumerate(items, 1)]
    return to_document(pages, source, base)


def parse_photo(data: bytes, source: str, scale: float | None = None) -> LabelDocument:
    return parse_photos([(data, source, None, None)], source, scale=scale)


def images_of_document(doc: LabelDocument, source: str, scale: float | None = None) -> LabelDocument:
    """A label document whose `images` name photos (paths relative to the document) → read them."""
    base_dir = Path(source).parent if source not in ("-", "") else Path.cwd()
    items = []
    for i, ref in enumerate(doc.images or [], 1):
        p = Path(ref.path)
        p = p if p.is_absolute() else base_dir / p
        if p.suffix.lower() not in IMAGE_EXTS:
            raise InputError(source, f"images[{i - 1}].path {ref.path!r} is not a .jpg, .jpeg, .png or .webp picture")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(source, f"images[{i - 1}].path {ref.path!r} cannot be read ({exc.strerror or exc})") from None
        reference = (ref.reference_text, ref.reference_height_mm) if ref.reference_text and ref.reference_height_mm else None
        items.append((data, str(p), ref.panel, ref.width_mm, reference))
    return parse_photos(items, source, scale=scale, base=doc)
