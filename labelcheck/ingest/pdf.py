"""PDF proofs via pdfplumber (pure Python, MIT, character-level font size, colour and position).

Character height: a PDF gives each character's font size in points (the em square after the text
matrix). CJK glyphs fill the em square, so height in mm = size × 25.4 / 72; Latin capitals are
smaller than that, so the figure is a slight overestimate for them. Page 1 is the front panel,
page 2 the back, then "page N"; panels side by side on one page are found by layout.py.
Rotated characters are grouped on their own lines, in reading order whichever way up they read.

Colour as printed: each page is rendered (pypdfium2, which pdfplumber already depends on; 10 px/mm) and the
pixels inside each character's box are sampled, so CMYK, spot (Separation/DeviceN) and ICC colours
come out as the page shows them. A character whose box holds (almost) no ink prints nothing —
invisible text (render mode 3), text clipped away or covered — and is ignored, as is text off the
page. Without a renderer the fill colour is converted naively and spot colours stay unknown.
"""
from __future__ import annotations

import io
import re
import logging

from ..errors import InputError
from ..models import LabelDocument
from ..normalize import radicals_as_ideographs
from .layout import Run, settings, to_document

PT = 25.4 / 72.0
MAX_PAGES = 50


def _colour(c, space: str | None = None) -> str | None:
    if c is None:
        return None
    if space and not str(space).startswith(("Device", "Cal")) and "ICC" not in str(space):
        return None          # Separation / DeviceN / Pattern: the tint alone does not say the colour
    if isinstance(c, (int, float)):
        c = (c,)
    try:
        vals = [float(v) for v in c]
    except (TypeError, ValueError):
        return None          # pattern colour spaces
    if len(vals) == 1:
        rgb = (vals[0],) * 3
    elif len(vals) == 3:
        rgb = tuple(vals)
    elif len(vals) == 4:
        cc, m, y, k = vals
        rgb = ((1 - cc) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in rgb)


def panel_name(page_no: int) -> str:
    return {1: "front", 2: "back"}.get(page_no, f"page {page_no}")


def _quiet_pdfminer() -> None:
    """pdfminer logs a warning per font and page for what it merely works around (Chromium's fonts have no FontBBox:
    "Could not get FontBBox from font descriptor…", a hundred lines on one proof) and, with no logging set up, Python
    prints each to stderr. They say nothing the user can act on; what does stop the reading is our own one-line error.
    (Its errors too: "unknown token" on a token it then reads on.) Left as it is when the application set a level for
    pdfminer itself."""
    log = logging.getLogger("pdfminer")
    if log.level == logging.NOTSET:
        log.setLevel(logging.CRITICAL)


