"""The OCR engine: rapidocr-onnxruntime's PP-OCR Chinese models, which ship inside the wheel.

We drive its three stages (detect, orientation, recognise) ourselves rather than calling the
engine as a whole, because we need what its one-call API drops: each character's own
confidence and its position along the line. Nothing is fetched: the engine is built from the
model files in the installed package, and we refuse to start if they are missing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import InputError

REC_HEIGHT = 48        # PP-OCR rec input height (config Rec.rec_img_shape)
REC_STRIDE = 8         # the rec model's width downsampling: one CTC time step per 8 input pixels


@dataclass
class OcrLine:
    """One recognised text line, in the coordinates of the image it was read from."""

    quad: np.ndarray                  # 4×2 corners, clockwise from top-left
    text: str
    confidence: float                 # mean of the character confidences
    char_conf: list[float] = field(default_factory=list)
    char_x: list[float] = field(default_factory=list)   # each character's centre, px from the quad's left edge
    crop: np.ndarray | None = None    # the line rectified (BGR), as the recogniser saw it
    flipped: bool = False             # the orientation model turned it 180° before reading

    @property
    def angle(self) -> float:
        """Slope of the top edge in degrees (positive: rising to the right in image coordinates… y down)."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))

    @property
    def width(self) -> float:
        return float(np.linalg.norm(self.quad[1] - self.quad[0]))

    @property
    def height(self) -> float:
        return float(np.linalg.norm(self.quad[3] - self.quad[0]))


def models_dir() -> Path:
    import rapidocr_onnxruntime
    return Path(rapidocr_onnxruntime.__file__).parent / "models"


@cache
def engine():
    """The engine, built once per process from the packaged model files (no network)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise InputError("photo", "reading photos needs the photo extra: pip install 'labelcheck[photo]'") from None
    needed = ["ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx"]
    missing = [n for n in needed if not (models_dir() / n).is_file()]
    if missing:
        raise InputError("photo", f"the OCR models are not in the installed package ({', '.join(missing)}); reinstall rapidocr-onnxruntime")
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def detect(img: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals (float32 4×2) in img's coordinates, top to bottom."""
    eng = engine()
    work, ratio_h, ratio_w = eng.preprocess(img)
    work, op_record = eng.maybe_add_letterbox(work, {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}})
    boxes, _ = eng.auto_text_det(work)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = eng._get_origin_points(boxes, op_record, img.shape[0], img.shape[1])
    return [np.asarray(b, dtype=np.float32) for b in boxes]


def read(img: np.ndarray, quads: list[np.ndarray]) -> list[OcrLine]:
    """Recognise each quad: text, per-character confidence and position."""
    if not quads:
        return []
    eng = engine()
    crops = eng.get_crop_img_list(img, [q.copy() for q in quads])
    # the orientation model's opinion is kept per line, but lines are read as they lie: turning one
    # short line alone misreads it (9% upside down reads %6); a picture mostly upside down is turned whole
    _, cls, _ = eng.text_cls(crops)
    rec, _ = eng.text_rec(crops, True)
    out = []
    for quad, crop, res, (label, score) in zip(quads, crops, rec, cls):
        text, conf = res[0], float(res[1])
        if not text:
            # ink the detector saw but the recogniser could not read: kept, as unreadable
            out.append(OcrLine(quad=quad, text="", confidence=0.0, crop=crop, flipped="180" in label))
            continue
        info = res[2]
        cols = [c for word in info[2] for c in word]
        confs = [float(c) for c in info[4]]
        scale = crop.shape[0] / REC_HEIGHT
        xs = [(c + 0.5) * REC_STRIDE * scale for c in cols]
        if len(confs) != len(text):
            confs = [conf] * len(text)
        if len(xs) != len(text):
            xs = list(np.linspace(0, crop.shape[1], len(text) + 2)[1:-1])
        out.append(OcrLine(quad=quad, text=text, confidence=conf, char_conf=confs, char_x=xs, crop=crop,
                           flipped="180" in label and score > eng.text_cls.cls_thresh))
    return out
