"""Budget sentences name an item once and then only its lines: the rules that give such a line
its item back. ``part_of_previous`` (一般债务限额62.48亿元（含高新区8.94亿元） → 高新区一般债务
限额), ``region_of_previous`` (其中：市本级97.52亿元 after a 政府性债务限额 → 市本级政府性债务
限额), ``owner_of_previous`` (社会保险基金收入174.1亿元，支出141.8亿元 → 社会保险基金支出) and
``item_of_previous_sentence`` (1.“…专项普查活动（项）”25.77万元…。2024年预算安排25.77万元 →
…专项普查活动预算); a bare figure after an item's budget figure takes the item too (节能环保
支出预算数为16.55亿元，执行数为18.5亿元 → 节能环保支出执行数), the figures of a paragraph opened
by a line of the spending classification that line (``item_of_line_label``), and a change on a
like-for-like basis the item its paragraph is about (``same_basis_of_previous``). Called by the
metric linker (``extractor.nlp.metrics``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from extractor.nlp.lexicon import lexicon, segment

if TYPE_CHECKING:  # the linker imports these rules; its Metric is only named here
    from extractor.nlp.metrics import Metric

# 收入总计6.12亿元（含高新区0.26亿元）: the share of a place or unit inside the value before.
PART_OPENING = re.compile(r"[（(]\s*(?P<how>含|包含|包括)\s*(?P<part>[\u4e00-\u9fff]{2,12})\s*$")
# A budget's own name at the head of a subject, which a part's name replaces (全市一般公共预算
# 收入 → 高新区一般公共预算收入).
AREA_HEAD = re.compile(r"^(全市|全省|全区|全县|市级|市本级|省级|区级|县级)")
# The budget a sentence opened with: 全市社会保险基金收入 → 全市社会保险基金 (and 全市社会保险基金
# 预算总收入 → 全市社会保险基金预算).
BUDGET_SUBJECT = re.compile(
    r"^(?P<owner>.*(基金|预算|经营|财政|拨款|国债|开发区|新区|高新区|管理区)|市级|省级|区级|县级)总?"
    r"(?:地方)?(收入|支出|收支)"
    r"(年初预算|调整预算|预算数|预算|决算|计划)?(总计|合计)?$"
)


# A level of government below the whole (市本级, 县级, 地区本级, 市县级).
LEVEL_BELOW = r"(?:[省市县区州]|市县|县市|区县|县区|乡镇)级|(?:[省市县区州]|地区|自治区)?本级"
# A place or level of government alone (市本级, 沙坡头区, 县区): in a list after 其中 it is a part
# of the total before it, not an item of its own. An area named by what it is (保护区, 示范区,
# 社区, 贫困山区) is an item; 南山区 is a district.
PLACE = re.compile(
    rf"(?:{LEVEL_BELOW}|国家级|县区|区县|市县|县市|(?![\u4e00-\u9fff]*"
    r"(?:保护区|示范区|名胜区|景区|社区|小区|片区|试验区|功能区|城区|市区|(?:贫困|偏远|边远|深|高寒)山区"
    r"|牧区|灾区|库区|林区|矿区"
    r"|老区|湾区|园区|街区|校区|院区|辖区|地区|棚户区))[\u4e00-\u9fff]{2,5}[区县旗])"
)
# Above or below ground: the parts a building's floor area is listed in.
STOREY = re.compile(r"地上|地下")
# The scope or level a total's item opens with, which the part's own place replaces (全市…,
# 省级以上…, 各级各类…): wider than AREA_HEAD, whose 含 parts name only budgets of a level.
LEVEL_HEAD = re.compile(
    r"^(全[省市县区州国]|(?:[省市县区州]级|国家级|市本级|本级)(?:及?以上)?|各级各类|各类|各级)"
)
# Such a level opening a total's subject.
OPENS_ON_LEVEL = re.compile(rf"^(?:{LEVEL_BELOW})")
# A kind of debt with its measure (一般债务限额, 专项债务余额).
DEBT_KIND = re.compile(r"(?:一般|专项)(?:债务|债券)(?:余额|限额)")
# The rules whose metric is a part of the one before, not a total a later part belongs to.
PART_RULES = frozenset({"part_of_previous", "region_of_previous"})


# A total of principal and interest paid, and the debt it is paid on or whose (政府债券本息,
# 到期债券本息, 市本级本息), or a total said with the verb alone (市本级偿还42.8亿元).
DEBT_SERVICE = re.compile(r"(?P<debt>.+?)(?:还本付息|本息)|(?P<debt_paid>.+偿还)")


def region_of_previous(text: str, subject: str, parent: Metric, at: int) -> str | None:
    """Rule ``region_of_previous``: 全市政府性债务限额282.64亿元，其中：市本级97.52亿元、沙坡头区
    41.74亿元 → 市本级政府性债务限额: a place listed under 其中 (or 包括) takes its total's item,
    and so does a place listed in a bracket after it (教育支出30.58亿元，增长5.7%（市本级4.01亿元，
    增长10.1%） → 市本级教育支出; 地质公园2个（国家级1个，省级1个） → 省级地质公园), as is a
    floor area's part above or below ground (其中地上…，地下… → 地下建筑面积), and a kind of
    debt named without its total's measure (债务余额…，其中，一般债务… → 一般债务余额), with
    the level a level's total opens on (县级政府债务限额…（一般债务限额… → 县级一般债务限额). After
    分地区为 any county, city or zone is a place (…转移支付69848万元，分地区为：…，叶县9687万元).
    """
    gap = text[parent.end : at]
    by_place = "分地区" in gap
    storey = STOREY.fullmatch(subject) and (parent.subject or "").endswith("面积")
    measure = measure_of_kind(subject, parent.subject or "")
    # 县级政府债务限额…（一般债务限额…）: a kind of debt under a level's total is that level's;
    # under the whole's (全市…) it needs no scope to tell it from another's.
    leveled = DEBT_KIND.fullmatch(subject + (measure or "")) and OPENS_ON_LEVEL.match(
        parent.subject or ""
    )
    placed = (LISTED_PLACE if by_place else PLACE).fullmatch(subject)
    # 偿还政府债券本息137.4亿元，其中，本金73.6亿元，利息63.8亿元: the debt whose principal
    # and interest the total is.
    paid = DEBT_SERVICE.fullmatch(parent.subject or "") if subject in ("本金", "利息") else None
    if not (storey or measure or leveled or placed or paid):
        return None
    bracketed = re.search(r"[（(][^（）()]*$", gap)  # inside a bracket opened after the total
    if not (by_place or re.search("其中|包括", gap) or bracketed):
        return None
    if paid:
        return (paid.group("debt") or paid.group("debt_paid")) + subject
    if storey:
        # 总建筑面积77495.69m²（其中地上77326.95m²，地下168.74m²） → 地上建筑面积
        return subject + (parent.subject or "").removeprefix("总")
    level = leveled.group() if leveled else ""
    if measure or leveled:
        # 政府债务余额2,358.28亿元，其中，一般债务521.14亿元 → 一般债务余额; 县级…（一般债务
        # 限额1050352万元 → 县级一般债务限额
        return level + subject + (measure or "")
    item = item_of_total(parent.subject)
    return subject + item if item else None


# The measure a total's subject ends on after its noun (政府债务余额, 新增债务限额).
TOTAL_MEASURE = re.compile(r"(?P<noun>债务|债券)(?P<measure>余额|限额)$")


def measure_of_kind(subject: str, total: str) -> str | None:
    """The measure (余额, 限额) of a total whose noun a part listed under it ends on without the
    measure (一般债务 under 政府债务余额): the part's own figure is of that measure too."""
    m = TOTAL_MEASURE.search(total)
    if m is None or not subject.endswith(m["noun"]) or len(subject) <= len(m["noun"]):
        return None
    return m["measure"]