def parse_pdf(data: bytes, source: str) -> LabelDocument:
    import pdfplumber
    _quiet_pdfminer()
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise InputError(source, "the PDF is encrypted (password protected); export an unprotected proof") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise InputError(source, "not a readable PDF: the file is damaged or cut short (export or download it again)"
                                 f" [{type(exc).__name__}]") from None
    runs: list[Run] = []
    pages = []
    boxes = []
    dropped = {"invisible": 0, "off_page": 0}
    notes_pages: list[int] = []
    ocr_pages: list[int] = []         # pages whose text is a scan's invisible OCR layer
    unrendered = 0
    radicals = 0              # characters the font's Unicode map gave as radicals (⽜ for 牛), read as the ideographs
    with pdf:
        try:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(source, f"{len(pdf.pages)} pages is more than the {MAX_PAGES}-page limit")
            for n, page in enumerate(pdf.pages, 1):
                pw, ph = float(page.width), float(page.height)
                pages.append((pw * PT, ph * PT))
                boxes.append(_trim_box(page))
                # what a viewer or a RIP shows is the crop box: the renderer draws that, and text wholly outside it
                # (a printer's slug, a note on the pasteboard) is off the page
                cx0, ctop, cx1, cbottom = (float(v) for v in (page.cropbox or (0, 0, pw, ph)))
                ink = _Ink(data, n - 1, cx1 - cx0, cbottom - ctop)
                # a scan's OCR layer is text set invisible (render mode 3) over the page's picture: it is what the
                # pack shows, read as such; elsewhere invisible text prints nothing
                scan = _scanned(page)
                if scan and ink.ok and ink.unpainted:
                    ocr_pages.append(n)
                hidden: list = []
                for ch in page.chars:
                    text = ch.get("text", "")
                    if not text:
                        continue
                    fixed = radicals_as_ideographs(text)
                    if fixed != text:
                        radicals += 1
                        text = fixed
                    if text.isspace():
                        text = " "
                    size = _size(ch) * PT
                    if size <= 0:
                        continue
                    if text != " " and (float(ch["x1"]) <= cx0 or float(ch["x0"]) >= cx1 or float(ch["bottom"]) <= ctop
                                        or float(ch["top"]) >= cbottom):
                        dropped["off_page"] += 1
                        continue
                    if text != " " and not scan and ink.ok and ink.invisible(ch):
                        dropped["invisible"] += 1
                        continue
                    colour = _colour(ch.get("non_stroking_color"), ch.get("ncs"))
                    seen = None
                    if text != " " and ink.ok:
                        seen = ink.sample(float(ch["x0"]) - cx0, float(ch["top"]) - ctop,
                                          float(ch["x1"]) - cx0, float(ch["bottom"]) - ctop)
                        if seen is None and ink.may_lack_glyph(ch):
                            unrendered += 1             # kept as read, in the colour the PDF names
                        elif seen is None:
                            # a Type3 glyph with no FontBBox: pdfminer hangs its box below the baseline, off its ink;
                            # the box the text matrix gives is where it prints
                            alt = _em_box(ch, ph)
                            seen = ink.sample(alt[0] - cx0, alt[1] - ctop, alt[2] - cx0, alt[3] - ctop) if alt else None
                            if seen is None:
                                hidden.append(ch)
                                continue
                    x0, x1, baseline = _placed(ch, pw, ph)
                    run = Run(text=text, size_mm=size, color=colour,
                              x0=x0 * PT, x1=x1 * PT, baseline=baseline * PT, page=n, panel=panel_name(n),
                              vertical=not ch.get("upright", True), explicit_panel=False, font=ch.get("fontname"))
                    run.extra["ink"] = (seen, _colour_key(ch))
                    if _upside_down(ch):
                        run.extra["flipped"] = True
                    runs.append(run)
                page_runs = [r for r in runs if r.page == n]
                visible = sum(1 for r in page_runs if r.text != " ")
                if hidden and len(hidden) > visible:
                    # most of the page "does not print": the picture and the text layer disagree (a rotated
                    # or unusual page), so the sampler is not trusted here — keep every character, nominal colours
                    for r in page_runs:
                        r.extra.pop("ink", None)
                    runs.extend(_char_run(ch, n, pw, ph) for ch in hidden)
                    notes_pages.append(n)
                else:
                    dropped["invisible"] += len(hidden)
                    _printed_colours(page_runs)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(source, f"the PDF could not be read ({type(exc).__name__})") from None
    if not runs:
        raise InputError(source, "the PDF has no text layer (an image only?); run OCR or export with live text")
    unmapped = sum(1 for r in runs if r.text.startswith("(cid:"))
    if unmapped > len(runs) / 2:
        raise InputError(source, "the PDF's fonts have no Unicode mapping (text reads as (cid:…)); export with searchable text")
    doc = to_document(runs, source, pages, notes={"dropped_chars": dropped, "colour_sampling_distrusted_pages": notes_pages,
                                                  "unembedded_font_chars_not_rendered": unrendered,
                                                  "radicals_read_as_ideographs": radicals,
                                                  "ocr_layer_pages": ocr_pages})
    from .package import package_from_artwork
    kinds = {k for k, _ in boxes}
    package_from_artwork(doc, "pdf " + "/".join(sorted(kinds)), [b for _, b in boxes])
    doc._artwork = ("pdf", data)
    return doc


