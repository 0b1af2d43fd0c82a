"""Label pictures for the photo tests, made here: a label laid out with PIL and a CJK font, then
photographed the way a phone does it (perspective, rotation, uneven light, blur, noise, JPEG).

A label is a list of rows; a row is a list of runs (text, character height in px, colour).
The character height asked for is the height of a CJK glyph (the font size is set so the glyph's
ink is that tall), so tests can state expected heights and ratios.
"""
from __future__ import annotations

import io
import subprocess
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

Run = tuple[str, int, str]


@cache
def cjk_font_path() -> str | None:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    paths = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    # a sans face reads most like packaging; any CJK face will do
    paths.sort(key=lambda p: (("Sans" not in p and "sans" not in p and "hei" not in p.lower()), "Bold" in p, p))
    return paths[0] if paths else None


@cache
def _font(px: int) -> ImageFont.FreeTypeFont:
    # CJK glyph ink in Noto/WenQuanYi is about 0.88 of the em; size the em so the ink is `px` high
    return ImageFont.truetype(cjk_font_path(), size=max(6, round(px / 0.88)))


def render_label(rows: list[list[Run]], width: int = 1400, margin: int = 60, gap: float = 0.55,
                 background: str = "#fbf8f0", boxes: dict | None = None) -> Image.Image:
    """boxes, when given, receives each run's text → its (x0, y0, x1, y1) in the picture."""
    heights = [max(h for _, h, _ in row) for row in rows]
    height = margin * 2 + int(sum(h * (1 + gap) for h in heights))
    img = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(img)
    y = margin
    for row, h in zip(rows, heights):
        x = margin
        for text, px, colour in row:
            font = _font(px)
            # baseline-align runs of different sizes on one row
            draw.text((x, y + h), text, font=font, fill=colour, anchor="ls")
            if boxes is not None:
                boxes[text] = draw.textbbox((x, y + h), text, font=font, anchor="ls")
            x += int(draw.textlength(text, font=font)) + int(0.5 * px)
        y += int(h * (1 + gap))
    return img


