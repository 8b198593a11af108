"""Paragraphs → section tree.

1. Candidates: paragraphs that start with a number of the heading grammar
   (structure.headings), outside a table of contents.
2. A first tree over all candidates groups them into series (same style under the same
   parent). The nesting follows the grammar's fixed order of styles, and a number must
   continue its series (（二） after （一）; a new series starts at 1).
3. A series is a list of headings when more than half of its members read as titles, and
   its parent is not a 职能/职责/名词解释 heading (data/structure/list_parents.txt);
   otherwise it is a numbered list (the 职能职责 （一）…（十四） of a self-evaluation report)
   and its members stay in their parent's text. A member that is one short sentence standing
   over a body much longer than itself reads as a title (a work report's （一）坚持…，积极…。).
   A report bound into the file (关于…的报告 set large) starts the tree over.
4. A second tree over the heading series only gives the sections.

Section text is the section's own paragraphs joined by "\\n" (a run-in heading's body first),
with anchors shifted to offsets in that text. Text before the first heading is a level-0
front-matter section ``s0``. Ids are paths of sibling positions: s1, s1.2, s1.2.3.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.datafiles import data_lines
from extractor.layout.tables_header import is_subtitle
from extractor.layout.tables_text import squash_spaces
from extractor.model import Anchor, Paragraph, Section
from extractor.structure.headings import RANK, Numbering, TitleSplit, parse_numbering, split_title

# A paragraph set this much larger than the body text, or bold, is a title if it is short.
LARGER_THAN_BODY = 1.1
# A number may skip one sibling (a heading lost to a table or a bad line) but not more.
MAX_ORDINAL_STEP = 2
# An unnumbered paragraph set this much larger than the body, and short, is a heading.
FONT_HEADING_RATIO = 1.25
MAX_FONT_HEADING_CHARS = 40
# A title set over two lines that layout left as two paragraphs is at most this long.
MAX_SPLIT_TITLE = 60
# Rounds of rebuilding the tree after dropping lists.
MAX_ROUNDS = 4
# Paragraphs in one size that make it the body of a file of tables alone (_body_size).
MIN_FINE_PRINT = 3
# A heading in type at most this share of a cover's size is one of its part's.
COVER_SMALLER = 0.9
# A series is headings when more than this share of its members read as titles.
TITLE_SHARE = 0.5
# A numbered sentence standing alone is a title when it is at most this long and the text
# under it at least this many times longer (_title_sentence_headings).
MAX_SENTENCE_TITLE = 60
SENTENCE_TITLE_BODY = 4

# A series of at least this many members, most of them (this share) holding at most this
# many characters and no subsections, is not headings.
EMPTY_SERIES_MIN = 4
EMPTY_SHARE = 0.6
EMPTY_SECTION_CHARS = 12

# The title of a report set in large type in the body: another report bound into the file,
# its issuer perhaps named first (横琴粤澳深度合作区关于2024年决算草案的报告). (A 说明 is not:
# 东莞's 关于…的说明 stand under its 第二部分, and 第三部分 follows them.)
REPORT_TITLE = re.compile(r"^[^，。的]{0,16}关于.{4,}的报告$")
# So is a booklet's title, a place and a year before what it holds (朝阳 2025 binds 朝阳市2025年
# 预算执行情况说明 and 朝阳市2026年预算草案, with its own 第一部分 to 第四部分, after its 第五部分
# 债务情况). A table's title names a budget (全市2026年一般公共预算收入预算草案), not a place alone.
BOOKLET_TITLE = re.compile(
    r"^(?!全)[\u4e00-\u9fff]{2,10}(?:省|市|自治区|县|州)\d{4}年"
    r"(?:省级|市级|全市及市级)?(?:预算执行情况|预算草案|决算草案)(?:说明)?$"
)
_UNIT_LINE = re.compile(r"^\s*单位\s*[:：]")
_TABLE_NUMBER = re.compile(
    r"附?表\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4})(?:\s*[-—－]\s*\d{1,3})?"
)
_TOC_MARK = re.compile(r"^目\s*录$|^目\s*次$")
# A TOC entry's tail: dot leaders and a page number. A font without a Unicode map for its
# leader dot gives a private-use character in its place (广东 2025 附件二: U+1001BA).
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U0010ffff"
_TOC_TAIL = re.compile(rf"[\s.．·…—\-_{_PRIVATE_USE}]*\d{{0,4}}\s*$")
_TOC_LEADER = re.compile(rf"[.．·…]{{3,}}|…{{2,}}|[{_PRIVATE_USE}]{{3,}}")
# A TOC without a repeat of its first entry ends at the first paragraph longer than this.
_TOC_MAX_ENTRY = 60
# A contents entry naming a table by its number (表1：, 表 12:, 表八：), however long the line runs.
_TABLE_LIST = re.compile(r"(?:^|[表明])表\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4})\s*[：:]")


@dataclass(slots=True)
class _Candidate:
    index: int
    numbering: Numbering
    split: TitleSplit
    lines: int = 1  # paragraphs the heading takes (2: a title set over two lines)
    # The type size of a heading in large type alone on its page (a part's cover: 宁夏 2018's
    # 2018年一般公共预算执行情况和2019年一般公共预算草案), 0 for any other.
    cover_size: float = 0.0
    size: float = 0.0  # the type size of a heading known by its type (style "font")
    # A numbered heading alone on its page but for its part's name repeated over it (山东
    # 2023 p. 9: 第一部分 / （一）全省一般公共预算决算报表及说明): a sub-part's cover, which
    # holds the tables and notes after it in whatever type they are set.
    divider: bool = False


@dataclass(slots=True)
class _Node:
    cand: _Candidate
    parent: _Node | None
    level: int
    series: int  # members of one numbered run (一、二、三、… under one parent) share it
    children: list[_Node] = field(default_factory=list)


def paragraphs_to_sections(
    paragraphs: list[Paragraph], tables: Sequence[tuple[int, float]] = ()
) -> list[Section]:
    """The section tree of a document, flattened in reading order.

    ``tables`` places the document's tables ((page, top) in the unit of the page's lines): a
    heading over a table holds content even when no text follows it (一、一般公共预算收支表).
    """
    if not paragraphs:
        return []
    before = _tables_before(paragraphs, tables)
    candidates = _drop_empty_runs(paragraphs, _candidates(paragraphs, before), before)
    tree = _build(candidates)
    # Dropping a list (or a table column) can let a heading it interrupted continue its
    # series: 一、综合 … (a table's 一、食品烟酒 … 八、) … 二、农业. Rebuild until stable.
    for _ in range(MAX_ROUNDS):
        own_text = _own_text_lengths(paragraphs, tree, before)
        _title_sentence_headings(tree, own_text)
        headings = _heading_series(tree, own_text)
        dropped = {n.cand.index for n in tree if n.cand.index not in headings}
        if not dropped:
            break
        candidates = [c for c in candidates if c.index not in dropped]
        tree = _build(candidates)
    return _to_sections(paragraphs, tree)


def _body_size(paragraphs: list[Paragraph]) -> float:
    """The type size of the document's sentences (paragraphs holding a 。): in a file of tables
    its titles, repeated on page after page, would outweigh the notes that are its body text
    (河南 2024: 明细表（7） 16 times at 25.5pt, the 备注 at 10.5pt). When none holds a sentence
    the file is tables alone, their cells read apart, and its fine print is the body: the
    smallest size set on three paragraphs or more (防城港 2025: 单位:万元 at 11pt under titles at
    23.4pt on every page)."""
    body = [p for p in paragraphs if p.size > 0 and "。" in p.text]
    if not body:
        counts = Counter(round(p.size * 2) / 2 for p in paragraphs if p.size > 0)
        repeated = [size for size, n in counts.items() if n >= MIN_FINE_PRINT]
        return min(repeated) if repeated else (counts.most_common(1)[0][0] if counts else 0.0)
    sizes: Counter[float] = Counter()
    for p in body:
        if p.size > 0:
            sizes[round(p.size * 2) / 2] += len(p.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _candidates(paragraphs: list[Paragraph], tables: Counter[int]) -> list[_Candidate]:
    toc = toc_indices(paragraphs)
    on_page = Counter(p.page_start for p in paragraphs)
    body = _body_size(paragraphs)
    # Large type before the first body paragraph is the cover and title, not a heading. A file
    # of tables alone has no body paragraph: its cover is its first page.
    first_body = next(
        (
            i
            for i, p in enumerate(paragraphs)
            if len(p.text) >= 20 and p.size < body * FONT_HEADING_RATIO
        ),
        None,
    )
    # Its cover's title, repeated over the table on the pages after (南昌 2025's 二○二五年全市
    # 一般公共预算支出执行情况表 on each of its 27 pages), is no heading either.
    cover: set[str] = set()
    if first_body is None:
        first_body = next(
            (i for i, p in enumerate(paragraphs) if p.page_start > paragraphs[0].page_start),
            len(paragraphs),
        )
        cover = {squash_spaces(p.text) for p in paragraphs[:first_body]}
    # A page that holds a table before the page of the first body paragraph is no cover: the
    # cover ends before it (新疆 2024 sets its tables' 说明 only after four pages of tables, 表一
    # to 表四). A table on the body's first page stands under the title that opens the file
    # (周口 2023's first chart).
    first_table = min((i for i, n in tables.items() if n), default=None)
    if first_table is not None and 0 < first_table and first_body < len(paragraphs):
        table_page = paragraphs[first_table - 1].page_start
        if table_page < paragraphs[first_body].page_start:
            on_or_after = next(i for i, p in enumerate(paragraphs) if p.page_start >= table_page)
            first_body = min(first_body, on_or_after - 1)
    out: list[_Candidate] = []
    # The last two unnumbered headings: a title's second line joins the last, and a title
    # repeated on a continuation page is compared with the one before it.
    fonts: list[_Candidate] = []
    part: _Candidate | None = None  # the last part's cover
    repeats: set[int] = set()  # its name set again over a sub-part's cover
    for i, p in enumerate(paragraphs):
        if i in toc:
            continue
        if _TOC_LEADER.search(p.text):
            continue  # a contents line left in the flow (四、社会保险基金预算……219)
        numbering = parse_numbering(p.text)
        if numbering is None:
            if _font_heading(p, body) and i > first_body:
                # Spaced-out Han close up; 1.1 2020年… keeps the space between its numbers.
                title = squash_spaces(p.text)
                if title in cover:
                    continue
                if (
                    part
                    and part.split.title.startswith(title)
                    and part.split.title != title
                    and abs(p.size - part.cover_size) <= 0.5
                ):
                    repeats.add(i)  # 第一部分 over 第一部分一般公共预算报表及说明's sub-parts
                    continue
                start = i
                if fonts and _title_goes_on(paragraphs, fonts[-1], i):
                    # A title broken over two lines set apart (…转移支 / 付分市县决算表（23））.
                    first = fonts.pop()
                    out.remove(first)
                    title, start = first.split.title + title, first.index
                if fonts and _repeated_title(paragraphs, fonts[-1], start, title):
                    continue  # a table's title again on its continuation page
                unnumbered = Numbering("font", 0, "", title)
                font = _Candidate(start, unnumbered, TitleSplit(title, "", True), i - start + 1)
                font.size = p.size
                if on_page[p.page_start] == i - start + 1 and not tables[i + 1]:
                    font.cover_size = p.size
                    part = font
                fonts = [*fonts[-1:], font]
                out.append(font)
            continue
        strong = p.bold or (body > 0 and p.size > body * LARGER_THAN_BODY)
        cand = _Candidate(i, numbering, split_title(numbering.rest, strong))
        if i - 1 in repeats and not tables[i + 1]:
            repeated = sum(paragraphs[j].page_start == p.page_start for j in repeats)
            cand.divider = on_page[p.page_start] - repeated == 1  # alone but for the repeat
        out.append(cand)
    return out


# A table's title repeated on its continuation pages, with only captions (单位：万元, 续表) or
# its bracketed subtitle (（按政府预算支出经济分类科目）) between: the same heading, not a new
# section. 青岛 2025 repeats one title on 19 pages.
_CONTINUED = re.compile(r"[（(]?续表?[)）]?$")
MAX_CAPTION_CHARS = 12


def _repeated_title(
    paragraphs: list[Paragraph], previous: _Candidate, index: int, title: str
) -> bool:
    key = _CONTINUED.sub("", title)
    if key != _CONTINUED.sub("", previous.split.title):
        return False
    between = (squash_spaces(p.text) for p in paragraphs[previous.index + 1 : index])
    # A line of the title itself, set over two lines (_title_goes_on), is no text between.
    return all(
        len(t) <= MAX_CAPTION_CHARS or _CONTINUED.sub("", t) == key or t in key or is_subtitle(t)
        for t in between
    )


def _title_goes_on(paragraphs: list[Paragraph], previous: _Candidate, index: int) -> bool:
    """Paragraph ``index`` is the second line of the title ``previous`` opened: right after it
    on its page, in the same type, the first line not a whole title (ending 表, 说明 or a
    bracket) unless the second is a bracket of it, the two together no longer than a title."""
    first, second = paragraphs[previous.index], paragraphs[index]
    return (
        previous.index == index - 1
        and first.page_end == second.page_start
        and abs(first.size - second.size) <= 0.5
        and (
            not re.search(r"(表|说明|报告|[）)])$", previous.split.title)
            or second.text.lstrip().startswith(("（", "("))  # 决算表 / （按经济分类）（8）
        )
        and len(previous.split.title) + len(second.text.strip()) <= MAX_SPLIT_TITLE
    )


def _font_heading(p: Paragraph, body: float) -> bool:
    """An unnumbered heading: set clearly larger than the body, short, not a sentence."""
    text = p.text.strip()
    return (
        body > 0
        and p.size >= body * FONT_HEADING_RATIO
        and 2 <= len(text) <= MAX_FONT_HEADING_CHARS
        and not text.endswith(("。", "；", "，", "：", ":"))
        # A table's unit caption or bracketed subtitle (单位：万元, （按政府预算支出经济分类科目）),
        # set large over its table, belongs to the title above it.
        and not _UNIT_LINE.match(text)
        and not is_subtitle(text)
        # nor the end of a table cell's text left outside it (河南 2024 p. 13: 的补助)
        and not text.startswith("的")
        # nor a link back to the contents set over a table (广东 2024 and 2025: 返回目录)
        and squash_spaces(text) != "返回目录"
        # nor a table's number alone over its title (广东 2025 附件3: 表59-1)
        and not _TABLE_NUMBER.fullmatch(squash_spaces(text))
        and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    )


def toc_indices(paragraphs: list[Paragraph]) -> set[int]:
    """Indices of the tables of contents: each 目录 line and its entries. A file binding
    several reports has one for each (朝阳's 预算执行 tables and its 预算草案 tables).

    The entries end where the body repeats the first entry (the first heading, now with its
    text), or else at the first paragraph too long to be an entry.
    """
    found: set[int] = set()
    for i, p in enumerate(paragraphs):
        if i in found:
            continue  # the mark repeated at the top of the contents' next page
        mark = p.text.replace(" ", "")
        # 目 and 录 set far apart in large type come as two paragraphs (朝阳 2024's tables).
        if mark == "目" and i + 1 < len(paragraphs):
            mark += paragraphs[i + 1].text.replace(" ", "")
            entries_from = i + 2
        else:
            entries_from = i + 1
        if _TOC_MARK.match(mark):
            found |= _toc_from(paragraphs, i, entries_from)
    return found


def _toc_from(paragraphs: list[Paragraph], mark: int, entries_from: int) -> set[int]:
    entries = range(entries_from, min(len(paragraphs), mark + 400))
    if not entries:
        return set(range(mark, entries_from))
    first = _toc_key(paragraphs[entries[0]].text)
    for j in entries[1:]:
        # The body may set it over two lines (山东 2023: 第一部分 / 一般公共预算报表及说明).
        pair = paragraphs[j].text + (paragraphs[j + 1].text if j + 1 < len(paragraphs) else "")
        if first in (_toc_key(paragraphs[j].text), _toc_key(pair)):
            return set(range(mark, j))
    end = entries_from
    while end < len(paragraphs):
        if _toc_entry(paragraphs[end].text):
            end += 1
        elif wrapped := _wrapped_entry(paragraphs, end):
            end += wrapped
        else:
            break
    return set(range(mark, end))


def _wrapped_entry(paragraphs: list[Paragraph], start: int) -> int:
    """How many paragraphs from ``start`` make one contents entry wrapped over lines, or 0: up
    to two short lines, then one with leader dots (深圳 2025's 〔市七届人大七次会议文件〕 /
    深圳市第七届…关于深圳市人民政府 / 工作报告的决议……（1）)."""
    for n in (1, 2):
        head = paragraphs[start : start + n]
        if start + n >= len(paragraphs) or any(
            len(p.text) > _TOC_MAX_ENTRY or "。" in p.text for p in head
        ):
            return 0
        if _TOC_LEADER.search(paragraphs[start + n].text):
            return n + 1
    return 0


def _toc_entry(text: str) -> bool:
    """Looks like a line of a table of contents: leader dots, a page number, numbering, or the
    titles of tables run together (表1：2024年…决算总表表2：…, 横琴 2024)."""
    if _TABLE_LIST.search(text) and "。" not in text:
        return True
    if len(text) > _TOC_MAX_ENTRY and not _TOC_LEADER.search(text):
        return False
    return bool(_TOC_LEADER.search(text) or re.search(r"\d\s*$", text) or parse_numbering(text))


def _toc_key(text: str) -> str:
    return _TOC_TAIL.sub("", text.replace(" ", ""))


def _build(candidates: list[_Candidate]) -> list[_Node]:
    """Nodes of a tree built with a stack; candidates that break their series are left out."""
    nodes: list[_Node] = []
    stack: list[_Node] = []
    series = 0
    for cand in candidates:
        style, n = cand.numbering.style, cand.numbering.ordinal
        # A font heading has no ordinal to continue: each one opens a series of its own.
        pos = None
        if style != "font":
            # A sub-part's cover continues only the series of those before it, and numbering
            # inside its tables' notes never continues theirs.
            pos = next(
                (
                    k
                    for k, nd in enumerate(stack)
                    if nd.cand.numbering.style == style and nd.cand.divider == cand.divider
                ),
                None,
            )
        if pos is not None:
            last = stack[pos].cand.numbering.ordinal
            # Continue the series. No restart without a new parent: a second 一、 under the
            # same parent is a table's first column or a list quoted in the text.
            if not last < n <= last + MAX_ORDINAL_STEP:
                continue
            run = stack[pos].series
            del stack[pos:]
        else:
            if style != "font" and n != 1:
                continue  # a series starts at 1; "3." alone is a reference, not a heading
            # The grammar's order decides nesting: 一、 is never under （一）. Headings in
            # smaller type than a cover stand under it, up to the next cover.
            while stack and RANK[stack[-1].cand.numbering.style] >= RANK[style]:
                if style == "font" and _under_cover(cand, stack[-1].cand):
                    break
                if style == "font" and stack[-1].cand.divider and not cand.cover_size:
                    break  # a sub-part's tables and notes, up to the next part's cover
                stack.pop()
            if style == "font" and (
                REPORT_TITLE.match(cand.split.title) or BOOKLET_TITLE.match(cand.split.title)
            ):
                # A second report or booklet bound into the file (南京 2026 prints 江北新区's
                # after its own): it starts over, 第一部分 and all, at the top of the tree.
                stack.clear()
            series += 1
            run = series
        parent = stack[-1] if stack else None
        node = _Node(cand, parent, len(stack) + 1, run)
        if parent is not None:
            parent.children.append(node)
        stack.append(node)
        nodes.append(node)
    return nodes


def _under_cover(cand: _Candidate, cover: _Candidate) -> bool:
    """A font heading set clearly smaller than the cover before it is one of its part's."""
    return cover.cover_size > 0 and cand.size < cover.cover_size * COVER_SMALLER


def _tables_before(
    paragraphs: list[Paragraph], tables: Sequence[tuple[int, float]]
) -> Counter[int]:
    """How many tables stand before each paragraph (by index; len(paragraphs) for the end).

    A table stands before the first paragraph, in reading order, that starts below it on its
    page, else before the next page's first paragraph. Positions within a page need not grow
    in reading order (two columns, a caption set beside a table), so they are not bisected.
    """
    positions = [_position(p) for p in paragraphs]
    by_page: dict[int, list[tuple[float, int]]] = {}
    for i, (page, top) in enumerate(positions):
        by_page.setdefault(page, []).append((top, i))
    pages = [page for page, _ in positions]  # reading order never goes back a page
    out: Counter[int] = Counter()
    for page, top in tables:
        below = [i for start, i in by_page.get(page, []) if start > top]
        out[min(below) if below else bisect.bisect_right(pages, page)] += 1
    return out


def _position(paragraph: Paragraph) -> tuple[int, float]:
    if not paragraph.anchors:
        return (paragraph.page_start, 0.0)
    _, page, bbox, index = paragraph.anchors[0]
    return (page, bbox[1] if bbox else float(index))


def _content(
    paragraphs: list[Paragraph], cand: _Candidate, end: int, tables: Counter[int]
) -> int:
    """Characters a heading holds before ``end`` (its run-in body too); a table under it
    counts as a section's worth."""
    first = cand.index + cand.lines
    text = _inline_chars(cand) + sum(len(p.text) for p in paragraphs[first:end])
    has_table = any(tables[i] for i in range(first, end + 1))
    return text + (EMPTY_SECTION_CHARS + 1 if has_table else 0)


def _drop_empty_runs(
    paragraphs: list[Paragraph], cands: list[_Candidate], tables: Counter[int]
) -> list[_Candidate]:
    """Leave out runs of consecutive numbered lines that hold (almost) no text between them:
    the rows of a table's first column (一、食品烟酒 99.2 二、衣着 101.3 …) or an unmarked
    table of contents."""
    starts = [c.index for c in cands] + [len(paragraphs)]
    empty = [
        _content(paragraphs, c, starts[k + 1], tables) <= EMPTY_SECTION_CHARS
        for k, c in enumerate(cands)
    ]
    drop: set[int] = set()
    # Unnumbered headings (table titles under 第二部分 …) may legitimately follow each other.
    empty = [e and c.numbering.style != "font" for e, c in zip(empty, cands, strict=True)]
    k = 0
    while k < len(cands):
        j = k
        while j < len(cands) and empty[j]:
            j += 1
        if j - k >= EMPTY_SERIES_MIN:
            drop.update(range(k, j))
        k = j + 1
    return [c for k, c in enumerate(cands) if k not in drop]


def _inline_chars(cand: _Candidate) -> int:
    """Text a numbered paragraph holds besides its title: a run-in body, or all of a list
    item's sentence."""
    return len(cand.split.body) if cand.split.title_like else len(cand.numbering.rest)


def _own_text_lengths(
    paragraphs: list[Paragraph], nodes: list[_Node], tables: Counter[int]
) -> dict[int, int]:
    """Characters of text each candidate holds before the next one (its run-in body and
    tables too)."""
    starts = [n.cand.index for n in nodes] + [len(paragraphs)]
    return {
        node.cand.index: _content(paragraphs, node.cand, starts[k + 1], tables)
        for k, node in enumerate(nodes)
    }


def _title_sentence_headings(nodes: list[_Node], own_text: dict[int, int]) -> None:
    """Read as a title a numbered paragraph that is one sentence of at most two clauses
    standing alone over a body much longer than itself, or over numbered titles: a work
    report's task headings (（一）坚持扩大内需这个战略基点，积极融入和服务做强国内大循环。 over
    three paragraphs; （一）全力以赴扩投资促消费，增强经济发展内生动能。 over 1．多措并举推动投资
    止跌回稳。…; 深圳 2026). A list item of one sentence is followed by the next item."""
    for node in nodes:
        cand = node.cand
        if cand.split.title_like:
            continue
        sentence = cand.numbering.rest.strip()
        body = own_text[cand.index] - _inline_chars(cand)
        if (
            len(sentence) <= MAX_SENTENCE_TITLE
            and sentence.endswith("。")
            and sentence.count("。") == 1
            and sentence.count("，") + sentence.count(",") <= 1
            and not any(p in sentence for p in "；;：:")
            and (
                body >= SENTENCE_TITLE_BODY * len(sentence)
                or any(child.cand.split.title_like for child in node.children)
            )
        ):
            cand.split = TitleSplit(sentence[:-1], "", True)


def _heading_series(nodes: list[_Node], own_text: dict[int, int]) -> set[int]:
    """Paragraph indices of the candidates whose series reads as headings.

    A series is headings when enough members read as titles, and not when most members
    hold no text and no subsections: that is a table's first column or an unmarked table of
    contents left in the flow (一、一般公共服务支出 / 二、外交支出 …).
    """
    series: dict[int, list[_Node]] = {}
    for node in nodes:
        series.setdefault(node.series, []).append(node)
    keep: set[int] = set()
    for members in series.values():
        parent = members[0].parent
        if parent is not None and _lists_children(parent.cand.split.title):
            continue
        titles = sum(1 for m in members if m.cand.split.title_like)
        empty = sum(
            1 for m in members if not m.children and own_text[m.cand.index] <= EMPTY_SECTION_CHARS
        )
        if members[0].cand.numbering.style == "font":
            keep.update(m.cand.index for m in members)
            continue
        if len(members) >= EMPTY_SERIES_MIN and empty >= EMPTY_SHARE * len(members):
            continue
        if titles > TITLE_SHARE * len(members):
            keep.update(m.cand.index for m in members)
    # A list item's children are list content too, whatever they look like.
    return {n.cand.index for n in nodes if n.cand.index in keep and _ancestors_kept(n, keep)}


@lru_cache(maxsize=1)
def _list_parent_words() -> tuple[str, ...]:
    return tuple(data_lines("structure", "list_parents.txt"))


def _lists_children(title: str) -> bool:
    return any(word in title for word in _list_parent_words())


def _ancestors_kept(node: _Node, keep: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.cand.index not in keep:
            return False
        parent = parent.parent
    return True


def _to_sections(paragraphs: list[Paragraph], nodes: list[_Node]) -> list[Section]:
    sections: list[Section] = []
    # Where each heading's section starts: at its title, or at the table's number set over it.
    own_from = [None] + [n.cand.index + n.cand.lines for n in nodes]
    starts = [_numbered_from(paragraphs, n.cand.index, own_from[k]) for k, n in enumerate(nodes)]
    if not nodes or starts[0] > 0:
        end = starts[0] if nodes else len(paragraphs)
        front = paragraphs[:end]
        text, anchors = _join(front, [])
        sections.append(
            Section(
                section_id="s0",
                parent_id=None,
                level=0,
                number="",
                title="",
                path=[],
                page_start=front[0].page_start,
                page_end=max(p.page_end for p in front),
                text=text,
                anchors=anchors,
            )
        )
    ids: dict[int, str] = {}
    paths: dict[int, list[str]] = {}
    child_count: Counter[int] = Counter()
    by_index: dict[int, Section] = {}
    for k, node in enumerate(nodes):
        cand = node.cand
        para = paragraphs[cand.index]
        parent_key = node.parent.cand.index if node.parent else -1
        child_count[parent_key] += 1
        prefix = ids[parent_key] + "." if node.parent else "s"
        section_id = f"{prefix}{child_count[parent_key]}"
        ids[cand.index] = section_id
        title = cand.split.title or cand.numbering.rest[:40]
        body = cand.split.body if cand.split.title else cand.numbering.rest
        path = (paths[parent_key] if node.parent else []) + [title]
        paths[cand.index] = path
        end = starts[k + 1] if k + 1 < len(nodes) else len(paragraphs)
        own = paragraphs[cand.index + cand.lines : end]
        number_lines = paragraphs[starts[k] : cand.index]
        head_part = _body_part(para, body)
        leading = [(p.text, p.anchors) for p in number_lines] + ([head_part] if head_part else [])
        text, anchors = _join(own, leading)
        section = Section(
            section_id=section_id,
            parent_id=ids[parent_key] if node.parent else None,
            level=node.level,
            number=cand.numbering.printed,
            title=title,
            path=path,
            page_start=min(p.page_start for p in [*number_lines, para]),
            page_end=max([para.page_end] + [p.page_end for p in own]),
            text=text,
            anchors=anchors,
            heading=para.anchors[0] if para.anchors else None,
        )
        by_index[cand.index] = section
        sections.append(section)
    # A section spans its subsection's pages too.
    for node in reversed(nodes):
        if node.parent is not None:
            parent = by_index[node.parent.cand.index]
            child = by_index[node.cand.index]
            parent.page_end = max(parent.page_end, child.page_end)
    return sections


def _numbered_from(paragraphs: list[Paragraph], index: int, floor: int | None) -> int:
    """Where the lines holding only a table's number (表3, 附表2-1) set right over the heading at
    ``index``, on its page, start: they are its table's, not the text of the section before it
    (济南 2025 prints 表3 over each title; it had closed the section of 表2). ``floor`` is where
    the own lines of the section before start (None for the first heading); a number first
    among them is that section's (临沧 2025 prints 表6-1 under its title)."""
    lowest = 0 if floor is None else floor + 1
    page = paragraphs[index].page_start
    start = index
    while (
        start > lowest
        and paragraphs[start - 1].page_end == page
        and _TABLE_NUMBER.fullmatch(squash_spaces(paragraphs[start - 1].text))
    ):
        start -= 1
    return start


def _body_part(para: Paragraph, body: str) -> tuple[str, list[Anchor]] | None:
    """The run-in body of a heading paragraph with its anchors re-based to 0."""
    if not body or not para.text.endswith(body):
        return None
    start = len(para.text) - len(body)
    anchors: list[Anchor] = []
    for offset, page, bbox, index in para.anchors:
        if offset <= start:
            anchors = [(0, page, bbox, index)]  # the line the body starts on
        else:
            anchors.append((offset - start, page, bbox, index))
    return body, anchors


def _join(
    paragraphs: list[Paragraph], leading: list[tuple[str, list[Anchor]]]
) -> tuple[str, list[Anchor]]:
    parts: list[str] = []
    anchors: list[Anchor] = []
    base = 0
    pieces = leading + [(p.text, p.anchors) for p in paragraphs]
    for text, own in pieces:
        if parts:
            base += 1  # the "\n" between paragraphs
        anchors.extend((base + o, page, bbox, index) for o, page, bbox, index in own)
        parts.append(text)
        base += len(text)
    return "\n".join(parts), anchors
