"""The data that flows through the pipeline, validated once at the edge (pydantic)."""
from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .css_colour import css_alpha_zero, css_colour
from .resources import lexicon

ProductClass = Literal["soy_meat", "plant_meat", "dairy_meat", "plant_milk_powder", "traditional_soy", "other"]
Severity = Literal["error", "warning", "info"]
PRODUCT_CLASSES: tuple[str, ...] = ("soy_meat", "plant_meat", "dairy_meat", "plant_milk_powder", "traditional_soy", "other")
ANALOGUE_CLASSES = frozenset({"soy_meat", "plant_meat", "dairy_meat", "plant_milk_powder"})

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
PT_TO_MM = 0.352778


@cache
def _role_aliases() -> dict[str, str]:
    """Every spelling of a span role (lexicons/artwork.toml span_roles) → the contract's word."""
    from .resources import lexicon
    aliases = lexicon("artwork")["span_roles"]["aliases"]
    return {alias: role for role, spelled in aliases.items() for alias in [role, *spelled]}


class Span(BaseModel):
    """A laid-out run of text as artwork has it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str
    size_mm: float | None = Field(default=None, gt=0, lt=10_000)
    size_pt: float | None = Field(default=None, gt=0, lt=30_000)
    color: str | None = None
    role: str | None = None          # "name" per the contract; "brand" / "coined" extend it
    panel: str | None = None
    font: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None   # x0, y0, x1, y1 in mm, page coordinates (px for a photo)
    confidence: float | None = Field(default=None, ge=0, le=1)   # OCR confidence (photos)
    height_px: float | None = Field(default=None, gt=0)          # ink height in pixels (photos; size_mm needs a scale)

    @field_validator("role")
    @classmethod
    def _known_role(cls, v: str | None) -> str | None:
        """The contract's word for a role another tool spells otherwise (coined_name → coined, 品牌 → brand)."""
        if v is None:
            return None
        return _role_aliases().get(re.sub(r"[\s-]+", "_", v.strip().lower()), v)

    @field_validator("color")
    @classmethod
    def _hex_color(cls, v: str | None) -> str | None:
        if v is None:
            return None
        m = _HEX.match(v.strip())
        if not m:
            # a CSS-based exporter writes the colour as CSS does (rgb(230, 0, 18), hsl(…), a named colour): the #rrggbb
            # it prints in; none, transparent, currentColor or an alpha of zero name no ink of the span's own — no colour
            if v.strip().lower() in _UNKNOWN_INK or prints_nothing(v):
                return None          # (a document leaves the spans that print nothing out: LabelDocument._printed)
            if (hex_value := css_colour(v)) is None:
                raise ValueError(f"colour {v!r} is not #rrggbb (nor a CSS colour: rgb(), hsl(), a named colour)")
            return hex_value
        h = m.group(1).lower()
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return "#" + h

    @property
    def height_mm(self) -> float | None:
        if self.size_mm is not None:
            return self.size_mm
        if self.size_pt is not None:
            return self.size_pt * PT_TO_MM
        return None


_UNKNOWN_INK = frozenset({"currentcolor", "inherit"})      # the ink of what holds the span: not known here
_NO_INK = frozenset({"none", "transparent"})


def prints_nothing(color) -> bool:
    """A span colour that puts no ink on the pack (none, transparent, an alpha of zero): the span is not printed."""
    return isinstance(color, str) and (color.strip().lower() in _NO_INK or css_alpha_zero(color))


def shared_line(prev: Span, span: Span) -> tuple[float, float, float] | None:
    """Where two runs' boxes share a line (same panel and page, their heights overlapping by more than
    lexicons/artwork.toml runs_line_overlap of the smaller): (the gap from the first's end to the second's start, the
    smaller height, the larger height); else None."""
    a, b = prev.bbox, span.bbox
    if a is None or b is None or prev.panel != span.panel or prev.page != span.page:
        return None
    low, high = sorted((a[3] - a[1], b[3] - b[1]))
    if low <= 0 or min(a[3], b[3]) - max(a[1], b[1]) <= lexicon("artwork")["layout"]["runs_line_overlap"] * low:
        return None
    return b[0] - a[2], low, high