def phone_photo(img: Image.Image, *, angle: float = 0.0, perspective: float = 0.0, blur: float = 0.0,
                noise: float = 0.0, light: float = 0.0, quality: int = 0, seed: int = 1,
                table: str = "#5a4a3a", pad: int = 120) -> bytes:
    """The label as a phone sees it; returns encoded bytes (JPEG if quality, else PNG)."""
    import cv2
    rng = np.random.default_rng(seed)
    arr = np.asarray(img.convert("RGB"))[:, :, ::-1].copy()
    h, w = arr.shape[:2]
    canvas_w, canvas_h = w + 2 * pad, h + 2 * pad
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    d = perspective * min(w, h)
    dst = np.float32([[pad + d * 0.6, pad + d * 0.3], [pad + w - d * 0.2, pad], [pad + w, pad + h - d * 0.4],
                      [pad + d * 0.1, pad + h - d * 0.1]])
    m = cv2.getPerspectiveTransform(src, dst)
    bg = tuple(int(table.lstrip("#")[i:i + 2], 16) for i in (4, 2, 0))
    out = cv2.warpPerspective(arr, m, (canvas_w, canvas_h), borderMode=cv2.BORDER_CONSTANT, borderValue=bg,
                              flags=cv2.INTER_LINEAR)
    if angle:
        r = cv2.getRotationMatrix2D((canvas_w / 2, canvas_h / 2), angle, 1.0)
        out = cv2.warpAffine(out, r, (canvas_w, canvas_h), borderMode=cv2.BORDER_CONSTANT, borderValue=bg,
                             flags=cv2.INTER_LINEAR)
    out = out.astype(np.float32)
    if light:
        # light falling off across the pack: one corner darker
        yy, xx = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
        grad = 1.0 - light * (xx / canvas_w * 0.6 + yy / canvas_h * 0.4)
        out *= grad[:, :, None]
    if noise:
        out += rng.normal(0, noise, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    pil = Image.fromarray(out[:, :, ::-1])
    if blur:
        pil = pil.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    if quality:
        pil.save(buf, format="JPEG", quality=quality)
    else:
        pil.save(buf, format="PNG")
    return buf.getvalue()


def smudge(img: Image.Image, box: tuple[int, int, int, int], radius: float) -> Image.Image:
    """Smear one region (a number, say) of the label beyond reading, as a scuff or a fold does."""
    img = img.copy()
    x0, y0, x1, y1 = box
    region = img.crop((x0 - 4, y0 - 4, x1 + 4, y1 + 4)).filter(ImageFilter.GaussianBlur(radius))
    img.paste(region, (x0 - 4, y0 - 4))
    return img


# The labels the tests photograph -------------------------------------------------------------

BLACK, GREY, RED = "#111111", "#a0a0a0", "#b01818"


def dairy_front(qualifier_px: int = 34, qualifier_colour: str = GREY, same_line: bool = True) -> list[list[Run]]:
    name = [("乳基蛋白", qualifier_px, qualifier_colour), ("牛肉饼", 110, BLACK)]
    rows = [[("牧场优选", 40, RED)]]
    rows += [name] if same_line else [[name[0]], [name[1]]]
    rows += [[("高蛋白 轻负担", 44, BLACK)], [("净含量：200克", 40, BLACK)]]
    return rows


DAIRY_BACK: list[list[Run]] = [[(t, 30, BLACK)] for t in (
    "产品名称：乳基蛋白牛肉饼",
    "产品类别：乳基蛋白肉制品（熟制品）",
    "配料：饮用水，浓缩乳蛋白，乳清蛋白粉，大豆油，食用盐，酵母抽提物",
    "净含量：200克",
    "产品标准号：T/CEAC 123",
    "生产者：黑龙江某某乳业有限公司",
    "地址：黑龙江省齐齐哈尔市建华区某某路1号",
    "产地：黑龙江省齐齐哈尔市",
    "联系电话：0452-1234567",
    "食品生产许可证编号：SC10523020000015",
    "生产日期：见包装封口处",
    "保质期：12个月",
    "贮存条件：-18℃以下冷冻保存",
    "营养成分表",
)] + [[(a, 30, BLACK), (b, 30, BLACK), (c, 30, BLACK)] for a, b, c in (
    ("项目", "每100克", "营养素参考值%"),
    ("能量", "729千焦", "9%"),
    ("蛋白质", "26.0克", "43%"),
    ("脂肪", "5.0克", "8%"),
    ("碳水化合物", "6.0克", "2%"),
    ("钠", "480毫克", "24%"),
)]


def side_by_side(left: Image.Image, right: Image.Image, gutter: int = 120, background: str = "#fbf8f0") -> Image.Image:
    """Two blocks of a pack side by side (fields in one column, the nutrition table in the other)."""
    out = Image.new("RGB", (left.width + gutter + right.width, max(left.height, right.height)), background)
    out.paste(left, (0, 0))
    out.paste(right, (left.width + gutter, 0))
    return out


def wide_table(rows: list[list[Run]], col_px: tuple[int, ...] = (0, 260, 470), **kw) -> Image.Image:
    """A table whose cells start at fixed column positions (as printed tables have them)."""
    widths = kw.pop("width", 760)
    margin = kw.pop("margin", 60)
    heights = [max(h for _, h, _ in row) for row in rows]
    img = Image.new("RGB", (widths, margin * 2 + int(sum(h * 1.8 for h in heights))), kw.pop("background", "#fbf8f0"))
    draw = ImageDraw.Draw(img)
    y = margin
    for row, h in zip(rows, heights):
        for (text, px, colour), x in zip(row, col_px):
            draw.text((margin + x, y + h), text, font=_font(px), fill=colour, anchor="ls")
        y += int(h * 1.8)
    return img
