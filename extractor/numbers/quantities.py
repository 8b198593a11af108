"""Quantities in running text: numbers with units, comparators, approximations, ranges, dates.

The flow, per text (find_quantities):

    _CANDIDATE.finditer(text)     one compiled regex finds number-ish spans (most text has none)
      -> read_candidate(...)      each candidate parsed in its own try; one bad match never sinks
                                  the text
           _is_label / _in_idiom  codes, references, list numbers, plan names, slogans: dropped
           _apply_tail            scale word (万, 亿), 多/余, unit, per-unit, 左右/以上/以内
           _read_range            3-5万元, 三至五家, 2021-2025年
           _apply_left            comparators, approximations, growth verbs, 第/前, sign
           _to_quantity           kind, base value, ranks; _date_quantity for 年/月/日/季度
      -> coordinate(...)          分别增长5%和6%: shared growth verbs and units
      -> rank_lists(...)          第1、2、9位: one 第 and one 位 make every number a rank
      -> [Quantity]               offsets into the string passed in, exact Decimals

Rules are named; the name of the rule that produced a quantity is kept in ``Quantity.rule``.

Speed (issue 3: within 10x of a bare ``re.finditer(r"\\d+")``, scripts/bench_numbers): a report
holds thousands of candidates, so the per-candidate path avoids what costs most in CPython.
Forward patterns run on the stdlib ``re`` (cheap calls and group lookups), the left context is
matched over its reversal rather than with ``regex``'s REVERSE flag, numerals and values are
memoized, and quantities skip the frozen dataclass's per-field setattr. Each shortcut is checked
against the plain computation in tests/test_numbers_fastpaths.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from decimal import Context, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from . import numerals
from . import units as tables
from .numerals import (
    _CTX,
    FULLWIDTH,
    HAN_DIGITS,
    SCALES,
    decimal_text,
    numeral_to_decimal,
    parse_number,
    tidy,
)

# Two regex engines, on purpose. The patterns run per candidate use the stdlib ``re``: its calls
# and above all its group lookups cost a fraction of the ``regex`` module's (0.05 against 0.45 µs
# per named group), and a text holds thousands of candidates. ``regex`` stays where only it will
# do and the pattern runs rarely: \p{Han}, and the REVERSE patterns behind a rare neighbour
# (_RANK_REGION after 第, _DENY_LEFT after 号, 附件, a letter ...).

CONTEXTS = ("prose", "target")
# Fractions such as 三分之二 have no exact decimal; 20 significant digits are kept and the
# surface text carries the exact reading.
_DIV = Context(prec=20, traps=[])


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text. Values are exact Decimals; offsets index the input string.

    ``value``/``unit`` are as printed (1164.45, "万元"); ``base_value``/``base_unit`` are the
    normalized reading (11644500, "元"). Dates carry ``year``/``month``/``day``/``period`` and no
    value: they are periods, never figures.
    """

    text: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    base_value: Decimal | None
    base_unit: str
    kind: str
    op: str | None = None
    approx: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    change: str | None = None
    rule: str = ""
    base_low: Decimal | None = None
    base_high: Decimal | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: Decimals as plain decimal strings, None kept as null."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = decimal_text(v) if isinstance(v, Decimal) else v
        return out


# Every field in declaration order; required ones hold MISSING until a caller fills them.
_QUANTITY_FIELDS = {f.name: f.default for f in fields(Quantity)}


def _quantity(values: dict[str, Any]) -> Quantity:
    """``Quantity(**values)`` without the frozen dataclass's twenty ``object.__setattr__`` calls,
    which cost twice as much as the rest of building a quantity (a dict is passed rather than
    keywords for the same reason). The instance is an ordinary frozen Quantity: equal, hashable
    and immutable like one from the constructor."""
    q = object.__new__(Quantity)
    object.__setattr__(q, "__dict__", _QUANTITY_FIELDS | values)
    return q


# --- character classes and tables -------------------------------------------------------------

HAN = "零〇○一二三四五六七八九十百千万亿两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億廿卅卌"
HAN_DIGIT_CHARS = "零〇○一二三四五六七八九两兩壹贰貳叁參肆伍陆陸柒捌玖"
DIG = "0-9０-９"
# ``regex``'s \s (Unicode White_Space) for the stdlib patterns: ``re``'s \s also matches the
# information separators \x1c-\x1f, which PDF dumps do contain and which are not spaces.
WS = r"[^\S\x1c-\x1f]"
UNITS = tables.units()
MARKERS = tables.markers()
IDIOMS = tables.idioms()
DENY = tables.context_deny()

_UNIT_ALT = tables.alternation(UNITS)
# A Latin unit ends where its letters do: 20mg/L is no 20 m (metres) followed by g/L.
_LATIN_UNIT_ENDS = "(?!(?<=[A-Za-z])[A-Za-z])"
PER_ONLY = tables.per_units()
# A calendar word may run on into the next word (由645元/月提高至…); 生, 学年 and h must end
# theirs (300元/生产线 is no rate per student).
_CALENDAR = {s for s, u in PER_ONLY.items() if u.base_unit in ("year", "month", "day")}
_PER_ALT = (
    tables.alternation(set(UNITS) | _CALENDAR)
    + "|(?:"
    + tables.alternation(set(PER_ONLY) - _CALENDAR)
    + r")(?![\u4e00-\u9fffA-Za-z])"
)
# A denominator may count hundreds or thousands of its unit (公里/百平方公里).
_PER_SCALES = {"百": 100, "千": 1000, "万": 10000}
_PER_SCALE_ALT = tables.alternation(_PER_SCALES)
_PER_SEPARATORS = re.compile(r"[/／·・•]")
_SCALE_ALT = tables.alternation(SCALES)
_BEFORE = {s for (pos, s) in MARKERS if pos == "before"}
# Spelt backwards (长增 for 增长): _LEFT reads the left context from the number outwards.
_CHANGE_ALT_BACKWARDS = tables.alternation(
    {s[::-1] for s in _BEFORE if MARKERS[("before", s)].field in ("change", "neutral")}
)
_PRE_ALT_BACKWARDS = tables.alternation(
    {s[::-1] for s in _BEFORE if MARKERS[("before", s)].field in ("op", "approx")}
)
# The bounds and approximations that may stand before a verb of change rather than after it
# (移动网络流量资费年内至少降低30%, 约增长5%), with the same meaning as before the number.
_BOUND_BEFORE_CHANGE_BACKWARDS = tables.alternation(
    {s[::-1] for s in ("至少", "最少", "至多", "最多", "约", "大约")}
)
_SUFFIX_ALT = tables.alternation({s for (pos, s) in MARKERS if pos == "after" and s not in "多余"})
_DENY_BEFORE_ALT = tables.alternation({s for (pos, s) in DENY if pos == "before"})
_DENY_AFTER = {s for (pos, s) in DENY if pos == "after"}
_DENY_AFTER_ALT = tables.alternation(_DENY_AFTER)
_IDIOM_ALT = tables.alternation(set(IDIOMS))

# A Han numeral run is a candidate only when a unit, 多/余/几, a range word or a suffix follows:
# this keeps 一是, 统一, 十四五 and the like out of the per-candidate work entirely.
_FOLLOW = "".join(sorted({u[0] for u in UNITS} | set("多余几左上以至到~～分")))

# --- rule: candidates --------------------------------------------------------------------------

# Every alternative starts with a digit, a Han numeral, 数, 几 or 第. Leading with that class
# as a lookahead lets ``re`` skip from one such character to the next with its fast charset
# search instead of trying all four alternatives at every position: the scan then costs about
# what the bare \d+ pass does (the regex module took three times as long, re without it six).
_START = DIG + HAN + "数几第半翻"
_CANDIDATE = re.compile(
    rf"""
    (?=[{_START}])(?:
    (?P<frac>                                   # fraction_han: 三分之二, 百分之三十点五
        (?:[{HAN}]{{1,8}}+|[{DIG}]{{1,6}}+) 分之 [{HAN}点點{DIG}.．]{{1,12}}+ )
  | (?P<half>一半|半数)                         # half_han: 减少一半, 半数以上
  | (?P<fan>翻{WS}{{0,2}}(?P<fann>[一两二三四])?{WS}{{0,2}}番)   # doubling: 翻一番, 翻两番, 翻番
  | (?P<ar>                                     # arabic: 1164.45, 15,873,800.00, 8. 53, １２３
        (?:[{DIG}]{{1,3}}(?:,[{DIG}]{{3}})++(?![{DIG}]) | [{DIG}]++)
        (?:(?![.．](?:19|20)[0-9]{{2}}{WS}{{0,2}}年)            # "4．2024年": list number + year
           [.．](?:[{DIG}]++|\ [{DIG}]{{1,2}}+(?![{DIG}])))? )   # a dump's "8. 53", not "2. 2022"
  | (?P<han>                                    # han: 一千二百, 十几, 两三, 数十, 三点五
        (?:数(?=[十百千万亿]))? [{HAN}几]{{1,20}}+ (?:[点點][{HAN_DIGIT_CHARS}]{{1,12}}+[万亿]?)? )
        (?:(?={WS}{{0,3}}[{re.escape(_FOLLOW)}]) | (?<=[万亿萬億]))   # or a scale: 上千万家庭
  | (?P<ord>第) {WS}{{0,2}} (?P<ordnum>[{HAN}]{{1,6}}+)   # ordinal_han: 第二, 全省第二
    )""",
    re.VERBOSE,
)

