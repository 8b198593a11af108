"""The document's own title, issuer (发文/编制单位), year and kind.

- title: on PDFs, the largest type on the first pages (a title set over two lines is joined);
  on dumps, the first short paragraph(s) naming a kind of report; else the file name.
- issuer: a labelled field (单位名称：/预算主管部门：/编制单位：…), the name that opens the
  title (上海市普陀区财政局2024年度…), a body's name standing alone in the front matter, the
  first sentence "X是…" or a speaker's "我代表X", the body named after "…会议上" in a report
  to a congress, the signature at the end, and last the file name; a name without its place
  (市财政局) takes the place from the title.
- year: the first year in the title (2022年度…自评报告 → 2022, the year reported on), else
  a gazette's issue date, else the year in the file name, else the most frequent year in the
  opening text.
- doc_kind: keyword rows of data/structure/doc_kinds.tsv against the title, then the
  opening text, then the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import PurePath

from extractor.datafiles import data_lines, data_rows
from extractor.model import DocumentMeta, Paragraph
from extractor.structure.headings import parse_numbering
from extractor.structure.sections import toc_indices

# The title is set at least this much larger than the body text.
TITLE_SIZE_RATIO = 1.2
# A table's label opening a line (表四十五2025年度…公开表, 附表1): a table's title, no document's.
_TABLE_LABEL = re.compile(r"附?表\s*[\d一二三四五六七八九十]")
# Where to look for a title and for front-matter issuers.
TITLE_PAGES = 3
OPENING_PARAGRAPHS = 12
# A title longer than this is a sentence that happened to be set large.
MAX_TITLE_CHARS = 80
# How many closing paragraphs may hold a signature.
SIGNATURE_PARAGRAPHS = 6

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# A year a heading names (2026年社会保险基金预算), not a span's end or a number.
_HEADING_YEAR = re.compile(r"(?<![\d\-—－~～至到])((?:19|20)\d{2})(?=\s*年)")
# A gazette's issue line (深圳市人民政府办公厅编第10期（总第1409期）2026年4月13日): the issue's
# date, printed by the publisher, outranks a year in a file name a collector gave it.
_ISSUE_DATE = re.compile(
    r"第\s*\d+\s*期[^\n]{0,20}?((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
)
# A line that is only a place name: 洛阳市, 黔东南苗族侗族自治州, 锡林郭勒盟.
_PLACE_LINE = re.compile(r"^[\u4e00-\u9fff]{1,14}(省|市|县|区|州|盟|旗)$")
_FOOTNOTE_MARKS = re.compile(r"[①-⑳]|\[\d+\]|\*+$")
_ISSUER_LABEL = re.compile(
    r"(?:单位名称|预算单位|编制单位|填报单位|部门名称|主管部门|预算主管部门|报送单位|发布单位)"
    r"\s*[（(]?[^：:）)]{0,6}[）)]?\s*[：:]\s*(?P<org>[^\s，。；,;：:（(]{2,40})"
)
# The place a title names first: 洛阳市 in 关于洛阳市2025年预算执行情况…
_PLACE = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,10}?[省市区县州])")


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, re.Pattern[str]]]:
    rows = data_rows("structure", "doc_kinds.tsv", header=True)
    return [(kind, re.compile(pattern)) for kind, pattern, *_ in rows]


@lru_cache(maxsize=1)
def _org_re() -> re.Pattern[str]:
    suffixes = sorted(data_lines("structure", "org_suffixes.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in suffixes)
    # A name: Han characters (with brackets for 中共…委员会（…）) ending in a suffix.
    return re.compile(rf"[\u4e00-\u9fff（）()]{{1,30}}?(?:{alternatives})")


def document_meta(paragraphs: list[Paragraph], path: str) -> DocumentMeta:
    """Title, issuer, year and kind of a document from its paragraphs and file name."""
    stem = PurePath(path).stem
    title = _title(paragraphs) or stem
    opening = " ".join(p.text for p in paragraphs[:OPENING_PARAGRAPHS])
    return DocumentMeta(
        title=title,
        issuer=_with_place(_issuer(paragraphs, title, stem), title),
        year=_year(title, stem, opening),
        doc_kind=_kind(title, opening, stem),
    )


def _clean(text: str) -> str:
    return _FOOTNOTE_MARKS.sub("", text.replace(" ", "")).strip()


def _title(paragraphs: list[Paragraph]) -> str:
    return _title_by_size(paragraphs) or _title_by_words(paragraphs)


def _title_by_size(paragraphs: list[Paragraph]) -> str:
    sized = [p for p in paragraphs if p.size > 0]
    if not sized:
        return ""
    sizes: Counter[float] = Counter()
    for p in sized:
        sizes[round(p.size)] += len(p.text)
    body = sizes.most_common(1)[0][0]
    first_pages = [p for p in paragraphs if p.page_start <= TITLE_PAGES]
    large = [
        p
        for p in first_pages
        if p.size >= body * TITLE_SIZE_RATIO and _has_han(p.text) and not _toc_line(p.text)
    ]
    if not large:
        return ""
    top = max(p.size for p in large)
    # Title lines: the largest type on the first page that has it, consecutive, same size.
    page = next(p.page_start for p in large if p.size >= top - 1.0)
    parts: list[str] = []
    started = False
    for p in first_pages:
        if p.page_start == page and abs(p.size - top) <= 1.0 and _has_han(p.text):
            parts.append(_clean(p.text))
            started = True
        elif started:
            break
    title = "".join(parts)
    if len(title) > MAX_TITLE_CHARS or not _kind_of(title):
        # A large line that names no kind of report (a cover's 文件 banner) is not the title
        # when a kind-naming paragraph exists in the opening.
        by_words = _title_by_words(paragraphs)
        if by_words:
            return by_words
    return title if len(title) <= MAX_TITLE_CHARS else ""


def _title_by_words(paragraphs: list[Paragraph]) -> str:
    """The first short opening paragraph naming a kind of report, with a short paragraph just
    before it when the title is wrapped (2022年度部门整体支出 / 绩效自评报告)."""
    opening = paragraphs[:OPENING_PARAGRAPHS]
    contents = toc_indices(opening)
    for i, p in enumerate(opening):
        text = _clean(p.text)
        if len(text) > MAX_TITLE_CHARS or not _kind_of(text) or text.endswith(("。", "；")):
            continue
        # A contents entry, a part's heading or a table's title names a part, not the document
        # (东莞 2025's 第一部分预算报告, in its contents and over its first part; 中卫 2025's
        # 表四十五2025年度市本级绩效评价公开表).
        if (
            _toc_line(text)
            or i in contents
            or (text.startswith("第") and parse_numbering(text))
            or _TABLE_LABEL.match(text)
        ):
            continue
        if i > 0:
            prev = _clean(opening[i - 1].text)
            if 0 < len(prev) <= 20 and not prev.endswith(("。", "：", "，")) and _YEAR.search(prev):
                return prev + text
            # The place on a line of its own over a title that starts with the year
            # (黔东南苗族侗族自治州 / 2016年国民经济和社会发展统计公报).
            if _PLACE_LINE.match(prev) and _YEAR.match(text):
                return prev + text
        return text
    return ""


def _toc_line(text: str) -> bool:
    return "……" in text or "..." in text or "···" in text


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _kind_of(text: str) -> str | None:
    for kind, pattern in _kinds():
        if pattern.search(text):
            return kind
    return None


def _kind(title: str, opening: str, stem: str) -> str:
    return _kind_of(title) or _kind_of(opening[:300]) or _kind_of(stem) or "other"


def year_of_path(path: list[str], year: int | None) -> int | None:
    """The year a section is about: that of its nearest heading naming one year (2026年社会保险
    基金预算, 2016年工作回顾), else ``year``. A heading naming two (2025年预算执行情况和2026年
    预算草案) says nothing of which, and the search stops there."""
    for title in reversed(path):
        years = set(_HEADING_YEAR.findall(title))
        if years:
            return int(years.pop()) if len(years) == 1 else year
    return year


def spoken_year(title: str, year: int | None) -> int | None:
    """The year a report is delivered in: one on a year's execution and the next year's draft
    (关于2025年预算执行情况和2026年预算草案的报告) is read out in the second, and its 今年 is
    that year; any other in ``year``."""
    years = sorted({int(y) for y in _HEADING_YEAR.findall(title)})
    if len(years) == 2 and years[1] == years[0] + 1 and "执行" in title:
        return years[1]
    return year


def _year(title: str, stem: str, opening: str) -> int | None:
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    issue = _ISSUE_DATE.search(opening)
    if issue:
        return int(issue.group(1))
    m = _YEAR.search(stem)
    if m:
        return int(m.group(1))
    years = Counter(_YEAR.findall(opening))
    return int(years.most_common(1)[0][0]) if years else None


def _whole_org(text: str) -> str:
    """``text`` when all of it is an issuing body's name, else "". A congress's 秘书处 prints
    documents but issues none of them."""
    if len(text) < 4 or text.endswith("秘书处"):
        return ""
    return text if _org_re().fullmatch(text) else ""


def _leading_org(text: str, followers: str = "") -> str:
    """The shortest body's name at the start of ``text`` (followed by one of ``followers``
    when given): 株洲市科学技术局 in 株洲市科学技术局是市政府工作部门."""
    pattern = _org_re().pattern + (f"(?=[{followers}])" if followers else "")
    m = re.match(pattern, text)
    return m.group(0) if m else ""


def _with_place(org: str, title: str) -> str:
    """A name without its place (市财政局) takes the place the title names (洛阳市)."""
    place = _PLACE.match(title)
    if org and org[0] in "省市区县州" and place and place.group(1).endswith(org[0]):
        return place.group(1) + org[1:]
    return org


def _issuer(paragraphs: list[Paragraph], title: str, stem: str) -> str:
    opening = paragraphs[:OPENING_PARAGRAPHS]
    # 1. A labelled field: 单位名称：株洲市科学技术局, 预算主管部门：上海市普陀区人民政府办公室
    for p in opening:
        m = _ISSUER_LABEL.search(p.text)
        if m and _whole_org(m.group("org")):
            return m.group("org")
    # 2. The name that opens the title, before its year: 上海市普陀区财政局2024年度部门决算
    m = _YEAR.search(title)
    if m:
        head = title[: m.start()]
        org = _whole_org(head[2:] if head.startswith("关于") else head)
        if org:
            return org
    # 3. A body's name standing alone in the front matter (周口市统计局 under the title), not
    #    a piece of the title itself; of two bodies on one line (西安市统计局国家统计局西安
    #    调查队) the first.
    for p in opening[:6]:
        text = _clean(p.text)
        if not text or text in title:
            continue
        org = _whole_org(text)
        first = _leading_org(text)
        if len(first) >= 4 and first != text and _whole_org(text[len(first) :]):
            org = first
        if org:
            return org
    # 4. The first sentence "X是…" (株洲市科学技术局是市政府工作部门), or a speaker's
    #    "我代表X" in a work report.
    for p in paragraphs[: OPENING_PARAGRAPHS * 2]:
        org = _leading_org(p.text, "是为系")
        if len(org) >= 4:
            return org
        k = p.text.find("我代表")
        if k >= 0:
            org = _leading_org(p.text[k + 3 :], "，,向")
            if len(org) >= 3:
                return org
    # 5. The speaker of a report read to a congress: "——2026年2月7日在…会议上 / 市财政局".
    for p in opening:
        k = p.text.find("会议上")
        if k < 0 or not p.text.lstrip().startswith(("—", "-")):
            continue
        org = _leading_org(_clean(p.text[k + 3 :]))
        if len(org) >= 3:
            return org
    # 6. A signature: a body's name on its own near the end, usually above a date. The
    #    秘书处 that printed a congress document is not the issuer.
    for p in reversed(paragraphs[-SIGNATURE_PARAGRAPHS:]):
        org = _whole_org(_clean(p.text))
        if org:
            return org
    # 7. The file name: 2024年国务院政府工作报告, 上海市普陀区财政局2024年度部门决算
    m = _YEAR.search(stem)
    for part in (stem[m.end() :].lstrip("年度") if m else "", stem):
        org = _leading_org(part)
        if len(org) >= 3:
            return org
    return ""