def item_of_total(total: str | None) -> str | None:
    """The item a total gives the places listed under it: its subject without its own level
    (全市政府性债务限额 → 政府性债务限额); none when that is a place itself or a total named by
    what was done (表二十四详细反映)."""
    item = LEVEL_HEAD.sub("", total or "")
    # 转贷区级189.1亿元，包括：福田区31.1亿元: the level the sum goes to is each place's own
    item = re.sub(r"(?<=..)[省市县区]级$", "", item)
    if not item or PLACE.fullmatch(item) or segment(item)[-1] in lexicon().verbs:
        return None
    return item


# A budget's line named without its level (一般公共预算支出; 政府性基金 often without 预算), and
# the level or place a line opening the sentence gave the same budget (全市, 宿迁经开区, 地区本级).
FOUR_BUDGETS = r"(?P<budget>一般公共预算|政府性基金(?:预算)?|国有资本经营预算|社会保险基金预算)"
BUDGET_LINE_ALONE = re.compile(FOUR_BUDGETS + r"(?:收入|支出)")
LEVELED_LINE = re.compile(r"(?P<level>[\u4e00-\u9fff]{1,8}?)" + FOUR_BUDGETS + r"(?:收入|支出)")
# A level said in the clause itself (区县级2025年一般公共预算收入): no other's to take.
OWN_LEVEL = re.compile(r"[省市县区州]级|本级|全[省市区县州]|地方")


