"""Table rulings and skew from a page image (scans), with OpenCV morphology.

A scanned table has no vector paths; its borders are rows and columns of dark pixels. Opening
the ink with a long thin kernel keeps only strokes longer than any character's, which are the
borders. They come out as the same ``Ruling`` centre lines (PDF points, top-left origin) as
the vector rulings of a text PDF, so the table stage's grid code runs unchanged.

Scans are rarely square on the page: ``image_skew`` measures the angle (projection profile of
the ink: rows of text and rules line up only at the right angle) and ``deskew`` straightens
the image before OCR and ruling extraction, so line boxes and rulings are axis-aligned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from extractor.model import Ruling

# Skews searched, in degrees: scanners and phone captures of reports stay within a few degrees.
MAX_SKEW_DEG = 3.0
COARSE_STEP_DEG = 0.25
FINE_STEP_DEG = 0.025

# Width the ink image is reduced to for the skew search: 0.025° over 1,000 px is 0.4 pixel.
SKEW_WORK_WIDTH = 1000

# Shortest ruling kept, in points. A horizontal ruling must outlast an em dash pair ("——" at
# 16 pt is 32 pt); a vertical one must outlast the tallest stroke of a heading character
# (22 pt titles) — a border also has to cross other borders to be kept, see _grid_rulings.
MIN_H_RULING_PT = 40.0
MIN_V_RULING_PT = 14.0

# A horizontal rule this long stands alone (三线表: top, head and bottom rules, no verticals).
LONG_H_RULING_SHARE = 0.3

# Gaps bridged inside one border before measuring it (JPEG and scan noise break thin lines).
BRIDGE_PT = 2.0

# A border thicker than this is a filled block (a shaded header, a photo edge), not a rule.
MAX_RULING_THICKNESS_PT = 4.0

# Two rulings meet when one's end is within this distance of the other.
TOUCH_PT = 4.0


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 on 0 (Otsu threshold; scans are rarely pure black on white)."""
    import cv2

    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def image_skew(gray: np.ndarray) -> float:
    """Angle in degrees that straightens the page when passed to ``deskew`` (OpenCV's sense:
    positive turns the image counter-clockwise); 0.0 for a page with too little ink to tell."""
    import cv2

    h, w = gray.shape[:2]
    factor = min(1.0, SKEW_WORK_WIDTH / max(w, 1))
    small = (
        cv2.resize(
            gray, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv2.INTER_AREA
        )
        if factor < 1.0
        else gray
    )
    mask = ink_mask(small)
    if int(np.count_nonzero(mask)) < 0.001 * mask.size:
        return 0.0
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    xc = xs.astype(np.float64) - w / 2.0
    yc = ys.astype(np.float64) - h / 2.0
    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, COARSE_STEP_DEG)
    best = _best_angle(xc, yc, h, coarse)
    fine = np.arange(best - COARSE_STEP_DEG, best + COARSE_STEP_DEG + 1e-9, FINE_STEP_DEG)
    return float(round(_best_angle(xc, yc, h, fine), 3))