_TAIL = re.compile(
    rf"""
    (?:{WS}{{0,4}}(?P<a1>多|余))?
    (?:{WS}{{0,4}}(?P<scale>{_SCALE_ALT})(?!分点|分之))?
    (?:(?P<a2>多|余)
       (?P<scale2>{_SCALE_ALT})?)?               # 3千多万元: 多 inside the scale
    (?:{WS}{{0,4}}(?P<unit>{_UNIT_ALT}){_LATIN_UNIT_ENDS}
        (?:[/／](?P<per>                   # per-unit prices: 21.58元/m2, 3000元/吨, 685元/月,
            (?:{_PER_ALT}                   # a unit before a scale word, so that 千瓦时 is
              |(?:{_PER_SCALE_ALT})(?:{_PER_ALT}))   # not 千 瓦时: 97.3公里/百平方公里
            (?:[/／·・•](?:{_PER_ALT}))? ))?)?     # two pieces: 300元/人/月, 5元/吨·公里
    (?P<sfx>{_SUFFIX_ALT})?
    """,
    re.VERBOSE,
)

# Words before a number (比上年增长了, 不低于, 达到, 第, 负), matched outwards from the number: the
# pattern runs forwards over the reversed left context (_apply_left), so its parts come in
# reverse order and its words are spelt backwards. One stdlib match, like the regex module's
# REVERSE flag would do, at half the cost.
_LEFT = re.compile(
    rf"""
    (?P<sign>[-−－﹣负]|下零)?                 # -5, 负3, 零下5
    {WS}{{0,3}}
    (?P<rank>第|前)?
    {WS}{{0,3}}
    (?:为|到达|达)?                            # 为, 达到, 达
    (?P<pre>{_PRE_ALT_BACKWARDS})?           # 不低于, 约, ≥
    (?:了?(?P<chg>{_CHANGE_ALT_BACKWARDS})    # 增长(了), 下降
      (?P<bound>{_BOUND_BEFORE_CHANGE_BACKWARDS})?)?  # 至少降低: the bound of the change
    """,
    re.VERBOSE,
)
# A rank listed before the next (the 第一、 of 全省第一、第二): after a region, the next is a
# standing too; after any ordinal, not (第一、第二批). The metric linker reads it as well.
RANK_LISTED_BEFORE = r"(?:\s{0,2}第[一二三四五六七八九十\d]{1,3}[位名]?\s{0,2}[、和及与])"
_RANK_REGION = regex.compile(
    r"(?:全国|全省|全市|全区|全县|全州|全盟|全球|世界|全行业|同类|同级|排名|排|位列|位居|居|名列|"
    r"列|跃居|稳居|跃升至|跃升|升至|保持|仍居|均居)"
    rf"{RANK_LISTED_BEFORE}{{0,3}}\s{{0,2}}\Z",
    regex.REVERSE,
)
# How far back a rank's region is looked for: far enough for three ranks listed before it
# (全省第一、第二、第三、第四).
RANK_REGION_REACH = 24
_DENY_LEFT = regex.compile(rf"(?:(?:{_DENY_BEFORE_ALT})[:：]?\s{{0,2}}|[A-Za-z_])\Z", regex.REVERSE)
_DENY_RIGHT = re.compile(rf"{WS}{{0,2}}(?:{_DENY_AFTER_ALT})")
_IDIOM = re.compile(_IDIOM_ALT)
# Prefilters: the regexes below only run when the neighbouring character could start or end one
# of their words, which most candidates' neighbours cannot.
_ISO_SEPARATORS = {"-", "/", "."}
_DENY_AFTER_FIRST = {w[0] for w in _DENY_AFTER}
_DENY_BEFORE_LAST = {w[-1] for (pos, w) in DENY if pos == "before"} | set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:："
)
_SIGN_AFTER = set("为是达到至长降从由约近")  # Han characters after which 负 is a minus sign
# Han characters that make a word with the 约 after them (签约, 节约, 合约, 预约 …): that 约 is
# no approximation of the number after it.
_YUE_WORDS = set("签节制合公条契预邀特履违守解续缔集简婚赴如相践")
_LEFT_LAST = {w[-1] for w in _BEFORE} | set("了为达到第前-−－﹣负下")
_RANGE_FIRST = set("-－~～〜–—至到")
_RANGE = re.compile(
    rf"""
    (?:[ \t]?[-－~～〜–][ \t]?|—{{1,2}}|至|到)   # no line break: "—— 7 ——" footers are not ranges
    (?:
        (?P<ar>(?:[{DIG}]{{1,3}}(?:,[{DIG}]{{3}})++(?![{DIG}]) | [{DIG}]++)(?:[.．][{DIG}]++)?)
      | (?P<han>[{HAN}]{{1,12}}+)
    )
    """,
    re.VERBOSE,
)
_ISO_DATE = re.compile(
    rf"(?P<y>(?:19|20)[0-9]{{2}})[-/.](?P<m>[0-9]{{1,2}})(?:[-/.](?P<d>[0-9]{{1,2}}))?(?![{DIG}.])"
)
_SLASH_FRACTION = re.compile(rf"{WS}?[/／]{WS}?(?P<den>[{DIG}]{{1,6}}+)(?![{DIG}.．/／])")
_MD = (
    rf"(?P<m>[{DIG}]{{1,2}}|[一二三四五六七八九十]{{1,3}})"
    rf"(?:{WS}{{0,2}}[-－~～—–至到]{WS}{{0,2}}(?P<m2>[{DIG}]{{1,2}}|[一二三四五六七八九十]{{1,3}}))?"
    rf"{WS}{{0,2}}月份?"
    rf"(?:{WS}{{0,2}}(?P<d>[{DIG}]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}}){WS}{{0,2}}[日号])?"
)
_AFTER_YEAR = re.compile(
    rf"""
    (?:{WS}{{0,2}}
        (?:(?P<half>上半年|下半年)
          | 第?(?P<q>[一二三四1-4]){WS}{{0,2}}季度
          | 前(?P<qn>[二三2-3]){WS}{{0,2}}个?季度
          | {_MD}
        )
    )?
    (?P<edge>底|末|初)?
    """,
    re.VERBOSE,
)
_AFTER_MONTH = re.compile(
    rf"(?:{WS}{{0,2}}(?P<d>[{DIG}]{{1,2}}|[一二三四五六七八九十廿卅]{{1,3}}){WS}{{0,2}}[日号])?"
    r"(?P<edge>底|末|初|中旬|上旬|下旬)?"
)
_TAG_CHAR = re.compile(r"[A-Za-z0-9\"'/]")
_FOOTER_LEFT = re.compile(r"[—\-－][ \t]{0,2}\Z")  # searched in the four characters before
_YEAR_AHEAD = re.compile(rf"(?:19|20)[0-9]{{2}}{WS}{{0,2}}年")
_FOOTER_RIGHT = re.compile(r"[ \t]{0,2}[—\-－]")
_LINE_NUMBERING = re.compile(rf"[.．、)）](?![0-9０-９])|[.．](?=(?:19|20)[0-9]{{2}}{WS}{{0,2}}年)")
_NUMBERING_DOT = regex.compile(r"[.．]\s?\p{Han}")
_NUMBERING_MARKS = set(".．、)）")  # what _LINE_NUMBERING and _NUMBERING_DOT can start with
_QUOTE_CLOSE = re.compile(r"[^“”\n]{0,8}”")
_APPROX_HAN = {
    # 十几 = 11..19, 几十 = 20..90: approximate numbers read as ranges
    "几十": (20, 90),
    "数十": (20, 90),
    "几百": (200, 900),
    "数百": (200, 900),
    "几千": (2000, 9000),
    "数千": (2000, 9000),
    "几万": (20000, 90000),
    "数万": (20000, 90000),
    "几亿": (200000000, 900000000),
    "数亿": (200000000, 900000000),
    "十几": (11, 19),
}
_ADJACENT_HAN = {"一两", "两三", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "三五"}


def find_quantities(text: str, *, context: str = "prose") -> list[Quantity]:
    """All quantities in ``text``, left to right, with offsets into ``text``.

    ``context`` is "prose" (running text) or "target" (a table's target cell, where 以上 means
    op ">=" rather than approx "more_than").

    >>> [q.text for q in find_quantities("全年登记技术合同3366件，交易额308亿元")]
    ['3366件', '308亿元']
    """
    if not isinstance(text, str) or not text:
        return []
    if context not in CONTEXTS:
        context = "prose"
    out: list[Quantity] = []
    consumed = 0
    for m in _CANDIDATE.finditer(text):
        if m.start() < consumed:
            continue
        try:
            q = read_candidate(text, m, context)
        except Exception:  # the contract: never raise on text; one bad candidate is skipped
            if numerals.RAISE_INTERNAL_ERRORS:
                raise
            q = None
        if q is None:
            continue
        if out and q.start < out[-1].end:
            continue
        out.append(q)
        consumed = q.end
    if len(out) > 1:
        out = coordinate(text, compound(text, out))
    if "第" in text:
        out = rank_lists(text, out)
    return out