def level_of_opening(earlier: list[Metric], subject: str, clause: str) -> str | None:
    """Rule ``owner_of_previous`` for levels: a budget's line named without its level takes the
    level the sentence's opening line gave the same budget (宿迁经开区一般公共预算收入21.07亿元，…；
    一般公共预算支出27.14亿元 → 宿迁经开区一般公共预算支出)."""
    alone = BUDGET_LINE_ALONE.fullmatch(subject)
    if alone is None or OWN_LEVEL.search(clause):
        return None
    opening = LEVELED_LINE.match(earlier[0].subject or "")
    if opening is None or opening.group("budget") != alone.group("budget"):
        return None
    return opening.group("level")


# A debt's limit or balance named without the level it is of (政府债务余额, 债务限额), and the level
# a debt figure before it opened with (全市政府债务限额…).
BARE_DEBT = re.compile(r"(?:法定|政府|地方政府)?债务(?:余额|限额)")
LEVELED_DEBT = re.compile(rf"(?P<level>{LEVEL_BELOW}|全[省市区县州])[^，,；;]*债务(?:余额|限额)")


def level_of_debt(earlier: list[Metric], subject: str, since: int) -> str | None:
    """Rule ``owner_of_previous`` for debts: a debt's limit or balance named without its level
    takes the level of the debt figure before it in the same part of the sentence (全市政府债务
    限额4307500万元，政府债务余额4250409万元 → 全市政府债务余额)."""
    if not BARE_DEBT.fullmatch(subject):
        return None
    before = [m for m in earlier if m.start >= since]
    leveled = LEVELED_DEBT.fullmatch(before[-1].subject or "") if before else None
    return leveled.group("level") if leveled else None


# A place in such a list: a level, or any name of a county, city or zone (叶县, 汝州市, 城乡一体化
# 示范区: PLACE takes a 示范区 for an item, but here the list says what they are).
LISTED_PLACE = re.compile(
    PLACE.pattern
    + r"|[\u4e00-\u9fff]{1,4}[县旗]|[\u4e00-\u9fff]{2,4}市"
    + r"|[\u4e00-\u9fff]{2,10}(?:示范区|开发区|高新区|新区)"
)
# Words that stand for a speaker or a place, never for what a figure measures.
PRONOUNS = frozenset({"我们", "我市", "我省", "我区", "我县", "我州", "他们", "其"})
# A sentence that only lists the parts of the total before it (其中：市本级89.35亿元、…).
PARTS_OPENING = re.compile(r"\s*(?:其中|分地区为?|分地区看|按地区分)\s*[：:，,]")


