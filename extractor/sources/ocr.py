"""Pages read by OCR: RapidOCR (PP-OCR models shipped in its wheel) on pages rendered by pdfium.

The result is the same ``Page`` the text layer gives (origin "ocr"): one ``Char`` per recognised
character, its box cut out of the OCR line box at the recogniser's own column for that
character, so the layout, table and structure stages run unchanged. Every char carries its
line's confidence; ``Page.conf`` is the mean over lines, weighted by their length.

Steps, wired in ``ocr_page``:
    render (gray, ~200 dpi) → measure skew, straighten → table borders from the image,
    whitened → recognise lines → turn the page upright if its lines lie on their side or read
    upside down → recover lines the detector missed (footers, lone dashes in cells) → bold
    from stroke width → normalize each line's text → cut line boxes into char boxes → Page
    with the image's rulings

OCR is an optional extra (``govextract[ocr]``): nothing here imports rapidocr or onnxruntime
until a page is actually recognised, and ``ocr_available()`` says whether it can be.
"""

from __future__ import annotations

import importlib.util
import os
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import regex

from extractor.model import BBox, Char, Page
from extractor.sources.image_rulings import ImageBorders

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# RapidOCR shrinks images to a longest side of 2,000 px before detection, so rendering above
# ~200 dpi (A4: 2,339 px) only costs time (FACTS.md: 300 dpi bought nothing).
DEFAULT_DPI = 200

# Longest side of a rendered page, in pixels (A4 at 200 dpi is 2,339).
MAX_RENDER_SIDE_PX = 4000

# Lines the recogniser is less sure of than this are dropped (RapidOCR's own default).
MIN_LINE_SCORE = 0.5

# A page whose mean line confidence is below this deserves a warning in the document record.
LOW_PAGE_CONF = 0.85

# Detected line boxes are padded around the ink (DB post-processing "unclip"), so the box is
# taller than the type. Ratio of box height to font size, so that Char.size means what it
# means for the text layer: 1.036 on the scanned seed pages (AR PL SungtiL, scripts/measure_ocr
# prints it), about 1.14 on 张家界 (16 pt body judged from its character pitch); the value
# splits the difference, so sizes are within ~5% for either.
BOX_HEIGHT_PER_EM = 1.09

# Skew below this is left alone: straightening costs a resample and a few hundredths of a
# degree move nothing by a full point across a page.
MIN_DESKEW_DEG = 0.1


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How the engine is built. ``threads`` 0 means onnxruntime's choice (all cores); a pool
    of N workers on C cores should set C // N (or set GOVEXTRACT_OCR_THREADS).

    The text-direction classifier is off. Measured with scripts/measure_ocr: on the scanned
    seed pages, the scanned 自评表 and 张家界 pages 1-2 it changed nothing (CER 0, 34/34
    numbers, 137/137 cells, 31/31 figures either way), while report pages are upright and it
    has been seen to flip upright lines dense with “” and drop them (FACTS.md)."""

    threads: int = 0
    use_cls: bool = False
    min_score: float = MIN_LINE_SCORE


@dataclass(slots=True)
class OcrLine:
    """One recognised line in image pixels: text, axis-aligned box, confidence, and the
    recogniser's box for each non-space character (None when it gave none).

    A line is vertical when its box stands 1.5 times taller than wide and holds more than
    one char (a label set one character a line in a narrow table cell): its chars are
    stacked top to bottom instead of side by side."""

    text: str
    box: BBox
    score: float
    char_boxes: list[BBox] | None = None
    bold: bool = False

    @property
    def vertical(self) -> bool:
        x0, top, x1, bottom = self.box
        return (bottom - top) >= 1.5 * (x1 - x0) and len(self.text.strip()) > 1


@dataclass(slots=True)
class _EngineHolder:
    settings: OcrSettings = field(default_factory=OcrSettings)
    engine: Any = None


_HOLDER = _EngineHolder()


def ocr_available() -> bool:
    """True when the OCR extra (rapidocr + onnxruntime + opencv) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime", "cv2"))