def compound(text: str, found: list[Quantity]) -> list[Quantity]:
    """One quantity for a number written in two scaled parts: 3亿5000万元 is 3.5亿元, 1万6千多户
    is 1.6万户 and more; 1万6户 is 1.6万户, like 一万六. A bare scaled number (unit 亿 or 万,
    nothing after it) directly followed by a smaller scaled part, or a lone digit, is read as
    one with it; the unit and kind are the second part's."""
    out: list[Quantity] = []
    for q in found:
        a = out[-1] if out else None
        merged = _compound(text, a, q) if a is not None else None
        if merged is None:
            out.append(q)
        else:
            out[-1] = merged
    return out


def _compound(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    # Words before the first part (超过, 增长) are the compound's; the second part touches the
    # first, so its own markers can only come after it (多, 以上). A space between the parts
    # (a text layer's gap: 1万 6千户) is allowed when the second part names its own scale.
    gap = text[a.end : b.start]
    if (
        gap.strip(" \u3000")
        or len(gap) > MAX_COMPOUND_GAP
        or a.kind != "number"
        or a.unit not in _COMPOUND_HEADS
        or not a.text.endswith(a.unit)
        or a.value is None
        or a.low is not None
        or b.value is None
        or b.low is not None
        or b.kind in ("date", "percent", "percentage_point")
    ):
        return None
    head = SCALES[a.unit]
    # 6千米 after 1万 is 6千 米 (1万6千米 is 16000 米), so the scale is split off first here.
    scale = next((x for x in _SCALE_PREFIXES if b.unit.startswith(x)), "")
    rest = b.unit[len(scale) :]
    if scale:
        if SCALES[scale] >= head:
            return None
        part = _CTX.multiply(b.value, Decimal(SCALES[scale]))
    elif (
        not gap
        and len(str(b.value)) == 1
        and 0 < b.value
        and text.startswith(str(b.value), b.start)
    ):
        part = _CTX.multiply(b.value, Decimal(head // 10))  # 1万6户: the lone digit's place
    else:
        return None
    unit = UNITS.get(rest) if rest else None
    if rest and (unit is None or unit.factor is None):
        return None
    total = _CTX.add(_CTX.multiply(a.value, Decimal(head)), part)
    factor = unit.factor if unit is not None and unit.factor is not None else Decimal(1)
    return replace(
        b,
        text=text[a.start : b.end],
        start=a.start,
        value=tidy(_CTX.divide(total, Decimal(head))),
        unit=a.unit + rest,
        base_value=tidy(_CTX.multiply(total, factor)),
        op=a.op or b.op,
        approx=b.approx or a.approx,
        change=a.change or b.change,
        rule="compound_scales",
    )


# Spaces allowed between a compound's two parts.
MAX_COMPOUND_GAP = 2
# A compound's first part ends in one of these; its second part may start with a smaller scale.
_COMPOUND_HEADS = {"亿", "万", "億", "萬"}
_SCALE_PREFIXES = sorted(SCALES, key=len, reverse=True)


def split_scale(unit: str) -> tuple[str, str]:
    """(scale, unit proper) of a printed unit: 万元 → (万, 元), 千万元 → (千万, 元); a unit that
    starts like a scale but is one word (千米, 千克, 百分点) is not split."""
    if unit in UNITS:
        return "", unit
    scale = next((x for x in _SCALE_PREFIXES if unit.startswith(x)), "")
    return scale, unit[len(scale) :]


_COORD = re.compile(rf"{WS}{{0,2}}[、和及与]{WS}{{0,2}}\Z")
# The kinds a bare figure listed before a figure of theirs takes (4.2和0.7个百分点).
_SHARED_BY_BARE = frozenset({"percent", "percentage_point", "count", "money", "physical"})


def _with_unit_of(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """``a``, a bare number listed right before ``b``, in ``b``'s unit; None when it takes none.
    3.8万、3.3万平方公里: the same scale; 3亿、5000万元: its own scale, the unit after b's; 分别
    为45、70和80个赛项, 5、6万元: no scale of its own, b's whole unit, scale and all."""
    if a.kind != "number" or a.low is not None or a.value is None:
        return None
    if not _COORD.match(text[a.end : b.start]):
        return None
    if a.unit in SCALES and b.kind not in ("number", "date"):
        scale = a.unit
        rest = b.unit[len(scale) :] if b.unit.startswith(scale) else split_scale(b.unit)[1]
    elif not a.unit and b.kind in _SHARED_BY_BARE:
        scale, rest = split_scale(b.unit)
    else:
        return None
    unit = UNITS.get(rest) if rest else None
    if unit is None or unit.factor is None:
        return None
    factor = _CTX.multiply(Decimal(SCALES.get(scale, 1)), unit.factor)
    return replace(
        a,
        unit=scale + rest,
        kind=b.kind,
        base_unit=b.base_unit,
        base_value=tidy(_CTX.multiply(a.value, factor)),
        rule=a.rule + "+shared_unit",
    )


def coordinate(text: str, found: list[Quantity]) -> list[Quantity]:
    """Share what coordination implies: 分别净减少10.6万、3.8万、3.3万平方公里 gives all three the
    unit of the last (3亿、5000万元 gives 3亿 the 元 of 5000万元; 分别高4.2和0.7个百分点 gives the
    bare 4.2 the 个百分点), and 分别提高13.1%和17.7% gives both the growth marker of the first."""
    out = list(found)
    # units distribute leftwards over bare numbers, scaled or not
    for i in range(len(out) - 2, -1, -1):
        shared = _with_unit_of(text, out[i], out[i + 1])
        if shared is not None:
            out[i] = shared
    # growth markers distribute rightwards
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if a.change and not b.change and a.kind == b.kind and _COORD.match(text[a.end : b.start]):
            out[i] = replace(b, change=a.change, rule=b.rule + "+shared_change")
    return out


# 第1、2、9位, 第一、二、九名: one 第 before and one 位 or 名 after a list of numbers make every
# one of them a standing (分别排第1,2,9位 read as the rank 第1, a bare 2 and nine people). A
# dump's ASCII comma parts such a list as well; a full-width one parts clauses, so it does not.
_RANK_NUMBER = rf"(?:[{DIG}]{{1,3}}|[一二三四五六七八九十]{{1,3}})"
_RANK_LIST = re.compile(
    rf"第{WS}{{0,2}}({_RANK_NUMBER})(?:{WS}{{0,2}}[、,和及与]{WS}{{0,2}}{_RANK_NUMBER})+"
    rf"{WS}{{0,2}}(位次|位|名)"
)
_RANK_NUMBERS = re.compile(_RANK_NUMBER)


def rank_lists(text: str, found: list[Quantity]) -> list[Quantity]:
    """Rule ``rank_list``: the numbers of 第1、2、9位 as three ranks, each with the 位."""
    for m in _RANK_LIST.finditer(text):
        unit = m.group(2)
        ranks = []
        for n in _RANK_NUMBERS.finditer(text, m.start(1), m.start(2)):
            value = numeral_to_decimal(n.group())
            if value is None:
                break
            # the first number's text holds the 第, the last one's the 位
            start = m.start() if n.start() == m.start(1) else n.start()
            end = m.end() if not text[n.end() : m.start(2)].strip() else n.end()
            ranks.append(
                _quantity(
                    {
                        "text": text[start:end],
                        "start": start,
                        "end": end,
                        "value": tidy(value),
                        "unit": unit,
                        "base_value": tidy(value),
                        "base_unit": "rank",
                        "kind": "rank",
                        "rule": "rank_list",
                    }
                )
            )
        else:
            kept = [q for q in found if q.end <= m.start() or q.start >= m.end()]
            found = sorted(kept + ranks, key=lambda q: q.start)
    return found


@dataclass(slots=True)
class _Reading:
    """Work in progress for one candidate: the number read so far and its surroundings."""

    start: int
    end: int
    value: Decimal | None
    han: bool
    rule: str
    low: Decimal | None = None
    high: Decimal | None = None
    approx: str | None = None
    op: str | None = None
    change: str | None = None
    scale: str = ""
    unit: str = ""
    suffix: str = ""
    left_rank: str = ""
    region_rank: bool = False
    unit_start: int = -1
    per: str = ""


def read_candidate(text: str, m: re.Match, context: str) -> Quantity | None:
    """One candidate match to a Quantity, or None when it is not a quantity."""
    branch = m.lastgroup  # the alternatives' groups are disjoint: the last one closed names it
    if branch == "ar":
        s, e = m.span("ar")
        return _read_number(text, s, e, False, context)
    if branch == "han":
        s, e = m.span("han")
        return _read_number(text, s, e, True, context)
    if branch == "frac":
        return _read_fraction(text, m, context)
    if branch == "half":
        return _read_half(text, m, context)
    if branch == "fan":
        return _read_doubling(text, m, context)
    return _read_ordinal(text, m)


# --- rule: numbers with units ------------------------------------------------------------------


def _read_number(text: str, s: int, e: int, han: bool, context: str) -> Quantity | None:
    raw = text[s:e]
    if not han:
        if _is_label(text, s, e, raw):
            return None
        iso = _ISO_DATE.match(text, s) if text[e : e + 1] in _ISO_SEPARATORS else None
        if iso and iso.end() > e:
            return _iso_date(text, s, iso)
    elif _in_idiom(text, s, e):
        return None
    if _in_slogan(text, s, e):
        return None
    r = _number_at(text, s, e, raw, han)
    if r is None:
        return None
    if not han:
        frac = _SLASH_FRACTION.match(text, e) if text[e : e + 2].strip()[:1] in "/／" else None
        if frac and r.value is not None:
            return _slash_fraction(text, r, frac, context)
    tail = _TAIL.match(text, r.end)
    _apply_tail(r, tail)
    _read_range(text, r, han)
    nxt = text[r.end : r.end + 1]
    if not han and not r.unit and nxt.isascii() and nxt.isalpha():
        return None  # 5G, 3D, 2B: a code, not a number followed by a unit
    if (
        not r.unit
        and not r.scale
        and _at_line_start(text, r.start)
        and _LINE_NUMBERING.match(text, r.end)
    ):
        return None  # "1." or "1-2." opening a line: list numbering
    if (
        not r.unit
        and text[r.end : r.end + 3].strip()[:1] in _DENY_AFTER_FIRST
        and _DENY_RIGHT.match(text, r.end)
    ):
        return None
    unitless = han and not r.unit and r.rule != "han_approx_range"
    if unitless and not r.scale and r.rule != "bare_scale":
        return None  # a Han numeral alone is a word far more often than a figure
    _apply_left(text, r, context)
    reached = _after_shang(text, r)
    if (unitless or r.rule == "bare_scale") and r.start == s and not reached:
        # 万元 in a unit line, 千万 the adverb: a scale word is a figure after 近, 超, 上 and
        # the like (近千万家庭, 上亿人), a bare 万 or 百 only then
        return None
    if han and text[s:e] == "一" and not r.scale and _is_article(r):
        return None  # 一个, 一项, 一次: the indefinite article, not a count of one
    if r.suffix:
        _apply_suffix(r, context)
    return _to_quantity(text, r, context)


def _is_label(text: str, s: int, e: int, raw: str) -> bool:
    """Digit runs that are codes, references or list numbers rather than figures."""
    if (
        text[s - 1 : s] not in _LABEL_BEFORE
        and text[e : e + 1] not in _LABEL_AFTER
        and raw[0] not in "0０"
        and len(raw) < 11
    ):
        return False  # most figures: none of the rules in _label_rules can apply
    return _label_rules(text, s, e, raw)


# Every rule in _label_rules needs one of these next to the digits (or a leading zero, or eleven
# digits); "" is the start of the text.
_LABEL_BEFORE = _DENY_BEFORE_LAST | set(" \t\u3000\n\r-－.．@(（—") | {""}
_LABEL_AFTER = {".", ")", "）"} | _NUMBERING_MARKS


def _label_rules(text: str, s: int, e: int, raw: str) -> bool:
    lo = max(0, s - 12)
    if _last_visible(text, s) in _DENY_BEFORE_LAST and _DENY_LEFT.match(text, lo, s):
        return True
    prev = text[s - 1] if s else ""
    if prev and prev in "表图" and _at_line_start(text, s - 1):
        return True  # 表7分行业…: a table's or a chart's number opening its title line
    if prev in "-－" and s >= 2 and text[s - 2].isdigit():
        return True  # the second half of 0731-2888 or a hyphenated code
    if prev in ".．" and s >= 2 and text[s - 2].isdigit() and not _YEAR_AHEAD.match(text, s):
        return True  # 1.2.3
    if prev == "@" or (
        text[e : e + 1] == "." and text[e + 1 : e + 2].isascii() and text[e + 1 : e + 2].isalpha()
    ):
        return True  # hzzwgk@126.com
    digits = raw if raw.isascii() else raw.translate(FULLWIDTH)
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return True  # leading zero: area codes, serials
    if len(digits) >= 11 and digits.isdigit():
        return True  # phone and ID numbers
    if prev in "(（" and text[e : e + 1] in ")）" and e < len(text):
        return True  # （1）
    if (
        prev in " \t—-－"
        and _FOOTER_LEFT.search(text, max(0, s - 4), s)
        and _FOOTER_RIGHT.match(text, e)
    ):
        return True  # page footer "—— 7 ——" or "- 7 -"
    after = text[e : e + 1]
    if after not in _NUMBERING_MARKS:
        return False  # the two rules below need a list-numbering mark right after the number
    if _at_line_start(text, s) and _LINE_NUMBERING.match(text, e):
        return True  # "1." or "2、" or "4）" opening a line
    if _NUMBERING_DOT.match(text, e) and "." not in digits:
        return True  # "执行情况1.一般公共预算": a list number run into the text
    return False


def _is_article(r: _Reading) -> bool:
    unit = UNITS.get(r.unit)
    return (
        unit is not None
        and unit.kind == "count"
        and r.start == r.unit_start - 1
        and not (r.op or r.approx or r.change or r.left_rank)
    )


_BLANKS = " \t\u3000\n\r"


def _last_visible(text: str, s: int) -> str:
    """The last non-space character before s (cheap prefilter for the left-context regexes)."""
    i = s - 1
    while i >= 0 and s - i <= 4 and text[i] in _BLANKS:
        i -= 1
    return text[i] if i >= 0 else ""


def _at_line_start(text: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] in "\n\r"


def _in_idiom(text: str, s: int, e: int) -> bool:
    """An idiom lying within four characters either side of s..e overlaps it."""
    pos, hi = max(0, s - 4), min(len(text), e + 4)
    # idioms may overlap each other (万一 and 一些 in 万一些): after each one found, look again
    # one character on; longer words come first in the alternation, so each is the longest there
    while (m := _IDIOM.search(text, pos, hi)) is not None and m.start() < e:
        if m.end() > s:
            return True
        pos = m.start() + 1
    return False


def _in_slogan(text: str, s: int, e: int) -> bool:
    """Numerals inside a short quoted name: “三个高地”, “五链融合”, “7+3”, “新智造 100”."""
    j = text.rfind("“", max(0, s - 8), s)
    if j < 0:
        return False
    between = text[j + 1 : s]
    return "”" not in between and "\n" not in between and _QUOTE_CLOSE.match(text, e) is not None


def _number_at(text: str, s: int, e: int, raw: str, han: bool) -> _Reading | None:
    if not han:
        # most figures recur (2022, 100, 5.2): short ones are read once, by their printed text
        value = _arabic_memo(raw) if len(raw) <= 24 else _arabic_value(raw)
        return None if value is None else _Reading(s, e, value, False, "arabic")
    # 三千万元 reads as 3000 万元, like 3000万元; 三亿五千万 and 一百年 stay whole
    head, scale = raw, ""
    for big in ("万亿", "亿", "万", "億", "萬"):
        rest = raw[: -len(big)]
        if raw.endswith(big) and rest and not any(c in "万亿萬億" for c in rest):
            head, scale = rest, big
            break
    r = _han_head(s, e, head, bool(scale))
    if r is None and scale:
        r = _han_head(s, e, raw, False)
        scale = ""
    if r is not None:
        r.scale = scale
    elif raw in _BARE_SCALES:
        # one of the scale (近万人, 上亿元, 逾百家); _read_number keeps it only after such a word
        r = _Reading(s, e, Decimal(SCALES[raw] if raw in "百千" else 1), True, "bare_scale")
        r.scale = "" if raw in "百千" else raw
    return r


_BARE_SCALES = {"百", "千", "万", "亿", "萬", "億", "万亿"}
# 上 ending a verb (reach, add): the number after it is what is reached, exactly (迈上万亿元台阶).
_SHANG_VERBS = set("迈跃登站走冲加赶攀跨踏")
# 上 ending a place word (线上, 网上, 以上, 之上): nothing to do with the number after it.
_SHANG_PLACES = set("以之线网")


def _after_shang(text: str, r: _Reading) -> bool:
    """上 right before a Han scale word: 上千万, 上亿 reach that many (上 is 达到), so more_than.
    True when 上 is about the number (then a bare scale word is a figure)."""
    s = r.start
    if not r.han or s == 0 or text[s - 1] != "上" or text[s] not in "十百千万亿萬億":
        return False
    before = text[s - 2] if s >= 2 else ""
    if before in _SHANG_PLACES:
        return False
    if before not in _SHANG_VERBS:
        r.approx = r.approx or "more_than"
        r.start = s - 1
    return True


def _han_head(s: int, e: int, head: str, scaled: bool) -> _Reading | None:
    if head in _APPROX_HAN or (len(head) == 3 and head.endswith("十几")):
        low, high = _APPROX_HAN.get(head) or (_han_tens(head[0]) + 1, _han_tens(head[0]) + 9)
        return _Reading(s, e, None, True, "han_approx_range", Decimal(low), Decimal(high), "about")
    if head in _ADJACENT_HAN:
        lo, hi = (HAN_DIGITS[c] for c in head)
        return _Reading(s, e, None, True, "han_adjacent_range", Decimal(lo), Decimal(hi), "about")
    if head in ("十", "百", "千") and scaled:
        return _Reading(s, e, Decimal(SCALES[head]), True, "han")  # 逾百亿元, 上千万
    if (
        1 < len(head) < 4
        and all(c in HAN_DIGITS for c in head)
        and not any(c in "〇零○" for c in head)
    ):
        return None  # 七八 (a range) or 一二 (a list): never the digits 78 or 12 in prose
    value = numeral_to_decimal(head)
    return None if value is None else _Reading(s, e, value, True, "han")


def _han_tens(ch: str) -> int:
    return HAN_DIGITS.get(ch, 1) * 10


def _clean_arabic(raw: str) -> str:
    return raw.translate(FULLWIDTH).replace(" ", "")


def _arabic_value(raw: str) -> Decimal | None:
    """An Arabic candidate as printed (１２３, 8. 53, 15,873,800.00) to its value."""
    return numeral_to_decimal(_clean_arabic(raw))


_arabic_memo = lru_cache(maxsize=4096)(_arabic_value)


def _apply_tail(r: _Reading, tail: re.Match | None) -> None:
    if tail is None or tail.end() == r.end:
        return
    a1, scale, a2, scale2, unit, per, sfx = tail.groups()  # one call, not one per group
    unit = unit or ""
    scale = scale or ""
    if scale2:
        if not scale or not a2 or scale + scale2 not in SCALES:
            return
        scale += scale2
    if scale and r.scale:
        return  # 三千万万: not one number
    if scale and not unit and not a2 and r.han:
        return
    if unit in _NEEDS_A_SCALE and not (scale or r.scale):
        return
    a = a1 or a2
    if a and not unit and not scale:
        return  # 多 or 余 alone is a word (多元, 余额), not an approximation
    # a unit right after the number always fits (but 成 and the measure words that open words);
    # _unit_fits weighs the others
    cut: int | None = None
    if (
        unit
        and (unit == "成" or unit in _OPENS_A_WORD or tail.start("unit") != r.end)
        and not _unit_fits(r, unit, tail)
    ):
        unit = ""
        if not scale:
            return
        cut = tail.start("unit")  # the scale stays, the word after it goes: 3万 | 家长
    if scale:
        r.scale = scale
    r.unit = unit
    if unit:
        r.unit_start = tail.start("unit")
        r.per = per or ""
    if a:
        r.approx = "more_than"
    sfx = sfx or ""
    text = tail.string
    if sfx and _suffix_fits(sfx, unit, text, tail.end()):
        r.suffix = sfx
        r.end = tail.end()
    else:
        r.end = tail.end() - len(sfx)
    if cut is not None:
        r.suffix = ""
        r.end = cut
    if r.end > r.start and text[r.end - 1].isspace():
        r.end = _end_before_spaces(text, r.end)  # spaces taken before a unit then given up


def _end_before_spaces(text: str, end: int) -> int:
    """``len(text[:end].rstrip())`` without copying the text up to ``end``."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# Line-initial words whose first character is also a measure word (本年, 部门, 所属, 处室, 单位)
_WEAK_AFTER_BREAK = set("本部所处单成期次类条")
_CHENG_WORDS = set("本品果效为立功长交员熟绩都就型像")
# Measure words that also open words, and the characters that, after them, make the word: no
# count then, though the unit stands right after the number.
_OPENS_A_WORD: dict[str, frozenset[str]] = {
    # 近千万家庭, 3万家长, 家属, 家园
    "家": frozenset("庭长属园乡具政底务族居教风"),
    # 集 counts episodes (短视频6集), not 组建3集团, 集中, 集聚, 集成
    "集": frozenset("团中聚成体市约合群镇资散装"),
    # 所 counts schools (3所学校), not 如表1- 2所示, 上文所述, 所需资金
    "所": frozenset("示述属需得"),
    # 支 counts funds and teams (8支政府投资基金), not 套表3支出总体情况表
    "支": frozenset("出持付撑援"),
    # 本 counts books and certificates (126本不动产权证书), not a note's 4本报告资金投入…, 本项目,
    # 本级, 本年度
    "本": frozenset("报项级年单部次期市区县省"),
    # 部 counts films, laws and lifts, not 部分 ("part": 2部分收入 is a footnote)
    "部": frozenset("分"),
    # 门 counts courses and telephone lines (617万门), not 门户, 门诊, 门类, 门槛, 门票, 门店
    "门": frozenset("户诊类槛票店"),
    # 股 counts shares (954.45亿股), not 股份, 股权, 股东, 股票, 股本, 股息, 股利, 股金
    "股": frozenset("份权东票本息利金"),
    # 卷 counts files (48.1万卷), not 卷烟, 卷宗
    "卷": frozenset("烟宗"),
    # 题 counts a survey's questions and answers (非常满意329题), not 题材, 题目, 题型, 题库
    "题": frozenset("材目型库"),
}
# 度 is a kilowatt-hour only after a scale (绿电消费超1400万度): 7度 is a seismic intensity or a
# temperature, 一度 the adverb "for a time".
_NEEDS_A_SCALE = frozenset({"度"})
# 家用 opens the goods of a household (家用电器, 家用汽车), but 100家用人单位 counts employers.
_JIA_YONG_GOODS = {"用电", "用汽", "用燃", "用品", "用纺"}


def _unit_fits(r: _Reading, unit: str, tail: re.Match) -> bool:
    """Reject a unit the number only seems to have: a table cell's next line, 成品, 成本."""
    gap = tail.string[r.end : tail.start("unit")]
    nxt = tail.string[tail.end("unit") : tail.end("unit") + 1]
    if unit == "成":
        return r.value is not None and 0 < r.value <= 10 and nxt not in _CHENG_WORDS
    if nxt in _OPENS_A_WORD.get(unit, ()):
        return False
    if unit == "家" and tail.string[tail.end("unit") : tail.end("unit") + 2] in _JIA_YONG_GOODS:
        return False
    if "\n" in gap and UNITS[unit].kind == "count":
        v = r.value
        integral = v is not None and v >= 0 and v == v.to_integral_value()
        return integral and unit not in _WEAK_AFTER_BREAK
    return True


def _suffix_fits(sfx: str, unit: str, text: str, end: int) -> bool:
    nxt = text[end : end + 1] or " "
    if sfx == "内":
        return (
            unit in UNITS and UNITS[unit].kind in ("duration", "date") and nxt not in "容部外涵地"
        )
    if sfx == "上下":
        return nxt not in "游级班文半"
    return True


def _read_range(text: str, r: _Reading, han: bool) -> None:
    """3-5万元, 3～5万元, 三至五家, 2021-2025年: a second number closes a range."""
    if r.low is not None or r.suffix or r.approx:
        return
    nxt = text[r.end : r.end + 1]
    if nxt in (" ", "\t"):
        nxt = text[r.end + 1 : r.end + 2]  # one space or tab may stand before the dash
    if nxt not in _RANGE_FIRST:
        return
    m = _RANGE.match(text, r.end)
    if m is None:
        return
    sep = text[r.end : m.start(m.lastgroup or 0)]
    if sep[:1] in " \t" and sep[-1:] not in " \t":
        return  # "0.03 -12.0": two table cells, the second negative
    raw2 = m.group("ar") if m.group("ar") is not None else m.group("han")
    second = numeral_to_decimal(_clean_arabic(raw2)) if m.group("ar") else numeral_to_decimal(raw2)
    if second is None:
        return
    tail = _TAIL.match(text, m.end())
    r2 = _Reading(m.start("ar") if m.group("ar") else m.start("han"), m.end(), second, han, "")
    _apply_tail(r2, tail)
    if m.group("han") and not r2.unit:
        return
    if r.unit and r2.unit != r.unit:
        return
    if r.scale and r2.scale != r.scale:
        return
    if not r.unit and not r2.unit and (r.scale or r2.scale) and r.scale != r2.scale:
        return
    first = r.value
    if first is None or not first < second:
        return  # "85 - 21": two cells, not a range
    r.low, r.high, r.value = first, second, None
    r.scale, r.unit, r.end, r.suffix = r2.scale, r2.unit, r2.end, r2.suffix
    r.unit_start = r2.unit_start
    r.approx = r2.approx
    r.rule = r.rule + "_range"


def _apply_left(text: str, r: _Reading, context: str) -> None:
    s = r.start
    prev = text[s - 1 : s]
    if (_last_visible(text, s) if prev in _BLANKS else prev) not in _LEFT_LAST:
        return
    m = _LEFT.match(text[max(0, s - 12) : s][::-1])
    if m is None:
        return
    # a group over m's [a, b) covers text[s - b : s - a]: its start in text is s - m.end(group)
    sign, rank, pre, chg, bound = m.groups()
    start = s
    if sign and r.value is not None:
        sign_at = s - m.end(1)
        before = text[sign_at - 1] if sign_at else ""
        # 负 after a Han character is usually the end of a word (税负, 正负), not a sign: only
        # after a linking verb (为负3, 增长负1.1%) is it one.
        han_word = sign == "负" and before >= "\u4e00" and before not in _SIGN_AFTER
        if not (before.isalnum() and before.isascii()) and not before.isdigit() and not han_word:
            r.value = -r.value
            start = sign_at
    if rank:
        rank_at = s - m.end(2)
        r.left_rank = rank
        if rank == "第":
            reach = max(0, rank_at - RANK_REGION_REACH)
            r.region_rank = bool(_RANK_REGION.match(text, reach, rank_at))
        if _is_rank_unit(r) or rank == "第" or r.unit in ("季度", "个季度"):
            start = rank_at
    if pre:
        pre, pre_at = pre[::-1], s - m.end(3)
        if pre in ("<", ">") and pre_at and _TAG_CHAR.match(text, pre_at - 1):
            pass  # the end of an HTML tag (<td>5), not a comparator
        elif pre == "约" and pre_at and text[pre_at - 1] in _YUE_WORDS:
            pass  # 家庭医生签约3146人, 节约资金: the end of a word, not "about"
        else:
            _set_marker(r, MARKERS[("before", pre)], context)
            start = pre_at
    if chg:
        marker = MARKERS[("before", chg[::-1])]
        if marker.field == "change":
            r.change = marker.prose
    if bound and not pre:
        # (the quantity's text stays the number's: the verb between is no part of it)
        bound, bound_at = bound[::-1], s - m.end(5)
        if not (bound == "约" and bound_at and text[bound_at - 1] in _YUE_WORDS):
            _set_marker(r, MARKERS[("before", bound)], context)
    r.start = start


def _apply_suffix(r: _Reading, context: str) -> None:
    marker = MARKERS.get(("after", r.suffix))
    if marker is not None:
        _set_marker(r, marker, context)


def _set_marker(r: _Reading, marker: tables.Marker, context: str) -> None:
    value = marker.target if context == "target" else marker.prose
    if value is None:
        return
    if value.startswith("op:"):
        r.op = value[3:]
    elif marker.field == "op":
        r.op = value
    elif marker.field == "approx":
        r.approx = value


def _is_rank_unit(r: _Reading) -> bool:
    return r.unit in ("位", "名", "位次", "个位次")


# --- rule: building the quantity ---------------------------------------------------------------


def _to_quantity(text: str, r: _Reading, context: str) -> Quantity | None:
    unit = UNITS.get(r.unit) if r.unit else None
    if unit is not None and unit.kind == "date" or r.unit in ("个季度",):
        return _date_quantity(text, r)
    if r.left_rank == "第" and not (_is_rank_unit(r) or r.region_rank):
        return None  # 第一代, 第32届: ordinals, not ranks
    kind, printed, base_unit, factor, divisor, rule = _conversion(r.scale, r.unit, r.per)
    rule = r.rule + rule
    if (
        r.left_rank == "第"
        or (r.left_rank == "前" and _is_rank_unit(r))
        or (r.change and _is_rank_unit(r))
        or r.unit in ("位次", "个位次")
    ):
        kind, base_unit, factor, divisor = "rank", "rank", _ONE, _ONE
        rule = "rank"
        if r.left_rank == "前":
            r.op = r.op or "<="
            rule = "rank_top"
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": tidy(r.value) if r.value is not None else None,
            "unit": printed,
            "base_value": _base_memo(r.value, factor, divisor) if r.value is not None else None,
            "base_unit": base_unit,
            "kind": kind,
            "op": r.op,
            "approx": _duration_approx(text, r) if kind == "duration" else r.approx,
            "low": tidy(r.low) if r.low is not None else None,
            "high": tidy(r.high) if r.high is not None else None,
            "change": r.change,
            "rule": rule,
            "base_low": _to_base(r.low, factor, divisor) if r.low is not None else None,
            "base_high": _to_base(r.high, factor, divisor) if r.high is not None else None,
        }
    )


_ONE = Decimal(1)


class _Conversion(NamedTuple):
    kind: str
    unit: str  # as printed: scale word, unit, per-unit (万元, 元/m2)
    base_unit: str
    factor: Decimal  # exact, to the base unit
    divisor: Decimal  # the per-unit's factor (1 without one)
    rule: str  # appended to the reading's rule


@lru_cache(maxsize=1024)
def _conversion(scale: str, surface: str, per_surface: str) -> _Conversion:
    """What a scale word, a unit and a per-unit make of a number (万 元 → 万元, 元, × 10000).
    A handful of combinations recur, so each is worked out once."""
    unit = UNITS.get(surface) if surface else None
    kind = unit.kind if unit else "number"
    base_unit = unit.base_unit if unit else ""
    printed = scale + (unit.unit if unit else "")
    factor = _CTX.multiply(
        Decimal(SCALES.get(scale, 1) if scale else 1), unit.factor if unit and unit.factor else _ONE
    )
    rule = "_unit" if unit else "_scale" if scale else "_bare"
    per = _denominator(per_surface) if unit is not None and per_surface else None
    divisor = _ONE
    if per is not None:
        # a rate: 21.58元/m2 -> base 元/m2; the divisor's factor converts the denominator
        printed += "/" + per[0]
        base_unit += "/" + per[1]
        divisor = per[2]
        rule += "_per"
    return _Conversion(kind, printed, base_unit, factor, divisor, rule)


@lru_cache(maxsize=256)
def _denominator(surface: str) -> tuple[str, str, Decimal] | None:
    """(unit, base unit, factor) of a rate's denominator as printed: 吨 → (吨, kg, 1000),
    月 → (月, month, 1), 公里/月 → (公里/月, m/month, 1000), 人·次 → (人次, 人次, 1),
    百平方公里 → (百平方公里, m2, 100000000); None when a piece converts to nothing."""
    joined = _PER_SEPARATORS.sub("", surface)
    if joined != surface and joined in UNITS:
        surface = joined  # 人·次 is the unit 人次, not people times occasions
    pieces = _PER_SEPARATORS.split(surface)
    separators = ["/" if sep in "/／" else "·" for sep in _PER_SEPARATORS.findall(surface)]
    printed, base, factor = "", [], _ONE
    for i, piece in enumerate(pieces):
        unit, scale = UNITS.get(piece), ""
        if unit is None and piece[:1] in _PER_SCALES:
            scale, piece = piece[0], piece[1:]
            unit = UNITS.get(piece)
        if unit is None or unit.factor is None:
            unit = PER_ONLY.get(piece)
        if unit is None or unit.factor is None:
            return None
        printed += (separators[i - 1] if i else "") + scale + unit.unit
        base.append(unit.base_unit)
        factor = _CTX.multiply(factor, unit.factor)
        if scale:
            factor = _CTX.multiply(factor, Decimal(_PER_SCALES[scale]))
    return printed, "/".join(base), factor


def _to_base(value: Decimal | None, factor: Decimal, divisor: Decimal) -> Decimal | None:
    """value × factor exactly; a per-unit divisor (元/吨) may need rounding (20 digits)."""
    if value is None:
        return None
    return _base_memo(value, factor, divisor)


# Keyed by Decimals whose hashes are cached (memoized numerals, _factor's factors, constants).
@lru_cache(maxsize=4096)
def _base_memo(value: Decimal, factor: Decimal, divisor: Decimal) -> Decimal:
    product = _CTX.multiply(value, factor)
    return tidy(product if divisor == 1 else _DIV.divide(product, divisor))


# --- rule: dates and durations -----------------------------------------------------------------


def _int_value(d: Decimal | None) -> int | None:
    if d is None or d != d.to_integral_value() or abs(d) > 10**6:
        return None
    return int(d)


def _is_year(r: _Reading, text: str) -> bool:
    y = _int_value(r.value)
    if y is None or not 1800 <= y <= 2200 or r.scale:
        return False
    raw = text[r.start : r.end]
    if raw.isdigit():
        return len(raw) == 4  # the usual 2022
    return sum(ch.isdigit() or ch in HAN_DIGITS for ch in raw) == 4


def _date_quantity(text: str, r: _Reading) -> Quantity | None:
    surface = r.unit
    if surface in ("年", "年度") and r.low is None and _is_year(r, text):
        year = _int_value(r.value)
        assert year is not None
        m = _AFTER_YEAR.match(text, r.end) if surface == "年" else None
        return _year_date(text, r, year, m)
    if surface in ("年", "年度") and r.low is not None and _int_value(r.low) and _int_value(r.high):
        lo, hi = _int_value(r.low), _int_value(r.high)
        if lo and hi and 1800 <= lo < hi <= 2200:
            return _date(text, r, "date_year_range", period=f"{lo}/{hi}")
    if surface == "年度":
        if r.han:
            return None  # 上一年度, 每一年度: which year, not a figure
        # 10年度 in a scrambled table: a bare figure followed by the word 年度
        r.unit, r.end = "", _end_before_spaces(text, r.unit_start) if r.unit_start > 0 else r.end
        return _to_quantity(text, r, "prose") if r.low is None else None
    if surface == "年":
        return _duration(text, r, "year", "年")
    if surface in ("月", "月份"):
        if r.low is not None:
            lo, hi = _int_value(r.low), _int_value(r.high)
            if lo and hi and 1 <= lo < hi <= 12:
                return _date(text, r, "date_month_range", period=f"--{lo:02d}/--{hi:02d}")
            return None
        month = _int_value(r.value)
        if month is None or not 1 <= month <= 12:
            return None
        m = _AFTER_MONTH.match(text, r.end)
        day = _small_int(m.group("d")) if m and m.group("d") else None
        if m:
            r.end = m.end()
        if day is not None and 1 <= day <= 31:
            return _date(
                text, r, "date_md", month=month, day=day, period=f"--{month:02d}-{day:02d}"
            )
        return _date(text, r, "date_month", month=month, period=f"--{month:02d}")
    if surface in ("日",):
        day = _int_value(r.value)
        if day is not None and 1 <= day <= 31 and r.low is None and not r.op:
            return _date(text, r, "date_day", day=day, period=f"---{day:02d}")
        return _duration(text, r, "day", "日")
    if surface in ("季度", "个季度"):
        q = _int_value(r.value)
        lo, hi = _int_value(r.low), _int_value(r.high)
        if surface == "季度" and lo and hi and 1 <= lo < hi <= 4:
            return _date(text, r, "date_quarter_range", period=f"Q{lo}/Q{hi}")
        if surface == "个季度" or (r.left_rank != "第" and (q is None or q > 4)):
            return _duration(text, r, "month", "季度", Decimal(3))
        if r.left_rank == "前" and q in (2, 3):
            return _date(text, r, "date_quarter_range", period=f"Q1/Q{q}")
        if q is not None and 1 <= q <= 4:
            return _date(text, r, "date_quarter", period=f"Q{q}")
    return None


def _year_date(text: str, r: _Reading, year: int, m: re.Match | None) -> Quantity:
    if m is None or m.end() == r.end:
        return _date(text, r, "date_year", year=year, period=str(year))
    r.end = m.end()
    if m.group("half"):
        h = 1 if m.group("half") == "上半年" else 2
        return _date(text, r, "date_half", year=year, period=f"{year}-H{h}")
    if m.group("q"):
        q = _small_int(m.group("q"))
        return _date(text, r, "date_quarter", year=year, period=f"{year}-Q{q}")
    if m.group("qn"):
        q = _small_int(m.group("qn"))
        return _date(text, r, "date_quarter_range", year=year, period=f"{year}-Q1/{year}-Q{q}")
    if m.group("m"):
        month = _small_int(m.group("m"))
        if month is None or not 1 <= month <= 12:
            r.end = m.start()
            return _date(text, r, "date_year", year=year, period=str(year))
        if m.group("m2"):
            m2 = _small_int(m.group("m2")) or 0
            return _date(
                text,
                r,
                "date_month_range",
                year=year,
                period=f"{year}-{month:02d}/{year}-{m2:02d}",
            )
        day = _small_int(m.group("d")) if m.group("d") else None
        if day is not None and 1 <= day <= 31:
            return _date(
                text,
                r,
                "date_ymd",
                year=year,
                month=month,
                day=day,
                period=f"{year}-{month:02d}-{day:02d}",
            )
        return _date(text, r, "date_ym", year=year, month=month, period=f"{year}-{month:02d}")
    return _date(text, r, "date_year", year=year, period=str(year))


def _small_int(s: str | None) -> int | None:
    if not s:
        return None
    v = numeral_to_decimal(s.translate(FULLWIDTH))
    return _int_value(v)


# A deadline: the date is the latest allowed (2025年12月31日前, 12月底前完成, 2026年6月之前). Not
# 前 opening a word or a count (2025年前三季度, 前期, 前列, 2025年前后: about 2025).
_DEADLINE = re.compile(
    rf"{WS}{{0,2}}(?:之前|以前|前(?![一二三四五六七八九十两几{DIG}期列沿景提身夕端面者后往进置行瞻半]))"
)


def _date(text: str, r: _Reading, rule: str, **parts: Any) -> Quantity:
    deadline = _DEADLINE.match(text, r.end) if not r.op else None
    if deadline:
        r.end, r.op = deadline.end(), "<="
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": None,
            "unit": "",
            "base_value": None,
            "base_unit": "",
            "kind": "date",
            "op": r.op,
            "approx": r.approx,
            "rule": rule,
            **parts,
        }
    )


