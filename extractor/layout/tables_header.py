"""Reading a table's frame: title and unit caption above it, header rows, column units and
total rows. Vocabularies are data files in ``extractor/data/tables``.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING

import regex

from extractor.datafiles import data_rows, first_match
from extractor.layout.tables_text import squash_spaces

if TYPE_CHECKING:
    from extractor.layout.tables import Cell, Table

# A header row in the middle of a table fills at least this share of the columns it covers.
HEADER_FILLED = 0.6
# A value cell printed empty: a dash or two (山东 2023: 置换债券 — — —).
DASH = regex.compile(r"^[-—–－─]{1,2}$")
# A cell that is only a number (amounts, percentages, codes): such a row is data, not header.
NUMERIC = regex.compile(r"^[-−+]?[\d,，]*\d(?:[.．]\d+)?%?$")
# A 单位 caption; 编制单位：… / 填报单位：… name an office, not a unit of measure.
_UNIT_CAPTION = regex.compile(
    r"(?<!编制|填报|预算|主管|实施|用款|申报|报送|部门|项目)单位\s*[:：]\s*(?P<unit>[^\s,，;；)）]{1,5})"
)
# （万元） / (单位：元) at the end of a header cell.
_UNIT_IN_HEADER = regex.compile(r"[（(](?:单位\s*[:：]\s*)?(?P<unit>[^()（）]{1,5})[)）]\s*$")
# 表13, 附表2-1, 续表: labels of a table, not its title.
_TABLE_NUMBER = regex.compile(r"^(附件|附表|表|续表)\s*[\d\-—一二三四五六七八九十]*[:：]?$")
# The base of an index table's figures, under its title (以上年为100).
_BASE_NOTE = regex.compile(r"^(?:以)?(?:上年|上年同期|\d{4}年)(?:为|=)100$")
# A form's number in a set of tables (社预01表, 收入02表).
_FORM_NUMBER = regex.compile(r"^\p{Han}{1,3}\d{1,3}表$")
# 编制部门：… / 填报单位：… lines sit between a title and its table.
_ISSUER_LINE = regex.compile(r"^(编制|填报|报送|预算|主管|申报)(部门|单位)[:：]")
# A total row starts with one of these (printed with spaces sometimes: 合 计).
_TOTAL = regex.compile(r"^(?:[^\d]{0,8}?)(合计|总计|总分)(?:[（(].*[)）])?$")
# The label of a row or column that numbers the others (栏次 1 2 3 …; 行次 for rows).
_NUMBERING = regex.compile(r"^(?:栏次|行次|栏号|序号)$")
_NUMBERING_LETTERS = frozenset("甲乙丙丁戊己庚辛ABCDEFGH")
# Header rows at the top of a table: at most this many.
MAX_TOP_HEADER = 3


@functools.cache
def caption_units() -> frozenset[str]:
    return frozenset(row[0] for row in data_rows("tables", "caption_units.tsv", header=True))


@functools.cache
def header_terms() -> regex.Pattern[str]:
    return first_match([row[0] for row in data_rows("tables", "header_terms.tsv", header=True)])


@functools.lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """NFKC without whitespace: the form every vocabulary is matched against."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def unit_of_caption(lines: list[str]) -> str:
    """The unit of a ``单位：万元`` caption among the lines above a table ("" if none)."""
    for line in reversed(lines):
        match = _UNIT_CAPTION.search(unicodedata.normalize("NFKC", line))
        if match and match.group("unit") in caption_units():
            return match.group("unit")
        bare = bare_unit_line(clean(line))
        if bare:
            return bare
    return ""


def bare_unit_line(text: str) -> str:
    """The unit of 单位万元, a unit caption whose colon the table's border took ("" for any
    other cleaned line)."""
    return text[2:] if text.startswith("单位") and text[2:] in caption_units() else ""


def caption_of(lines: list[str]) -> str:
    """The table's title: the nearest line above that is neither a unit caption nor a bare
    table number; a subtitle in brackets under its title ((按项目分地区)) comes with it."""
    titles = [_title_line(line) for line in reversed(lines)]
    titles = [t for t in titles if t]
    if not titles:
        return ""
    if is_subtitle(titles[0]) and len(titles) > 1:
        return titles[1] + titles[0]
    if len(titles) > 1 and is_title_tail(titles[0]) and _TITLE_HEAD.search(titles[1]):
        return titles[1] + titles[0]
    return titles[0]