def configure_ocr(settings: OcrSettings) -> None:
    """Set how this process's engine is built; drops an engine built with other settings."""
    if settings != _HOLDER.settings:
        _HOLDER.settings = settings
        _HOLDER.engine = None


def _threads_from_env(default: int) -> int:
    raw = os.environ.get("GOVEXTRACT_OCR_THREADS", "")
    return int(raw) if raw.isdigit() else default


def get_engine() -> Any:
    """The process's RapidOCR engine, built on first use (a worker loads the models once)."""
    if _HOLDER.engine is None:
        from rapidocr import RapidOCR

        s = _HOLDER.settings
        params: dict[str, Any] = {
            "Global.use_cls": s.use_cls,
            "Global.text_score": s.min_score,
            "Global.log_level": "error",  # "no text found" is not news on a blank page
        }
        threads = _threads_from_env(s.threads)
        if threads > 0:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        _HOLDER.engine = RapidOCR(params=params)
    return _HOLDER.engine


# ---------------------------------------------------------------------------------------------
# The stage: page of a PDF → Page


def ocr_page(doc: pdfium.PdfDocument, index: int, *, dpi: int = DEFAULT_DPI) -> Page:
    """Render page ``index`` (0-based) of ``doc`` and read it by OCR into a ``Page``
    (``number`` = index + 1, origin "ocr", chars in PDF points, rulings from the image).

    A page whose content lies on its side (a landscape table scanned into a portrait page)
    or upside down is turned upright first; its chars are then in the upright page's
    coordinates, and ``width``/``height`` are those of the upright page."""
    page = doc[index]
    try:
        width, height = page.get_size()
        # An oversized page (a poster, a wrongly scaled scan) is rendered no larger than
        # MAX_RENDER_SIDE_PX: RapidOCR shrinks to 2,000 px anyway, and memory is bounded.
        dpi = int(min(dpi, MAX_RENDER_SIDE_PX * 72.0 / max(width, height, 1.0)))
        gray = render_gray(page, max(dpi, 1))
    finally:
        page.close()
    scale = max(dpi, 1) / 72.0
    read = read_image(gray, scale)
    turn = sideways_turn(read.lines)
    if turn:
        read = read_image(np.ascontiguousarray(np.rot90(gray, turn)), scale)
        width, height = height, width
    if _upside_down_suspect(read.lines):
        flipped = read_image(np.ascontiguousarray(np.rot90(read.gray, 2)), scale)
        if _confident_chars(flipped.lines) > _confident_chars(read.lines):
            read = flipped
            turn += 2
    lines = [ln for ln in read.lines if ln.score >= _HOLDER.settings.min_score]
    lines.extend(
        recover_missed_lines(read.gray, lines, scale, read.ink, read.borders, read.table_box)
    )
    mark_bold_lines(read.gray, lines)
    out = ocr_lines_to_page(lines, index + 1, width, height, scale)
    out.rulings = read.borders.to_rulings(scale)
    out.turn = (turn + 1) % 4 - 1  # -1, 0, 1 or 2, as ``Page.turn`` counts
    return out


@dataclass(slots=True)
class _ImageRead:
    """One orientation of a page image, straightened, with its detected lines."""

    gray: np.ndarray
    ink: np.ndarray
    borders: ImageBorders
    lines: list[OcrLine]

    @property
    def table_box(self) -> BBox | None:
        return self.borders.table_box()


def read_image(gray: np.ndarray, scale: float) -> _ImageRead:
    """Straighten a page image, find its table borders and recognise its lines."""
    from extractor.sources.image_rulings import deskew, image_skew, ink_mask, mask_to_borders

    angle = image_skew(gray)
    if abs(angle) >= MIN_DESKEW_DEG:
        gray = deskew(gray, angle)
    ink = ink_mask(gray)
    borders = mask_to_borders(ink, scale)
    if borders.rulings and borders.borders is not None:
        # Table borders whitened before recognition: a cell's text box reaches over the
        # border beside it, and the recogniser reads the border as "1" (a lone 5 became 15).
        gray = whiten(gray, borders.borders, scale)
    return _ImageRead(gray, ink, borders, image_to_ocr_lines(gray))