def _iso_date(text: str, s: int, m: re.Match) -> Quantity | None:
    y, mo = int(m.group("y")), int(m.group("m"))
    d = int(m.group("d")) if m.group("d") else None
    if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    r = _Reading(s, m.end(), None, False, "")
    if d is None:
        return _date(text, r, "date_iso", year=y, month=mo, period=f"{y}-{mo:02d}")
    return _date(text, r, "date_iso", year=y, month=mo, day=d, period=f"{y}-{mo:02d}-{d:02d}")


def _duration_approx(text: str, r: _Reading) -> str | None:
    """近三年 is the last three years, not nearly three (将近三年 and 接近三年 are: their
    reading starts at 将 or 接)."""
    return None if text[r.start] == "近" else r.approx


def _duration(
    text: str, r: _Reading, base_unit: str, unit: str, factor: Decimal = Decimal(1)
) -> Quantity:
    if r.scale:
        factor = _CTX.multiply(factor, Decimal(SCALES.get(r.scale, 1)))
    value = tidy(r.value) if r.value is not None else None
    base = _to_base(r.value, factor, _ONE)
    low = tidy(r.low) if r.low is not None else None
    high = tidy(r.high) if r.high is not None else None
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": value,
            "unit": r.scale + unit,
            "base_value": base,
            "base_unit": base_unit,
            "kind": "duration",
            "op": r.op,
            "approx": _duration_approx(text, r),
            "low": low,
            "high": high,
            "change": r.change,
            "rule": "duration",
            "base_low": _to_base(r.low, factor, _ONE),
            "base_high": _to_base(r.high, factor, _ONE),
        }
    )