# The end of a title wrapped onto a line of its own (2024年政府一般债务限额和余额情 | 况表（13）,
# …地方政府债券发行及还本 | 付息情况表): a few characters closing with 表 and its number, and
# the line above, which stops short of any title's end (…部门决算表 over 收入支出决算总表 is a
# heading over a title) or a sentence's. A tail may be only 表 and its subtitle (…政府预算经济分类 |
# 表（基本支出）).
_TITLE_TAIL = regex.compile(
    r"^(?:[^\d表]\p{Han}{0,7})?表(?:[(（]\d{1,3}[)）]|[(（]\p{Han}{2,8}[)）])?$"
)
_TITLE_HEAD = regex.compile(r"\p{Han}(?<!表)$")


def is_title_tail(text: str) -> bool:
    """A line that only ends a wrapped title (况表（13）, 付息情况表): its head is further up."""
    return bool(_TITLE_TAIL.match(clean(text)))


def is_subtitle(text: str) -> bool:
    """A line wholly in brackets: the subtitle of the title above it (按经济分类, 按项目分地区)."""
    return bool(_SUBTITLE.match(text))


_SUBTITLE = regex.compile(r"^[(（][^()（）]+[)）]$")


def _title_line(line: str) -> str:
    """A line above a table as a title ("" for a unit caption, a table number, an issuer)."""
    text = clean(line)
    if not text or _TABLE_NUMBER.match(text) or _ISSUER_LINE.match(text):
        return ""
    if _UNIT_CAPTION.search(text) and len(_UNIT_CAPTION.sub("", text)) < 4:
        return ""
    number = _UNIT_CAPTION.sub("", text).removesuffix("金额")
    if _TABLE_NUMBER.match(number) or _FORM_NUMBER.match(text) or _BASE_NOTE.match(text):
        return ""  # 表1-1 单位：万元, 表18 金额单位：万元, 社预 01 表: a number and a unit
    if bare_unit_line(text):
        return ""
    if NUMERIC.match(text) or len(text) < 3:
        return ""
    # Shown as printed but for spaced-out Han: 1-1 2026年… keeps its space (not 1-12026年).
    shown = squash_spaces(unicodedata.normalize("NFKC", line))
    return _UNIT_CAPTION.sub("", shown).strip() or shown


@functools.lru_cache(maxsize=16384)
def is_numeric(text: str) -> bool:
    return bool(NUMERIC.match(clean(text)))


@functools.lru_cache(maxsize=8192)
def is_header_term(text: str) -> bool:
    text = _UNIT_IN_HEADER.sub("", clean(text))
    return bool(header_terms().match(text))


def find_header_rows(table: Table) -> list[int]:
    """Top rows without numbers that are followed by data (up to MAX_TOP_HEADER, so two-level
    headers count), plus any later row made mostly of header words (the 一级指标 | 二级指标 …
    row in the middle of a 绩效目标表)."""
    rows = table.text_rows()
    share = _filled_share(table)
    later = (r for r, t in enumerate(rows) if is_header_row(t) and share[r] >= HEADER_FILLED)
    return sorted({*top_header_rows(rows), *later})


def _filled_share(table: Table) -> list[float]:
    """For each row, the share of the columns its own cells cover that hold text. A header
    names most of its columns; labels with empty cells beside them (宁夏 2018: 其他税收返还收入 |
    | 其他税收返还支出 | , a balance table's rows printed without figures) are no header."""
    covered = [0] * table.n_rows
    filled = [0] * table.n_rows
    for cell in table.cells:
        covered[cell.row] += cell.colspan
        if cell.text.strip():
            filled[cell.row] += cell.colspan
    return [f / c if c else 0.0 for f, c in zip(filled, covered, strict=True)]


# How many rows at the top of a table `top_header_rows` reads.
TOP_ROWS = MAX_TOP_HEADER + 2


def top_header_rows(rows: list[list[str]]) -> list[int]:
    """The header rows at the top of a table (and its 栏次 1 2 3 … row), from the texts of its
    first TOP_ROWS rows (more may be passed; they are not read)."""
    from extractor.layout.tables_fields import is_key_value_row  # fields build on this module

    rows = rows[:TOP_ROWS]
    numbering = [r for r, texts in enumerate(rows) if is_column_numbering(texts)]
    header: list[int] = []
    # Every row above the first row with a number is header, when there are few of them and
    # none is a key-value row (项目名称 | 某项目): 地区 | 2025年债务限额 over 小计 | 一般债务 ….
    first_data = next(
        (
            r
            for r, texts in enumerate(rows)
            if r not in numbering and any(is_numeric(t) for t in texts if t.strip())
        ),
        -1,
    )
    if 0 < first_data and not any(is_key_value_row(texts) for texts in rows[:first_data]):
        for r in range(first_data):
            if r in numbering or not any(t.strip() for t in rows[r]):
                continue
            if r and _label_only(rows[r]) and not is_header_term(rows[r][0]):
                # 一、教育支出 with no figures: the first body row, not a header (科目编码 over
                # 类 | 款 | 项, the cells beside it spanned from above, is one).
                break
            header.append(r)
    for r, texts in enumerate(rows[: MAX_TOP_HEADER if not header else 0]):
        filled = [t for t in texts if t.strip()]
        if not filled or any(is_numeric(t) for t in filled):
            break
        if not any(is_header_term(t) for t in filled):
            break
        header.append(r)
    return sorted({*header, *numbering})