# Orientation. Detection finds lines whatever their direction; text on its side gives tall
# line boxes. RapidOCR turns a tall crop a quarter counter-clockwise before reading it, so
# when those lines read confidently the page must turn counter-clockwise, otherwise clockwise.
# Upside-down text reads as garbage with low confidence: a page whose lines are mostly
# unsure is read again turned half a turn, and the more confident reading kept.
MIN_SIDEWAYS_LINES = 3
SIDEWAYS_READS_WELL = 0.8
UPSIDE_DOWN_SUSPECT = 0.8


def sideways_turn(lines: list[OcrLine]) -> int:
    """Quarter turns (numpy's rot90 k: 1 counter-clockwise, -1 clockwise) that set a page
    whose lines stand on their side upright; 0 for an upright page."""
    tall = [ln for ln in lines if (ln.box[3] - ln.box[1]) >= 1.5 * (ln.box[2] - ln.box[0])]
    wide = [ln for ln in lines if ln not in tall]
    tall_chars = sum(len(ln.text) for ln in tall if len(ln.text) >= 2)
    if len(tall) < MIN_SIDEWAYS_LINES or tall_chars <= sum(len(ln.text) for ln in wide):
        return 0
    score = sum(ln.score * len(ln.text) for ln in tall) / max(1, sum(len(ln.text) for ln in tall))
    return 1 if score >= SIDEWAYS_READS_WELL else -1


def _upside_down_suspect(lines: list[OcrLine]) -> bool:
    if not lines:
        return False
    chars = sum(len(ln.text) for ln in lines)
    mean = sum(ln.score * len(ln.text) for ln in lines) / max(1, chars)
    return mean < UPSIDE_DOWN_SUSPECT


def _confident_chars(lines: list[OcrLine]) -> float:
    floor = _HOLDER.settings.min_score
    return sum(ln.score * len(ln.text) for ln in lines if ln.score >= floor)


def low_confidence_reason(page: Page) -> str | None:
    """A warning text for a page whose OCR is unsure (mean line confidence below
    LOW_PAGE_CONF), None otherwise: values read from it deserve a second look."""
    if page.origin != "ocr" or page.conf is None or page.conf >= LOW_PAGE_CONF:
        return None
    return (
        f"OCR confidence {page.conf:.2f} on this page is below {LOW_PAGE_CONF}: check its "
        "values against the page image (a poor scan or an unusual font)"
    )