# --- rule: fractions and percents --------------------------------------------------------------


_PERCENT_HAN_UPPER = re.compile(
    rf"{WS}{{0,2}}(?:至|到|[-－~～]){WS}{{0,2}}(?P<den>[百千万])分之(?P<hi>[{HAN}点點]{{1,12}}+)"
)


def _take_suffix(text: str, r: _Reading) -> None:
    """以上, 左右 and the like right after a unitless figure (三分之二以上)."""
    tail = _TAIL.match(text, r.end)
    if (
        tail is not None
        and tail.group("sfx")
        and _suffix_fits(tail.group("sfx"), "", text, tail.end())
    ):
        r.suffix = tail.group("sfx")
        r.end = tail.end()


def _read_fraction(text: str, m: re.Match, context: str) -> Quantity | None:
    s, e = m.span("frac")
    raw = text[s:e]
    den_text, num_text = raw.split("分之", 1)
    den = (
        numeral_to_decimal(den_text.translate(FULLWIDTH))
        if den_text not in ("百", "千", "万")
        else (Decimal({"百": 100, "千": 1000, "万": 10000}[den_text]))
    )
    num = Decimal(100) if num_text == "百" else numeral_to_decimal(num_text.translate(FULLWIDTH))
    if den is None or num is None or den == 0:
        return None
    r = _Reading(s, e, num, True, "fraction_han")
    _take_suffix(text, r)
    _apply_left(text, r, context)
    if r.suffix:
        _apply_suffix(r, context)
    unit_by_den = {100: "%", 1000: "‰", 10000: "‱"}
    if den_text in ("百", "千", "万") and int(den) in unit_by_den:
        value: Decimal | None = tidy(num)
        low: Decimal | None = None
        high: Decimal | None = None
        rule = "percent_han"
        upper = _PERCENT_HAN_UPPER.match(text, r.end) if not r.suffix else None
        top = numeral_to_decimal(upper.group("hi")) if upper else None
        if upper and upper.group("den") == den_text and top is not None and top > num:
            # 百分之一至百分之三: one range, as 1%至3% is
            value, low, high, rule = None, tidy(num), tidy(top), "percent_han_range"
            r.end = upper.end()
        return _quantity(
            {
                "text": text[r.start : r.end],
                "start": r.start,
                "end": r.end,
                "value": value,
                "unit": unit_by_den[int(den)],
                "base_value": tidy(_DIV.divide(num, den)) if value is not None else None,
                "base_unit": "ratio",
                "kind": "percent",
                "op": r.op,
                "approx": r.approx,
                "low": low,
                "high": high,
                "change": r.change,
                "rule": rule,
                "base_low": tidy(_DIV.divide(low, den)) if low is not None else None,
                "base_high": tidy(_DIV.divide(high, den)) if high is not None else None,
            }
        )
    return _ratio_quantity(text, r, tidy(_DIV.divide(num, den)), "fraction_han")