def _placed(ch, pw: float, ph: float) -> tuple[float, float, float]:
    """A character's start and end along its line and its line's place across the lines (pt), each growing in
    reading order. Upright: x, and the baseline down the page. Turned a quarter: along the page's height, read
    from the bottom for text that reads upward (turned anticlockwise, the usual way up a carton's side) and from
    the top for text that reads downward; its lines follow one another rightward or leftward likewise."""
    if ch.get("upright", True):
        m = ch.get("matrix") or (1, 0, 0, 1, ch["x0"], 0)
        if _upside_down(ch):            # turned 180°: the glyph hangs below its baseline; its box is kept as the page shows it
            return float(ch["x0"]), float(ch["x1"]), float(ch["bottom"])
        return float(ch["x0"]), float(ch["x1"]), ph - float(m[5])
    m = ch.get("matrix")
    # across the lines, the glyph's origin (the matrix's e): one line's characters share it whatever their boxes —
    # a digit's box is narrower than a Chinese character's, its edge no line's place
    upward = float(m[1]) > 0 if m else True
    if upward:                  # reads bottom to top: the next line stands to the right
        return ph - float(ch["bottom"]), ph - float(ch["top"]), float(m[4]) if m else float(ch["x0"])
    return float(ch["top"]), float(ch["bottom"]), pw - (float(m[4]) if m else float(ch["x1"]))  # the next line to the left


def _size(ch) -> float:
    """A character's size (pt). pdfminer gives the height of its box on the page: for type turned a quarter that
    is its advance along the line (a digit's is half a Chinese character's), and the box's width is the type's size."""
    if not ch.get("upright", True) and abs(float(ch.get("x1", 0)) - float(ch.get("x0", 0))) > 0:
        m = ch.get("matrix")
        if m and abs(float(m[0])) < abs(float(m[1])):        # a quarter turn, not a slant
            return abs(float(ch["x1"]) - float(ch["x0"]))
    return float(ch.get("size") or 0)


def _char_run(ch, n: int, pw: float, ph: float) -> Run:
    x0, x1, baseline = _placed(ch, pw, ph)
    run = Run(text=radicals_as_ideographs(ch.get("text", "")), size_mm=_size(ch) * PT,
              color=_colour(ch.get("non_stroking_color"), ch.get("ncs")), x0=x0 * PT, x1=x1 * PT, baseline=baseline * PT,
              page=n, panel=panel_name(n), vertical=not ch.get("upright", True), font=ch.get("fontname"))
    if _upside_down(ch):
        run.extra["flipped"] = True
    return run


def _upside_down(ch) -> bool:
    """Text turned 180° (a tuck flap, a back panel printed head to head): pdfminer calls it upright, but it reads
    right to left along the page and its lines follow one another up the page (layout.py reads it so)."""
    m = ch.get("matrix")
    return bool(m) and ch.get("upright", True) and float(m[0]) < 0 and float(m[3]) < 0


def _colour_key(ch) -> tuple | None:
    """Characters filled with one device colour print alike; spot colours (one tint value, no name
    from pdfplumber) cannot be grouped by value."""
    space = str(ch.get("ncs") or "")
    value = ch.get("non_stroking_color")
    if not space.startswith("Device") or value is None:
        return None
    try:
        return space, tuple(round(float(v), 4) for v in (value if isinstance(value, (list, tuple)) else (value,)))
    except (TypeError, ValueError):
        return None


def _printed_colours(runs: list[Run]) -> None:
    """Each character's colour as printed. Thin strokes of small glyphs render anti-aliased, lighter
    than their ink: a device colour takes the sample of its largest glyph on the page, and a small
    glyph's own sample snaps to a large glyph's colour it is close to."""
    from ..colour import delta_e
    best: dict[tuple, tuple[float, str]] = {}
    for r in runs:
        seen, key = r.extra.get("ink", (None, None))
        if seen and key and (key not in best or r.size_mm > best[key][0]):
            best[key] = (r.size_mm, seen)
    small = settings()["colour"]["reliable_sample_mm"]
    large = sorted({v for (sz, v) in best.values() if sz >= small} |
                   {r.extra["ink"][0] for r in runs if r.extra.get("ink", (None,))[0] and r.size_mm >= small})
    for r in runs:
        seen, key = r.extra.pop("ink", (None, None))
        if key and key in best:
            r.color = best[key][1]
        elif seen:
            near = min(large, key=lambda c: delta_e(seen, c), default=None) if r.size_mm < small else None
            r.color = near if near and delta_e(seen, near) < settings()["colour"]["delta_e_small_glyph"] else seen