def _label_only(texts: list[str]) -> bool:
    """A body row printed without figures: a label in its first cell and nothing, or dashes,
    in the others (header rows name the value columns), or any row with a dash in it, which
    no header has (固原 2025 p. 60: 一、企业职工基本养老保险基金收入 | - | - | …)."""
    if any(DASH.match(clean(t)) for t in texts if t.strip()):
        return True
    return bool(texts and texts[0].strip()) and all(not t.strip() for t in texts[1:])


def is_header_row(texts: list[str]) -> bool:
    """A row made mostly of header words, wherever it stands (the 一级指标 | 二级指标 … row in
    the middle of a 绩效目标表); decided on the row's own texts."""
    filled = [t for t in texts if t.strip()]
    if len(filled) < 2 or any(is_numeric(t) for t in filled):
        return False
    known = sum(is_header_term(t) for t in filled)
    return known >= 2 and known >= 0.6 * len(filled)


def is_column_numbering(texts: list[str]) -> bool:
    """栏次 | 1 | 2 | 3 …: the row numbering the columns under a 决算/预算 header. Its numbers
    are not data (宁夏 2018's 国有资本经营预算支出表 summed them into every total)."""
    filled = [clean(t) for t in texts if t.strip()]
    return (
        len(filled) >= 3
        and bool(_NUMBERING.match(filled[0]))
        and all(t.isdigit() or t in _NUMBERING_LETTERS for t in filled[1:])
    )


def units_of_columns(table: Table) -> dict[int, str]:
    """Units written in header cells (金额（万元）), for every column under the cell."""
    units: dict[int, str] = {}
    for cell in table.cells:
        if cell.row not in table.header_rows:
            continue
        match = _UNIT_IN_HEADER.search(unicodedata.normalize("NFKC", cell.text))
        if match and match.group("unit").replace("单位:", "") in caption_units():
            for col in range(cell.col, cell.col + cell.colspan):
                units[col] = match.group("unit")
    return units


def find_total_rows(table: Table) -> list[int]:
    """Rows whose own label says 合计 / 总计 / 总分: the first non-empty cell, or the first after
    labels that span several rows (山东 2023 p. 126: 全省, over eight rows, | | 合计 7766.41).
    Header rows are left out (合计 | 一般债券 | 专项债券 names columns), and so are rows where
    合计 names a block: a cell over several rows, each with a label of its own beside it (固原
    2025: 合计 over 期初余额, 当期新增, 当期减少, 期末余额; the rows are not summed by anything)."""
    rows = table.text_rows()
    groups = {(c.row, c.col) for c in table.cells if c.rowspan > 1}
    candidates = {
        r: col
        for r, texts in enumerate(rows)
        if r not in table.header_rows and (col := _total_label(texts, r, groups)) is not None
    }
    matrix = table.matrix() if candidates else []
    return [r for r, col in candidates.items() if not _names_a_block(rows, matrix, r, col)]


def _total_label(texts: list[str], row: int, groups: set[tuple[int, int]]) -> int | None:
    """The column of the row's total label (合计 …), or None: labels spanning several rows
    name the group the row is in, and the row's own label comes after them."""
    for col, text in enumerate(texts):
        if not text.strip():
            continue
        if _TOTAL.match(clean(text)):
            return col
        if (row, col) not in groups:
            return None
    return None


def _names_a_block(rows: list[list[str]], matrix: list[list[Cell | None]], r: int, c: int) -> bool:
    cell = matrix[r][c]
    if cell is None or cell.rowspan < 2 or c + cell.colspan >= len(rows[r]):
        return False
    beside = [rows[k][c + cell.colspan] for k in range(r, min(r + cell.rowspan, len(rows)))]
    return all(t.strip() and not is_numeric(t) for t in beside)


def is_total_row(texts: list[str]) -> bool:
    first = first_label(texts)
    return bool(first and _TOTAL.match(first))


def first_label(texts: list[str]) -> str:
    """A row's first non-empty cell, cleaned ("" for an empty row)."""
    return next((clean(t) for t in texts if t.strip()), "")
