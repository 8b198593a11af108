"""A budget report names its budget in a heading and then, in the text under it, says only 收入
and 支出 (二、政府性基金预算 › 1.市级收支情况 › 收入完成…，支出完成…). Rule ``owner_of_heading``
gives such a bare line the budget the section path names, and the level or place it names:
市级政府性基金预算支出. A fee or fund that is a heading of its own (彩票公益金, 污水处理费,
国有土地使用权出让收入) owns the lines under it the same way, and so does a budget named as the
run-in head of a paragraph (———政府性基金预算完成情况。全市收入完成…), for the paragraphs up to
the next such head; a line that says its level (全市收入) keeps it. Called by the pipeline,
which knows the section path; the linker itself sees one text at a time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from extractor.nlp.budget_lines import BUDGET_BALANCE, BUDGET_SUBJECT, PART_RULES

if TYPE_CHECKING:
    from extractor.nlp.metrics import Metric

# The lines that name no budget on their own. (年初预算 and 支出决算 are left out: in a
# 部门决算 they are the figures of the item a paragraph lists, not of its heading's budget.)
BARE_LINES = frozenset(
    {
        "收入", "支出", "总收入", "总支出", "收入合计", "支出合计", "收入总计", "支出总计",
        "收入总量", "支出总量", "当年收入", "当年支出", "收入预算", "支出预算",
        "结余", "当年结余", "滚存结余", "累计结余", "基金收入", "基金支出", "收入总来源",
        # a year's balance and the balance carried (收支相抵，当年结余…，年末滚存结余…)
        "收支结余", "当年收支结余", "本年收支结余", "年度收支结余", "年末滚存结余", "年末结余",
        "年终结余", "当期收支结余", "当期结余",
        # what is carried to the next year once income and spending are set off (收支相抵，结转
        # 87.61亿元)
        "结转",
    }
)
# What a budget's own line may open with (决算总收入, 当年收入).
BARE_FIGURE = re.compile(r"^(?:决算|预算|当年|年初)")
# The four budgets, as headings name them (政府性基金 alone in some reports).
HEADING_BUDGET = re.compile(
    r"一般公共预算|政府性基金(?:预算)?|国有资本经营预算|社会保险基金(?:预算)?"
)
# A heading that is a fee or fund's name and nothing else (彩票发行机构和彩票销售机构的业务费用).
HEADING_FUND = re.compile(
    r"(?P<fund>[\u4e00-\u9fff（）]{2,30}?(?:费|费用|公益金|基金|使用权出让))(?:收入)?"
)
# A heading that is one social insurance (工伤保险, 职工基本医疗保险): its fund owns the lines.
HEADING_INSURANCE = re.compile(r"[\u4e00-\u9fff（）]{2,20}保险")
# The level or place a heading is about (市级收支情况, 高新区预算执行情况, 2024年横琴粤澳深度合作区
# 财政收支决算情况): longer words first, so 市本级 is not read as 市级, nor 地区本级 (a prefecture's
# own level) as 区本级.
HEADING_LEVEL = re.compile(
    r"自治区本级|地区本级|市本级|省本级|县本级|区本级|全市|全省|全区|全县|市级|省级|区级|县级"
    r"|[\u4e00-\u9fff]{0,10}?(?:高新区|开发区|新区|新城|合作区)(?=\d?(?:预算|财政))"
)
# A level alone, at the head of a subject or an owner.
LEVEL_WORD = re.compile(
    r"^(?:自治区本级|地区本级|市本级|省本级|县本级|区本级|全市|全省|全区|全县|市级|省级|区级|县级)"
)
# A zone at the head of a subject (高新区支出, 循环化工园区收入, 合作区总收入).
ZONE_WORD = re.compile(r"^[\u4e00-\u9fff]{0,10}?(?:高新区|开发区|新区|新城|合作区|园区)")
# A paragraph led by a dash and a heading of its own (———政府性基金预算完成情况。全市收入…).
PARAGRAPH_LEAD = re.compile(
    r"^[ \u3000]*[—－-]{1,3}[ \u3000]*(?P<lead>[^。！？\n]{2,24}?)[。：:]", re.MULTILINE
)
# Places listed in one heading (高新技术产业开发区和经济技术开发区预算执行情况).
LISTED = re.compile(r"[和及与、]")
# A heading listing several funds (国有土地使用权出让金、国有土地收益基金、…): the lines under
# it are theirs together, no one budget's.
FUND_LIST = re.compile(r"(?:费|费用|基金|公益金|出让金|收益|收入)[^、，]{0,3}、")
# A line another item of the sentence owns (超长期特别国债安排支出…，共完成支出290.4亿元).
ITEM_LINE = re.compile(r"(?:收入|支出)(?:预算数?|决算)?$")
# The words a clause adding to or taking from a budget's total opens with.
ADDED = re.compile(
    r"加上|(?<![增追参施添])加(?![快强大速])|减去|减(?=上解|调出|补助|债务|安排)|扣除|剔除"
)
# A heading's year and 关于, which name no budget.
HEADING_FRAME = re.compile(r"^关于|\d{4}\s*年度?")


def budget_of_path(path: list[str]) -> str | None:
    """The budget a section is under, with its level or place: the nearest heading that names
    one budget or is one fund's name, and the nearest that names one level or place (市级收支
    情况 under 政府性基金预算 → 市级政府性基金预算). A heading naming two budgets says nothing
    of which, and one naming two levels (全市及市级预算执行情况) gives none."""
    budget = level = None
    for raw in reversed(path):
        title = HEADING_FRAME.sub("", raw).strip()
        if budget is None:
            names = {_full_name(m.group()) for m in HEADING_BUDGET.finditer(title)}
            if len(names) > 1 or (not names and FUND_LIST.search(title)):
                return None
            fund = HEADING_FUND.fullmatch(title)
            insurance = HEADING_INSURANCE.fullmatch(title)
            budget = (
                names.pop() if names
                else fund.group("fund") if fund
                else title + "基金" if insurance
                else None
            )
        if level is None:
            found = list(HEADING_LEVEL.finditer(title))
            levels = {m.group() for m in found}
            if len(levels) == 1 and not LISTED.search(title, 0, found[-1].end()):
                level = levels.pop()
            elif levels:
                level = ""  # 全市及市级, 开发区和…开发区: the text says which each time
    return (level or "") + budget if budget else None


def _full_name(budget: str) -> str:
    return budget if budget.endswith("预算") else budget + "预算"


def owner_of_heading(metrics: list[Metric], owner: str | None, text: str = "") -> None:
    """Rule ``owner_of_heading``: a bare 收入 or 支出 takes the budget its section is under, or
    the one the lead of its paragraph names (———政府性基金预算完成情况。全市收入完成…; ``text``:
    the text the metrics index), in place; one with its level (全市收入) takes the budget at
    that level. Not so when its sentence opened on another item's line ((十)超长期特别国债安排支出
    22.28亿元，加上补助市县支出268.12亿元，共完成支出290.4亿元: that item's total)."""
    opened: dict[int, Metric] = {}
    leads = paragraph_budgets(text) if metrics else []
    starts = [start for start, _ in leads]
    for metric in metrics:
        first = opened.setdefault(metric.sentence_start, metric)
        k = bisect_right(starts, metric.sentence_start)
        this = (leads[k - 1][1] if k else None) or owner
        level, line = split_level(metric.subject or "")
        if not this or line not in BARE_LINES:
            continue
        core = HEADING_LEVEL.sub("", this).removesuffix("预算")
        # 市级社会保险基金预算支出78.96亿元，当年结余…; ——工伤保险基金收入预算5740万元，支出预算
        # 5728万元: the budget or fund the sentence opened with says more than the heading
        opening = opening_budget(first) if first is not metric else None
        if opening:
            own = opening
        elif is_other_line(first, core):
            continue
        else:
            own = this
        if level and not own.startswith(level):
            own = level + ZONE_WORD.sub("", LEVEL_WORD.sub("", own))
        owned = owned_line(own, line)
        if owned:
            metric.subject = owned
            metric.rule = "owner_of_heading"


