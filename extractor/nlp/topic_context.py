"""Topic context: what in the words before a value frames it rather than names what it
measures (comparison bases 比上年 / 较“十三五”末 / 在…基础上, 每生每年, list numbers (一) 1. 一是,
footnote marks, budget classification levels, dates, 五年来, 加上…后). Shared by the metric linker
(``extractor.nlp.metrics``) and its allocation rules (``extractor.nlp.allocations``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.layout.tables_check import budget_classes
from extractor.nlp.lexicon import lexicon, segment

# Trimmed off a subject's ends: spaces, quotation marks, colons, commas, dashes.
STRIP_CHARS = " \u3000\t“”\"'‘’「」『』：:，,、·—-.$×"
# Topic pieces that are context, not subject: comparison bases (比上年, 与2023年度相比, 较“十三五”
# 时期, 比制度建立之初, 较五年前), headings' enumerators ((一), 1.), footnote marks, 五年来 and
# “十四五”期间, 加上…后, 预计…后 (not the 后 of 博士后), a list closed by 等 — but not the 等支出
# of a budget class's name (商业服务业等支出), while 等支出总量 is a total's, nor the figure of
# the lines listed (土地增值税等预算数, 土地增值税等收入决算数) or the funds a spending is of
# (彩票公益金等安排的支出), and a 等 closing a bracket's list is the bracket's — and what a term
# added or taken away follows (国有资本经营预算收入加上中央转移支付0.4亿元).
COMPARISON = re.compile(
    r"(比|较|与)\s*(上年末|上一年度|上一年|上一度|上年|去年|年初|\d{4}\s*年度?|[一二三四五六七八九十两\d]+年前"
    r"|“[^”]{1,8}”(?:时期|期间|末|初)?"
    r"|[^，,\s]{0,6}时期|[^，,；;\s比较]{1,8}之初|最高点|最高峰|峰值|年初预算数|调整预算数|预算数|预算"
    r"|同期)"
    r"(同期|同月|年初预算数|年初预算|预算执行数|预算数|实际完成数|实际执行数|实际完成|完成数|执行数"
    r"|决算数|预算)?(相比)?"
)
# A rank's verb and its field closing a topic (列全省各市, 居全国前列, 位居全省, 挺进全省,
# 排位升至全球).
RANK_FRAME = (
    r"(?:位列|位居|稳居|跃居|挺进|排名|排位|排在|(?<!位)列|(?<![位稳跃])居|排)\s*(?:升至)?\s*"
    r"(?:全[省国市区州疆]|全国|世界|全球)[\u4e00-\u9fff]{0,4}\s*"
)
RANK_FRAME_ALONE = re.compile(RANK_FRAME)
# …公安工作满意度连续4年排名全省第一: for how long it held goes with the frame.
RANK_FRAME_END = re.compile(
    rf"(?:(?<=[\u4e00-\u9fff]{{2}})|^)(?:连续[一二三四五六七八九十两\d]+年)?{RANK_FRAME}$"
)
# The field a rank is in, said before its verb (在全省14个市州中排名第1, 连续三年在全省排名第一):
# the frame of the standing, no item; the item is before it, or the value before.
RANK_FIELD_FIRST = re.compile(
    r"(?:连续[一二三四五六七八九十两\d]+年)?在(?:全[省国市区州疆]|全国|世界|全球)"
    r"(?:[\d０-９]+个[\u4e00-\u9fff]{1,4})?中?(?:均|分别)?(?:排名|位列|位居|排在|排|居)\s*$"
)
# The base a change is counted from (在2023年基础上压减10%, 在此基础上): context, as 比上年 is;
# so is the circumstance it came about in (非税收入在高基数的情况下连续4年维持在200亿元).
BASE_FRAME = re.compile(r"在[^在，,；;]{0,30}?(?:基础上|情况下)")
# When, by whom and how a budget was revised (执行中部分县区按程序调增收入预算).
REVISED_BY_LAW = re.compile(r"^\s*(?:(?:预算)?执行中[^，,；;按]{0,12}?)?\s*按(?:照)?(?:法定)?程序")
# The mode of transport a bulletin breaks a volume down by, before 完成 (公路完成货物周转量): part
# of what is measured; the 完成 only says it was done.
TRANSPORT_MODE_DONE = re.compile(r"^\s*(?P<mode>公路|水路|铁路|民航|航空|港口|管道)\s*完成(?=.)")
# What a change was counted without (剔除不可比因素后, 扣除增发国债一次性因素后): how it is
# counted, as 同口径 is, with the comma that may follow it. A date inside it (剔除上年同期…因素后)
# is no period of the value (``extractor.nlp.markers``).
ADJUSTMENT = r"(?:剔除|扣除|考虑到?|排除)[^，,；;。]{0,40}?因素(?:影响)?后"
ADJUSTED_FOR = re.compile(ADJUSTMENT + r"\s*[，,]?")
ENUMERATOR = re.compile(
    r"^\s*(（[一二三四五六七八九十\d]+）|\(?[一二三四五六七八九十\d]+\)|\d+\s*[.、．]|[一二三四五六七八九十]+、"
    r"|[一二三四五六七八九十]{1,2}是(?=[\u4e00-\u9fff]))"
)
# Footnote marks: ① or ⑿ in reports, [2] or ［2］ after an item in statistical bulletins, ¹ set
# raised. Circled numbers after 要点 are the points' names (评价要点②, 要点①②各占指标分值的
# 1/2), not marks.
FOOTNOTE = re.compile(
    r"(?<!要点)(?<![①-⑳])[①-⑳]+|[⑴-⒇]|[\[［]\d{1,2}[\]］]"
    # a small raised digit after Han (``extractor.layout.lines``: 收入783.2亿元¹)
    r"|(?<=[\u4e00-\u9fff])[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
)
CONTEXT_CUT = re.compile(
    r"^.*((?<!博士)后(?!期|续|备|勤|方|盾|面)(?=[^后等]{2,}$)|(?<![中上高初同平对均优特头次])等(?!(?:相关)?支出(?!总量|总计|合计|共计))(?!安排的)(?![）)级效额量])(?!增[幅速])"
    r"(?!(?:收入)?(?:预算数|执行数|决算数|完成数|预计数|调整数|快报数))(?=[^后等]{3,}$)"
    r"|[0-9一二三四五六七八九十]+年来(?=.{2,}$)"
    # A five-year plan's span (“十四五”期间, 十三五时期, “十四五”以来) is when, as 五年来 is.
    r"|“?十[一二三四五六七八九]?五”?(?:期间|时期|以来)(?=.{2,}$)"
    r"|(原因|问题)[一二三四五六七八九十]?是(?=.{2,}$)"
    # A reason opening with what changed (增幅较高主要是对口扶贫资金标准由每县800万元…): the item
    # is what it is said to be.
    r"|主要是(?=.{2,}$)"
    r"|(?<=.)(加上(?!级|解)|减去|(?<!加计)扣除)(?=.{2,}$)"
    # 加上级税收返还、转移支付等: 加 adds what 上级 gives (the segmenter would read 加上/级),
    # also where it opens the topic.
    r"|加(?=上级|上解)(?=.{2,}$))"
)
ORG_HEAD = re.compile(
    r"^[\u4e00-\u9fff]{2,12}?(财政局|科技局|科学技术局|财政厅|人民政府|办公室|委员会)(?=[\u4e00-\u9fff]{2,})"
)
# The government level that allocates (市财政安排资金2亿元, 省级下达资金): who pays, not what the
# amount is; the allocation verb after it (市级财政每年安排: how often too) is left for the
# allocation rules. Before 的 it says which fund is meant (市级统筹的社会保险基金) and stays.
ALLOCATOR = re.compile(
    r"^(?:(?:[省市县区州]|中央|各级|本级|市本级|省本级|[省市县区]级)财政|[省市县区]级|中央|各级"
    r"|市本级|省本级)(?=(?:每年度?)?(?:统筹)?(?:安排|下达|拨付|筹措|兑付|落实|统筹|争取)(?!的))"
)
# A cause between an item and its change (受高基数影响).
AFFECTED_BY = re.compile(
    r"(?<=[\u4e00-\u9fff])受[^，,；;：:受]{1,12}影响(?=\s*(增长|下降|增加|减少)?\s*$)"
)
# A list (its 、 or 和) closed by a number of kinds that sums it up (…制造业三大产值千亿行业).
SUMMED_LIST = re.compile(
    r"^[^，,；;：:]*[、和及][^，,；;：:]*?(?=[两二三四五六七八九十]大[\u4e00-\u9fff]{2})"
)
# A rate's basis closing the topic says per whom or what time the value is, not what it measures
# (资助标准提高至每生每年2300元, 由每月134元提高至每月154元); 每个赛项 names an item and stays.
PER_BASIS = re.compile(
    r"每[人户生名]?每?[年月日天]\s*(?=(?:提高|增加|增长|减少|下降)?\s*$)|每[人户生名]\s*$"
    # How often, opening the topic (每季度开展1次集中业务培训): when, not what.
    r"|^\s*每(?:年度|年|半年|季度|季|月|周|天|日)(?=.)"
)
# How a rate was worked out, between its name and the result (补贴发放及时率=49/146×100%=33.56%,
# 偏差率=（1-65/101）×100%=35.64%): the name is the result's.
FORMULA = re.compile(r"[=＝][\d\s.．/×÷*+\-−－（）()%]*[×÷*/][\d\s.．/×÷*+\-−－（）()%]*$")
# A currency conversion restates the value before it (人均地区生产总值26858元，按1月3日汇率折算
# 约合3868美元): how it was converted, not what.
CONVERSION = re.compile(r"^\s*(按|以)[^，,；;]{0,16}汇率(折算|计算)?(后)?(约合|约为|为|合|约)?\s*$")
# Who acts, opening the clause (当年由各级政府自有财力偿还本息): `topic_context_removed` says why.
AGENT_FRAME = re.compile(
    r"^\s*(当年|今年|全年|同年)?由[^，,；;从由\d每]{0,16}(政府|部门|单位)(自有财力|财力)?(?=[^从由\d]{2,}$)"
)
# A date is when, not what: the topic starts after the last one. A day with no year names a
# date too (于今年9月10日—10月20日新修村内道路).
DATE_ANY = re.compile(
    r"^.*(\d{4}\s*年(度|底|末|初)?(\d{1,2}\s*月(\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
# 共 or 共计 inside a topic, not in a word that holds it.
SUMMED_INSIDE = re.compile(
    r"(?<=[\u4e00-\u9fff）])(?<![公中总一年])(?:共计|共(?![计产同享建有青性治富商赢识管担用]))"
    r"(?=[\u4e00-\u9fff])"
)
# What sets a date as the base a figure is a multiple or share of (为2020年的4.7倍).
BASE_DATE = re.compile(r"(?:为|是|相当于|增至|增长到|增加到|提高到|达到)\s*$")
# A span opening the topic (46届世赛周期内, 2024年度内, 三年内), not 内部 or 内容; an item
# before 年内 (移动网络流量资费年内至少降低30%) is what, and stays.
SPAN_FRAME = re.compile(
    r"^\s*(?:[^，,；;：:]{0,8}?周期|\d{4}\s*年度|[一二三四五六七八九十两\d]+年)内(?![部容外涵地])(?=.{2,}$)"
)
# Since when, right after a date (2021年以来, 2024年起).
SINCE = re.compile(r"^\s*(以来|以后|来|起)")
# 从 or 由 opening a start value's frame after a noun — not inside a word that only holds the
# character (从业人员, 从事, 由于, 自由贸易, 理由), whose cut left 全州城镇从业人员 as 全州城镇.
FROM_FRAME = re.compile(r"(?<=[\u4e00-\u9fff）])(?<![自理缘服])(从|由)(?![业事于而])[^从由]*$")
# A date's own preposition, left after the item when the date goes (债务率自2021年以来), with an
# adverb before it (养老金水平也在2017年每月提高5元的基础上).
DATE_PREPOSITION = re.compile(r"(?:也|还|又|都|均|仍)?(自|从|于|在)$")
# A level or place of government alone before a topic's date (全市2025年…, 区县级2025年…).
LEVEL_BEFORE_DATE = re.compile(
    r"全[省市区县州]|[省市县区州]本级|[省市县区州]级|区县级|县区级|市县级|本级|地方"
)


def item_before_date(topic: str, d0: int, d1: int) -> str | None:
    """The item a topic names before its date, when all after the date says is since when
    and how it held (沙坡头区、海原县债务率2021年以来始终保持在120%以下):
    the date is when, and the item is what; None when words after the date name what."""
    before = DATE_PREPOSITION.sub("", topic[:d0].rstrip()).rstrip()
    rest = RANK_FRAME_END.sub("", SINCE.sub("", topic[d1:]))
    lex = lexicon()
    if len(re.findall(r"[\u4e00-\u9fff]", before)) < 2 or re.search(r"[，,；;：:。]", before):
        return None
    if any(tok.strip() and tok not in lex.links for tok in segment(rest)):
        return None
    last = [tok for tok in segment(before) if tok.strip()][-1]
    if last in lex.verbs or last in lex.links or last in lex.lead:
        return None  # 预计2025年达到…: the words before the date say what is done, not what
    return before


# A measure that names nothing without the clause before it (…获得岗位晋升的人数, …的比重).
BARE_MEASURE_HEAD = re.compile(r"的(比重|比例|占比|比率|人数|数量|个数|次数|总数|户数|家数)")
# A clause closed by 的, and the noun or quoted name it modifies after it.
MODIFIER_CLAUSE = re.compile(
    r"^.*[^目标]的(?=(?P<head>[\u4e00-\u9fff]{2,}|“[^“”]{2,12}”[\u4e00-\u9fff]*"
    # (a short aside in the head: 全市（含汝州）社会保险基金收入预算)
    r"|[\u4e00-\u9fff]{1,}[（(][^（）()，,]{1,10}[）)][\u4e00-\u9fff]{2,})$)"
)
BRACKET_NOTE = re.compile(
    r"[（(]\d{0,3}[类款项][）)]|（以[^）]{1,12}为准）|[（(][^（）()]{0,200}下同[）)]"
    r"|[（(]以下简称[^（）()]{1,16}[）)]"
)


# Stands in for the 等 of a class name while the context cut runs.
_NAMED_DENG = "\ue000"


@lru_cache(maxsize=1)
def _class_stems() -> tuple[str, ...]:
    """The 类 of the spending classification whose names hold 等 (自然资源海洋气象等支出), less
    their 支出: a line named after one keeps its 等 (自然资源海洋气象等共同财政事权转移支付收入,
    商业服务业等特定目标类项目经费), which closes no list there."""
    names = (c[: -len("支出")] for c in budget_classes() if c.endswith("等支出"))
    return tuple(sorted(names, key=len, reverse=True))


def _context_cut(topic: str) -> str:
    """CONTEXT_CUT, with the 等 of a class name (_class_stems) kept out of its reach."""
    for stem in _class_stems():
        if stem in topic:
            topic = topic.replace(stem, stem[:-1] + _NAMED_DENG)
    return CONTEXT_CUT.sub("", topic).replace(_NAMED_DENG, "等")


def topic_context_removed(topic: str) -> str:
    """Drop the parts of a topic that are context rather than the thing measured."""
    topic = FORMULA.sub("", topic)
    topic = FOOTNOTE.sub("", topic)
    topic = PER_BASIS.sub("", topic)
    topic = COMPARISON.sub("", topic)
    topic = BASE_FRAME.sub("", topic)
    topic = ADJUSTED_FOR.sub("", topic)
    topic = ENUMERATOR.sub("", topic)
    topic = BRACKET_NOTE.sub("", topic)
    # 比上年完成数同口径增长7%: how the change is counted, not what changed.
    topic = re.sub(r"^\s*按?(同口径|可比口径|可比)", "", topic)
    # …预算收入同口径增长4.6%: how the change is counted, after what changed.
    topic = re.sub(r"(?<=.)按?(同口径|可比口径)(?=\s*(增长|下降|增加|减少)?\s*$)", "", topic)
    # 执行中按法定程序调整为20.4亿元, 执行中部分县区按程序调增收入预算: when, by whom and how a
    # budget was revised, not what.
    topic = REVISED_BY_LAW.sub("", topic)
    # 公路完成货物周转量, 港口完成货物吞吐量 → 公路货物周转量: the mode stays, 完成 goes.
    topic = TRANSPORT_MODE_DONE.sub(r"\g<mode>", topic)
    # …，计算机、通信和其他电子设备制造业三大产值千亿行业增加值: the number before 大 sums up the
    # list before it, which the sentence named in full; the item is what the number says.
    topic = SUMMED_LIST.sub("", topic)
    # 固定资产投资受高基数影响下降21.7%: why it changed, said between the item and the change.
    topic = AFFECTED_BY.sub("", topic)
    # 通过市财力、上级转移支付等方式出资4亿元: by what means is context, what was done stays.
    topic = re.sub(r"^\s*通过[^，,；;]{1,30}?(?:方式|渠道|途径)(?=.{2,}$)", "", topic)
    # 全市共投入超500亿元, 自治区共补助市县…: 共 after who acts says the figure is a total, as 共
    # opening a topic does (公共, 共同, 共享… are words of their own).
    topic = SUMMED_INSIDE.sub("", topic)
    # 达到现有林保存率维持在92%以上: the goal's verb opening the topic; but 达到或优于III类标准的
    # 水质断面比例 names the sections by it, before 的.
    topic = re.sub(r"^\s*达到(?=[^的]{2,}$)", "", topic)
    # 计划全年补助就业创业98762人次, 计划于今年建设…道路: when the plan falls is the period or the
    # qualifier; that it is a plan stays (计划补贴 against 实际补贴).
    topic = re.sub(r"^\s*计划\s*于?(?:今年|全年|年内|当年)(?=.{2,}$)", "计划", topic)
    # 资金来源为市财力投资3.2亿元, 资金来源由市财力资金安排2亿元: the heading of a project's
    # funding said before each source; the source is what the sum is.
    topic = re.sub(r"^\s*资金来源(?:方面)?\s*(?:为|是|：|:)?\s*(?=.{2,}$)", "", topic)
    # 企业评价部门覆盖3个100%: how many goals reach the share, no part of what.
    topic = re.sub(r"(?<=[\u4e00-\u9fff])[\d０-９]+个\s*$", "", topic)
    # 全部为项目支出预算10.8亿元: what the whole is, said of it.
    topic = re.sub(r"^\s*全部为(?=.{2,}$)", "", topic)
    # 资金规模列全省各市第1位: where the item stands among whom is the rank's frame, not the item.
    topic = RANK_FRAME_END.sub("", topic)
    # 连续三年在全省排名第一: for how long it held, as 五年来 is when.
    topic = re.sub(r"^\s*连续[一二三四五六七八九十两\d]+年(?=.{2,}$)", "", topic)
    # 常住人口城镇化率从60.2%提高到…, 起征点从月销售额3万元: what follows 从/由 is the start
    # value's frame, the subject precedes it — also when the frame holds a year (地区生产总值
    # 从2020年的2.83万亿元), which the date rule below would otherwise take the subject with.
    # But a 由 that opens the clause naming who acts is no start value (当年由各级政府自有财力偿还
    # 本息16.17亿元): the agent goes, what it does stays. After an item (工程投资由市财力承担20%)
    # the 由 frame goes as above.
    topic = AGENT_FRAME.sub("", topic)
    topic = FROM_FRAME.sub("", topic)
    # 执行中由于土地出让金收入短收3.7亿元: 由于 says why, and the item it names is the subject.
    topic = re.sub(r"^.*由于(?=.{2,}$)", "", topic)
    topic = CONVERSION.sub("", topic)
    # 46届世赛周期内共集训, 2024年度内共培训: the span the figure was reached in is when.
    topic = SPAN_FRAME.sub("", topic)
    # (纳入2026年省十件民生实事实施的…: a date after a verb leaves a clause cut in two, as the
    # context cut below does.)
    date = DATE_ANY.match(topic)
    if date and BASE_DATE.search(topic[: date.start(1)]) and topic.rstrip().endswith("的"):
        # 经济总量为2020年的4.7倍, 提前下达数仅为2018年中央实际补助…执行数的62.55%: the date is the
        # base's, and the item is before it.
        date = None
    date_in_clause = bool(date and re.search(r"[\u4e00-\u9fff]", topic[: date.start(1)]))
    if date and names_which(re.split(r"[，,；;：:]", topic[: date.start(1)])[-1]):
        # 绩效自评的2024年度项目: a clause naming which ones, closed by 的 before the date, names
        # the head after the date; only the date goes.
        topic = topic[: date.start(1)] + topic[date.end() :]
        date, date_in_clause = None, False
    if date:
        item = item_before_date(topic, date.start(1), date.end())
        # 区县级2025年一般公共预算收入: a level or place before the date is the item's own
        level = LEVEL_BEFORE_DATE.fullmatch(topic[: date.start(1)].strip())
        after = topic[date.end() :]
        topic = item if item else level.group() + after if level else after
    # 截至现场调研时实际支付资金1100万元: a moment named by an event is when, as a date is.
    topic = re.sub(r"^.*(截至|截止)[^，,；;截]{0,10}时(?=.{2,}$)", "", topic)
    cut = _context_cut(topic)
    # (…用于消化暂付款等事项的结存限额: a clause the cut ran into says which ones no more.)
    was_cut, topic = cut != topic or date_in_clause, cut
    topic = ORG_HEAD.sub("", topic)
    topic = ALLOCATOR.sub("", topic)
    # 涉及行业广泛的税率, 对建成的“两中心”: a modifier clause ending in 的 before the noun or
    # quoted name is context; but not before a bare budget line (lexicon role owned), which it
    # names (国有土地使用权出让收入安排的支出), nor when it says which ones (names_which).
    if "占" not in topic and not BARE_MEASURE_HEAD.search(topic):
        m = MODIFIER_CLAUSE.match(topic)
        named = m is not None and not was_cut and names_which(m.group(0))
        if m and m.group("head") not in lexicon().owned and not named:
            topic = topic[m.end() :]
    return topic


# A short clause closed by 的 that opens the topic says which of the head's kind is meant
# (绩效评级为“优”的项目, 地方财力安排的经费类支出, 用于体育事业的彩票公益金支出): it stays. One
# opened by a preposition or a frame (对建成的“两中心”, 严格控制在中央批准的…限额, 争取…的,
# 连同镇街安排的, 以来新增的), telling a deed done (完全化解了历史上承担的) or longer than 16
# characters is context.
WHICH_CLAUSE = re.compile(
    r"^(?!争取|连同|严格|以来|以后|此前|之前|根据|通过|按|经|在|对|向|从|把|将|与|给)"
    r"[^，,；;：:。了]{2,16}的$"
)
# So is one that only says how a budget came to be (全市各级人大批准的, 全市汇总的) or praises
# what it names (涉及行业广泛的税率, 投资回报稳定可预期的优质项目): every one of them is meant.
DESCRIBES_ONLY = re.compile(r"(批准|批复|汇总|审定|审议通过|广泛|稳定|可预期|满意)的$")


def names_which(modifier: str) -> bool:
    """A clause closed by 的 before the head names which ones (WHICH_CLAUSE), so it stays."""
    modifier = modifier.strip(STRIP_CHARS)
    return WHICH_CLAUSE.match(modifier) is not None and not DESCRIBES_ONLY.search(modifier)