def _trim_box(page) -> tuple[str, list[float]]:
    """The page's trim box (else art box, else crop box, else media box) in mm, top-left origin."""
    attrs = page.page_obj.attrs
    from pdfminer.pdftypes import resolve1
    media = [float(v) for v in resolve1(attrs.get("MediaBox")) or (0, 0, page.width, page.height)]
    for key, name in (("TrimBox", "trim box"), ("ArtBox", "art box"), ("CropBox", "crop box")):
        box = resolve1(attrs.get(key))
        if box:
            try:
                x0, y0, x1, y1 = (float(resolve1(v)) for v in box)
                top = media[3]
                return name, [(x0 - media[0]) * PT, (top - y1) * PT, (x1 - media[0]) * PT, (top - y0) * PT]
            except (TypeError, ValueError):
                pass
    return "media box", [0.0, 0.0, (media[2] - media[0]) * PT, (media[3] - media[1]) * PT]


_SUBSET_FONT = re.compile(r"[A-Z]{6}\+")


class _Ink:
    """The rendered page, to read each character's printed colour and whether it prints at all."""

    def __init__(self, data: bytes, index: int, width_pt: float, height_pt: float):
        self.ok = False
        try:
            import numpy as np
            import pypdfium2 as pdfium
            cfg = settings()["colour"]
            scale = cfg["render_px_per_mm"] * PT
            budget = cfg["render_max_pixels"]
            if width_pt * height_pt * scale * scale > budget:
                scale = (budget / (width_pt * height_pt)) ** 0.5
            doc = pdfium.PdfDocument(data)
            page = doc[index]
            self.img = np.asarray(page.render(scale=scale).to_pil().convert("RGB")).astype(np.int16)
            self.scale, self.np, self.min_ink = scale, np, cfg["min_ink_share"]
            self.unembedded, self.unpainted = _chars_by_paint(page)
            self.ok = True
        except Exception:       # noqa: BLE001 — no renderer: nominal colours
            self.ok = False

    def may_lack_glyph(self, ch) -> bool:
        """A visible character in a font the PDF does not embed (STSong-Light, say): the renderer draws it only
        with a matching font on this machine, so no ink in its box says nothing about whether it prints. (A machine
        with no CJK font may not even list such a character in the renderer's text: where the page sets any text in
        an unembedded font, a character whose font is not a subset — no ABCDEF+ prefix, as every embedded font a
        design tool writes has — is taken as one of them.)"""
        return _char_key(ch) in self.unembedded or (bool(self.unembedded) and not _SUBSET_FONT.match(ch.get("fontname") or ""))

    def invisible(self, ch) -> bool:
        """A character set in a render mode that paints nothing (3: invisible; 7: a clip only)."""
        return _char_key(ch) in self.unpainted

    def sample(self, x0: float, top: float, x1: float, bottom: float) -> str | None:
        """The glyph's colour as printed, or None when the box holds no ink."""
        np, s, img = self.np, self.scale, self.img
        h, w = img.shape[:2]
        a0, a1 = max(0, int(x0 * s)), min(w, int(np.ceil(x1 * s)))
        b0, b1 = max(0, int(top * s)), min(h, int(np.ceil(bottom * s)))
        if a1 - a0 < 2 or b1 - b0 < 2:
            return None
        box = img[b0:b1, a0:a1].reshape(-1, 3)
        ring = np.concatenate([img[max(0, b0 - 2):b0, a0:a1].reshape(-1, 3), img[b1:b1 + 2, a0:a1].reshape(-1, 3),
                               img[b0:b1, max(0, a0 - 2):a0].reshape(-1, 3), img[b0:b1, a1:a1 + 2].reshape(-1, 3)])
        if not len(ring):
            ring = box
        # the background: the commonest colour around the box
        packed = self._pack(ring)
        top = int(np.bincount(packed, minlength=32768).argmax())
        bg = np.array([(top >> 10) & 31, (top >> 5) & 31, top & 31], dtype=np.int16) * 8 + 4
        dist = np.abs(box - bg).sum(axis=1)
        ink = dist > 60
        if ink.mean() < self.min_ink:
            return None
        # the glyph's ink: the commonest colour of its stronger pixels (edges are anti-aliased, and a
        # neighbour's descender may reach into the box)
        core = box[dist >= np.median(dist[ink])]
        packed = self._pack(core)
        mode = int(np.bincount(packed, minlength=32768).argmax())
        from ..colour import rgb_to_hex
        return rgb_to_hex(np.median(core[packed == mode], axis=0))

    @staticmethod
    def _pack(px):
        """Colours in 32 levels a channel as one integer, for counting."""
        q = px // 8
        return (q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2]