def _read_half(text: str, m: re.Match, context: str) -> Quantity | None:
    """一半 and 半数 are the fraction 1/2 (减少一半, 超过半数, 一半以上)."""
    s, e = m.span("half")
    r = _Reading(s, e, _HALF, True, "half_han")
    _take_suffix(text, r)
    _apply_left(text, r, context)
    if r.suffix:
        _apply_suffix(r, context)
    return _ratio_quantity(text, r, _HALF, "half_han")


_HALF = Decimal("0.5")
_DOUBLINGS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4}


def _read_doubling(text: str, m: re.Match, context: str) -> Quantity | None:
    """翻N番 doubles N times: growth by 2^N - 1 times, so 翻一番 is 增长1倍 and 翻两番 增长3倍.
    The value is N as printed (翻番 alone is one doubling), the base the growth in 倍's terms."""
    n = _DOUBLINGS[m.group("fann")] if m.group("fann") else 1
    r = _Reading(m.start("fan"), m.end("fan"), Decimal(n), True, "doubling_han")
    _apply_left(text, r, context)
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": Decimal(n),
            "unit": "番",
            "base_value": Decimal(2**n - 1),
            "base_unit": "ratio",
            "kind": "ratio",
            "op": r.op,
            "approx": r.approx,
            "change": "increase",
            "rule": "doubling_han",
        }
    )