def run_joint(prev: Span, span: Span) -> str:
    """What stands between two runs in the text: nothing where the second goes on the first's line as its
    continuation (it starts where the first ends, lexicons/artwork.toml [layout] runs_*) — a space between two Latin
    words set a word space apart — else a line break."""
    line = shared_line(prev, span)
    if line is None:
        return "\n"                     # not on one line
    gap, height, _ = line
    lay = lexicon("artwork")["layout"]
    if not -lay["runs_overlap_em"] * height <= gap < lay["runs_joined_gap_em"] * height:
        return "\n"
    latin = prev.text[-1:].isascii() and prev.text[-1:].isalnum() and span.text[:1].isascii() and span.text[:1].isalnum()
    return " " if latin and gap >= lay["runs_word_space_em"] * height else ""


class Package(BaseModel):
    model_config = ConfigDict(extra="ignore")
    largest_surface_cm2: float | None = Field(default=None, gt=0)
    total_surface_cm2: float | None = Field(default=None, gt=0)
    # where the figures came from when the designer did not give them: "pdf trim box", "svg artboard" …
    surface_source: str | None = None


class ImageRef(BaseModel):
    """A photo of the pack named by a label document (read by the `photo` extra)."""
    model_config = ConfigDict(extra="ignore")
    path: str
    panel: str | None = None
    width_mm: float | None = Field(default=None, gt=0)   # the panel's real width: gives the scale
    reference_text: str | None = None                     # or a text of known character height on the photo …
    reference_height_mm: float | None = Field(default=None, gt=0)   # … and that height


class LabelDocument(BaseModel):
    """The contract's label document. At least one of `text` and `spans` is present."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    name: str | None = None
    text: str | None = None
    spans: list[Span] = Field(default_factory=list)
    package: Package | None = None
    images: list[ImageRef] | None = None
    photo: dict[str, Any] | None = None      # set when the label was read from photos: what and how much was read
    source: str | None = Field(default=None, exclude=True)
    # artwork the document was read from: ("pdf" | "svg", bytes) and page sizes in mm, for the HTML picture
    _artwork: tuple[str, bytes] | None = PrivateAttr(default=None)
    _pages: list[tuple[float, float]] | None = PrivateAttr(default=None)
    # sha256 of the input bytes (files); what the artwork reader noticed (outlined text, panels …)
    _input_sha256: str | None = PrivateAttr(default=None)
    _artwork_notes: dict | None = PrivateAttr(default=None)
    _photos: list[tuple] | None = PrivateAttr(default=None)    # (page, panel, jpeg bytes, width px, height px)

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    @model_validator(mode="before")
    @classmethod
    def _printed(cls, data: Any) -> Any:
        """The spans set in a colour that prints nothing (none, transparent, an alpha of zero) are no text of the pack,
        as the SVG reader drops them: left out."""
        if isinstance(data, dict) and isinstance(data.get("spans"), list):
            printed = [sp for sp in data["spans"] if not (isinstance(sp, dict) and prints_nothing(sp.get("color")))]
            if len(printed) < len(data["spans"]):
                data = {**data, "spans": printed}
        return data

    @model_validator(mode="after")
    def _has_content(self) -> "LabelDocument":
        if self.text is None and not self.spans and not self.images:
            raise ValueError("a label document needs `text` or `spans`")
        return self

    @property
    def full_text(self) -> str:
        """The text, or the spans joined in order: one line each, except a run that goes on the line of the run before
        it (its box beside that one's: an exporter's glyph runs, 净含 | 量：2 | 00克)."""
        if self.text is not None:
            return self.text
        out: list[str] = []
        prev = None
        for span in self.spans:
            if prev is not None:
                out.append(run_joint(prev, span))
            out.append(span.text)
            prev = span
        return "".join(out)


class Evidence(BaseModel):
    """Where a finding points: offsets into the ORIGINAL string named by `source`."""

    text: str
    start: int
    end: int
    source: Literal["text", "name", "spans"] = "text"
    spans: list[int] | None = None     # indexes of the label-document spans involved


class Finding(BaseModel):
    rule: str
    severity: Severity
    standard: str
    clause: str
    message: str
    message_en: str | None = None
    evidence: Evidence | None = None
    suggestions: list[str] = Field(default_factory=list)
    edition: str | None = None          # "2011" / "2025" for GB 7718 and GB 28050
    effective: str | None = None        # the date a coming requirement takes effect
    clause_text: str | None = None      # the clause's own words (short), for errors and warnings
    needs_review: bool | None = None    # photo evidence not clear enough to assert (see report.photo)


class OtherColumn(BaseModel):
    """The second column of a two-column row (每100克 | 每份) that the row's own value was not read from."""
    value: float
    unit: str
    nrv_percent: float | None = None
    per100: float | None = None
    per_serving: bool = False