# A sentence that breaks the paragraph's total down by place, and one that names a part of it:
# after 全年规模以上工业增加值下降7.6%。其中，工业民营经济增加值下降9.6%…, the places of 按地区分，
# 永定区增长6.1%… are the total's, not the part's.
BY_PLACE_OPENING = re.compile(r"\s*(?:分地区为?|分地区看|按地区分)\s*[：:，,]")
PART_SENTENCE = re.compile(r"\s*其中\s*[：:，,]")


# A district named by two characters and 区.
SHORT_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2}区")
# What a breakdown by place lists after the places: the part not placed yet.
UNPLACED = frozenset({"待分配", "未分配", "暂未分配", "待下达"})


def regions_of_previous_sentence(
    linked: list[Metric],
    previous: list[Metric],
    text: str,
    s0: int,
    paragraph: Sequence[Metric] = (),
) -> None:
    """Rule ``region_of_previous`` across a sentence break: a sentence opened by 其中 or 分地区为
    that lists only places and their values (全市限额内政府性债务余额266.63亿元。其中：市本级
    89.35亿元、沙坡头区39.6亿元…) gives each place the total's item (市本级限额内政府性债务余额),
    in place. When the sentence before only named a part (其中，…), a breakdown by place is of
    the total before that sentence in the ``paragraph``."""
    if len(linked) < 2 or not previous or not PARTS_OPENING.match(text, s0):
        return
    part_start = previous[0].sentence_start
    if BY_PLACE_OPENING.match(text, s0) and PART_SENTENCE.match(text, part_start):
        previous = [m for m in paragraph if m.start < part_start] or previous
    # (the rest of a breakdown by place, 待分配3亿元, is a part of the total too; and among
    # places, a district's short name is one even where PLACE takes it for an area: 荔湾区,
    # 增城区 beside 越秀区, 海珠区)
    placed = [m for m in linked if m.subject and LISTED_PLACE.fullmatch(m.subject)]
    if not all(
        m.subject
        and (
            m in placed
            or m.subject in UNPLACED
            or (2 * len(placed) >= len(linked) and SHORT_DISTRICT.fullmatch(m.subject))
        )
        for m in linked
    ):
        return
    kind = linked[0].quantity.kind
    total = next(
        (m for m in reversed(previous)
         if m.quantity.kind == kind and m.subject and not PLACE.fullmatch(m.subject)),
        None,
    )
    item = item_of_total(total.subject) if total else None
    if not item or item in PRONOUNS:
        return  # (我们: a total the linker could not name gives its parts no name either)
    for metric in linked:
        metric.subject = (metric.subject or "") + item
        metric.rule = "region_of_previous"


# A level of government, or the levels below one taken together (区本级, 市县级, 县、区).
LEVEL_NAME = re.compile(LEVEL_BELOW + r"|县、区|区、县|市、县|区市|县市区|市县")
# A sentence that breaks a total down by level of government (分级次看：区本级完成…).
BY_LEVEL_OPENING = re.compile(r"\s*(?:分级次看|分级次反映|按级次分)\s*[：:，,]")


