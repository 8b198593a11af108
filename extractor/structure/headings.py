"""The numbering grammar of Chinese official documents, and whether a numbered paragraph
reads as a heading title or as a list item.

Styles, most major first (the order GB/T 9704 prescribes for 公文 and that reports follow):
第一部分 > 第一章 > 第一节 > 一、 > （一） > 1. > （1） > ①. Budget reports add 第一，/第二， run-in
headings between （一） and 1. (重庆 2025: （一）2025年财政工作情况 > 第一，抢机遇促发展… > 1.…).
Items numbered 一是/二是 and articles 第一条 are never headings: they are how a paragraph begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Style names, most major first; the index is the style's rank. "font" is an unnumbered
# heading known only by its type (set large, alone on its line): it sits under 第X部分/章/节
# and above 一、, which is where such headings stand in budget disclosures.
STYLES = (
    "part",
    "chapter",
    "jie",
    "font",
    "cn",
    "paren_cn",
    "ordinal_cn",
    "arabic",
    "paren_arabic",
    "circled",
)
RANK = {name: i for i, name in enumerate(STYLES)}

_CN_NUM = "一二三四五六七八九十百零〇两"
# Each pattern captures the ordinal and leaves the rest of the paragraph after the number.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})部分[\s：:、]*")),
    ("chapter", re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})章[\s：:、]*")),
    ("jie", re.compile(rf"^第([{_CN_NUM}\d]{{1,4}})节[\s：:、]*")),
    ("cn", re.compile(rf"^([{_CN_NUM}]{{1,4}})\s*[、．.]\s*")),
    ("paren_cn", re.compile(rf"^[（(]\s*([{_CN_NUM}]{{1,4}})\s*[）)]\s*[、.．]?\s*")),
    # 第一，/第二、: the punctuation right after keeps out 第一次, 第一批, 第一条.
    ("ordinal_cn", re.compile(rf"^第([{_CN_NUM}]{{1,3}})\s*[，,、]\s*")),
    # 1. / 1、 / 1．: not 1.5 or １．２亿元 (a number), not 1-1. (an attachment number); a year
    # may follow a full-width point (4．2025年部门财政拨款收支预算总表).
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:、|\.(?![\d.．])|．(?!\d{1,3}(?!\d)|[.．]))\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("circled", re.compile(r"^([①-⑳⑴-⒇❶-❿])\s*")),
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese ordinal (一, 十, 十四, 二十一, 一百零二); None if not one."""
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _circled_to_int(ch: str) -> int:
    code = ord(ch)
    for start in (0x2460, 0x2474, 0x2776):  # ① ⑴ ❶
        if start <= code < start + 20:
            return code - start + 1
    return 0


@dataclass(frozen=True, slots=True)
class Numbering:
    """The number a paragraph starts with."""

    style: str
    ordinal: int
    printed: str  # as printed, e.g. "六、", "（一）", "1."
    rest: str  # the paragraph after the number


def parse_numbering(text: str) -> Numbering | None:
    """The heading/list number at the start of ``text``, or None."""
    stripped = text.lstrip()
    for style, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if not m:
            continue
        raw = m.group(1)
        value = _circled_to_int(raw) if style == "circled" else cn_to_int(raw)
        if not value:
            continue
        rest = stripped[m.end() :]
        if not rest.strip():
            continue  # a bare number is a table cell or a page number, not a heading
        # 一是/二是 and 第一条 begin paragraphs; they are not numbering of this grammar.
        if style == "cn" and rest.startswith("是"):
            continue
        return Numbering(style, value, stripped[: m.end()].strip(), rest)
    return None


# A heading title is short. Measured on the corpus's reports: headings run up to ~35 Han
# characters (部门整体支出绩效自评结果拟应用和公开情况 is 21); list items are sentences.
MAX_TITLE_CHARS = 40
# A run-in title ("（一）基本支出情况。2022年度…") ends at its first full stop within this span.
MAX_RUN_IN_CHARS = 25
# A title closed by 。 and standing alone is at most this long (and has no commas).
MAX_STOPPED_TITLE = 30
_SENTENCE_END = "。；;！？!?"
_CLAUSE_PUNCT = "，,；;"