def _slash_fraction(text: str, r: _Reading, m: re.Match, context: str) -> Quantity | None:
    den = numeral_to_decimal(m.group("den").translate(FULLWIDTH))
    if den is None or den == 0 or r.value is None:
        return None
    r.end = m.end()
    _apply_left(text, r, context)
    return _ratio_quantity(text, r, tidy(_DIV.divide(r.value, den)), "fraction_slash")


def _ratio_quantity(text: str, r: _Reading, ratio: Decimal, rule: str) -> Quantity:
    """A fraction (三分之二, 2/3): a ratio with no unit, its value its own base value."""
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": ratio,
            "unit": "",
            "base_value": ratio,
            "base_unit": "ratio",
            "kind": "ratio",
            "op": r.op,
            "approx": r.approx,
            "change": r.change,
            "rule": rule,
        }
    )


# --- rule: ranks -------------------------------------------------------------------------------


def _read_ordinal(text: str, m: re.Match) -> Quantity | None:
    s, e = m.span("ordnum")
    raw = text[s:e]
    if _in_idiom(text, s, e):
        return None
    value = numeral_to_decimal(raw)
    if value is None:
        return None
    r = _Reading(m.start("ord"), e, value, True, "rank")
    tail = _TAIL.match(text, e)
    unit, unit_end = (tail.group("unit"), tail.end("unit")) if tail is not None else (None, e)
    if unit in ("季度",):
        r.unit, r.end, r.left_rank = unit, unit_end, "第"
        return _date_quantity(text, r)
    reach = max(0, m.start("ord") - RANK_REGION_REACH)
    region = _RANK_REGION.match(text, reach, m.start("ord"))
    if unit in ("位", "名"):
        r.unit, r.end = unit, unit_end
    elif region is None:
        return None
    return _quantity(
        {
            "text": text[r.start : r.end],
            "start": r.start,
            "end": r.end,
            "value": tidy(value),
            "unit": r.unit,
            "base_value": tidy(value),
            "base_unit": "rank",
            "kind": "rank",
            "rule": "rank",
        }
    )