def render_gray(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    """The page as an 8-bit grayscale array at ``dpi`` (white background, annotations drawn)."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True)
    try:
        arr = bitmap.to_numpy()
    finally:
        bitmap.close()
    if arr.ndim == 3:
        arr = arr[:, :, 0]
    return np.ascontiguousarray(arr)


def image_to_ocr_lines(image: np.ndarray) -> list[OcrLine]:
    """Recognise the text lines of an image (gray or BGR array), top to bottom, however
    unsure (callers drop lines below OcrSettings.min_score)."""
    # Every flag is passed on every call: RapidOCR keeps flags from the previous call.
    result = get_engine()(
        image,
        use_det=True,
        use_cls=_HOLDER.settings.use_cls,
        use_rec=True,
        return_word_box=True,
        return_single_char_box=True,
        text_score=0.0,  # unsure lines are kept for the orientation check, dropped after
    )
    if result.txts is None or result.boxes is None:
        return []
    words = result.word_results or ()
    lines: list[OcrLine] = []
    for i, (quad, text, score) in enumerate(
        zip(result.boxes, result.txts, result.scores, strict=False)
    ):
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        box = (min(xs), min(ys), max(xs), max(ys))
        boxes = _word_results_to_boxes(words[i] if i < len(words) else (), text)
        lines.append(OcrLine(text=text, box=box, score=float(score), char_boxes=boxes))
    lines.sort(key=lambda ln: (ln.box[1] + ln.box[3], ln.box[0]))
    return lines


def _word_results_to_boxes(word_result: Any, text: str) -> list[BBox] | None:
    """The box of each non-space char of ``text`` from RapidOCR's per-char boxes, or None
    when they do not line up one-to-one with the text (then boxes are apportioned evenly)."""
    try:
        items = [(str(w), box) for w, _conf, box in word_result if box is not None]
    except (TypeError, ValueError):
        return None
    visible = [ch for ch in text if not ch.isspace()]
    if len(items) != len(visible) or any(
        w != ch for (w, _), ch in zip(items, visible, strict=True)
    ):
        return None
    boxes: list[BBox] = []
    for _, quad in items:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def ocr_lines_to_page(
    lines: list[OcrLine], number: int, width: float, height: float, scale: float
) -> Page:
    """OCR lines in pixels → a Page of chars in points; confidence per char and per page."""
    chars: list[Char] = []
    weighted = 0.0
    total = 0
    for line in lines:
        line_chars = ocr_line_to_chars(line, scale)
        if not line_chars:
            continue
        chars.extend(line_chars)
        weighted += line.score * len(line_chars)
        total += len(line_chars)
    return Page(
        number=number,
        origin="ocr",
        width=width,
        height=height,
        chars=chars,
        conf=(weighted / total) if total else None,
    )


def ocr_line_to_chars(line: OcrLine, scale: float) -> list[Char]:
    """Cut one OCR line into chars: normalized text, each char at its recognised place
    (evenly apportioned along the line when the recogniser gave none), the line's height
    (width, for a vertical line) and confidence."""
    x0, top, x1, bottom = line.box
    conf = round(line.score, 4)
    if line.vertical:
        text, _ = normalize_line(line.text, None)
        visible = [ch for ch in text if not ch.isspace()]
        rows = [(b[1], b[3]) for b in line.char_boxes or []]
        if len(rows) != len(visible):
            rows = apportion(text, top, bottom, vertical=True)
        size = round((x1 - x0) / scale / BOX_HEIGHT_PER_EM, 1)
        return [
            Char(ch, x0 / scale, a / scale, x1 / scale, b / scale, size, line.bold, conf)
            for ch, (a, b) in zip(visible, rows, strict=True)
        ]
    spans_in = [(b[0], b[2]) for b in line.char_boxes] if line.char_boxes else None
    text, spans = normalize_line(line.text, spans_in)
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return []
    if spans is None or len(spans) != len(visible):
        spans = apportion(text, x0, x1)
    size = round((bottom - top) / scale / BOX_HEIGHT_PER_EM, 1)
    return [
        Char(ch, a / scale, top / scale, b / scale, bottom / scale, size, line.bold, conf)
        for ch, (a, b) in zip(visible, spans, strict=True)
    ]


def apportion(
    text: str, x0: float, x1: float, *, vertical: bool = False
) -> list[tuple[float, float]]:
    """Split [x0, x1] among the non-space chars of ``text``: a Han char or full-width mark
    takes a full em, ASCII half of one, a space half of one (and yields no box). Stacked
    vertically every char takes a full em."""
    weights = [1.0 if vertical and not ch.isspace() else _char_width(ch) for ch in text]
    total = sum(weights) or 1.0
    unit = (x1 - x0) / total
    spans: list[tuple[float, float]] = []
    pos = x0
    for ch, w in zip(text, weights, strict=True):
        if not ch.isspace():
            spans.append((pos, pos + w * unit))
        pos += w * unit
    return spans


def _char_width(ch: str) -> float:
    if ch.isspace() or ord(ch) < 0x2E80:
        return 0.5
    return 1.0


# ---------------------------------------------------------------------------------------------
# Lines the detector misses. Its text detector overlooks short, sparse lines: "—— 1 ——" page
# footers (thin dashes and one digit; on the scanned seed pages it dropped every footer) and
# lone dashes "—" in table cells. Ink that no detected line covers and that is not a long
# straight stroke (a border, an underline) is cut out, in the page's top and bottom bands and
# inside tables, and given to the recogniser alone on a copy of the page with the detected
# lines and strokes whitened.

BAND_SHARE = (0.10, 0.14)  # top, bottom share of the page height searched
# Ink blobs closer than this (points) are one line: in a footer "——", "1" and "——" are a digit
# apart; in a table cell the join stays well under a column's width.
BAND_JOIN_PT = 14.0
TABLE_JOIN_PT = 4.0
# A recovered line is at most this tall (points; stamps and photos are taller), and at least
# MIN_H_PT tall unless it is a dash: a flat blob at least DASH_ASPECT times as wide as tall.
MIN_H_PT, MAX_H_PT = 4.0, 30.0
DASH_ASPECT = 3.0
MIN_DASH_W_PT = 4.0
MIN_INK_PX = 40  # fewer dark pixels than this is dust
STROKE_GROW_PT = 1.5  # borders are blanked this much wider than their opened core


def recover_missed_lines(
    gray: np.ndarray,
    lines: list[OcrLine],
    scale: float,
    ink: np.ndarray | None = None,
    borders: ImageBorders | None = None,
    table_box: BBox | None = None,
) -> list[OcrLine]:
    """Lines detection missed in the page's top and bottom bands and inside ``table_box``
    (pixels), read by the recogniser alone. ``ink`` is the page's ink mask and ``borders``
    its long straight strokes (image_rulings.mask_to_borders), if known: no blob is made of
    a stroke, and table borders are whitened in the crops."""

    from extractor.sources.image_rulings import ink_mask

    h, w = gray.shape[:2]
    mask = ink_mask(gray) if ink is None else ink.copy()
    clean = gray.copy()
    if borders is not None and borders.strokes is not None:
        mask[_grown(borders.strokes, scale) > 0] = 0
    if borders is not None and borders.borders is not None:
        clean[_grown(borders.borders, scale) > 0] = 255
    pad = int(round(2 * scale))
    for ln in lines:
        x0, top, x1, bottom = (int(round(v)) for v in ln.box)
        region = (slice(max(0, top - pad), bottom + pad), slice(max(0, x0 - pad), x1 + pad))
        mask[region] = 0
        clean[region] = 255
    regions = [
        (0, 0, w, int(h * BAND_SHARE[0]), BAND_JOIN_PT),
        (0, int(h * (1 - BAND_SHARE[1])), w, h, BAND_JOIN_PT),
    ]
    if table_box is not None:
        x0, top, x1, bottom = (int(round(v)) for v in table_box)
        regions.append((x0, top, x1, bottom, TABLE_JOIN_PT))
    found: list[OcrLine] = []
    seen: set[BBox] = set()
    for x0, y0, x1, y1, join_pt in regions:
        for box in _blobs(mask[y0:y1, x0:x1], scale, join_pt):
            box = (box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0)
            if box in seen:  # a table reaching into a band
                continue
            seen.add(box)
            line = _recognise_crop(clean, box, pad * 2)
            if line is not None:
                found.append(line)
    return found


def whiten(gray: np.ndarray, strokes: np.ndarray, scale: float) -> np.ndarray:
    """A copy of the page with the given strokes (grown a little) painted white."""
    out = gray.copy()
    out[_grown(strokes, scale) > 0] = 255
    return out


def _grown(strokes: np.ndarray, scale: float) -> np.ndarray:
    """Strokes grown by STROKE_GROW_PT: a scanned border's blurred edge is not part of the
    opened stroke, and left alone it reads as a dash or a "1" beside every ruling."""
    import cv2

    grow = max(1, int(round(STROKE_GROW_PT * scale)))
    return cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_RECT, (grow, grow)))


def _blobs(mask: np.ndarray, scale: float, join_pt: float) -> list[BBox]:
    """Boxes of the line-like ink blobs of a region (see the constants above)."""
    import cv2

    if int(np.count_nonzero(mask)) < MIN_INK_PX:
        return []
    join = max(1, int(round(join_pt * scale)))
    merged = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (join, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    ink_per_label = np.bincount(labels[mask > 0], minlength=n)
    boxes: list[BBox] = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if ink_per_label[i] < MIN_INK_PX or bh > MAX_H_PT * scale:
            continue
        # The dilation widened the blob by the join on each side; the ink is narrower.
        cols = np.nonzero((mask[y : y + bh, x : x + bw] > 0).any(axis=0))[0]
        if cols.size == 0:
            continue
        x, bw = x + int(cols[0]), int(cols[-1] - cols[0] + 1)
        dash = bw >= DASH_ASPECT * bh and bw >= MIN_DASH_W_PT * scale
        if bh < MIN_H_PT * scale and not dash:
            continue
        boxes.append((float(x), float(y), float(x + bw), float(y + bh)))
    return boxes


def _recognise_crop(gray: np.ndarray, box: BBox, pad: int) -> OcrLine | None:
    x0, top, x1, bottom = (int(v) for v in box)
    crop = gray[max(0, top - pad) : bottom + pad, max(0, x0 - pad) : x1 + pad]
    if crop.size == 0:
        return None
    result = get_engine()(
        crop,
        use_det=False,
        use_cls=False,
        use_rec=True,
        return_word_box=False,
        return_single_char_box=False,
        text_score=0.0,
    )
    txts = getattr(result, "txts", None)
    scores = getattr(result, "scores", None)
    if not txts or not scores or not txts[0].strip():
        return None
    if float(scores[0]) < _HOLDER.settings.min_score:
        return None
    return OcrLine(text=txts[0], box=box, score=float(scores[0]))


# ---------------------------------------------------------------------------------------------
# Normalization of what OCR gets systematically wrong. Each rule rewrites the text and keeps
# the per-char spans aligned (rules map one visible char to one visible char, or only drop
# spaces), so positions survive.

_HAN = r"\p{Han}"
# Full-width forms of ASCII digits, letters and the signs used in numbers.
_FULLWIDTH_ALNUM = regex.compile(r"[０-９Ａ-Ｚａ-ｚ．％]")

# Rule "half-width brackets in Chinese": RapidOCR returns ( ) for （ ）. A pair becomes
# full-width when it encloses or touches a Han character: （一）, （2022年）, 标准(试行).
_BRACKET_PAIR = regex.compile(r"\(([^()]*)\)")
# A lone bracket next to Han (the other half is on another line).
_LONE_OPEN = regex.compile(rf"\((?=\s*{_HAN})|(?<={_HAN}\s*)\((?![^()]*\))")
_LONE_CLOSE = regex.compile(rf"(?<={_HAN}\s*)\)|(?<!\([^()]*)\)(?=\s*{_HAN})")

# Rule "half-width punctuation between Han": , ; : ! ? between two Han chars, or after one at
# the end of a line, are the full-width marks of the text (never inside numbers: a digit is
# on at least one side).
_HALF_PUNCT = regex.compile(rf"(?<={_HAN})\s*([,;:!?])\s*(?={_HAN}|[“‘（]|$)")
_FULL_OF = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

# Rule "spaces inside numbers": OCR splits 8.53% as "8. 53%", 1,234 as "1, 234", 53% as
# "53 %". A space is dropped after a decimal point or thousands comma followed by digits,
# before a decimal point or percent sign.
_SPACE_IN_NUMBER = regex.compile(
    r"(?<=\d[.．])\s+(?=\d)"  # 8. 53
    r"|(?<=\d,)\s+(?=\d{3}(?!\d))"  # 1, 234
    r"|(?<=\d)\s+(?=[.．]\d|%|％)"  # 8 .53, 53 %
)

# Rule "lone dash": a line that is only a dash is the table filler "—".
_LONE_DASHES = {"一", "-", "－", "—", "–", "_", "ー"}

# Rule "page footer": report pages end with — N — (often - N - or 一N一 once recognised).
_FOOTER = regex.compile(r"^\s*[-－—–一_]{1,3}\s*(\d{1,4})\s*[-－—–一_]{1,3}\s*$")


def normalize_line(
    text: str, spans: list[tuple[float, float]] | None
) -> tuple[str, list[tuple[float, float]] | None]:
    """Apply the OCR normalization rules to one line, keeping per-char spans aligned."""
    if text.strip() in _LONE_DASHES:
        # A cell or line holding only a dash ("none"): the recogniser reads — as 一 or -.
        return "—", None
    footer = _FOOTER.match(text)
    if footer:
        # Keep the page number in the shape the layout stage strips as furniture.
        return f"—{footer.group(1)}—", None
    out = _fullwidth_alnum_to_ascii(text)
    out = _half_brackets_to_full(out)
    out = _HALF_PUNCT.sub(lambda m: _FULL_OF[m.group(1)], out)
    out = _SPACE_IN_NUMBER.sub("", out)
    if spans is not None:
        spans = _close_number_gaps(out, spans)
    return out, spans


def _fullwidth_alnum_to_ascii(text: str) -> str:
    return _FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _half_brackets_to_full(text: str) -> str:
    def pair(m: regex.Match[str]) -> str:
        inner = m.group(1)
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if regex.search(_HAN, inner + before + after):
            return f"（{inner}）"
        return m.group(0)

    text = _BRACKET_PAIR.sub(pair, text)
    text = _LONE_OPEN.sub("（", text)
    return _LONE_CLOSE.sub("）", text)


# The chars of a number (digits with their separators, decimal point and percent sign).
_NUMBER_RUN = regex.compile(r"\d[\d.,]*\d%?|\d%?")


def _close_number_gaps(text: str, spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Within each number, make the char boxes touch: a recognised gap inside 8.53 must not
    read as a word space downstream. Spans index the visible (non-space) chars of text; a
    space the rules left in place (图1 2025年) separates two numbers and stays."""
    visible_index: list[int] = []
    k = 0
    for ch in text:
        visible_index.append(k)
        if not ch.isspace():
            k += 1
    if k != len(spans):
        return spans
    out = list(spans)
    for m in _NUMBER_RUN.finditer(text):
        for i in range(visible_index[m.start()], visible_index[m.end() - 1]):
            a0, a1 = out[i]
            b0, b1 = out[i + 1]
            if b0 > a1:
                mid = (a1 + b0) / 2
                out[i] = (a0, mid)
                out[i + 1] = (mid, b1)
    return out


# ---------------------------------------------------------------------------------------------
# Bold: OCR gives no font weight, but headings in 黑体 or bold 宋体 have thicker strokes.
# Stroke width of a line ≈ 2 × ink area / ink boundary length, compared with the page's median.

BOLD_STROKE_RATIO = 1.3
# Only lines of Han text are weighed: digits are set in a Latin face whose strokes are thicker
# than 宋体's, so a line of figures (张家界 2025 p. 16: 61.0%。, the end of a sentence) would
# read as bold and start a paragraph of its own.
HAN_CHAR = regex.compile(_HAN)


def mark_bold_lines(gray: np.ndarray, lines: list[OcrLine]) -> None:
    """Set ``bold`` on lines whose strokes are clearly thicker than the page's typical line."""
    widths = [_stroke_width(gray, ln.box) if HAN_CHAR.search(ln.text) else 0.0 for ln in lines]
    known = sorted(w for w in widths if w > 0)
    if len(known) < 3:
        return
    median = known[len(known) // 2]
    for line, w in zip(lines, widths, strict=True):
        line.bold = w > BOLD_STROKE_RATIO * median


def _stroke_width(gray: np.ndarray, box: BBox) -> float:
    x0, top, x1, bottom = (int(round(v)) for v in box)
    crop = gray[max(top, 0) : max(bottom, 0), max(x0, 0) : max(x1, 0)]
    if crop.size == 0:
        return 0.0
    ink = crop < 128
    area = int(ink.sum())
    if area < 20:
        return 0.0
    # Boundary pixels: ink with a non-ink 4-neighbour.
    inner = ink.copy()
    inner[1:, :] &= ink[:-1, :]
    inner[:-1, :] &= ink[1:, :]
    inner[:, 1:] &= ink[:, :-1]
    inner[:, :-1] &= ink[:, 1:]
    boundary = area - int(inner.sum())
    return 2.0 * area / boundary if boundary else 0.0