class NutrientValue(BaseModel):
    key: str
    label: str
    value: float
    unit: str
    raw: str
    nrv_percent: float | None = None
    per100: float | None = None          # converted to per 100 g / 100 mL, in the row's canonical unit
    start: int = 0
    end: int = 0
    bound: Literal["least", "most"] | None = None   # written as a limit (蛋白质 ≥12.0 g, 水分 ≤70%), not an amount
    other: OtherColumn | None = None     # the table's other column on this row, where it has two
    letters_read: bool = False           # a letter in the amount was read as a digit (8l8 → 818, 16.O → 16.0)


class NutritionTable(BaseModel):
    basis: Literal["100g", "100ml", "serving"] = "100g"
    serving_size: float | None = None
    serving_unit: str | None = None
    rows: dict[str, NutrientValue] = Field(default_factory=dict)
    unreadable: dict[str, str] = Field(default_factory=dict)   # row key → the text that could not be read as a number
    undeclared: dict[str, str] = Field(default_factory=dict)   # row key → the row as printed, its amount a dash (钠 —)
    has_header: bool = False
    basis_stated: bool = True      # the table says what its amounts are per (每100克, 每份); False: read as per 100 g
    start: int = 0
    end: int = 0

    @property
    def limits_only(self) -> bool:
        """Rows outside any table, each written as a limit (理化指标：蛋白质 ≥12.0 g/100g；水分 ≤70%): a specification's
        or a quality grade's figures, which declare no amount — no nutrition table (GB 28050 4.1 asks for the amounts)."""
        return not self.has_header and bool(self.rows) and all(r.bound for r in self.rows.values())

    def per100(self, key: str) -> float | None:
        row = self.rows.get(key)
        return None if row is None else row.per100


class Ingredient(BaseModel):
    name: str
    start: int
    end: int
    percent: float | None = None
    sources: list[str] = Field(default_factory=list)   # soy_protein, dairy_protein, animal_fat …
    children: list["Ingredient"] = Field(default_factory=list)


class Provenance(BaseModel):
    """What a regulator files with a report: which tool, which rules and data, which input."""

    tool_version: str
    ruleset: str                        # sha256 of rule modules, lexicons and the effective configuration
    input_sha256: str | None = None


class Report(BaseModel):
    id: str | None = None
    source: str = "-"
    product_class: ProductClass
    standards: list[str]
    verdict: Literal["fail", "warn", "pass"]
    findings: list[Finding]
    fields: dict[str, Any] = Field(default_factory=dict)
    classification: dict[str, Any] = Field(default_factory=dict)
    as_of: str | None = None
    edition_in_force: str | None = None
    # the verdict rests on weak evidence: send it to a person (labelcheck/review.py)
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)
    provenance: Provenance | None = None

    photo: dict[str, Any] | None = None      # the input was a photo: how much was read, what needs review
    class_confidence: Literal["low", "high"] | None = None     # "low": the class rests on weak evidence (classification.confidence_evidence)
    imported: bool | None = None                                 # imported prepackaged food (labels only)
    import_evidence: list[str] | None = None


# ---- building models inside the pipeline ---------------------------------------------------------------
# Models are validated at the edge (input documents, API arguments, configuration). Findings, evidence and
# reports are made by the pipeline itself, from values it has already checked, thousands a second on the name
# path: `trusted_copy` copies one without validating again (what model_copy does, without its per-field work).

_object_setattr = object.__setattr__


def trusted_copy(model: BaseModel, /, **changes: Any) -> Any:
    """A shallow copy of a model the pipeline made, with `changes` (trusted: not validated again)."""
    data = model.__dict__.copy()
    data.update(changes)
    m = type(model).__new__(type(model))
    _object_setattr(m, "__dict__", data)
    _object_setattr(m, "__pydantic_extra__", None)
    _object_setattr(m, "__pydantic_fields_set__", model.__pydantic_fields_set__ | changes.keys())
    _object_setattr(m, "__pydantic_private__", None)
    return m