# --- whole cells -------------------------------------------------------------------------------

EMPTY_CELLS = {"", "—", "——", "-", "--", "－", "/", "／", "无", "\\", "…", "空"}
TRUE_CELLS = {"是", "√", "✓", "✔"}
FALSE_CELLS = {"否", "×", "✗", "✘"}


def parse_value(text: str, context: str = "target") -> Quantity | None:
    """A whole table cell as one Quantity, or None for empty cells and cells with no figure.

    是/否 (and √/×) become kind "boolean" with value 1/0; empty markers (—, -, /, 无) give None.
    When the cell holds several quantities, the single non-date one is returned; otherwise None.

    >>> parse_value("≥95%").op, parse_value("≥95%").value
    ('>=', Decimal('95'))
    >>> parse_value("—") is None
    True
    """
    try:
        return _parse_value(text, context)
    except Exception:  # the contract: never raise on text
        if numerals.RAISE_INTERNAL_ERRORS:
            raise
        return None


# A figure with its unit in brackets after it, the whole cell: ≥13459.00(平方米), =100.00(%).
_BRACKETED_UNIT = regex.compile(r"^(?P<figure>.*\d)\s*[(（](?P<unit>[^()（）]{1,8})[)）]$")


def _unit_in_brackets(cell: str, offset: int, context: str) -> Quantity | None:
    """The quantity of a cell printing its unit in brackets after the figure (上海 2023 项目支出
    绩效目标表: ≥13459.00(平方米), =100.00(%), ≥1(场）), read as if the unit stood next to the
    figure; the quantity spans the whole cell. None when the brackets hold no known unit
    (≥100.00(人数), 22000（据实列支）) or the cell is not of that form."""
    match = _BRACKETED_UNIT.match(cell)
    if match is None:
        return None
    unit = match["unit"].strip()
    joined = match["figure"] + unit
    found = find_quantities(joined, context=context)
    if len(found) != 1 or found[0].unit != unit or found[0].end != len(joined):
        return None
    return replace(found[0], text=cell, start=offset + found[0].start, end=offset + len(cell))


def _in_brackets(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` lies inside round brackets (either width)."""
    depth = 0
    for ch in text[:at]:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
    return depth > 0


# A cost cell may name what its bound bounds between the comparator and the figure
# (dongguan 2025 成本指标: 不超过预算额2160万元, ≤当年预算总额3300万元, 不超过保费的30%): a
# comparator opening the cell, then a few Han characters and no other figure or mark.
_OP_ALT = tables.alternation(
    {s for (pos, s) in MARKERS if pos == "before" and MARKERS[(pos, s)].field == "op"}
)
_BOUND_NAMED = regex.compile(rf"^\s*(?P<op>{_OP_ALT})\s*\p{{Han}}{{1,8}}\s*$")


def _bound_named_between(text: str, q: Quantity, context: str) -> Quantity:
    """``q`` with the comparator that opens its cell when only a short name stands between them
    (the quantity then spans from the comparator); ``q`` itself otherwise."""
    if context != "target" or q.op is not None or q.approx is not None:
        return q
    match = _BOUND_NAMED.match(text[: q.start])
    if match is None:
        return q
    op = MARKERS[("before", match["op"])].target
    return replace(q, op=op, text=text[match.start("op") : q.end], start=match.start("op"))


def _cell_figure(text: str, found: list[Quantity]) -> Quantity | None:
    """The one quantity a cell's value is: the only one found, the only one not a date, or the
    only one outside brackets; None when the cell holds several."""
    if len(found) == 1:
        return found[0]
    figures = [q for q in found if q.kind != "date"]
    if len(figures) == 1:
        return figures[0]
    # A threshold inside a noun phrase only says which items are counted: 年营收10亿元以上企业
    # 约5家 is 约5家.
    counted = [q for q in figures if not is_threshold(text, q)]
    if len(counted) == 1:
        return counted[0]
    # The other figures in brackets are an aside to the one outside them: 2本（4000册）,
    # 每生每年3500元的标准（残疾学生免学费标准为3850元）.
    outside = [q for q in figures if not _in_brackets(text, q.start)]
    return outside[0] if len(outside) == 1 else None


# 以上 or 以下 after a figure (10亿元以上企业, 100万元（含）以上设备).
THRESHOLD_MARK = re.compile(r"\s*(?:（含）|\(含\))?\s*(?:以上|以下)\s*")
# A figure later in the clause, before any list mark (…自然村寨覆盖率98.7%).
FIGURE_IN_CLAUSE = re.compile(r"[^，,；;。：:、\d]{1,12}?\d")


def is_threshold(text: str, q: Quantity) -> bool:
    """Whether ``q`` bounds a noun phrase (单价100万元（含）以上设备, 10亿元以上企业) rather than
    being a figure: 以上 or 以下 after it and a noun next. Before 规模 or 水平 it says where a
    figure stands (200亿元及以上规模); before 和 or 及 (700人以上和…) it closes the figure's own
    phrase. A count before its own noun is a figure (认定3个以上项目) unless a figure of the noun
    follows (10人以上企业500家, 30户以上自然村寨覆盖率98.7%) or it counts people sizing places
    (500万人口以上城市). Read by prose (``extractor.nlp.metrics``) and target cells alike."""
    after = _after_bound(text, q)
    if after is None:
        return False
    if not re.match(r"[\u4e00-\u9fff（(](?<![和及与并])", after) or after.startswith(
        ("规模", "水平")
    ):
        return False
    if is_share_of_items(text, q):
        return False
    return q.kind != "count" or "人口" in q.text or bool(FIGURE_IN_CLAUSE.match(after))


def is_share_of_items(text: str, q: Quantity) -> bool:
    """A percent bounded by 以上 or 以下 before what it is a share of (覆盖80%以上村卫生室,
    90%以上的政务服务实现网上可办, 财政支出70%以上用于民生): a figure, not the bound of the items'
    rate that a rate word before it makes it (增幅在30%以上的有7个行业)."""
    if q.kind != "percent" or RATE_BEFORE.search(text[max(0, q.start - 4) : q.start]):
        return False
    after = _after_bound(text, q)
    return after is not None and bool(re.match(r"[\u4e00-\u9fff]", after))


def bound_end(text: str, q: Quantity) -> int | None:
    """Where the 以上 or 以下 that bounds ``q`` ends (in its surface or right after it); None when
    nothing bounds it."""
    if q.text.endswith(("以上", "以下")):
        return q.end
    mark = THRESHOLD_MARK.match(text, q.end)
    return mark.end() if mark else None


def _after_bound(text: str, q: Quantity) -> str | None:
    """The few characters after ``q``'s bound (bound_end), as far as the tests on them read
    (FIGURE_IN_CLAUSE: 13). Only so much is copied: a section's text may run to many thousand
    characters."""
    end = bound_end(text, q)
    return None if end is None else text[end : end + _AFTER_BOUND_READ]


_AFTER_BOUND_READ = 32


# A rate or a measure right before a percent makes it the bound of the items' rate (增幅在30%以上
# 的有7个行业, 资产负债率70%以上企业), not a share of them.
RATE_BEFORE = re.compile(
    r"(增长|增幅|增速|涨幅|降幅|下降|提高|提升|占比|比重|比例|率|在|达到?|超过?|高于|低于|为|是)\s*$"
)


def _parse_value(text: str, context: str) -> Quantity | None:
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    if stripped in EMPTY_CELLS:
        return None
    if stripped in TRUE_CELLS or stripped in FALSE_CELLS:
        v = Decimal(1) if stripped in TRUE_CELLS else Decimal(0)
        return _quantity(
            {
                "text": stripped,
                "start": offset,
                "end": offset + len(stripped),
                "value": v,
                "unit": "",
                "base_value": v,
                "base_unit": "",
                "kind": "boolean",
                "rule": "boolean_cell",
            }
        )
    unit_apart = _unit_in_brackets(stripped, offset, context)
    if unit_apart is not None:
        return unit_apart
    found = find_quantities(text, context=context)
    figure = _cell_figure(text, found)
    if figure is not None:
        return _bound_named_between(text, figure, context)
    if found:
        return None
    value = parse_number(stripped)
    if value is None:
        return None
    return _quantity(
        {
            "text": stripped,
            "start": offset,
            "end": offset + len(stripped),
            "value": value,
            "unit": "",
            "base_value": value,
            "base_unit": "",
            "kind": "number",
            "rule": "number_cell",
        }
    )