def levels_of_previous_total(
    linked: list[Metric], text: str, s0: int, paragraph: Sequence[Metric]
) -> None:
    """Rule ``region_of_previous`` for levels: a sentence opened by 分级次看 whose sums are named
    by levels alone (区本级完成164.9亿元，增长14.7%；市县级完成279.6亿元) splits the total they
    add up to, said earlier in the ``paragraph`` (全区地方一般公共预算收入完成444.5亿元): each
    level, and the change or share said of it, takes that total's item (区本级地方一般公共预算
    收入). Without a total of exactly their sum, nothing is named: the sentence before may list
    several sums."""
    if not BY_LEVEL_OPENING.match(text, s0):
        return
    # (a sum in brackets is a reason's or a part's: 区本级完成347.1亿元，下降3.0%（…盘活收回存量
    # 资金18亿元…）)
    sums = [
        m
        for m in linked
        if m.quantity.kind == "money" and m.subject and not in_brackets(text, s0, m.start)
    ]
    if len(sums) < 2 or not all(LEVEL_NAME.fullmatch(m.subject or "") for m in sums):
        return
    unit = sums[0].quantity.unit
    values = [m.quantity.value for m in sums]
    if any(m.quantity.unit != unit for m in sums) or None in values:
        return
    whole = sum((v for v in values if v is not None), Decimal(0))
    total = next(
        (
            m
            for m in reversed(paragraph)
            if m.start < s0
            and m.quantity.kind == "money"
            and m.quantity.unit == unit
            and m.quantity.value == whole
            and m.subject
            and not PLACE.fullmatch(m.subject)
        ),
        None,
    )
    item = item_of_total(total.subject) if total else None
    if not item:
        return
    levels = {m.subject for m in sums}
    for metric in linked:
        if metric.subject in levels:
            metric.subject = (metric.subject or "") + item
            metric.rule = "region_of_previous"


def in_brackets(text: str, s0: int, at: int) -> bool:
    """Whether ``at`` stands inside a bracket opened after ``s0``."""
    span = text[s0:at]
    return span.count("（") + span.count("(") > span.count("）") + span.count(")")


def part_of_previous(text: str, q: Any, prev: Metric | None) -> str | None:
    """Rule ``part_of_previous``: a value bracketed as 含X inside the one before is X's share of
    that item (一般债务限额62.48亿元（含高新区8.94亿元） → 高新区一般债务限额)."""
    m = PART_OPENING.search(text, max(0, q.start - 16), q.start)
    if m is None or prev is None or not prev.subject:
        return None
    part = m.group("part")
    if part[-2:] == prev.subject[-2:]:
        return part  # 专项债券151.88亿元（含新增地方政府债券…）: the part names its own item
    if m.group("how") != "含" and not PLACE.fullmatch(part):
        return part  # 民用汽车保有量59.4万辆(包含拖拉机2.72万辆): a kind of the item, by name
    return part + AREA_HEAD.sub("", prev.subject)


# An item's budget figure: 节能环保支出预算数 → 节能环保支出, 公务用车运行维护费预算 → 公务用车
# 运行维护费.
BUDGETED_ITEM = re.compile(
    r"^(?P<item>.{2,}?)(?:全年)?(年初预算数|调整预算数|预算数|年初预算|调整预算|预算)$"
)
# …but a budget's own name ends in 预算 too (一般公共预算, 政府性基金预算): it is no item.
BUDGET_NAME = re.compile(r"(公共|基金|经营|部门|单位|财政)$")
# An item that is itself a budget line (教育支出, 总收入): a bare line after it is no part of it.
BUDGET_LINE = re.compile(r"(收入|支出|总计|合计|结余|结转)$")


def budgeted_item(earlier: list[Metric], *, line: bool = False) -> str | None:
    """Rule ``owner_of_previous`` for figures: the last item whose budget figure the sentence
    gave, for a bare 执行数 after it (节能环保支出预算数为16.55亿元，执行数为18.5亿元), or for a
    bare budget line (``line``) when the item is none (公务用车运行维护费预算安排1.61亿元，支出
    0.96亿元; the next item's budget, after a ；, is the next item's)."""
    for metric in reversed(earlier):
        m = BUDGETED_ITEM.match(metric.subject or "")
        if m and not BUDGET_NAME.search(m.group("item")):
            if line and BUDGET_LINE.search(m.group("item")):
                return None
            return m.group("item")
    return None