_VISIBLE_MODES = {0, 1, 2, 4, 5, 6}        # PDF text render modes that paint (3 is invisible, 7 clips only)


def _em_box(ch, ph: float) -> tuple[float, float, float, float] | None:
    """An upright character's box from its text matrix: its em above the baseline (x0, top, x1, bottom in pdfminer's
    top-down points), where pdfminer's own box is not (a Type3 font without a FontBBox)."""
    m = ch.get("matrix")
    size = float(ch.get("size") or 0)
    if not m or not ch.get("upright", True) or size <= 0:
        return None
    base = ph - float(m[5])
    return float(ch["x0"]), base - 0.9 * size, float(ch["x1"]), base + 0.1 * size


def _char_key(ch) -> tuple | None:
    """A character as pdfminer reads it, by what pdfium knows it by: (text, origin x, origin y in half points)."""
    m = ch.get("matrix")
    return (ch.get("text"), round(float(m[4]) * 2), round(float(m[5]) * 2)) if m else None


def _chars_by_paint(page) -> tuple[set[tuple[str, int, int]], set[tuple[str, int, int]]]:
    """(the painted characters whose font is not embedded, the characters set in a mode that paints nothing), each as
    (character, origin x, origin y in half points)."""
    import ctypes

    import pypdfium2.raw as raw
    unembedded: set[tuple[str, int, int]] = set()
    unpainted: set[tuple[str, int, int]] = set()
    painted: set[tuple[str, int, int]] = set()
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    fonts: dict = {}
    for i in range(textpage.count_chars()):
        obj = raw.FPDFText_GetTextObject(textpage.raw, i)
        if not obj or not raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y)):
            continue
        key = (textpage.get_text_range(i, 1), round(x.value * 2), round(y.value * 2))
        if raw.FPDFTextObj_GetTextRenderMode(obj) not in _VISIBLE_MODES:
            unpainted.add(key)
            continue
        painted.add(key)
        font = raw.FPDFTextObj_GetFont(obj)
        fkey = ctypes.addressof(font.contents) if font else None
        if fkey not in fonts:
            fonts[fkey] = bool(font) and not raw.FPDFFont_GetIsEmbedded(font)
        if fonts[fkey]:
            unembedded.add(key)
    # the same character painted and unpainted at one origin (an invisible copy set exactly over the printed one):
    # which pdfminer's is cannot be told, so the ink decides
    return unembedded, unpainted - painted


def _scanned(page, cover: float = 0.5) -> bool:
    """A picture covers most of the page (a scan, with its OCR text over it)."""
    area = float(page.width) * float(page.height)
    try:
        images = sum(abs(float(im["x1"]) - float(im["x0"])) * abs(float(im["bottom"]) - float(im["top"]))
                     for im in page.images)
    except Exception:       # noqa: BLE001 — an image pdfminer cannot place: no scan
        return False
    return area > 0 and images >= cover * area