@dataclass(frozen=True, slots=True)
class TitleSplit:
    """How a numbered paragraph divides into a heading title and body text."""

    title: str
    body: str  # text after the title on the same paragraph ("" for a pure heading)
    title_like: bool  # reads as a title (short, no sentence) rather than a list item


def split_title(rest: str, strong_cue: bool = False) -> TitleSplit:
    """Divide the text after a number into title and run-in body.

    - a pure title: short, with no sentence-ending or clause punctuation at the end;
    - a run-in title: a short first sentence without commas, followed by body text
      (`基本支出情况。2022年度…`, `着力扩大国内需求。推动…`);
    - otherwise a sentence — a list item (`贯彻执行关于科技工作的法律、法规。贯彻…`)
      unless the paragraph is set bold or large (``strong_cue``), which makes it a title.
    """
    text = rest.strip()
    if not text:
        return TitleSplit("", "", False)
    if len(text) <= MAX_TITLE_CHARS and text[-1] not in _SENTENCE_END + _CLAUSE_PUNCT:
        # At most two clauses (持续提升首都功能，推动京津冀协同发展…) and no colon inside:
        # a wrapped fragment of a sentence has more.
        inner = text.rstrip("：:")
        if not any(p in inner for p in "。；;：:") and inner.count("，") + inner.count(",") <= 1:
            return TitleSplit(inner, "", True)
    # A short standalone title closed by a full stop: （一）“三公”经费支出决算总体情况说明。
    if len(text) <= MAX_STOPPED_TITLE and text.endswith("。") and text.count("。") == 1:
        if not any(p in text for p in _CLAUSE_PUNCT + "、"):
            return TitleSplit(text[:-1], "", True)
    cut = _first_stop(text)
    if cut is not None and cut < len(text) - 1:
        head, tail = text[:cut], text[cut + 1 :].lstrip()
        # Short and comma-free, or a work report's two-clause title (大力推进现代化产业体系
        # 建设，加快发展新质生产力。…: one comma, no enumeration, no colon) followed by a much
        # longer body.
        if len(head) <= MAX_RUN_IN_CHARS and not any(p in head for p in _CLAUSE_PUNCT + "、"):
            return TitleSplit(head, tail, True)
        if (
            len(head) <= MAX_RUN_IN_CHARS + 5
            and head.count("，") + head.count(",") == 1
            and not any(p in head for p in "、；;：:（(")
            and len(tail) >= 2 * len(head)
        ):
            return TitleSplit(head, tail, True)
    if strong_cue and len(text) <= MAX_TITLE_CHARS:
        return TitleSplit(text.rstrip("。：:"), "", True)
    # Not title-like. If it must be a heading after all (its siblings are), the title is the
    # first sentence — or what comes before a colon (影响…收支因素：一是…) — or the whole
    # text when short.
    colon = min((i for i in (text.find("："), text.find(":")) if i >= 4), default=None)
    if colon is not None and (cut is None or colon < cut) and colon <= MAX_TITLE_CHARS:
        return TitleSplit(text[:colon], text[colon + 1 :].lstrip(), False)
    if cut is not None and cut <= MAX_TITLE_CHARS:
        return TitleSplit(text[:cut], text[cut + 1 :].lstrip(), False)
    return TitleSplit(text if len(text) <= MAX_TITLE_CHARS else "", text, False)


def _first_stop(text: str) -> int | None:
    """Index of the first 。 that ends a would-be title; None when there is none.

    A colon does not end a title: `财政拨款收入：指…` is a definition in a glossary list.
    """
    for i, ch in enumerate(text[: MAX_TITLE_CHARS + 1]):
        if ch == "。":
            return i
    return None