def _best_angle(xc: np.ndarray, yc: np.ndarray, h: int, angles: np.ndarray) -> float:
    """The angle whose straightened image has the sharpest row profile (largest variance of
    row sums): text rows and rules then fall on few rows, gaps on the others. Ink pixels
    (coordinates from the image centre) are projected directly, no image is rotated: each
    angle costs one bincount."""
    best_angle, best_score = 0.0, -1.0
    for a in angles:
        # Row of each ink pixel once the image is turned by ``a`` about its centre (OpenCV's
        # sense, as in deskew).
        rad = np.deg2rad(float(a))
        rows = np.rint(yc * np.cos(rad) - xc * np.sin(rad) + h).astype(np.int64)
        score = float(np.var(np.bincount(rows, minlength=2 * h)))
        if score > best_score:
            best_angle, best_score = float(a), score
    return best_angle


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image rotated by ``angle`` degrees about its centre, background white."""
    import cv2

    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


Box = tuple[float, float, float, float]


@dataclass(slots=True)
class ImageBorders:
    """What the morphology found on a page image, in pixels: the strokes kept as table
    borders (centre lines), every long straight stroke (borders, underlines, rules, and the
    long vertical strokes of large glyphs), and the pixels of the kept borders alone, so OCR
    can look past them."""

    rulings: list[Box] = field(default_factory=list)
    strokes: np.ndarray | None = None
    # The pixels of the strokes kept as rulings only (no glyph strokes, no underlines).
    borders: np.ndarray | None = None

    def to_rulings(self, scale: float) -> list[Ruling]:
        return [
            Ruling(x0 / scale, top / scale, x1 / scale, bottom / scale)
            for x0, top, x1, bottom in self.rulings
        ]

    def table_box(self) -> Box | None:
        """The box around all table borders, or None on a page without tables."""
        if not self.rulings:
            return None
        return (
            min(r[0] for r in self.rulings),
            min(r[1] for r in self.rulings),
            max(r[2] for r in self.rulings),
            max(r[3] for r in self.rulings),
        )


def image_to_rulings(
    gray: np.ndarray, scale: float, mask: np.ndarray | None = None
) -> list[Ruling]:
    """Table borders of a (straightened) page image as rulings in PDF points.

    ``scale`` is pixels per point (dpi / 72); ``mask`` is ``ink_mask(gray)`` if the caller
    has it already."""
    return mask_to_borders(ink_mask(gray) if mask is None else mask, scale).to_rulings(scale)


def mask_to_borders(mask: np.ndarray, scale: float) -> ImageBorders:
    """Long thin strokes of an ink mask, and those of them that are table borders."""
    import cv2

    h, w = mask.shape
    bridge = max(1, int(round(BRIDGE_PT * scale)))
    h_len = max(3, int(round(MIN_H_RULING_PT * scale)))
    v_len = max(3, int(round(MIN_V_RULING_PT * scale)))
    horiz = cv2.morphologyEx(
        mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1))
    )
    horiz = cv2.morphologyEx(
        horiz, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1))
    )
    if not horiz.any():
        return ImageBorders()  # every table has horizontal rules; prose pages stop here
    vert = cv2.morphologyEx(
        mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge))
    )
    vert = cv2.morphologyEx(
        vert, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len))
    )
    max_thick = MAX_RULING_THICKNESS_PT * scale
    hs = [r for r in _components(horiz) if r[3] - r[1] <= max_thick]
    vs = [r for r in _components(vert) if r[2] - r[0] <= max_thick]
    kept_h, kept_v = _grid_strokes(hs, vs, w, TOUCH_PT * scale)
    borders = np.zeros_like(mask)
    for source, boxes in ((horiz, kept_h), (vert, kept_v)):
        for x0, top, x1, bottom in boxes:
            a, t, b, u = int(x0), int(top), int(x1), int(bottom)
            borders[t:u, a:b] = source[t:u, a:b]
    return ImageBorders(
        rulings=_centre_lines(kept_h, kept_v),
        strokes=cv2.bitwise_or(horiz, vert),
        borders=borders,
    )


def _components(mask: np.ndarray) -> list[Box]:
    """Bounding boxes (x0, top, x1, bottom) of the mask's connected strokes."""
    import cv2

    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes: list[Box] = []
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        boxes.append((float(x), float(y), float(x + bw), float(y + bh)))
    return boxes


def _grid_strokes(
    hs: list[Box], vs: list[Box], page_w: int, touch: float
) -> tuple[list[Box], list[Box]]:
    """Keep strokes that are table borders: a vertical crossing at least two horizontals, a
    horizontal crossing at least two kept verticals or running across a good part of the
    page."""

    def meets(hb: Box, vb: Box) -> bool:
        return (
            vb[0] - touch <= hb[2]
            and hb[0] - touch <= vb[2]
            and hb[1] - touch <= vb[3]
            and vb[1] - touch <= hb[3]
        )

    kept_v = [v for v in vs if sum(1 for hb in hs if meets(hb, v)) >= 2]
    kept_h = [
        hb
        for hb in hs
        if (hb[2] - hb[0]) >= LONG_H_RULING_SHARE * page_w
        or sum(1 for v in kept_v if meets(hb, v)) >= 2
    ]
    return kept_h, kept_v


def _centre_lines(kept_h: list[Box], kept_v: list[Box]) -> list[Box]:
    out: list[Box] = []
    for x0, top, x1, bottom in kept_h:
        y = (top + bottom) / 2.0
        out.append((x0, y, x1, y))
    for x0, top, x1, bottom in kept_v:
        x = (x0 + x1) / 2.0
        out.append((x, top, x, bottom))
    return out
