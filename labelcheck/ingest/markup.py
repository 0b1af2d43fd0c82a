"""Label text pasted as HTML or Markdown (a shop's detail page, a regulator's notes, a chat) → the lines a pack prints.

A <table>'s rows and a Markdown table's rows become lines of tab-separated cells, as a table copied out of a PDF
reads; a block element (<p>, <div>, <br>, <li>, a heading) ends a line; entities are decoded; Markdown's emphasis
marks (**产品名称**：), heading marks and list bullets go. Any other text is returned as it is.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# a page's block and table tags (inline ones alone, <b>大豆</b>, make no page)
_HTML_TAG = re.compile(r"</?(?:p|div|br|table|tr|td|th|tbody|thead|h[1-6]|li|ul|ol|section)\b[^<>]*>", re.IGNORECASE)
_BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "tbody", "thead", "section", "h1", "h2", "h3", "h4",
           "h5", "h6", "dt", "dd", "dl", "hr"}
_CELLS = {"td", "th"}
# elements whose text is no label's: only those that always close (an HTML5 <head> need not, and would swallow the
# body; a <title> inside it is a page's, read as a line)
_SKIPPED = {"script", "style"}

_MD_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_MD_RULE_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)", re.MULTILINE)


def plain_text(text: str) -> str:
    """The label's lines, out of HTML or Markdown markup when the text is written in it; else the text as it is."""
    if len(_HTML_TAG.findall(text[:20000])) >= 2:
        return _from_html(text)
    if _is_markdown(text):
        return _from_markdown(text)
    return text


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.cells_in_row = 0
        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _CELLS:
            if self.cells_in_row:
                self.out.append("\t")
            self.cells_in_row += 1
            self.in_cell = True
        elif tag == "tr" or tag == "table" or (tag in _BLOCKS and not self.in_cell):
            self._break()
        elif tag in _BLOCKS:
            self.out.append(" ")          # a <br> or <p> inside a cell (716千焦<br>9%): a space in the cell, not a row

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _CELLS:
            self.in_cell = False
        elif tag in ("tr", "table") or (tag in _BLOCKS and tag != "br" and not self.in_cell):
            self._break()

    def handle_data(self, data):
        if not self.skipping:
            # the source's own line breaks inside an element are layout, not the label's
            self.out.append(data.replace("\r", "").replace("\n", " ") if self.cells_in_row else data)

    def _break(self) -> None:
        self.out.append("\n")
        self.cells_in_row = 0
        self.in_cell = False


def _from_html(text: str) -> str:
    parser = _Lines()
    parser.feed(text)
    parser.close()
    lines = ("".join(parser.out).replace("\xa0", " ")).split("\n")
    # blank lines the markup left (a </p> then a <p>): one at most, as a pack's paragraphs are
    out: list[str] = []
    for line in (ln.rstrip() for ln in lines):
        if line.strip() or (out and out[-1]):
            out.append(line if line.strip() else "")
    return "\n".join(out).strip("\n")


def _is_markdown(text: str) -> bool:
    lines = text.splitlines()
    if any("--" in ln and _MD_RULE_ROW.match(ln) for ln in lines) \
            and sum(bool(_MD_TABLE_ROW.match(ln)) for ln in lines) >= 2:
        return True
    # field names set in bold (**配料**：…) on two lines or more
    return sum(bool(re.match(r"\s*(?:[-*+]\s+)?(\*\*|__)[^*_\n]{1,20}\1\s*[:：]?", ln)) for ln in lines) >= 2


def _from_markdown(text: str) -> str:
    out = []
    for line in text.splitlines():
        if "--" in line and _MD_RULE_ROW.match(line):
            continue
        row = _MD_TABLE_ROW.match(line)
        if row:
            line = "\t".join(cell.strip() for cell in row.group(1).split("|"))
        out.append(line)
    text = "\n".join(out)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_HEADING.sub("", text)
    return _MD_BULLET.sub("", text)