# A fund's balance opening the sentence names the fund too (市本级社会保险基金当年收支结余
# 99524万元，年末滚存结余1248706万元).
# (A bare 基金 names none: 2019年基金当年收支结余 leaves the fund to the heading; nor is 当年 part
# of the fund's name: 当年社保基金收支结余.)
BUDGET_BALANCE = re.compile(
    r"^(?:当年|本年)?(?P<owner>.+(基金|预算|经营|财政|拨款))(当年|本年|年度|当期)?(收支)?结余$"
)


def budget_owner(earlier: list[Metric], since: int = 0) -> str | None:
    """Rule ``owner_of_previous``: the budget or fund whose 收入 or 支出 opened the sentence, for a
    bare budget line after it (城乡居民基本医疗保险基金收入46.3亿元，支出42.9亿元，滚存结余…).
    A sentence that goes through several funds, one per part between ；, gives each part's line
    the fund that opened that part (``since``: where the value's part starts)."""
    owners = [
        (metric.start, m.group("owner"))
        for metric in earlier
        # a part in brackets (（含高新区17亿元）) owns no line of the total's
        if metric.rule != "part_of_previous"
        and (
            m := BUDGET_SUBJECT.match(metric.subject or "")
            or BUDGET_BALANCE.match(metric.subject or "")
        )
        # 基金收入…，基金支出…: a bare fund names none; its heading does (owner_of_heading)
        and m.group("owner") not in ("基金", "预算")
    ]
    if not owners:
        return None
    first = owners[0][1]
    # A part's 其他… is one item under the total (其他政府性基金收入…，收入总计: the fund's total),
    # and a part that only repeats the first owner's end (宿迁经开区一般公共预算收入…；一般公共预算
    # 支出…，总支出) keeps the first owner, its place with it.
    own_part = [
        owner
        for start, owner in owners
        if start >= since and not owner.startswith("其他") and not first.endswith(owner)
    ]
    return own_part[0] if own_part else first


# The income of a fee or a fund named by its source (国有土地使用权出让收入, 城市基础设施配套费
# 收入, 彩票公益金收入): a bare 支出 right after it is that income's spending.
SOURCE_INCOME = re.compile(r"^(?P<owner>.+(?:费|费用|公益金|使用权出让|项目专项))收入(?:计划)?$")


def paired_owner(earlier: list[Metric], line: str) -> str | None:
    """Rule ``owner_of_previous`` for a fee or fund whose income is the value just before: its
    bare 支出 (国有土地使用权出让收入900亿元、支出563.5亿元 → 国有土地使用权出让支出). The value
    right before, or the one opening the sentence with no other fee's after it: these names also
    stand as parts under a total (其中：…出让收入…), which own no line after them."""
    if line != "支出" or not earlier or earlier[-1].rule == "part_of_previous":
        return None
    m = SOURCE_INCOME.match(earlier[-1].subject or "")
    if m is None and earlier[0].rule == "topic_before_value":
        # 2026年市本级彩票公益金收入计划6.2亿元，加上上年结转结余0.05亿元，总收入为6.2亿元；支出
        # 相应安排6.2亿元: the income opening the sentence, when no other fee's stands between.
        m = SOURCE_INCOME.match(earlier[0].subject or "")
        others = (SOURCE_INCOME.match(metric.subject or "") for metric in earlier[1:])
        if m and any(o and o.group("owner") != m.group("owner") for o in others):
            return None
    return m.group("owner") if m else None


# A reserve or fund whose sum opens the sentence (市级预备费12亿元，支出0.40亿元，…结余11.60亿元):
# it is spent and left over as a budget is, and its bare lines are its own. Not a fund added to
# another sum (当年收入加上级转移支付资金25万元, 加上调出资金…后，总支出), which owns no line.
FUND_OPENING = re.compile(r"^(?P<owner>[^，,；;]{2,}(?:预备费|资金|基金))$")
OPENS_SENTENCE = re.compile(r"\s*(?:\d{4}\s*年\s*[，,]?\s*)?$")


