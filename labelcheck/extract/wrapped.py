"""Line breaks the artwork set inside a field's label or a number (a narrow side panel wraps 贮存 ⏎ 条件：, 电话：022- ⏎
23456789): in the layout shadow the break becomes a space, so the label reads whole and the value as one — the user's
text keeps its lines (the shadow maps every character back)."""
from __future__ import annotations

import re

from ..normalize import Shadow
from .fields import field_label
from .side_by_side import chinese_column

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
    if not breaks:
        return layout
    chars = list(text)
    for i in breaks:
        chars[i] = " "
    return layout.blanked("".join(chars))


def reading_layout(plain: Shadow) -> Shadow:
    """The layout shadow a label's fields are read from: an import's Chinese column where the original and the
    sticker stand side by side, with the breaks inside its labels and numbers rejoined."""
    return labels_rejoined(chinese_column(plain))
