"""What a metric's sentence says about its value besides the subject: the qualifier (新增, 全年,
较上年), the markers (约 and 超过: approx; 不少于: op; 增长 and 压减: change) and the period
(2024年底, 上年, 上半年). Read by the metric linker (``extractor.nlp.metrics``) for every value.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.nlp.lexicon import lexicon
from extractor.nlp.topic_context import ADJUSTED_FOR

# A date that sets the period of the values after it: 2022年, 2022 年度, 2022 年底, 2024年12月31日.
DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?"
    r"(?P<tail>度|底|末|初)?"
)
# The end of a part of a sentence (；): a date set with 于 in a part before tells when something
# was done there, not the period of the figures after it.
DEED_PART_ENDS = re.compile(r"[；;]")
YEAR_RANGE = re.compile(r"\d{4}\s*年?\s*[-—－至到~～]\s*\d{4}\s*年")
# A list of years (2027年和2028年, 2018、2019年): like a span, it gives its values no one year,
# unless a 分别 pairs them with its years (respective_years).
YEAR_LIST = re.compile(r"\d{4}\s*年?(?:\s*[、和及]\s*\d{4}\s*年?)*\s*[、和及]\s*\d{4}\s*年度?")
# A reason given for a figure (主要是受2023年缓税收入抬高基数影响；): a date in it is the cause's,
# not the period of the figures after the clause closes.
# Reasons that run on over clauses (主要原因一是…，…；) and those that are one clause (由于…,).
LONG_REASON = r"(?:主要是|主要原因[一二三四五]?是|原因是)"
CLAUSE_REASON = r"(?:主要由于|由于|主要受|主要因)"
REASON = re.compile(rf"(?:{LONG_REASON}|{CLAUSE_REASON})[^；;。]*[；;]")
# Budget line items whose names start with a period word: 上年结余收入, 年末滚存结余, and this
# year's use of last year's carry-over (上年专项政策性结转使用).
ITEM_NAME = re.compile(r"上年[^，,；;。、\d]{0,6}?(?:结余|结转)|年末滚存|年终结")
# A span from a date on (2023年以来, 2021年以后).
SINCE_DATE = re.compile(r"\s*(?:以来|以后|之后)")
# A bound's 以 right before 上年 (省级以上年度冠军赛, 100万元以上年度项目): the 上 is 以上's.
BOUND_BEFORE = re.compile(r"(?:级|[\d万亿元人个家])以$")
RELATIVE_PERIOD = re.compile(
    r"[上去今]年[末底]|年末|年底|今年|本年|年内|上半年|下半年|上年|去年|全年"
    r"|前三季度|第?[一二三四]季度"
)
# Parts of a year: halves and quarters, and the first three quarters counted together (前三季度
# 增长6.4%). 全年 after one of them speaks of the whole year again.
PART_OF_YEAR = {
    "上半年": "H1", "下半年": "H2", "前三季度": "Q1-Q3",
    "一季度": "Q1", "二季度": "Q2", "三季度": "Q3", "四季度": "Q4",
}
PART_OF_YEAR_PERIOD = re.compile(r"\d{4}-(?:end|H[12]|Q[1-4](?:-Q[1-4])?)$")
# A change counted from the budget, not from last year (公务接待费0.49亿元，较预算数减少0.21亿元).
AGAINST_BUDGET = re.compile(r"(比|较|与)\s*(年初预算数|调整预算数|预算数|年初预算|调整预算|预算)")
# Where a change from a base (由上年的…) reaches what it came to.
CHANGED_TO = re.compile(r"转为|升至|降至|增至|减至|提高[到至]|下降[到至]|缩小为|扩大为|[至到为]")
# A date adverbial inside one clause (并于2024年…), and the clause break it holds up to.
DATED_IN_CLAUSE = re.compile(r"[并已将]于\s*$")
CLAUSE_AFTER = re.compile(r"[，,；;]")
# The circumstance or base a figure is stated against (在…的情况下, 在2023年基础上), from its first
# 在 on (unlike topic_context.BASE_FRAME, which wants the nearest).
CIRCUMSTANCE = re.compile(r"在[^，,；;。]{0,30}?(?:基础上|情况下)")
# A date or year word right after one of these is a comparison base, not the period; so is one
# a level is set above or below (增幅明显高于去年, 少于2018年全年实际执行数).
COMPARE_BEFORE = re.compile(r"(比|较|与|同|从|自|对比|[高低快慢多少好优]于)\s*$")
# …and a date right after 从 or 由 is the start of a change, when its value follows with 的.
FROM_YEAR = re.compile(r"(从|由)\s*$")
YEAR_END = re.compile(r"年末|年底")
# The same said without its year (a dated one, 截至2025年底, names its own period).
BARE_YEAR_END = re.compile(r"(?<![\d０-９\s])\s*年[末底]")
# What a year yields, counted over the year and never at its end: 产量, and 出栏 (livestock sold
# off). Statistical bulletins list them after the year-end stocks (年末茶园面积…；茶叶产量…).
FLOW = re.compile(r"产量|出栏")
PREVIOUS_YEAR = re.compile(r"(比|较|与)\s*(上年|去年|上一年|同期)")
# 全年预算 is a figure of its own in a 部门决算 (年初预算, 全年预算, 决算), not a qualifier; nor is
# the year's target a sum is measured against (超全年目标（110亿元）38.3%).
FULL_YEAR_NAMES = "预算|目标|绩效目标"
NAMED_FULL_YEAR = re.compile(rf"全年(?={FULL_YEAR_NAMES})")
# A qualifier word opening a name is no qualifier: 全年预算, and 新增建设用地(土地)有偿使用费, the
# fee paid for land newly taken for building, a line of the 政府性基金 budget; 新增劳动力, those
# entering the labour force (新增劳动力平均受教育年限从13.5年提高到14年).
NAMED_AFTER_NEW = r"建设用地(?:土地)?有偿使用费|劳动力"
NAMED_QUALIFIER = re.compile(rf"{NAMED_FULL_YEAR.pattern}|新增(?={NAMED_AFTER_NEW})")
# 全年 said of a sentence holds for the figures after it, unless it is part of a name (超全年目标
# （110亿元）38.3%), the way a sum is counted (按全年计算; 少于2018年全年实际执行数), or said in a
# reason, which runs to the end of its part (主要原因一是2025年全年实施降费减负政策，将用人单位
# 费率由6%降低为4.5%…；).
FULL_YEAR_SAID = re.compile(rf"(?<!按|于)全年(?!{FULL_YEAR_NAMES})")
# (A reason given with 由于 or 受 is its own clause: 由于土地出让金收入短收3.7亿元,全年支出完成…)
REASON_PART = re.compile(rf"{LONG_REASON}[^；;。]*(?:[；;]|$)|{CLAUSE_REASON}[^，,；;。]*")
# Debt that refinances or replaces old debt, or repays it: never 新增, whatever item before it
# was (新增专项债券项目支出160.1亿元、到期债务还本支出182.4亿元).
ROLLED_OVER = re.compile(r"\s*(再融资|置换|到期|还本|付息)")
# A total, stock or balance: never 新增 with the additions listed before it.
TOTAL = re.compile(r"\s*(总量|总数|总计|累计|余额)")


def find_qualifier(
    text: str, s0: int, q0: int, year: int | None, q: Any, prev_qualifier: str | None, rule: str
) -> str | None:
    """The qualifier of a value, most specific first:
    1. a comparison with last year in its clause (比上年, 与2023年度相比 when the report is 2024's),
       or with the budget (较预算数: 较预算);
    2. the first qualifier word of its clause, items joined by 、 counted as one clause
       (新增 11 家博物馆备案、27 家“类博物馆”挂牌 → both 新增);
    3. a sentence opened by 与上年相比， or holding 全年 earlier (全年粮食产量…，下降1.7%);
    4. a change stated right after a value compared with last year (比2023年度增加2.55万元，
       增长1.40%) inherits 较上年.
    """
    r0 = q0
    while r0 > s0 and text[r0 - 1] not in "，,；;：:。！？!?\n":
        r0 -= 1
    region = text[r0:q0]
    if previous_year_pattern(year).search(region):
        return "较上年"
    if AGAINST_BUDGET.search(region):
        return "较预算"
    # Items joined by 、 share a qualifier only when it opens the whole run (新增 A 11 家、B 27
    # 家); one inside an item (城镇新增就业1361万人、调查失业率…) stays with that item.
    item = region[region.rfind("、") + 1 :]
    first = first_qualifier(item)
    if first is None:
        opening = first_qualifier(region)
        # A share or rate is never 新增 or 累计 with the counts before it (城镇新增就业1256万人、
        # 城镇调查失业率平均为5.1%).
        counted = opening is not None and opening[1] in ("新增", "净增", "累计")
        # Nor are bonds that roll old debt over new ones (新增债券163.1亿元、再融资债券…).
        rolled = opening is not None and opening[1] == "新增" and ROLLED_OVER.match(item)
        # Nor is a total (新增国家高新技术企业7300家、总量突破2.6万家).
        total = opening is not None and opening[1] in ("新增", "净增") and TOTAL.match(item)
        # Nor is an item named after a change the 同比 was said of (同比增长2596.0%、非税收入
        # 10.26亿元); the next value of a list (分别下降2.8%、2.9%) is.
        compared = (
            opening is not None
            and opening[1] == "同比增长"
            and bool(item.strip())
            and re.search(r"\d", region[: region.rfind("、")]) is not None
        )
        if opening is not None and opening[0] <= 2 and not (rolled or total or compared):
            if not (counted and getattr(q, "kind", None) == "percent"):
                first = opening
    if first:
        return first[1]
    before = text[s0:r0]
    if re.match(
        r"\s*(与|同)\s*(上年|去年|上一年"
        + (rf"|{year - 1}\s*年度?" if year else "")
        + r")\s*(同期)?相比",
        before,
    ):
        return "较上年"
    # 全年全市生猪出栏量745.02万头…，年末全市生猪存栏547.01万头，增长2.0%，猪肉产量…: a stock at
    # the year's end, and its change, are not the whole year's; the next item is again.
    if (
        getattr(q, "kind", None) != "rank"
        and says_full_year(before)
        and not says_year_end(region, before, rule == "change_of_previous")
    ):
        return "全年"
    comparisons = ("较上年", "同比增长")
    if rule == "change_of_previous" and prev_qualifier in comparisons:
        return prev_qualifier
    return None


def last_clause(text: str) -> str:
    """The last clause of ``text``, its closing comma or semicolon left out."""
    return re.split(r"[，,；;：:]", text.rstrip("，,；;：: "))[-1]


def says_year_end(own: str, before: str, carried: bool) -> bool:
    """Whether a value's clause (``own``, up to the value) states a year's end, or, for a change
    ``carried`` from the value before it, that value's clause (the last of ``before``) does."""
    return bool(YEAR_END.search(own) or (carried and YEAR_END.search(last_clause(before))))


def says_full_year(before: str) -> bool:
    """Whether the sentence up to a value (``before``) says its figures are the whole year's."""
    return bool(FULL_YEAR_SAID.search(REASON_PART.sub("", before)))


def first_qualifier(text: str) -> tuple[int, str] | None:
    text = NAMED_QUALIFIER.sub("  ", text)
    first: tuple[int, str] | None = None
    for word, value in lexicon().qualifiers.items():
        at = text.find(word)
        if at >= 0 and (first is None or at < first[0]):
            first = (at, value)
    return first


def previous_year_pattern(year: int | None) -> re.Pattern[str]:
    extra = rf"|(比|较)\s*{year - 1}\s*年" if year else ""
    return re.compile(PREVIOUS_YEAR.pattern + extra)


# Verbs that cut a budget wherever they stand before a sum in its clause (not 降低 or 减少, which
# also open a level: 降低…至).
CUT_VERB = re.compile(r"压减|压降|核减|审减|削减|扣减|调减")
# A budget raised by a sum (按程序调增收入预算3亿元).
RAISE_VERB = re.compile(r"调增")


# Verbs that better what they act on: a value after them counts the phrase acted on.
RAISES_WHAT = re.compile(r"(提高|提升)(了)?$")
# A rate something grows or falls by, its verb after the value (约按3%递增, 养老金按5%增长).
RATE_BY = re.compile(r"(约|大约)?按\s*$")
RATE_VERB_AFTER = re.compile(r"\s*(?:(?P<up>递增|增长|增加|提高)|(?P<down>递减|下降|减少|降低))")


def markers_of(
    q: Any, clause_before: str, is_target: bool, rule: str, after: str = ""
) -> tuple[str | None, str | None, str | None]:
    """approx, op and change: the quantity's own markers, completed from its clause (and the
    words ``after`` it: a rate's verb)."""
    approx = getattr(q, "approx", None)
    op = getattr(q, "op", None)
    change = getattr(q, "change", None)
    tail = clause_before.rstrip()
    raised = None
    by = RATE_BY.search(tail)
    verb = RATE_VERB_AFTER.match(after) if by else None
    if by and verb:
        change = change or ("increase" if verb["up"] else "decrease")
        approx = approx or ("about" if by.group(1) else None)
    if rule in ("after_measure_word", "after_value_np", "margin_of_previous"):
        # 提升 656 公里公交专用道使用效率: the verb acts on the phrase, not the value; 高于…增速
        # 2.6个百分点 is a margin over a benchmark, not a change. (A count after 增加 is still
        # what was added: 增加15家智能工厂.)
        change = None
        raised = RAISES_WHAT.search(tail)
    if approx is None and re.search(r"(超过|超)[^，,]{1,16}的\s*$", tail):
        approx = "more_than"  # 均超过年度计划的 130%
    if (
        change is None
        and (
            re.match(
                r"\s*(?:今年|全年|也|还|要|再|将|拟)*(压减|压降|核减|审减|削减|扣减|减排|降低|减少|减轻)",
                clause_before,
            )
            or (getattr(q, "kind", None) == "money" and CUT_VERB.search(clause_before))
        )
        and not re.search(r"(至|到|为)$", tail)
    ):
        # 压减一般性支出… 23.9 亿元, 降低利息负担约4000亿元: the amount cut (降低…至 is a level),
        # also after when and how (今年也要再减少农村贫困人口1000万人以上);
        # a sum after a cut verb inside its clause too (已在预算编制中按规定扣减有关项目预算
        # 1.92亿元).
        change = "decrease"
    if change is None and re.search(r"减量\s*(约|近)?\s*$", tail):
        change = "decrease"
    if change is None and getattr(q, "kind", None) == "money" and RAISE_VERB.search(clause_before):
        change = "increase"
    if approx is None and op is None:
        if re.search(r"(约|大约|近|将近|接近)$", tail):
            approx = "about"
        elif re.search(r"(超过|超|突破|逾)$", tail):
            approx = "more_than"
        elif re.search(r"(不少于|不低于|至少)$", tail):
            op = ">="
    if change is None and not raised:
        if re.search(r"(增长|增加|提高|提升|上涨|上升|增产)(了)?$", tail):
            change = "increase"
        elif re.search(r"(下降|减少|降低|回落|减产|缩减|压减|削减)(了)?$", tail):
            change = "decrease"
        elif re.search(r"(比|较)[^，,；;]{0,12}(多|少)(增|减)?$", tail):
            # 比年初预算少0.65亿元, 比上年多增0.02万人: the difference from a comparison base
            change = "decrease" if re.search(r"(少|减)$", tail) else "increase"
    if is_target and approx == "more_than" and str(getattr(q, "text", "")).endswith("以上"):
        approx, op = None, ">="  # 城镇新增就业1200万人以上 as a target is a floor
    return approx, op, change


def find_period_in_clause(
    text: str,
    s0: int,
    c0: int,
    q0: int,
    year: int | None,
    carried: bool,
    subject: str = "",
    spoken: int | None = None,
) -> str | None:
    """``find_period``, where a year's end set inside a sentence about the whole year (全年…，年末
    全市生猪存栏547.01万头，增长2.0%，猪肉产量55.08万吨) holds for its own clause and the change
    ``carried`` after it, not for the items that follow; nor for a ``subject`` that is a year's
    output (年末果园面积93.46万亩，比上年下降6.1%；水果产量93.90万吨: the harvest of the year).
    An average a year in its clause (…增长至2025年的139亿元，年均增长6%) is over a span of years,
    no one year: no period, as a span of years gives none."""
    if "年均" in text[c0:q0]:
        return None
    period = find_period(text, s0, q0, year, spoken)
    if not (period and period.endswith("-end")):
        return period
    if says_year_end(text[c0:q0], text[s0:c0], carried):
        return period
    ends = list(BARE_YEAR_END.finditer(text, s0, c0))
    if ends and (
        says_full_year(text[s0 : ends[-1].start()]) or FLOW.search(subject)
    ):
        return find_period(text, s0, ends[-1].start(), year, spoken)
    return period


def find_period(
    text: str, s0: int, q0: int, year: int | None, spoken: int | None = None
) -> str | None:
    """The last date or period word before the value in its sentence (comparison bases skipped).
    今年 and 去年 count from the year the text was ``spoken`` in, the others from ``year``."""
    before = text[s0:q0]
    marks: list[tuple[int, str | None]] = []
    for m in YEAR_RANGE.finditer(before):
        marks.append((m.end(), None))
    listed = [(m.start(), m.end()) for m in YEAR_LIST.finditer(before)]
    marks += [(b, None) for _, b in listed]
    # 剔除上年同期…因素后, 剔除2024年增发国债因素后: what the change leaves out, not when.
    asides = [(m.start(), m.end()) for m in ADJUSTED_FOR.finditer(before)]
    asides += [(m.start(), m.end()) for m in REASON.finditer(before)]
    # 在上年存在增发国债资金支出抬高基数的情况下, 在2023年基础上压减6%: the circumstance or base
    # the figure came about from, not when.
    asides += [(m.start(), m.end()) for m in CIRCUMSTANCE.finditer(before)]
    for m in DATE.finditer(before):
        # 从2020年的1510.8亿元增至…: the year a change started from is its first value's own
        started = FROM_YEAR.search(before[: m.start()]) and before[m.end():].strip() == "的"
        if (COMPARE_BEFORE.search(before[: m.start()]) and not started) or YEAR_RANGE.search(
            before[max(0, m.start() - 8) : m.end()]
        ):
            continue
        if any(a <= m.start() < b for a, b in asides + listed):
            continue
        lead = before[max(0, m.start() - 1) : m.start()]
        if lead in ("为", "是") and before[m.end() : m.end() + 1] == "的":
            continue  # 总量为2020年的4.7倍: the base of a multiple, not when
        if before[max(0, m.start() - 2) : m.start()] == "面向":
            continue  # 部署启动面向2030年的科技创新重大项目: the horizon of a plan, not when
        if lead == "于" and DEED_PART_ENDS.search(before, m.end()):
            continue  # 于2016年经…批复；…新建厂房0.86万平方米: when a deed was done, a part before
        if DATED_IN_CLAUSE.search(before, 0, m.start()) and CLAUSE_AFTER.search(before, m.end()):
            continue  # 并于2024年历史性突破1万亿元，…占比提升11.9个百分点: that clause's own date
        if SINCE_DATE.match(before, m.end()):
            # 2023年以来，累计盘活…9.2亿元, 2021年以后到期政府债务: a span from the date on, as a
            # range of years is, no period
            marks.append((m.end(), None))
            continue
        y = str(int(m.group("y")))  # full-width digits (２０２６年) read as ASCII ones
        if m.group("m") and m.group("d"):
            value = f"{y}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
        elif m.group("m"):
            value = f"{y}-{int(m.group('m')):02d}"
        elif m.group("tail") in ("底", "末"):
            value = f"{y}-end"
        else:
            value = y
        marks.append((m.end(), value))
    dated = [(m.start(), m.end()) for m in DATE.finditer(before)]
    for m in RELATIVE_PERIOD.finditer(before):
        word = m.group()
        if COMPARE_BEFORE.search(before[: m.start()]) or ITEM_NAME.match(before, m.start()):
            continue
        if any(a <= m.start() < b for a, b in asides):
            continue
        if any(a <= m.start() < b for a, b in dated):
            continue  # the 年底 of 2025年底
        if word.startswith("上") and BOUND_BEFORE.search(before[: m.start()]):
            continue  # 省级以上年度冠军赛: the 上 of 以上 and a 年度 after it, no last year
        if before[: m.start()].endswith("由") and word in ("上年", "去年"):
            # 财政自给率由上年的12.38%升至14.07%, 利润由上年下降2.3%转为增长8.5%: the year a
            # change started from is the period of its first value, not of those it came to.
            to = CHANGED_TO.search(before, m.end())
            if to:
                marks.append((to.end(), None))
        if word == "全年":
            marks.append((m.end(), "__reset_end__"))
            continue
        # 2025年末…，年末政府债务余额: a bare 年末 after a dated one is that year's.
        named = [v for end, v in marks if v and end <= m.start() and v[:4].isdigit()]
        part = PART_OF_YEAR.get(word.lstrip("第"))
        if part:
            # 2024年上半年: the year printed right before the part is its year.
            own = [
                v for end, v in marks if v and v.isdigit() and not before[end : m.start()].strip()
            ]
            whose = own[-1] if own else year
            if whose is not None:
                marks.append((m.end(), f"{whose}-{part}"))
            continue
        if word in ("年末", "年底") and named:
            marks.append((m.end(), f"{named[-1][:4]}-end"))
            continue
        if year is None:
            continue
        now = spoken if spoken is not None else year  # 今年 and 去年 are the speaker's
        value = {
            "年末": f"{year}-end",
            "年底": f"{year}-end",
            "今年": str(now),
            "本年": str(year),
            "年内": str(year),
            "上年末": f"{year - 1}-end",
            "上年底": f"{year - 1}-end",
            "去年末": f"{now - 1}-end",
            "去年底": f"{now - 1}-end",
            "今年末": f"{now}-end",
            "今年底": f"{now}-end",
            "上年": str(year - 1),
            "去年": str(now - 1),
        }[word]
        marks.append((m.end(), value))
    marks.sort(key=lambda x: x[0])
    period: str | None = None
    for _, mark in marks:
        if mark == "__reset_end__":
            if period and PART_OF_YEAR_PERIOD.match(period):
                period = None
            continue
        period = mark
    return period