def fund_owner(earlier: list[Metric]) -> str | None:
    """Rule ``owner_of_previous`` for a bare line after a sentence opened by a fund's sum."""
    first = earlier[0] if earlier else None
    if first is None or first.rule != "topic_before_value" or first.quantity.kind != "money":
        return None
    m = FUND_OPENING.match(first.subject or "")
    at = first.sentence.find(first.subject or "")
    return m.group("owner") if m and OPENS_SENTENCE.fullmatch(first.sentence[:at]) else None


# A sentence that opens with a year and names only its budget figure (2024年预算安排25.77万元):
# the item is the one the sentence before it in the paragraph gave (1.“…专项普查活动（项）”…).
YEAR_OPENING = re.compile(r"\s*\d{4}\s*年")


def item_of_previous_sentence(linked: list[Metric], item: Metric, text: str, s0: int) -> None:
    """Rule ``item_of_previous_sentence``: 预算, 执行数 … in a sentence opened by a year take the
    item of the first value of the sentence before (in place)."""
    if not item.subject or not YEAR_OPENING.match(text, s0):
        return
    for metric in linked:
        if metric.subject in lexicon().carried:
            metric.subject = item.subject + metric.subject
            metric.rule = "item_of_previous_sentence"


# An item of the spending classification opening a numbered paragraph, its levels marked (1、
# 一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…。年初预算为1560.05万元，…).
LINE_LABEL = re.compile(
    r"(?:^|\n)\s*\d{1,2}\s*[、.．]\s*[“\"]?(?P<item>[^。；;“”\"\d]+?[（(]\d{0,3}项[）)])"
)
LEVEL_MARK = re.compile(r"[（(]\d{0,3}[类款项][）)]|\s+")
# Figures such a paragraph gives the item without naming it: its budget and what was spent.
LINE_FIGURES = frozenset({"支出决算", "决算数", "决算", "全年预算"})
# The rules that leave such a figure bare: its own words, or a share or change of the one before.
BARE_RULES = frozenset({"topic_before_value", "share_of_previous", "change_of_previous"})
# How far back, at most, the label opens the paragraph of the sentence.
LABEL_REACH = 400


def item_of_line_label(linked: list[Metric], text: str, s0: int) -> None:
    """Rule ``item_of_line_label``: 年初预算, 支出决算 … in a paragraph opened by a line of the
    spending classification (1、…行政运行（项）。) take that line as their item (in place): 上海
    普陀's 决算 explain each line so, its figures in a sentence of their own."""
    bare = [
        m
        for m in linked
        if m.rule in BARE_RULES and (m.subject in lexicon().carried or m.subject in LINE_FIGURES)
    ]
    if not bare:
        return
    labels = list(LINE_LABEL.finditer(text, max(0, s0 - LABEL_REACH), s0))
    if not labels or "\n" in text[labels[-1].end() : s0]:
        return  # a new line is a new paragraph (the label itself may wrap)
    item = LEVEL_MARK.sub("", labels[-1]["item"])
    for metric in bare:
        metric.subject = item + (metric.subject or "")
        metric.rule = "item_of_line_label"


# A change on a like-for-like basis, once one-off items are taken out (剔除上述因素后，同口径增长
# 9.3%): the same item's change as the paragraph's, which names it sentences before.
SAME_BASIS = re.compile(r"同口径\s*(?:增长|下降|增加|减少|提高|降低)\s*$")


def same_basis_of_previous(linked: list[Metric], earlier: list[Metric], text: str) -> None:
    """Rule ``same_basis_of_previous``: an unlinked like-for-like change takes the subject of
    the last value before it in its paragraph (``earlier``: the paragraph's metrics so far) that
    has one (in place)."""
    named = next((m for m in reversed(earlier) if m.subject), None)
    if named is None:
        return
    for metric in linked:
        before = text[max(0, metric.start - 12) : metric.start]
        if metric.subject is None and SAME_BASIS.search(before):
            metric.subject = named.subject
            metric.rule = "same_basis_of_previous"