def opening_budget(first: Metric) -> str | None:
    """The budget or fund a sentence's first line or balance names (工伤保险基金收入预算, 省级社会
    保险基金当期结余 → 省级社会保险基金), not a bare level (市级收入) nor a bare line (基金收入)."""
    subject = first.subject or ""
    if split_level(subject)[1] in BARE_LINES:
        return None
    m = BUDGET_SUBJECT.match(subject) or BUDGET_BALANCE.match(subject)
    owner = m.group("owner") if m else ""
    return owner if owner not in ("", "基金", "预算") and not LEVEL_WORD.fullmatch(owner) else None


def paragraph_budgets(text: str) -> list[tuple[int, str | None]]:
    """(start, budget) of each dash-led paragraph of ``text`` (———一般公共预算完成情况。): such a
    lead heads the paragraphs after it too, up to the next one."""
    return [(m.start(), budget_of_path([m.group("lead")])) for m in PARAGRAPH_LEAD.finditer(text)]


def split_level(subject: str) -> tuple[str, str]:
    """(level, line) of a subject that is a level or a zone and a bare line (全市收入, 高新技术
    产业开发区收入), else ("", subject)."""
    for word in (LEVEL_WORD, ZONE_WORD):
        m = word.match(subject)
        if m and subject[m.end():] in BARE_LINES:
            return m.group(), subject[m.end():]
    return "", subject


def owned_line(owner: str, line: str) -> str | None:
    """The line named with its owner: 市级政府性基金预算 + 支出; a fund's 基金收入 is that fund's
    收入 (工伤保险基金收入, 全省社会保险基金收入), and no other budget's."""
    if not line.startswith("基金"):
        return owner + line
    if owner.endswith("基金"):
        return owner + line[2:]
    if owner.endswith("基金预算"):
        return owner[:-2] + line[2:]
    return None


def is_other_line(metric: Metric, core: str) -> bool:
    """Whether ``metric`` is a line of an item other than the budget named ``core``."""
    subject = metric.subject or ""
    at = metric.start - metric.sentence_start
    clause = re.split(r"[，,；;]", metric.sentence[:at])[-1]
    return (
        BARE_FIGURE.sub("", split_level(subject)[1]) not in BARE_LINES  # 决算总收入, 全市收入
        and metric.rule not in PART_RULES
        and ITEM_LINE.search(subject) is not None
        and core not in subject
        # 加上解中央支出…，总支出: what the budget's total adds up, not another item
        and not ADDED.search(clause)
    )
