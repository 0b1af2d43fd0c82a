"""Line breaks the artwork set inside a field's label or a number (a narrow side panel wraps 贮存 ⏎ 条件：, 电话：022- ⏎
23456789): in the layout shadow the break becomes a space, so the label reads whole and the value as one — the user's
text keeps its lines (the shadow maps every character back)."""
from __future__ import annotations

import re

from ..normalize import Shadow
from .fields import field_label
from .nutrition import header_pattern, is_column_heading
from .side_by_side import chinese_column
from .text_columns import display_width, two_columns

# the end of one line (some Chinese characters) and the start of the next (more of them, then a colon)
_LABEL_SPLIT = re.compile(r"([\u3400-\u9fff]{1,6})\n([\u3400-\u9fff]{1,6})[ \t]*[:：]")
# a telephone number the line broke after its area code's hyphen (022- ⏎ 23456789)
_NUMBER_SPLIT = re.compile(r"(?<=\d-)\n(?=\d{5})")


def labels_rejoined(layout: Shadow) -> Shadow:
    """The layout shadow with each break inside a label or after a number's hyphen made a space."""
    text = layout.text
    if "\n" not in text:
        return layout
    breaks = []
    for m in _LABEL_SPLIT.finditer(text):
        head, tail = m.group(1), m.group(2)
        if field_label(tail) is not None:
            continue                    # 产地：天津 ⏎ 电话：…: the second line begins a label of its own
        if any(field_label(head[-k:] + tail) is not None
               for k in range(1, len(head) + 1)):
            breaks.append(m.start(2) - 1)
    breaks += [m.start() for m in _NUMBER_SPLIT.finditer(text)]
    breaks += _value_breaks(text)
    if not breaks:
        return layout
    chars = list(text)
    for i in breaks:
        chars[i] = " "
    return layout.blanked("".join(chars))


def reading_layout(plain: Shadow) -> Shadow:
    """The layout shadow a label's fields are read from: an import's Chinese column where the original and the
    sticker stand side by side, with the breaks inside its labels and numbers rejoined."""
    layout = chinese_column(plain)
    if layout is plain:
        layout = two_columns(plain)
    return labels_rejoined(layout)


# A label set in a column no wider than this many display columns (15 Chinese characters) wraps its values, as a
# narrow side panel or a sachet's back does; a wider label's line breaks are its own
NARROW_COLUMN = 30
OWN_WRAPS = frozenset({"ingredients"})
# a label of the label's own the field list does not know (批号：, 生产批次：) starts an item too
_ANY_LABEL = re.compile(r"[ \t]*[^\s:：，,。、]{1,8}[ \t]*[:：]")
# a line that reads as its own, not a value's rest: a statement (本品为大豆植物肉制品), a sentence, or a slogan of words set
# apart (真肉口感 肉香浓郁)
_OWN_LINE = re.compile(r"[ \t]*(?:本品|本产品|此产品|该产品|温馨提示|注[:：])|.*[，。；！!]|.*[\u3400-\u9fff][ \t]+[\u3400-\u9fff]")
_HEAD = re.compile(r"[ \t]*([^:：\n]{1,14}?)[ \t]*[:：]")


def _field_at(line: str) -> str | None:
    m = _HEAD.match(line)
    return field_label(m.group(1)) if m else None


def _value_breaks(text: str) -> list[int]:
    """In a narrow column, the breaks inside a field's value (产品名称：植物肉台式烤 ⏎ 香肠, 产品标准代号：T/CNFIA ⏎ 165-2022): a
    line that starts no label of its own continues the field above it when the line before it ran to the column's
    width. Up to the nutrition table, whose rows are lines of their own."""
    lines = text.split("\n")
    if sum(1 for ln in lines if ln.strip()) < 8 or max(display_width(ln.rstrip()) for ln in lines) > NARROW_COLUMN:
        return []
    widest = max(display_width(ln.rstrip()) for ln in lines)
    breaks: list[int] = []
    pos, in_field = 0, False
    for line, following in zip(lines, lines[1:]):
        if header_pattern().match(line.strip()):
            break
        field = _field_at(line)
        # the ingredient list's reader joins its own lines, item by item (ingredients.py)
        in_field = (field is not None and field not in OWN_WRAPS) or (in_field and bool(breaks) and breaks[-1] == pos - 1)
        if in_field and following.strip() and _field_at(following) is None and not _ANY_LABEL.match(following) \
                and not _OWN_LINE.match(following) \
                and not header_pattern().match(following.strip()) and not is_column_heading(following) \
                and display_width(line.rstrip()) >= 0.6 * widest:
            breaks.append(pos + len(line))
        pos += len(line) + 1
    return breaks
