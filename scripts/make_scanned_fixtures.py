"""Write the scanned test fixtures of tests/fixtures/scanned/ (run from the repo root).

    PYTHONPATH=. python scripts/make_scanned_fixtures.py [--shared ../shared]

A "scan" is what a photocopier-scanner makes of a printed report page: the page rendered at
200 dpi in gray, turned by 0.5°, with sensor noise and a little blur, stored as JPEG (quality
60) in an image-only PDF. The printed originals are text PDFs drawn here with reportlab in
宋体 (Debian's fonts-arphic-gbsn00lp; real reports use 仿宋, which Debian lacks), so the
ground truth is the exact text drawn on each line:

- ``seed_body.pdf`` / ``seed_body_scan.pdf`` / ``seed_body.truth.txt``: body pages of the seed
  report (株洲市科技局 2022 自评报告), its wrapped lines as printed, numbers included. Truth:
  one printed line per line, pages separated by a form feed.
- ``selfeval_table.pdf`` / ``selfeval_table_scan.pdf``: the report's 项目支出绩效自评表 (附件1-3)
  as a ruled table (stroked rules), with its text version for the table comparison.
- ``smoke_scan.pdf`` (+ ``.truth.txt``): one small page of three lines for the fast OCR test.

When the tables helper's generated 自评表 or the fixture generator's seed PDF exist, pass them
with ``--table-pdf`` / ``--body-pdf`` to scan those instead of the PDFs drawn here.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "scanned"
FONT = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
FONT_NAME = "ScanSong"

# The scan: what an office scanner does to a page (see module docstring).
SCAN_DPI = 200
SCAN_ANGLE_DEG = 0.5
NOISE_SIGMA = 6.0
JPEG_QUALITY = 60
SEED_RNG = 20221231  # noise is reproducible: same fixture bytes on every run

# Page geometry of a 公文 page: A4, 三号 (16 pt) body, 28 pt line pitch, 2-character indent.
BODY_SIZE = 16.0
LINE_PITCH = 27.5
MARGIN_LEFT = 79.0
MARGIN_TOP = 75.0
LINES_PER_PAGE = 25

# Seed lines used as body text: the numbers-rich account of the year's work under
# 六、资金使用及绩效情况, two pages of 25 printed lines.
SEED_FIRST_LINE = "2022年，株洲市科技局紧扣"
SEED_LAST_LINE = "专业人才 67名"


def register_font() -> None:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        if not Path(FONT).exists():
            sys.exit(f"{FONT} missing: apt-get install -y fonts-arphic-gbsn00lp")
        pdfmetrics.registerFont(TTFont(FONT_NAME, FONT))


# ---------------------------------------------------------------------------------------------
# Text: the seed's printed lines


def seed_to_lines(seed_text: str) -> list[str]:
    """The seed's printed lines between the chosen first and last ones (footers dropped),
    whitespace-trimmed. The dump's spaces between Han and numbers are the PDF's own."""
    raw = [ln.strip() for ln in seed_text.splitlines()]
    raw = [ln for ln in raw if ln and not ln.startswith("——")]
    start = next(i for i, ln in enumerate(raw) if ln.startswith(SEED_FIRST_LINE))
    end = next(i for i, ln in enumerate(raw) if ln.startswith(SEED_LAST_LINE))
    return raw[start : end + 1]


def lines_to_pages(lines: list[str], per_page: int) -> list[list[str]]:
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def body_pdf(pages: list[list[str]]) -> bytes:
    """A text PDF printing each page's lines; a line after a short one starts a paragraph
    (2-character indent), as in the report."""
    register_font()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    for number, page in enumerate(pages, start=1):
        prev_len = 0
        for k, line in enumerate(page):
            indent = 2 * BODY_SIZE if 0 < prev_len < 20 or line.startswith("（") else 0.0
            c.setFont(FONT_NAME, BODY_SIZE)
            c.drawString(MARGIN_LEFT + indent, height - MARGIN_TOP - k * LINE_PITCH, line)
            prev_len = len(line)
        footer = f"—— {number} ——"
        c.setFont(FONT_NAME, 14)
        c.drawCentredString(width / 2, 50, footer)
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# The 自评表 (附件1-3) as a ruled table, transcribed from the seed dump's scrambled cells.

TABLE_TITLE = "2022年度项目支出绩效自评表"
TABLE_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
# (一级, 二级, 三级, 指标值, 完成值, 分值, 得分); an empty 一级/二级 continues the cell above.
TABLE_ROWS = [
    ("产出指标(50分)", "数量指标", "高新技术企业数", "1100家", "1104家", "10", "10"),
    ("", "", "引进重大科技成果项目", "10项", "10项", "10", "10"),
    ("", "", "新增国省重大创新平台", "20家", "105家", "10", "10"),
    ("", "质量指标", "每万人口有效发明专利", "22.5件", "27.01件", "5", "5"),
    ("", "", "基础研究占全社会研发投入比重", "6%", "6.65%", "5", "5"),
    ("", "时效指标", "完成时间", "12月", "12月", "10", "10"),
    ("效益指标(30分)", "经济效益指标", "技术合同交易额占GDP比重", "6%", "8.53%", "10", "10"),
    ("", "社会效益指标", "引进外籍专业人才", "50人", "67人", "10", "10"),
    ("", "生态效益指标", "新增省级以上科技创新平台", "8家", "20家", "10", "10"),
    ("满意度指标(10分)", "服务对象满意度指标", "企业满意度", "95%", "100%", "10", "10"),
]
COL_WIDTHS = [62.0, 66.0, 118.0, 52.0, 52.0, 30.0, 30.0, 74.0]
ROW_HEIGHT = 30.0
TABLE_SIZE = 9.5


def table_pdf() -> bytes:
    """One page: title, the ruled 自评表 (stroked rules, merged 一级/二级 cells), 总分 row."""
    register_font()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    c.setFont(FONT_NAME, 16)
    c.drawCentredString(width / 2, height - 70, TABLE_TITLE)
    c.setFont(FONT_NAME, 10.5)
    c.drawString(60, height - 100, "单位：家、项、件、%")
    x_left = (width - sum(COL_WIDTHS)) / 2
    xs = [x_left]
    for w in COL_WIDTHS:
        xs.append(xs[-1] + w)
    top = height - 110
    rows = (
        [tuple(TABLE_HEADER)]
        + [(*r, "") for r in TABLE_ROWS]
        + [("总分", "", "", "", "", "100", "100", "")]
    )
    c.setLineWidth(0.75)
    n = len(rows)
    y = [top - i * ROW_HEIGHT for i in range(n + 1)]
    # Horizontal rules: a row boundary is not drawn across a merged 一级/二级 cell (a row
    # whose first cells are empty continues the cells above).
    for i in range(n + 1):
        start_col = 0
        if 0 < i < n and rows[i][0] == "":
            start_col = 2 if rows[i][1] == "" else 1
        c.line(xs[start_col], y[i], xs[-1], y[i])
    for x in xs:
        c.line(x, y[0], x, y[n])
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not cell:
                continue
            c.setFont(FONT_NAME, TABLE_SIZE)
            _draw_cell(c, cell, xs[j], xs[j + 1], y[i], y[i + 1])
    c.showPage()
    c.save()
    return buf.getvalue()


def _draw_cell(c: Canvas, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
    """Centre text in a cell, wrapping it onto two lines when it is too wide."""
    avail = x1 - x0 - 4
    lines = [text]
    if pdfmetrics.stringWidth(text, FONT_NAME, TABLE_SIZE) > avail:
        cut = len(text) // 2
        while cut < len(text) and pdfmetrics.stringWidth(text[:cut], FONT_NAME, TABLE_SIZE) < avail:
            cut += 1
        cut = max(1, cut - 1)
        lines = [text[:cut], text[cut:]]
    pitch = TABLE_SIZE * 1.25
    mid = (top + bottom) / 2
    first = mid + (len(lines) - 1) * pitch / 2 - TABLE_SIZE * 0.35
    for k, line in enumerate(lines):
        c.drawCentredString((x0 + x1) / 2, first - k * pitch, line)


def smoke_pdf() -> tuple[bytes, list[str]]:
    """A small page (A6 landscape-ish) of three short lines with brackets and numbers."""
    register_font()
    lines = [
        "（一）2022年度基本支出1164.45万元，",
        "其中人员经费915.38万元，增长8.53%。",
        "净增高新技术企业195家。",
    ]
    buf = io.BytesIO()
    size = (360.0, 150.0)
    c = Canvas(buf, pagesize=size, invariant=1)
    c.setFont(FONT_NAME, 16)
    for k, line in enumerate(lines):
        c.drawString(24, size[1] - 40 - k * 30, line)
    c.showPage()
    c.save()
    return buf.getvalue(), lines


# ---------------------------------------------------------------------------------------------
# The scan


def scan_pdf(
    pdf: bytes,
    *,
    dpi: int = SCAN_DPI,
    angle: float = SCAN_ANGLE_DEG,
    noise: float = NOISE_SIGMA,
    quality: int = JPEG_QUALITY,
) -> bytes:
    """An image-only PDF of the same page sizes: each page rendered, turned, noised, JPEG."""
    import cv2

    rng = np.random.default_rng(SEED_RNG)
    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(src)):
            page = src[i]
            w_pt, h_pt = page.get_size()
            gray = page.render(scale=dpi / 72.0, grayscale=True).to_numpy()
            if gray.ndim == 3:
                gray = gray[:, :, 0]
            h, w = gray.shape
            m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
            turned = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
            soft = cv2.GaussianBlur(turned, (3, 3), 0.6)
            noisy = soft.astype(np.float32) + rng.normal(0.0, noise, soft.shape)
            noisy = np.clip(noisy, 0, 255).astype(np.uint8)
            ok, jpeg = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, quality])
            if not ok:
                raise RuntimeError("JPEG encoding failed")
            new_page = out.new_page(w_pt, h_pt)
            image = pdfium.PdfImage.new(out)
            image.load_jpeg(io.BytesIO(jpeg.tobytes()), inline=False)
            image.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
            new_page.insert_obj(image)
            new_page.gen_content()
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--body-pdf", type=Path, help="scan this body PDF instead of drawing one")
    ap.add_argument("--table-pdf", type=Path, help="scan this 自评表 PDF instead of drawing one")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    seed = (args.shared / "seeds" / "zhuzhou-kjj-2022-self-evaluation.txt").read_text("utf-8")
    pages = lines_to_pages(seed_to_lines(seed), LINES_PER_PAGE)
    body = args.body_pdf.read_bytes() if args.body_pdf else body_pdf(pages)
    (OUT / "seed_body.pdf").write_bytes(body)
    (OUT / "seed_body_scan.pdf").write_bytes(scan_pdf(body))
    (OUT / "seed_body.truth.txt").write_text(
        "\f\n".join("\n".join(p) + "\n" for p in pages), "utf-8"
    )

    table = args.table_pdf.read_bytes() if args.table_pdf else table_pdf()
    (OUT / "selfeval_table.pdf").write_bytes(table)
    (OUT / "selfeval_table_scan.pdf").write_bytes(scan_pdf(table))

    smoke, smoke_lines = smoke_pdf()
    (OUT / "smoke_scan.pdf").write_bytes(scan_pdf(smoke))
    (OUT / "smoke_scan.truth.txt").write_text("\n".join(smoke_lines) + "\n", "utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
