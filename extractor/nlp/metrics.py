"""Achievement metrics from prose: each quantity in a sentence linked to what it measures.

``text_to_metrics(text, year=...)`` is the fast path the pipeline calls per section: quantities
are found once on the raw text (``extractor.numbers``), and only sentences holding a quantity are
looked at. Every metric names the linking rule that chose its subject (``rule``), so a wrong
subject can be traced to one named, commented rule below:

- ``respectively``        A、B分别达到 x、y → A gets x, B gets y (each the whole list when
  items and values do not pair up); so too A、B等支出x、y with no 分别 (A支出 gets x)
- ``after_measure_word``  412家科技型企业 → the noun phrase after the measure word, with the
  items 、 adds when they share its noun (15家主办、承办、协办单位)
- ``count_of_next``       新增17种、累计82种“港澳药械通”药械 → what the next count, in the same
  measure word, counts
- ``remainder_of_first``  工程投资由市财力承担20%,剩余80% → 工程投资: a share named only by a
  remainder word is of the whole the share before it is of
- ``ratio_definition``    高新技术产业增加值占GDP比重达到28.8% → the share's definition; a
  rate set as a share of a base, the base (按照工程总投资的60%安排配套资金 → 工程总投资)
- ``topic_before_value``  基本支出 1164.45万元 → the topic between clause start and value
- ``money_of_count``      412家企业获省研发奖补资金共7000万元 → what the count received
- ``share_of_previous``   财政拨款收入2940.05万元，占99.79% → the previous metric's subject
- ``change_of_previous``  第一产业增加值214.1亿元，增长1.7% → the previous metric's subject;
  so too a value after a bare change verb (数量从78个压减至42个); a budget figure's outturn or
  revision is the line's (收入预算为934080万元，实际完成971714万元 → 收入; 支出预算调整为…); a
  value right after a bracket goes on about the item before the bracket (…770万元（…）比上年减少
  58万元), and a count in another measure word than the counted noun before it is none of its
  (下辖7个自然村，576户: unlinked)
- ``margin_of_previous``  同比增长5.1%，高于全省平均增速2.6个百分点 → the previous metric's
  subject, by how much its growth beats a benchmark (no change)
- ``conversion_of_previous`` 人均地区生产总值26858元，…，按1月3日汇率折算约合3868美元 → the
  subject of the sum converted (the last sum of money that is no change or share)
- ``rank_of_previous``    每万人有效发明专利拥有量达到27.01件，稳居全省第二 → the same
- ``total_of_list``       项目总预算1170.00万，其中…，合计1170.00万 → 项目总预算: a sum after a bare
  合计 or 共计 that follows items listed with theirs is their total, named where the same sum was
  stated before them (else unlinked, not the last item's)
- ``total_of_each``       建成10个特色小镇，每个奖补2000万元，共2亿元 → 奖补: a total after a sum
  for each is the sum's item, not each one's
- ``attribute_of_previous`` 转移支付增加约1.5万亿元、规模近9.8万亿元 → 转移支付规模: a bare
  measure (规模, 增幅, 面积, 总数; 涉及金额, 发放金额) is that of the previous metric's subject,
  and a bare span of time (平均每天新增1.2万户) the previous subject's per span
- ``after_value_np``      增发1万亿元国债 → a money amount's noun phrase after it; so too a
  granted sum run into a fund's noun (安排南沙100亿元专项债券额度) and a sum after 的
  (交通银行提供的260万元赞助费)
- ``share_of_items``      基本药物制度覆盖80%以上村卫生室, 全国财政支出70%以上用于民生 → the
  clause with the share taken out (基本药物制度覆盖村卫生室): a percent bounded by 以上 before
  what it is a share of
- ``share_saying``        问卷中，有76.85%的认为“帮助非常大”，23.15%比较满意 → what those asked
  answered, a share of a survey being its answer (typed 服务对象满意度指标)
- ``label_before``        ——增值税。完成2027.15亿元 → the run-in label before the sentence
- ``item_of_clause_before`` 城乡居民医疗保险财政补助标准自2014年起连续四年上调，由2014年的每人
  每年372元上调到502元 → …财政补助标准: a change's starting point that names no item takes
  the item the clause before said changed (or named alone: 通过等级评定的养老机构，由2019年的…)
- ``total_of_clause_before`` …涵盖已批复绩效目标的全部项目支出，合计117.05亿元 → 全部项目支出:
  a clause that is only a total, first in its sentence, totals what the clause before names
- ``label_of_colon``      送审价：2160177.11元，审定价：1927021.95元 → the short name before the
  colon a value stands right after (not 其中：, 注：, …是：)
- ``part_of_previous``    一般债务限额62.48亿元（含高新区8.94亿元） → 高新区一般债务限额
- ``region_of_previous``  全市政府性债务限额282.64亿元，其中：市本级97.52亿元 → 市本级政府性债务
  限额: a place or level of government listed under 其中 is a part of the total before it,
  also when the 其中 or 分地区为 opens the next sentence
- ``owner_of_previous``   社会保险基金收入174.1亿元，支出141.8亿元 → 社会保险基金支出: a bare
  budget line takes the budget the sentence (or its part between ；) opened with; so does a
  bare figure the item whose budget it opened with (节能环保支出预算数为16.55亿元，执行数为
  18.5亿元 → 节能环保支出执行数), and a budget's line without its level the level the opening
  line gave it (宿迁经开区一般公共预算收入…；一般公共预算支出… → 宿迁经开区一般公共预算支出)
- ``owner_of_heading``    二、政府性基金预算 › 2.市级收支情况 › 支出完成… → 市级政府性基金预算支出:
  a bare 收入 or 支出 no sentence owns takes the budget its section path names (set by
  ``extractor.nlp.heading_owner``, called by the pipeline, which knows the path)
- ``item_of_previous_sentence`` 1.“…专项普查活动（项）”25.77万元…。2024年预算安排25.77万元 →
  …专项普查活动预算: a bare 预算 or 执行数 takes the item of the sentence before
- ``item_of_line_label``  1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…。
  年初预算为1560.05万元，支出决算为1511.89万元 → 一般公共服务支出财政事务行政运行年初预算
  (…支出决算): the figures of a paragraph opened by a line of the spending classification are
  that line's
- ``same_basis_of_previous`` ——节能环保支出。完成8.22亿元，…下降10.3%。…剔除上述因素后，同口径增长
  3.9% → 节能环保支出: a like-for-like change that names no item takes the paragraph's last one
- ``label_of_paragraph``  A102立项程序规范性：…；该指标得0.00分 → A102立项程序规范性: a subject
  that only points back (该指标) takes the label its paragraph opens with
- ``indicator_of_row``    the same in a table cell: 该指标 is the indicator the cell's row names
  (or, for the lower part of a row a line break split, the nearest row above that names one)
  (set by ``extractor.link.this_indicator_to_row_name``, which knows the table's indicators)
- ``row_label``           a table cell's value whose sentence names no item (剔除…因素，同口径增长
  15.8%) takes the label of its row in the table's 项目 column (4、科学技术支出 → 科学技术支出; set
  by ``extractor.link.row_label_to_unnamed``)
- ``row_label_of_measure`` the same for a cell value whose subject is only a site's size or cost
  (位于市北区,总建筑面积12.3万平方米 → 市公共卫生中心建设项目总建筑面积) or a project's bare
  资金 (本项目共安排资金11200万元 → 2026年农业生产发展项目资金)
- ``allocation_purpose``  安排6.73亿元，用于风险补偿… / 共建科技创新中心,安排97亿元 → what an
  amount that is only said to be allocated is for: its purpose or the theme it is stated under
  (``extractor.nlp.allocations``); so too where a sum is said to go (有14000万元安排至…建设)

What in a topic is context rather than subject (比上年, 一是, [2], （类）) is read by
``extractor.nlp.topic_context``; a value's qualifier (新增, 较上年), markers (约, 不少于, 增长)
and period (2024年底, 上年) by ``extractor.nlp.markers``.

Not metrics: dates (they become ``period``) and durations that only span time (连续4年; but
审批时间压缩到120个工作日 measures one), measure words that name editions or
versions (3.0版, 第二届), quantities inside quotation marks (“3 个 100”工程), attributes and
thresholds (550kW抱轴式…, 单价100万元以上设备, 超亿元企业344家), ranks that are ordinals
(第四使馆区), counts that describe a possessor (14亿人的粮食安全; but not a count after 有, nor
one before a clause that says which ones: 384名符合…条件的澳门居民), small Han-numeral
enumerations (十一个方面), the terms of a ratio (三次产业结构为4.7:40.3:55.1) and tables dumped
as text (many values, no clause punctuation).
A 、 inside an official name (交通运输、仓储和邮政业, ``data/nlp/comma_names.tsv``) parts no list;
nor does one in a list 等 closes before its figure (…床位建设、居家养老服务及助餐等资金), nor one
between two short nouns a verb governs (上缴参股股利、股息收入2686万元).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from extractor.nlp.allocations import allocation_purpose
from extractor.nlp.budget_lines import (
    PART_RULES,
    budget_owner,
    budgeted_item,
    fund_owner,
    item_of_line_label,
    item_of_previous_sentence,
    level_of_debt,
    level_of_opening,
    levels_of_previous_total,
    paired_owner,
    part_of_previous,
    region_of_previous,
    regions_of_previous_sentence,
    same_basis_of_previous,
)
from extractor.nlp.lexicon import lexicon, segment
from extractor.nlp.markers import (
    CLAUSE_REASON,
    DATE,
    LONG_REASON,
    NAMED_AFTER_NEW,
    RAISES_WHAT,
    RATE_BY,
    YEAR_LIST,
    find_period,
    find_period_in_clause,
    find_qualifier,
    markers_of,
)
from extractor.nlp.topic_context import (
    ADJUSTMENT,
    BARE_MEASURE_HEAD,
    CONVERSION,
    ENUMERATOR,
    RANK_FIELD_FIRST,
    RANK_FRAME_ALONE,
    STRIP_CHARS,
    topic_context_removed,
)
from extractor.numbers import Quantity
from extractor.numbers import find_quantities as numbers_find_quantities
from extractor.numbers.numerals import numeral_to_decimal
from extractor.numbers.quantities import (
    RANK_LISTED_BEFORE,
    RANK_REGION_REACH,
    bound_end,
    is_share_of_items,
    is_threshold,
)

# A sentence ends at 。！？ or a line break; ； only separates clauses, so a period or a
# 与上年相比 stated at the start still covers the values after a ；.
# Some text layers print the full stop as an ASCII or full-width dot (天津 2025: 市级收支.一般公共
# 收入预算８２１亿元,比上年增长１％.加上…): between Han characters it ends a sentence too; between
# digits it is a decimal point.
# The slower pattern is used only on a text that has such a dot.
DOT_STOP = r"(?<=[\u4e00-\u9fff）)%％])[.．](?=[\u4e00-\u9fff（(“])"
HAS_DOT_STOP = re.compile(DOT_STOP)
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
SENTENCE_DOTS = re.compile(rf"(?:(?!{DOT_STOP})[^。！？!?\n])+(?:[。！？!?]+|{DOT_STOP})?")
CLAUSE_DELIMS = "，,；;：:、。！？!?\n"
# Where a clause ends for a list's last item: any clause mark but 、.
CLAUSE_END = re.compile("[" + re.escape(CLAUSE_DELIMS.replace("、", "")) + "]")
# The longest run of sentences a bracket may hold open (characters).
BRACKETED_SENTENCE = 400
# A phrase after a value that starts with one of these is a predicate, not a noun phrase
# (实际值达到100%的得满分: those that reach it score full marks).
NOT_NP_START = frozenset(
    {"为", "是", "的", "达", "达到", "增至", "提高到", "增加到", "上升到", "降至", "降到", "占",
     "左右", "以上", "并", "和", "及", "等", "才", "就", "也", "都", "仍", "已", "即", "相比",
     "得"}
)
PREPOSITIONS = frozenset(
    {"在", "于", "向", "从", "被", "由", "对", "对此", "对于", "按", "按照", "按规定"}
)
# Function words that, left alone before a value, name nothing: conjunctions, a condition's
# opening (如果按207万元与241.76万元相比，应是减少约14.38%), 仅 and 每 (每降低1%，扣5%权重分值).
FUNCTION_WORDS = PREPOSITIONS | frozenset(
    {"如果", "假如", "倘若", "假设", "与", "和", "及", "或", "应", "仅", "每", "是"}
)
# The funds a counted noun holds (1家事业单位财政拨款的…).
HELD_FUNDS = frozenset({"财政拨款", "拨款", "经费", "资金"})
# Adverbs that go with the verb a counted noun runs into (24条特别措施深入实施, 6条重要支流成功
# 入选, 1个展销中心预计将惠及…).
VERB_ADVERBS = frozenset(
    {"深入", "成功", "均", "并", "都", "已", "正在", "预计", "预期", "力争", "将"}
)
# Right after a value these open what it does, not what it counts (在 may open a relative
# clause there: 18名在株工作外国高端人才).
OPENS_ADVERBIAL = frozenset({"对", "对于", "向", "给"})
# A preposition before a verb makes the verb the clause's own action, no which-clause's opening.
BEFORE_AN_ACTION = PREPOSITIONS | OPENS_ADVERBIAL
# An opening bracket: an aside (PM2.5, 含…) inside a noun phrase, never its end.
OPENS_ASIDE = re.compile(r"\s*[（(]")
ASIDE = re.compile(r"\s*[（(][^（()）]*[）)]")
# An aside that is a Latin code or abbreviation for the noun before it: （PM2.5）, (RCEP).
CODE_ASIDE = re.compile(r"\s*[（(][A-Za-z][A-Za-z0-9.\s]*[）)]")
# The standing's where, or the ranks listed before it there (分别居全省第一、第二).
RANK_CONTEXT = re.compile(rf"(全[省国市区]|居|位列|位居|排名|排){RANK_LISTED_BEFORE}*\s*$")
# A rank before a word for a batch or a round names which one (全国第二批试点, 第三届).
ORDINAL_BATCH = re.compile(r"\s*(?:批|届|期|轮|代)")
# Verbs placing an item in a ranking (列全省各市第1位, 居全国前列).
RANK_VERBS = frozenset({"列", "居", "位列", "位居", "稳居", "排名", "排在"})
# Ranks (one, or a list, with prizes in it) before 的 describe who is meant: 第一名、第二名、
# 第三名的选手, 第一名、第二名、第三名和优胜奖的选手.
RANK_MODIFIER = re.compile(
    r"(?:\s*[、和及与]\s*(?:(?:第|前)[一二三四五六七八九十\d]+[名位]|[\u4e00-\u9fff]{1,3}奖))*\s*的"
)
# A topic that is only the verb of a change (压减至, 升至, 增长了, 多增, 比年初预算少, 减支), or
# a turn from one change to another (由上年下降2.3%转为增长8.5%): the value is the new level or
# the change of the item before it in the sentence.
CHANGE_ONLY = re.compile(
    r"转为|(多|少)?(提高|增加|增长|下降|减少|压减|压缩|降低|升|上升|提升|扩大|缩小|回落|下调|上调|降"
    r"|增收|减收|增支|减支|增|减|少|多|调整|精简|恢复|跃升|攀升)(了|至|到|为)?"
)
# When or by whose leave a budget figure was revised, with nothing else before the new figure.
REVISION_FRAME = re.compile(
    r"(?:执行中|年中|最终|(?:报)?经[^，,；;]{1,30}?(?:批准|同意|审议通过))\s*(?:调整|调增|调减)"
    r"(?:为|至|到)?"
)
# A word saying what a count's nouns did, right after them, closing the clause (11个领域支出增长,
# 3个县财政收入下降).
CHANGE_WORD = re.compile(r"提高|增加|增长|下降|减少|降低|上升|提升|扩大|缩小|回落|下调|上调")
# Verbs that name a kind of work before 项目 or 工程 (改造项目, 提升工程).
WORK_KINDS = frozenset(
    {"改造", "建设", "提升", "整治", "新建", "改建", "扩建", "修缮", "维修", "治理"}
)
# 基本 ends a counted noun's phrase as an adverb (412家企业基本完成…) but opens one as the
# adjective "basic" before these (安排1,870万元基本公共卫生服务配套经费, 基本养老保险).
BASIC_OF = frozenset(
    {"公共卫生", "公共服务", "养老保险", "医疗保险", "医疗", "养老", "药物", "民生", "生活费",
     "财力"}
)
# A span of time that alone names no item (平均每天新增1.2万户: of the item before it, per day).
PER_TIME = re.compile(r"(?:平均)?(?:每天|每日|每周|每月|每年)")
# Where an action went, with nothing else before its verb (省外输出, 境外转移).
WHERE_ONLY = re.compile(r"(?:省|市|县|区|州|境|国|海)(?:内|外)")
# An aside ending before a comma: what a change is counted without (``topic_context``).
ADJUSTED_BEFORE = re.compile(ADJUSTMENT + r"\s*$")
CLAUSE_CLOSES = re.compile(r"\s*(?:[，,。；;！!？?）)]|$)")
# A budget figure ending a line's name (收入预算, 收入年初预算), not a budget's own name (一般公共
# 预算, 政府性基金预算); and the words that give the line's outturn or revised figure instead.
BUDGET_FIGURE = re.compile(
    r"(?<!公共|基金|经营|保险)(?:年初预算|调整预算数|调整预算|调整数|预算数|预算)$"
)
OUTTURN = re.compile(r"完成|执行数|决算|调整")
# Words standing right before a value (…减免税额约12亿元), and a sum of money coming next.
BEFORE_VALUE = frozenset({"约", "近", "超", "逾", "达", "共", "计", "为", "均", "都", "各"})
# Words that link a topic to its value (公务用车购置数为365辆).
LINKS_BEFORE_VALUE = BEFORE_VALUE | {"是", "达到", "约为", "共计"}
VALUE_NEXT = re.compile(
    r"\s*(?:均|都|各)?\s*(?:约|近|超过|超|突破|逾|达到|达|共|计|为)?\s*[\d０-９][\d０-９.,，]*\s*"
    r"(?:万亿|亿|万|千)?元"
)
# Measures a list's last item may end with that every item of the list shares, and the share
# of a total they may be put as (第一产业、第二产业、第三产业增加值占生产总值的比重).
SHARED_MEASURE = re.compile(
    r"(?<=.{2})(?:增加值|总产值|产值|产量|营业收入|销售额|零售额|投资|增速|专利授权量|进出口|出口"
    r"|进口|债务率|负债率|支出|标准|排放量?|面积|(?:年末)?滚存结余|(?<=债务)余额)"
    r"(?:占[^、，,]{1,12}?的?(?:比重|比例))?$"
)
# A share ending a listed item, with what it is a share of or without (占比, 占全省比重).
SHARE_ENDING = re.compile(r"(?<=.{2})(?:占比|占[^、，,]{1,12}?的?(?:比重|比例)|比重|比例|率)$")
# Before a share of those asked (问卷中，有76.85%的认为…; …，23.15%的认为…): nothing, or 有; and
# the survey said before it.
SHARE_WHO = re.compile(r"\s*有?\s*")
SURVEY = re.compile(r"问卷|调查|受访")
# The time and place before 有 that say where there are so many (年末全州有…, 全市有…); a named
# owner stays (我国有上亿市场主体 → 我国市场主体, 特殊学校有教职工188人).
WHERE_THERE_ARE = re.compile(r"(年末|年底|目前|现)?(全[省市县区州国])?")
# A count of people closed by 受益 or 获益 counts those who benefited (4.3亿人次受益).
BENEFITED = re.compile(r"\s*(?:受益|获益)\s*$")
# A count of those who won a title or a prize, named after the verb (7人获评全国道德模范).
# Not 获得 nor a clause closed by 的 (18家获得省级名牌产品的中小企业: the noun after it is counted).
AWARDED = re.compile(
    r"\s*(?:获评|荣获|被评为|入选|获(?![得批取益]))(?P<what>[^，,；;。、\d的]{2,20})$"
)
# A count of those who receive a benefit, named after the verb (9634人享受农村特困人员救助供养).
ENJOYED = re.compile(r"\s*(?P<what>(?:享受|享有)[^，,；;。、\d的]{2,20})$")
# A sum said to go somewhere after it (有14000万元安排至中试平台体系建设).
SENT_TO = re.compile(r"\s*(?:安排至|安排到|安排用于|用于|投向|拨付至|拨付给|投入到)")
# What a sum of money is when its noun follows it (100亿元专项债券额度), after a verb that
# grants it; not a verb that does something with the sum (投入3000万元成立…基金).
GRANTED = re.compile(r"安排|给予|下达|拨付|发行|单列")
MONEY_HEAD = re.compile(r"(额度|资金|经费|债券|补贴|补助|奖励|贷款|基金)$")
NOT_A_FUND = re.compile(r"成立|补充|作为|按|用于|设立|建立|支持")
# 等 closing a list before the noun it names (…及助餐等资金, 年终结余等支出总量) or before the
# value (加上上级转移支付收入、债务转贷收入等106.2亿元); not 等于.
LIST_CLOSED = re.compile(r"等(?!于|同)(?:[\u4e00-\u9fff]|\s*$)")
# Verbs that open a relative clause after a count (384名符合…条件的澳门居民).
RELATIVE_CLAUSE = re.compile(r"符合|具有|具备|参加|参与|享受|达到|纳入|列入|涉及")
# A list of qualities before 的 (规模大、集中度高、带动能力强、产业链条配套完整的…产业集群): each
# item a noun and a quality, which describe the counted noun after the 的.
QUALITY = re.compile(
    r"[\u4e00-\u9fff]{1,10}?(大|高|强|好|优|多|广|全|新|快|低|少|小|完整|完善|突出|明显|显著|齐全"
    r"|领先|先进|稳定|充足|合理|规范|健全)"
)
# A duration is a claim when the clause measures a time (审批时间压缩到120个工作日, 优良天数为
# 246天, 停电时间缩短至7.5分钟以内): a time word, at most a few words of verb or link, the value.
# Other durations (连续4年, 三年内, 用3年时间) are context.
TIME_MEASURED = re.compile(
    r"(时间|时长|用时|周期|工期|时限|天数|年限|寿命)[^，,。；;：:、]{0,12}"
    r"(缩短|压缩|压减|减少|降|控制|延长|增加|提高|调增|调减|为|平均|至|到|从|(?<!安排)在)"
    r"[^，,。；;：:、\d]{0,6}$"
)
# A rate of change named in the subject, right before its value (居民消费价格涨幅3%左右).
RATE_NAMED = re.compile(r"(涨幅|增幅|降幅|增速|增长率)\s*$")
# A sentence about what is to be done, besides the target words of the lexicon (目标, 力争 …):
# this year's plans (今年新开工700万套以上, not 今年以来), what 要 be done (要淘汰…煤电产能5000万
# 千瓦以上; not 要求, nor the 要 of 主要 or 重要, which follow no break or adverb).
PLANNED = re.compile(r"今年(?!以来)|(?:^|[，,；;：:]|也|还|都|就|更)要(?![求点素])")
# 有 or 下属 right before a count says how many there are (有27种产品的产量…, 下属1家机关和1家
# 参公事业单位财政拨款的…), also of the second count of a pair it opens.
EXISTENTIAL = re.compile(
    r"(?:(?<![没未拥具所])有|下属|所属)(?:\s*\d+[^\d，,；;。和及与、]{1,12}[和及与、])?\s*$"
)
# A budget's line said with 预算 alone (…基金预算收入完成16.37亿元；预算支出执行34.81亿元): the line
# of the budget the sentence opened with, its 预算 said once.
BUDGET_LINE_BARE = re.compile(r"预算(?P<line>总?(?:收入|支出))")
# A share right after a count of 个: the count says how many goals reach it (3个100%).
GOALS_AT = re.compile(r"\s*[\d０-９]+(?:\.\d+)?\s*[%％]")
# A print run in a report's colophon (共印900份, （共印1640份）, 印数：500份).
PRINT_RUN = re.compile(r"(?:共印|印数\s*[:：]?)\s*$")
# A bracket naming what else a counted noun may be (镇（街道、园区）, 县（市、区）, 中小学
# （幼儿园）), not a note on its scope (（含国考）, （原贫困县）, （其中…）).
ALTERNATIVES = re.compile(
    r"[（(](?!含|包括|包含|不含|原|其中|下同)[^（）()\d０-９，,；;：:]{1,10}[）)]"
)
# A kind of work carried out in so many projects (师训联合办学培训开展3个项目).
CARRIED_OUT_BY = re.compile(r"(?P<what>[^，,；;。、：:（）()]{2,20}?)(?:开展|实施)了?\s*$")
# Where alone, naming no kind (全市开展5个项目).
SCOPE_ONLY = re.compile(r"全[省市区县州国]|[省市县区州]级|[省市县区州]?本级|各级|各地")
# Review work done on what a count counts (对47个项目开展重点绩效评价, 选取3个项目进行重点评价).
WORKED_ON = frozenset({"项目", "政策", "部门", "单位"})
WORK_DONE_ON = re.compile(
    r"\s*(?:开展了?|进行了?)(?P<what>[^，,；;。、（(“”]{2,14}?"
    r"(?:评价|评估|检查|审核|评审|监控|审计|考核|分析))\s*(?=[，,；;。（(]|$)"
)
# A floor said before the noun a count counts (培育不少于“新工科”创新创业人才140人).
FLOOR_OPENING = re.compile(r"(?:不少于|不低于|至少)(?=.{2})")
# A growth compared with a benchmark's (高于全省平均增速, 快于全国平均水平, 低于财政支出增幅), or
# an outturn with its target (清理化解政府拖欠企业账款3.00亿元，超目标任务11.6%).
MARGIN_OVER = re.compile(
    r"(高于|低于|快于|慢于|超过|超出)[^，,；;]{0,12}?(平均)?(增速|增幅|增长|水平)"
    r"|(超|超过|超出|超额完成)(年度|全年|年初)?(目标任务|预期目标|目标|任务|计划)"
)
# A total (共2亿元) and what a sum for each one (每个奖补2000万元) is said per.
TOTAL_WORD = re.compile(r"(共|共计|合计|总计)")
EACH = re.compile(r"每(个|家|项|户|人|所|座|名)")
# 分别由 … 提高至 …: a list of start values, then one of new values.
FROM_TO = re.compile(r"分别\s*(?:由|从).*?(?:至|到|为)")
# What follows a change verb when a value comes next (压减至42个, 增长12.6%).
CHANGE_VALUE = re.compile(r"\s*(?:了|至|到|为)?\s*[\d０-９一二三四五六七八九十]")
# 为预算的 97.9%, 占全省…总量的 2/3, 均超过年度计划的 130%: a share of a named base.
# The share of its budget an item reached, said without 的 (完成预算105.7%, 完成调整预算90.3%).
BUDGET_SHARE = re.compile(r"(?:完成|为|占|达)(?:调整|年初|全年)?预算数?")
# A budget alone before 的, the share's verb said with the share before (批准调整预算的82.4%).
BUDGET_BASE_ONLY = re.compile(r"(?:批准的?)?(?:调整|年初|全年|调整后)?预算数?的")
# 按照本级一般公共预算支出额的 1%—3%: a rate set by what it is a share of.
RATE_OF_BASE = re.compile(r"(?:按照|按)(?P<base>[^，,；;：:按]{1,24})的\s*$")
RATE_OF_BARE_BASE = re.compile(r"(?:按照|按)(?P<base>[^，,；;：:按的\d]{2,16}?)\s*$")
SHARE_BASE = re.compile(
    r"(?:^|(?P<head>.*?))(?:为|占|完成|超过|是|达到|增至|增长到|增加到|提高到)(?P<base>[^为占]{0,24})的\s*$"
)


@dataclass
class Metric:
    """One value stated in prose, with what it measures and how the report qualifies it."""

    subject: str | None
    quantity: Quantity
    qualifier: str | None
    approx: str | None
    op: str | None
    change: str | None
    period: str | None
    sentence: str
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    rule: str
    # The noun phrase read after a count's measure word, so the next value in the clause does
    # not take it again as its own topic.
    np_after: str = field(default="", repr=False)

    def to_record_fields(self) -> dict[str, Any]:
        """JSON-ready fields of a ``metric`` record (the caller adds ids, page and bbox)."""
        return {
            "subject": self.subject,
            "quantity": quantity_to_dict(self.quantity),
            "qualifier": self.qualifier,
            "approx": self.approx,
            "op": self.op,
            "change": self.change,
            "period": self.period,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "start": self.start,
            "end": self.end,
            "provenance": {
                "rule": self.rule,
                "quantity_rule": getattr(self.quantity, "rule", None),
            },
        }


def quantity_to_dict(q: Any) -> dict[str, Any]:
    if hasattr(q, "to_dict"):
        return q.to_dict()
    out = {}
    for name in ("text", "start", "end", "value", "unit", "base_value", "base_unit", "kind", "op",
                 "approx", "low", "high", "change"):
        v = getattr(q, name, None)
        out[name] = str(v) if isinstance(v, Decimal) else v
    return out


def find_quantities(text: str) -> list[Any]:
    """Quantities from ``extractor.numbers``; never raises (a bad text yields no quantities)."""
    try:
        return list(numbers_find_quantities(text))
    except Exception:  # the numbers stage promises not to raise; one bad text never sinks a doc
        return []


# The year a text is about and the year it was delivered in (``text_to_metrics``).
Years = tuple[int | None, int | None]


def text_to_metrics(
    text: str, *, year: int | None = None, heading: str = "", spoken: int | None = None
) -> list[Metric]:
    """Every metric stated in ``text``; offsets index ``text``. ``year`` is the year the text
    is about and resolves 本年/上年/年末; ``spoken`` is the year it was delivered in and
    resolves 今年/去年 (``year`` when not given): a report on 2025's execution and 2026's draft
    speaks in 2026. ``heading`` is the title the text stands under (a section's), the theme of
    an amount its first sentence only allocates (支持充分释放内需潜力 / 安排2亿元。)."""
    if not text:
        return []
    quantities = find_quantities(text)
    return quantities_to_metrics(text, quantities, year=year, heading=heading, spoken=spoken)


def quantities_to_metrics(
    text: str,
    quantities: list[Any],
    *,
    year: int | None,
    heading: str = "",
    spoken: int | None = None,
) -> list[Metric]:
    """Link already-found quantities of ``text``, sentence by sentence."""
    if not quantities:
        return []
    return sentences_to_metrics(
        text, sentence_quantities(text, quantities), year=year, heading=heading, spoken=spoken
    )


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; the spaCy component splits by it too. A full
    stop inside brackets ends no sentence (…770万元（…运行维护费770万元，比上年减少58万元。）比上年
    减少58万元，…), unless the bracket stays open for longer than a sentence runs."""
    sentence = SENTENCE_DOTS if HAS_DOT_STOP.search(text) else SENTENCE
    start, end, depth = -1, -1, 0
    for m in sentence.finditer(text):
        if start < 0 or depth <= 0 or m.end() - start > BRACKETED_SENTENCE:
            if start >= 0:
                yield start, end
            start, depth = m.start(), 0
        end = m.end()
        piece = m.group()
        depth += piece.count("（") + piece.count("(") - piece.count("）") - piece.count(")")
    if start >= 0:
        yield start, end


def sentence_quantities(text: str, quantities: list[Any]) -> Iterator[tuple[int, int, list[Any]]]:
    """(start, end, quantities) of each sentence of ``text`` that holds a quantity."""
    quantities = sorted(quantities, key=lambda q: q.start)
    i = 0
    for s0, s1 in sentence_spans(text):
        while i < len(quantities) and quantities[i].start < s0:
            i += 1
        j = i
        while j < len(quantities) and quantities[j].start < s1:
            j += 1
        if j > i:
            yield s0, s1, quantities[i:j]
        i = j


def sentences_to_metrics(
    text: str,
    sentences: Iterable[tuple[int, int, list[Any]]],
    *,
    year: int | None,
    heading: str = "",
    spoken: int | None = None,
) -> list[Metric]:
    """Link each sentence's quantities (the fast path and the spaCy component both come here):
    the opening sentence stands under ``heading``, and a sentence may take the item of the one
    before it in its paragraph (``item_of_previous_sentence``)."""
    metrics: list[Metric] = []
    previous: list[Metric] = []
    last_linked: list[Metric] = []  # the last sentence's that had any
    paragraph: list[Metric] = []  # the metrics of the paragraph so far
    previous_end = 0
    text_start = len(text) - len(text.lstrip())  # a sentence at or before it opens the text
    for s0, s1, qs in sentences:
        opening = heading if s0 <= text_start else ""
        linked = safe_link_sentence(text, s0, s1, qs, (year, spoken), opening)
        if paragraph and "\n" in text[paragraph[-1].end:s0]:
            paragraph = []
        if previous and "\n" not in text[previous_end:s0]:
            item_of_previous_sentence(linked, previous[0], text, s0)
        item_of_line_label(linked, text, s0)
        # (a sentence between with a figure but no metric, （详见附表14）, parts them not)
        regions_of_previous_sentence(linked, last_linked, text, s0, paragraph)
        levels_of_previous_total(linked, text, s0, paragraph)
        same_basis_of_previous(linked, paragraph, text)
        metrics.extend(linked)
        paragraph.extend(linked)
        previous, previous_end = linked, s1
        last_linked = linked or last_linked
    return metrics


def safe_link_sentence(
    text: str, s0: int, s1: int, qs: list[Any], when: Years, heading: str = ""
) -> list[Metric]:
    """link_sentence, but one sentence the rules cannot handle never sinks the section."""
    try:
        return link_sentence(text, s0, s1, qs, when, heading)
    except Exception:  # a bug in a rule must not lose the other sentences' metrics
        return []


# --- which quantities are metrics -----------------------------------------------------------


def is_metric_quantity(q: Any, text: str, s0: int) -> bool:
    """False for quantities that are not claims: dates, editions, quoted names, attributes."""
    kind = getattr(q, "kind", None)
    unit = getattr(q, "unit", "") or ""
    if kind == "date" or (kind == "duration" and not TIME_MEASURED.search(text, s0, q.start)):
        return False
    if unit in lexicon().deny_units:
        return False
    if kind == "rank":
        # 第32位, 前5名, 全省第二 are standings; 第四使馆区 and 第一代 are ordinal names.
        lead = text[max(s0, q.start - RANK_REGION_REACH):q.start]
        scoped = q.text.startswith("全") or re.search(r"全[省国市区]\s*$", lead)
        if ORDINAL_BATCH.match(text, q.end):
            return False  # 获批全国第二批…试点城市: which batch, an ordinal name, not a standing
        if RANK_MODIFIER.match(text, q.end) and not scoped:
            return False  # 获得第一名、第二名的选手, 居前五位的行业: who is meant, not a
            # standing; 以全省第一的成绩 still states one
        return unit in ("位", "名") or bool(
            re.match(r"(全[省国市区]|前)", q.text) or re.search(RANK_CONTEXT, lead)
        )
    size = q.base_value if q.base_value is not None else q.value
    if (
        not re.search(r"\d", q.text)
        and size is not None
        and size <= 20
        and kind not in ("percent", "percentage_point", "ratio")
    ):
        # 十一个方面, 两个“关键小事”, 八项行动, 一期: enumerations, not claims; but 上亿人 is
        # 1 亿人, and 一半, 翻一番, 百分之十, 一个百分点 count nothing
        return False
    if not unit and (
        re.match(r"\s*[:：]\s*\d", text[q.end : q.end + 3])
        or re.search(r"\d\s*[:：]\s*$", text[max(s0, q.start - 3) : q.start])
    ):
        return False  # 三次产业结构为4.7:40.3:55.1: a term of a ratio says nothing alone
    before = text[s0:q.start]
    if re.search(r"[一二三四五六七八九十两]个\s*$", before) and q.text[:1].isdigit():
        return False  # 解决三个1亿人问题: numbered goals named by a figure, not a claim
    if unit == "个" and GOALS_AT.match(text, q.end):
        return False  # …企业评价部门覆盖3个100%: how many goals the figure after it names
    if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
        return False  # inside a quoted name: “3 个 100”工程, 《…2.0版》
    after = text[q.end:q.end + 6]
    if OPERAND_AFTER.search(before) or OPERAND_BEFORE.match(after):
        # 及时率=49/146×100%=33.56%: a formula's operands; its result is the claim. A / before
        # a word is a rate's unit (6250元/生/年, 126.5部/百人), no operator. So is the first
        # term of a bracketed sum (平均及时率=（33.56%+27.72%+…）/4=40.66%: each was claimed
        # before; the parser reads no value after a +).
        return False
    if re.search(r"[A-Za-z]", q.text) and re.match(r"[\u4e00-\u9fff]", after):
        return False  # 550kW抱轴式大功率永磁发电机: a model's rating, not a claim
    if re.match(r"(?:的)?\s*除外", after) or re.search(r"除(?:上述|前述|以上)\s*$", before):
        # 小于50万元的除外: the bound of an exception to a rule; 除上述2个项目外: the items named
        # before, counted again
        return False
    if is_threshold(text, q):
        return False  # 单价100万元（含）以上设备: the threshold of a noun phrase, no figure
    if q.kind in ("money", "number", "physical") and after.startswith("级"):
        # 15个10亿元级重大项目, 拖船10000吨级的通行能力: a size class of the items, no figure of
        # its own
        return False
    if kind == "percent" and TOP_SHARE_BEFORE.search(before):
        return False  # 全球前1%学科, 进入ESI排名前1‰: a class of ranks, not a share of anything
    if q.text.startswith(("超", "逾")) and THRESHOLD_NOUN_COUNTED.match(text, q.end):
        return False  # 超亿元企业344家: the threshold of the noun the next figure counts
    if (
        q.text.startswith(("超", "逾"))
        and kind == "money"
        and THRESHOLD_CLASS.match(text, q.end)
        and not SPENT_BEFORE.search(before)
    ):
        # 推动招引超千万美元外资项目: a class of projects by size, no sum (but 全市共投入超500亿元
        # 政府投资项目 spends one on them)
        return False
    if kind in ("count", "number") and is_possessor(text, q.end) and not EXISTENTIAL.search(before):
        # 保障好14亿人的粮食安全, 近14亿中国人的饭碗: a description, not a claim; but 有27种产品的
        # 产量实现增长 says how many there are.
        return False
    if unit == "份" and PRINT_RUN.search(before):
        return False  # 共印900份 on a report's last page: how many copies were printed
    if not unit and size == 100 and re.search(r"以[^，,；;]{1,8}为\s*$", before):
        return False  # 以上年为100: the base of an index, no figure
    if (
        kind == "physical"
        and not re.search(r"[\d０-９]", q.text)
        and re.match(r"[\u4e00-\u9fff]", after)
        and not CLAUSE_CLOSES.match(text, q.end)
    ):
        return False  # 百万千瓦光储一体化项目: a round magnitude naming a project's class
    if not unit and kind not in ("percent", "ratio"):
        # A bare number is a claim only as 为0 at a clause end (政府性基金拨款支出预算为0), or as
        # an index's reading (index_reading).
        return (closes_clause(text, q) and bool(re.search(r"为\s*$", before))) or index_reading(
            text, q
        )
    return True


# The name of an index or a coefficient, right before its reading (价格指数99.7, 系数为0.46).
INDEX_NAME_BEFORE = re.compile(r"(指数|系数)\s*(为)?\s*$")


def index_reading(text: str, q: Any) -> bool:
    """A bare number right after an index's or a coefficient's name, closing its clause
    (全州居民消费价格指数99.7，其中服务价格指数100.3。环境空气质量综合指数2.557，): a reading,
    which prose gives without a unit."""
    return closes_clause(text, q) and bool(
        INDEX_NAME_BEFORE.search(text[max(0, q.start - 4) : q.start])
    )


def closes_clause(text: str, q: Any) -> bool:
    """The value ends its clause (or the text)."""
    return q.end >= len(text) or text[q.end] in CLAUSE_DELIMS


# A top share of a ranking (全球前1%, ESI排名前1‰): the bound of a class, whose members the
# figure beside it counts.
TOP_SHARE_BEFORE = re.compile(r"(?:排名|排|位居|居|进入|跻身|全球|全国|全省|世界)前\s*$")
# A class named by a size right after it (超千万美元外资项目, 超亿元企业).
THRESHOLD_CLASS = re.compile(r"[\u4e00-\u9fff]{0,4}(?:项目|企业)")
# Money spent or raised right before a sum (投入, 共安排): what follows is what it went to.
SPENT_BEFORE = re.compile(r"(?:投入|投资|安排|拨付|下达|筹集|争取|发行|完成)[共累计]*\s*$")
# A noun right after a figure, counted by the next figure (超亿元企业344家, 超亿元项目22个).
THRESHOLD_NOUN_COUNTED = re.compile(r"[\u4e00-\u9fff]{1,6}\s*\d")


# A run-in label standing as a sentence of its own at the start of a line (——增值税。): the item
# the next sentence states the figures of.
RUN_IN_LABEL = re.compile(
    r"(?:^|\n)[ \u3000]*(?:——|—|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)])?"
    r"[ \u3000]*(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,19})。[ \u3000]*$"
)


# The heads of budget items: a label ending in one is an item (——车辆通行费。), one ending
# otherwise is a theme (——财政实力持续增强。) that does not name what the figures measure.
ITEM_HEAD = re.compile(r"(税|收入|支出|费|资金|基金|利润|拨款|补助|债务|债券|利息|经费|注入)$")


# A label a value follows right after its colon (审定价：1927021.95元, 设计供水频率：1/100,
# 书记、校长：≤15.16万元/学年): a short name, after any list number, that no verb or 是 ends.
COLON_LABEL = re.compile(
    r"(?:^|(?<=[，,；;。\n]))[ \u3000]*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)])?"
    r"[ \u3000]*(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff、]{1,11})[：:][ \u3000]*$"
)
# Labels that introduce what follows rather than name it (其中：, 注：, 主要是：).
NOT_A_COLON_LABEL = re.compile(r"注|备注|说明|其中|.*(是|为|如下|包括|有)")


def label_of_colon(text: str, q0: int) -> str | None:
    """Rule ``label_of_colon``: the name before the colon a value stands right after."""
    m = COLON_LABEL.search(text, max(0, q0 - 24), q0)
    if not m or NOT_A_COLON_LABEL.fullmatch(m.group("label")):
        return None
    label = m.group("label")
    if label in lexicon().lead or segment(label)[-1] in lexicon().verbs:
        return None
    return label


def label_before(text: str, s0: int) -> str | None:
    """Rule ``label_before``: the run-in item label just before the sentence, on its line."""
    m = RUN_IN_LABEL.search(text, max(0, s0 - 32), s0)
    if not m:
        return None
    # A bracket closing the label says which budget (金融企业利润收入（国资预算）): the item's
    # head is before it.
    head = re.sub(r"[（(][^（）()]*[）)]$", "", m.group("label"))
    return m.group("label") if ITEM_HEAD.search(head) else None


# A value's clause that opens on a change's starting point or its base (由…, 从…, 较…, 比…), or
# on the level the change reached (直接融资规模稳步增长，达183亿元).
CHANGE_FROM = re.compile(r"\s*(由|从|较|比|达到|达)")
# A clause that opens on the standing an item reached (2025年跃居全省第3位).
RANK_REACHED = re.compile(r"\s*(?:\d{4}年)?(?:跃居|位居|稳居|居|位列|名列|排名|排)")
# A clause saying an item changed: the item, any words of since when and how, the change verb
# closing the clause (城乡居民医疗保险财政补助标准自2014年起连续四年上调, 全省最低工资标准再次提高).
CHANGED_ITEM = re.compile(
    r"(?P<item>[^，,；;：:。\d]{2,30}?)"
    r"(?:自\d{4}年(?:以来|起)?|\d{4}年以来|近[一二三四五六七八九十两\d]+年来?)?"
    r"(?:连续[一二三四五六七八九十两\d]+年|逐年|再次|持续|稳步|大幅|进一步|不断|逐步|明显|显著)?"
    r"(?:" + CHANGE_WORD.pattern + r"|稳中有进|稳中有升|稳中向好|止跌回稳|止跌回升|企稳回升)了?"
)


def item_of_clause_before(text: str, s0: int, c0: int, q0: int) -> str | None:
    """Rule ``item_of_clause_before``: for the first value of a sentence whose clause opens on
    a change's starting point, its base or the level it reached and names no item (…，由2014年的
    每人每年372元上调到502元; 项目支出增加，较上一度增加1133.95万元; 直接融资规模稳步增长，达183
    亿元), the item the clause before it said changed, or named
    alone (通过等级评定的养老机构，由2019年的579家增加到2021年的1203家)."""
    if not (CHANGE_FROM.match(text, c0, q0) or RANK_REACHED.match(text, c0, q0)):
        return None
    before = text[s0:c0].rstrip().rstrip("，,")
    clause = re.split(r"[，,；;：:。]", before)[-1].strip()
    changed = CHANGED_ITEM.fullmatch(clause)
    if changed:
        return clean_tokens(segment(changed.group("item"))) or None
    if not clause or re.search(r"[\d０-９]", clause):
        return None  # a figure in a clause that is no change said of an item
    tokens = [t for t in segment(clause) if t.strip()]
    lex = lexicon()
    if verb_cut(tokens) >= 0 or tokens[-1] in lex.verbs or CHANGE_WORD.search(clause):
        return None  # the clause says what was done, not which item
    named = clean_tokens(tokens)
    return named if named == clause else None


# A kind of firm and its measure (国有控股企业增加值, 股份制企业利润总额).
KIND_MEASURE = re.compile(r".+企业(?P<measure>增加值|利润总额|利润|营业收入|产值)")


# An amount that names nothing on its own, and the clause closed by 的 before its comma that says
# which (由小微企业供应商中标或成交的，采购金额…), with the scope that opened the part (在…中，).
BARE_AMOUNTS = frozenset({"采购金额", "金额", "合同金额"})
DESCRIBED_BEFORE = re.compile(
    r"(?:在(?P<scope>[^，,；;在]{2,30})中[，,]\s*)?(?P<which>由[^，,；;。]{2,24}的)[，,]\s*$"
)


# A clause that is only a change, perhaps aimed at (力争增长5%).
BARE_CHANGE = re.compile(rf"\s*(?:力争|预计|预期|继续|同比)?\s*(?:{CHANGE_WORD.pattern})\s*")


def item_changed_between(text: str, start: int, end: int) -> str | None:
    """The item the last clause between ``start`` and ``end`` says changed (CHANGED_ITEM: 固定
    资产投资止跌回稳), or None."""
    clause = re.split(r"[，,；;：:、。]", text[start:end].rstrip().rstrip("，,、"))[-1].strip()
    changed = CHANGED_ITEM.fullmatch(clause)
    if changed is None:
        return None
    return clean_tokens(segment(changed.group("item"))) or None


# A clause that is only a total (…全部项目支出，合计117.05亿元).
TOTAL_ONLY = re.compile(r"\s*(合计|共计|总计)(为|达)?\s*")


def total_of_clause_before(text: str, s0: int, c0: int, q0: int) -> str | None:
    """Rule ``total_of_clause_before``: a value whose clause only says it is a total, first in
    its sentence, totals what the clause before names when that clause holds no figure
    (涵盖已批复绩效目标的全部项目支出，合计117.05亿元 → 全部项目支出)."""
    if not TOTAL_ONLY.fullmatch(text, c0, q0):
        return None
    before = text[s0:c0].rstrip()
    if not before.endswith(("，", ",")):
        return None
    clause = re.split(r"[，,；;：:。]", before[:-1])[-1].strip()
    if not clause or re.search(r"[\d０-９]", re.sub(r"\d{4}\s*年度?", "", clause)):
        return None  # a clause with figures of its own: a total of them, not of a noun
    row = ROW_NAMED.search(clause)
    if row:
        return row.group("row")  # …支出预算总表中行政运行”这一行，合计…: the row's name
    return clean_tokens(segment(clause)) or None


# A table's row pointed to by its name (《…预算表》中“行政运行”这一行).
ROW_NAMED = re.compile(r"中“?(?P<row>[^“”中]{2,20})”?(?:这|该)一?行$")


# A subject that only points back (该指标得2分, 本项指标): the thing is named elsewhere.
DEMONSTRATIVE = re.compile(r"(该|本|此)(项)?(指标|项目|项)(得分|得)?")
# The label a paragraph opens with, up to its colon (A102立项程序规范性：, （3）资金到位率：).
PARAGRAPH_LABEL = re.compile(
    r"[ \u3000]*(?P<label>(?:[A-Z]\d{1,4}|[（(]\d{1,2}[）)]|\d{1,2}[.．、])?[ \u3000]*"
    r"[\u4e00-\u9fff][^：:，,。；;\n]{1,24}?)[：:]"
)


def paragraph_label(text: str, q0: int, reach: int = 800) -> str | None:
    """Rule ``label_of_paragraph``: the label that opens the paragraph a value stands in, for a
    subject that only points back to it (该指标得0.00分 → A102立项程序规范性). Paragraphs may
    wrap over lines: the last line opening with a label counts, unless another value was
    already pointed back to after it (that label's paragraph has had its figure)."""
    label = None
    for line_start in _line_starts(text, max(0, q0 - reach), q0):
        m = PARAGRAPH_LABEL.match(text, line_start, q0)
        if m:
            label = m
    # The value's own 该指标 stands between; a second one means the label's figure came before.
    if label is None or len(DEMONSTRATIVE.findall(text, label.end(), q0)) > 1:
        return None
    return label.group("label").strip()


def _line_starts(text: str, start: int, end: int) -> Iterator[int]:
    if start == 0:
        yield 0
    at = text.find("\n", start, end)
    while at >= 0:
        yield at + 1
        at = text.find("\n", at + 1, end)


RATIO = re.compile(r"\d+(?:\.\d+)?(?:\s*[:：]\s*\d+(?:\.\d+)?)+")
# The code of a line of the spending classification, bracketed after its name: 类 (208类), 款
# (05款) and the 项 after them (社会保障和就业支出（208类）…其他行政事业单位养老支出（99项）).
CLASS_CODE = re.compile(r"[（(](?P<code>\d{3}类|\d{2}[款项])[）)]")


def class_code_starts(text: str, s0: int, s1: int) -> set[int]:
    """Where each code of CLASS_CODE starts in text[s0:s1]; a 项 is one only after a 类 or 款
    code (完成重点项目（12项） counts projects)."""
    starts: set[int] = set()
    for m in CLASS_CODE.finditer(text, s0, s1):
        if not m.group("code").endswith("项") or starts:
            starts.add(m.start("code"))
    return starts


# A sentence that reads as prose though no comma parts it: it closes with a full stop, each
# value has its unit, and no figures stand in a row as a table's columns do.
FIGURES_IN_A_ROW = re.compile(r"\d\s+[\d.]")


def is_table_debris(text: str, s0: int, s1: int, qs: list[Any], codes: set[int]) -> bool:
    """A table dumped as text (项目资金 10 10年度资金总额 100%16 1616…): many values and
    almost no clause punctuation. Its quantities are the table's, not prose metrics; nor are
    the class codes at ``codes`` (class_code_starts) values of it."""
    sentence = text[s0:s1]
    values = [
        q
        for q in qs
        if getattr(q, "kind", None) not in ("date", "duration", "rank") and q.start not in codes
    ]
    if len(values) < 3:
        return False  # 全市高新技术企业从2020年的100家增加到2025年的300家: two values, two dates
    # 、 after a list number (十四、商业服务业等支出 20880 30396 45.6) is a row label, not prose.
    punctuation = sum(sentence.count(c) for c in "，,；;：:") + len(
        re.findall(r"(?<![一二三四五六七八九十\d])、", sentence)
    )
    # The terms of a ratio (三次产业结构为4.7:40.3:55.1) are one figure of prose, not a column each.
    in_ratio = sum(m.group().count(":") + m.group().count("：") for m in RATIO.finditer(sentence))
    bare = sum(
        1 for q in values if not (getattr(q, "unit", "") or "") and not index_reading(text, q)
    ) - in_ratio
    # 下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为443.18万元。
    prose = (
        bool(re.search(r"。\s*$", sentence))
        and bare <= 0
        and not FIGURES_IN_A_ROW.search(sentence)
    )
    return (
        (punctuation == 0 and not prose)
        or (len(qs) >= 8 and punctuation <= len(qs) // 6)
        or (bare >= 3 and bare * 2 >= len(values))  # unitless columns of a table
    )


def is_bare_figures(text: str, s0: int, s1: int, qs: list[Any]) -> bool:
    """A line of figures and nothing to say what they are, not even a full stop (a chart's
    labels drawn as text: 南京 2026 prints 1.6% and 81.7% as lines of their own)."""
    rest, at = [], s0
    for q in qs:
        rest.append(text[at : q.start])
        at = q.end
    rest.append(text[at:s1])
    # 0.95亿元。 closes a sentence a line break cut off: what the figure is was said before.
    closes = re.search(r"[。！？!?]\s*$", text[s0:s1])
    return not closes and not re.search(r"[\u4e00-\u9fffA-Za-z]", "".join(rest))


def opens_relative_clause(phrase: str) -> bool:
    """A phrase after a count opened by a verb and closed by 的 says which ones are counted
    (384名符合…条件的澳门居民, 36个有产业基础的…强镇). 有 counts as a word only (有效 is no 有)."""
    return bool(RELATIVE_CLAUSE.match(phrase)) or segment(phrase)[:1] == ["有"]


def total_of_list(earlier: list[Metric], q: Any) -> tuple[str | None, str]:
    """Rule ``total_of_list``: a sum a bare 合计 or 共计 gives after items listed with theirs
    (…，其中支持外贸发展370.00万，…，进博会推进专项153.00万，合计2921.00万) is the items' total,
    none of theirs: the subject of the same sum stated before them in the sentence (2025年度项目
    总预算2921.00万), else none. ``earlier``: the sentence's metrics before it."""
    same = (
        m
        for m in earlier
        if m.quantity.base_value == q.base_value
        and m.quantity.unit == q.unit  # (a bare 万's base unit is only set once linked)
        and m.subject
    )
    stated = next(same, None)
    if stated:
        return stated.subject, "total_of_list"
    # 全年发行新增债券257.23亿元，再融资债券56.63亿元，共计313.86亿元: no such sum stated, the
    # total is of what the items listed before it in the same unit are, their shared head.
    items = [m.subject for m in earlier if m.subject and m.quantity.unit == q.unit]
    head = shared_tail(items) if len(items) >= 2 else ""
    return (head, "total_of_list") if head else (None, "unlinked")


def shared_tail(subjects: list[str]) -> str:
    """The words all ``subjects`` end on (新增债券, 再融资债券 → 债券), two characters at least."""
    words = segment(subjects[0])
    for k in range(len(words)):
        tail = "".join(words[k:])
        if all(s.endswith(tail) for s in subjects):
            return tail if len(tail) >= 2 else ""
    return ""


def is_possessor(text: str, end: int) -> bool:
    """The count is followed by 的, directly or after its noun (14亿人的, 14亿中国人的)."""
    rest = text[end:end + 16].lstrip()
    if rest.startswith("的"):
        return True
    clause_end = end_of_clause(text, end)
    clause = text[end:clause_end]
    if "的" in clause and lists_qualities(clause[: clause.index("的")]):
        return False  # 5个规模大、效益好的龙头企业: the qualities describe what is counted
    # The phrase stays in the count's clause (推出25款以上爆款终端产品，打造更具影响力的…: the 的
    # after the comma is another clause's).
    np = noun_phrase_after(text, end, min(clause_end, end + 16))
    # 384名符合“澳人澳税”政策条件的澳门居民: a clause opened by a verb and closed by 的 says which
    # ones are counted; the count is still a claim. So is 170余项新的试点举措: an adjective of
    # one character (新, 老) before 的 describes the counted items, whose noun follows.
    return (
        bool(np)
        and rest.startswith(np + "的")
        and not opens_relative_clause(np)
        and len(np) > 1
    )


# --- the sentence linker ----------------------------------------------------------------------


def link_sentence(
    text: str, s0: int, s1: int, qs: list[Any], when: Years, heading: str = ""
) -> list[Metric]:
    year, spoken = when
    sentence = text[s0:s1]
    # 社会保障和就业支出（208类）: the code of a budget line, no count.
    codes = class_code_starts(text, s0, s1)
    if is_table_debris(text, s0, s1, qs, codes) or is_bare_figures(text, s0, s1, qs):
        return []
    candidates = [q for q in qs if q.start not in codes and is_metric_quantity(q, text, s0)]
    if not candidates:
        return []
    lex = lexicon()
    is_target = any(word in sentence for word in lex.targets) or bool(PLANNED.search(sentence))
    respective = respectively_subjects(text, s0, s1, candidates)
    years = respective_years(text, s0, s1, candidates)
    out: list[Metric] = []
    for q in candidates:
        is_rank = getattr(q, "kind", None) == "rank"
        c0, c1 = clause_bounds(text, s0, s1, q.start, q.end)
        c0 = start_of_listed_phrase(text, s0, s1, c0, out)
        prev_in_clause = next((m for m in reversed(out) if m.end > c0), None)
        t0 = max(c0, prev_in_clause.end) if prev_in_clause else c0
        topic = text[t0:q.start]
        if prev_in_clause and prev_in_clause.np_after and topic.lstrip().startswith(
            prev_in_clause.np_after
        ):
            rest = topic.lstrip()[len(prev_in_clause.np_after):]
            # A code naming the noun before it carries the phrase on (74个重点城市细颗粒物（PM2.5）
            # 年均浓度下降9.1%): the phrase is the next value's subject whole. Any other aside
            # belongs to the counted noun (4个县（市）一般公共预算收入…).
            aside = ASIDE.match(rest)
            # So does a phrase opened by a preposition (310条河流按河长计算水体优良比例达90%): it
            # says how the noun is measured, and needs the noun.
            led = any(tok in PREPOSITIONS for tok in segment(rest.strip())[:1])
            # 15项资金规模列全省各市第1位: the phrase's own standing.
            ranked = is_rank and RANK_FRAME_ALONE.fullmatch(rest)
            whole = CODE_ASIDE.match(rest) or led or ranked
            topic = topic if whole else rest[aside.end():] if aside else rest
        field = RANK_FIELD_FIRST.search(text, c0, q.start) if is_rank else None
        if field:
            # 环境空气质量综合指数2.557，…，在全省14个市州中排名第1: the field's count (14个)
            # is no value the rank goes on about; what stands before the field is the item.
            ends = [m.end for m in out if c0 < m.end <= field.start()]
            topic = text[max([c0, *ends]):field.start()]
        # A bracketed part (（含高新区0.26亿元）) is no item the values after it go on about; a
        # value right after the bracket closes goes on about the item before it opened.
        opened, closed = bracket_opening(text, t0, topic)
        if opened is not None:
            # The words before the bracket, after any value before it in the clause, and after
            # it: ——工会经费（60%部分）787.58万元 → 工会经费.
            before = next((m.end for m in reversed(out) if c0 <= m.end <= opened), c0)
            topic = text[before:opened] + topic[closed:]
        prev = next(
            (
                m
                for m in reversed(out)
                if m.rule != "part_of_previous"
                and (opened is None or m.start < opened)
                and (field is None or m.end <= field.start())
                and not in_closed_aside(text, m, q.start)
            ),
            None,
        )
        prev = item_explained(text, s0, q, out, prev)
        part = part_of_previous(text, q, prev)
        converted = converted_from(topic, q, out)
        topic = topic_context_removed(topic)
        purpose = (
            None if part or converted else allocation_purpose(text, s0, s1, c0, q, topic, heading)
        )
        subject: str | None
        if part:
            subject, rule, np_after = part, "part_of_previous", ""
        elif converted:
            subject, rule, np_after = converted, "conversion_of_previous", ""
        elif purpose:
            subject, rule, np_after = purpose, "allocation_purpose", ""
        else:
            # A share of a budget is a sum's (增幅排名全省第2，完成调整预算的100.99%: the
            # revenue's, not its growth's standing): after any other value, the last sum before.
            budgeted = prev
            if prev is not None and prev.quantity.kind not in ("money", "percent"):
                budgeted = next(
                    (
                        m
                        for m in reversed(out)
                        if m.quantity.kind == "money"
                        and m.rule not in PART_RULES
                        and not in_closed_aside(text, m, q.start)
                    ),
                    prev,
                )
            subject, rule, np_after = resolve_subject(
                text, q, topic, prev, c1, respective, budgeted
            )
        if rule == "change_of_previous" and prev is not None:
            subject = level_of_share(out, prev, q) or subject
        if rule == "change_of_previous" and TOTAL_WORD.fullmatch(topic.strip(STRIP_CHARS)):
            subject, rule = total_of_list(out, q)
        # The total a part is listed under: not a part, nor a share or change of one (其中：
        # 区本级284.99亿元，占30%；市县677.51亿元).
        parts = {m.subject for m in out if m.rule in PART_RULES}
        totals = [m for m in reversed(out) if not is_part(m, parts)]
        parent = next(iter(totals), None)
        if getattr(q, "kind", None) == "count":
            # A count's total is counted in its measure word (培训班不少于102班次，培训城乡残疾人
            # 1539人，其中市级完成42班次 → 市级残疾人职业技能培训班).
            parent = next((m for m in totals if m.quantity.unit == q.unit), parent)
        if rule == "topic_before_value" and subject and parent and parent.subject:
            region = region_of_previous(text, subject, parent, q.start)
            subject, rule = (region, "region_of_previous") if region else (subject, rule)
        line = subject in lex.owned
        if subject and (line or subject in lex.carried) and rule == "topic_before_value":
            # …基金收入46.3亿元，支出42.9亿元; 节能环保支出预算数为16.55亿元，执行数为18.5亿元
            owner = (
                (budget_owner(out, part_start(text, s0, q.start)) if line else None)
                or (paired_owner(out, subject) if line else None)
                or budgeted_item(out, line=line)
                or (fund_owner(out) if line else None)
            )
            subject, rule = (owner + subject, "owner_of_previous") if owner else (subject, rule)
        bare_budget = BUDGET_LINE_BARE.fullmatch(subject or "")
        if bare_budget and rule == "topic_before_value":
            owner = budget_owner(out, part_start(text, s0, q.start))
            if owner and owner.endswith("预算"):
                subject, rule = owner + bare_budget.group("line"), "owner_of_previous"
        firms = (subject or "").endswith("企业") and getattr(q, "kind", None) == "percent"
        measured = KIND_MEASURE.fullmatch(prev.subject or "") if firms and prev else None
        if measured and subject and rule == "topic_before_value":
            # 国有控股企业增加值增长7.1%；股份制企业增长8.9%: the growth of a list of kinds of
            # firm, the measure said with the first only (not 亏损企业37家: a count of firms).
            subject += measured.group("measure")
        described = DESCRIBED_BEFORE.search(text, s0, c0) if subject in BARE_AMOUNTS else None
        if described and subject and rule == "topic_before_value":
            # 在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额0.00万元: the clause
            # closed by 的 before the comma says which amount, and the scope before it where.
            scope = f"{described.group('scope')}中" if described.group("scope") else ""
            subject = scope + described.group("which") + subject
        if subject and rule == "topic_before_value" and out:
            level = level_of_opening(out, subject, text[c0:q.start]) or level_of_debt(
                out, subject, part_start(text, s0, q.start)
            )
            subject, rule = (level + subject, "owner_of_previous") if level else (subject, rule)
        if subject is None and prev is None:
            changed = item_of_clause_before(text, s0, c0, q.start)
            subject, rule = (changed, "item_of_clause_before") if changed else (subject, rule)
        if (rule == "change_of_previous" or subject is None) and BARE_CHANGE.fullmatch(
            text, c0, q.start
        ):
            # 全市地区生产总值增长5%，固定资产投资止跌回稳、力争增长5%: a clause between the
            # value before (or the sentence's start) and this bare change says an item changed;
            # the change is that item's.
            changed = item_changed_between(text, prev.end if prev else s0, c0)
            subject, rule = (changed, "item_of_clause_before") if changed else (subject, rule)
        if subject is None and prev is None:
            totalled = total_of_clause_before(text, s0, c0, q.start)
            subject, rule = (totalled, "total_of_clause_before") if totalled else (subject, rule)
        if subject is None and prev is None:
            subject = label_before(text, s0)
            rule = "label_before" if subject else rule
        if subject and DEMONSTRATIVE.fullmatch(subject):
            label = paragraph_label(text, q.start)  # A102立项程序规范性：…；该指标得0.00分。
            subject, rule = (label, "label_of_paragraph") if label else (subject, rule)
        prev_qualifier = prev.qualifier if prev is not None else None
        qualifier = find_qualifier(text, s0, q.start, year, q, prev_qualifier, rule)
        subject = new_kept(subject, qualifier, text[c0 : q.start])
        approx, op, change = markers_of(
            q, text[c0 : q.start], is_target, rule, text[q.end : q.end + 4]
        )
        floor = FLOOR_OPENING.match(subject or "")
        if floor and subject and op is None and approx is None:
            # 培育不少于“新工科”创新创业人才140人: the value's floor, said before what it counts.
            subject, op = subject[floor.end():], ">="
        if change and subject and RATE_NAMED.search(subject) and RATE_NAMED.search(
            text[c0:q.start].rstrip(" 为达到超过约是")
        ) and not RATE_BY.search(text[c0 : q.start]):
            change = None  # 居民消费价格涨幅3%左右: the subject names the rate, the value its level
        if subject and rule == "topic_before_value" and q.text.endswith("人口"):
            # 我国有13亿人口, 覆盖农村5亿人口: the unit word is what is counted, the words
            # before it whose (我国人口).
            subject = subject if "人口" in subject else subject + "人口"
        q = yuan_of_subject(q, subject, out[-1] if out else None)
        out.append(
            Metric(
                subject=subject,
                quantity=q,
                qualifier=qualifier,
                approx=approx,
                op=op,
                change=change,
                period=years.get(q.start)
                or period_said_after(subject, rule, year)
                or find_period_in_clause(
                    text,
                    s0,
                    c0,
                    q.start,
                    year,
                    rule == "change_of_previous",
                    subject or "",
                    spoken=spoken,
                ),
                sentence=sentence,
                sentence_start=s0,
                sentence_end=s1,
                start=q.start,
                end=q.end,
                rule=rule,
                np_after=np_after,
            )
        )
    # Rules that read the sentence's metrics together, once each has its own reading.
    out = count_of_next(text, out)
    out = remainder_of_first(out)
    return attribute_respectively(text, out)


# Between two counts of one thing: a 、 and the second count's qualifier (新增17种、累计82种).
COUNT_PAIR = re.compile(r"\s*、\s*(?:累计|新增|净增|共|共计|其中)?\s*")


def count_of_next(text: str, out: list[Metric]) -> list[Metric]:
    """A count with no noun of its own before a 、 and another count in the same measure word
    counts what that one counts (新增17种、累计82种“港澳药械通”药械获批 → 17种 of the 药械 too)."""
    for i in range(len(out) - 2, -1, -1):
        metric, after = out[i], out[i + 1]
        if (
            metric.subject is None
            and metric.quantity.kind == "count"
            and after.rule in ("after_measure_word", "count_of_next")
            and after.subject
            and after.quantity.unit == metric.quantity.unit
            and COUNT_PAIR.fullmatch(text, metric.end, after.start)
        ):
            out[i] = replace(metric, subject=after.subject, rule="count_of_next")
    return out


# An attribute the values after it give each listed item in turn (，总数分别达42家、600家).
EACH_ATTRIBUTE = re.compile(
    r"[，,；;]\s*(?P<attr>总数|总量|累计数|规模)\s*分别(?:达到|达|为|是)?\s*$"
)
# Between the values of one list (42家、600家).
LIST_GAP = re.compile(r"\s*[、和及与]\s*")


def attribute_respectively(text: str, out: list[Metric]) -> list[Metric]:
    """Values after an attribute and 分别 (新增独角兽企业13家、境内外上市公司19家，总数分别达42家、
    600家) are that attribute of the items the values before named, in order: the first of
    独角兽企业, not both of the last item's."""
    for i, first in enumerate(out[1:], start=1):
        # (the words before the value only: the pattern spans a dozen characters at most)
        said = EACH_ATTRIBUTE.search(text, max(0, first.start - 16), first.start)
        if said is None:
            continue
        run = [first]
        while len(out) > i + len(run) and LIST_GAP.fullmatch(
            text, run[-1].end, out[i + len(run)].start
        ):
            run.append(out[i + len(run)])
        items = out[max(0, i - len(run)) : i]
        unit = first.quantity.unit
        if len(items) != len(run) or any(m.quantity.unit != unit or not m.subject for m in items):
            continue
        for k, (metric, item) in enumerate(zip(run, items, strict=True)):
            whose = attribute_of(item.subject or "", said.group("attr")) or metric.subject
            out[i + k] = replace(metric, subject=whose, rule="attribute_of_previous")
    return out


# Words naming what is left of a whole (剩余80%, 其余48.3亿元).
REMAINDER = frozenset({"剩余", "其余", "余下"})


def remainder_of_first(out: list[Metric]) -> list[Metric]:
    """A share named only by a remainder word (工程投资由市财力承担20%,剩余80%通过发行专项债券
    解决) is of the whole the share before it is of. A sum so named is left alone: the whole it
    is the rest of is not always the sentence's first sum (…国有资本经营预算支出完成9000万元，…，
    其余5400万元调入…)."""
    for i, metric in enumerate(out):
        if metric.subject not in REMAINDER or metric.quantity.kind != "percent":
            continue
        whole = next((m for m in out[:i] if m.quantity.kind == "percent" and m.subject), None)
        if whole is not None and whole.subject not in REMAINDER:
            out[i] = replace(metric, subject=whole.subject, rule="remainder_of_first")
    return out


def new_kept(subject: str | None, qualifier: str | None, topic: str) -> str | None:
    """The subject with the 新增 the topic said right before it, when the qualifier is another
    word (全年发行新增债券257.23亿元: 全年 is the qualifier, and the bonds are 新增债券, not 债券).
    The subject drops 新增 because the qualifier says it; here nothing else would. A bare budget
    line (全年需新增支出9.21亿元) is left to the rules that find its owner."""
    if not subject or qualifier in ("新增", "净增") or subject.startswith("新增"):
        return subject
    if subject in lexicon().owned:
        return subject
    return "新增" + subject if "新增" + subject in topic else subject


# What a subject names when it names money: a sum spent, raised, earned, budgeted or worth.
MONEY_SUBJECT = re.compile(
    r"(资金|支出|成本|收益|金额|赞助|赞助费|投入|收入|经费|预算|补助|补贴|奖励|资本|付息支出"
    r"|价值|利税总额|票据|预算数|决算数|结余|收支|收入数|贷款余额|存款余额|融资|投融资数)$"
)


def yuan_of_subject(q: Any, subject: str | None, before: Metric | None) -> Any:
    """A sum printed with its scale word but no 元 (自然资源事务资金795万, 实际支出1100万, 用2.5亿
    财政资金) is yuan when its subject names money, or when the value before it in the sentence
    is a sum in the same scale (项目总预算1170.00万，其中支持企业规模化发展870.00万): kind money,
    base unit 元, and the rule says the unit was read from the context (``+yuan_of_subject``);
    the printed unit stays 万. A bare 0 of a money line (其他税收收入预算数为0) is no sum in any
    unit but 元; another bare figure may be in the 万元 of a table, so it stays a number."""
    zero = q.unit == "" and q.value == 0
    if q.kind != "number" or (q.unit not in ("万", "亿", "万亿") and not zero):
        return q
    # (…支持商业综合服务能力提升80.00万元，合计1410.00万: the 元 printed once is the list's.)
    after_sum = (
        before is not None
        and before.quantity.kind == "money"
        and before.quantity.unit in (q.unit, q.unit + "元")
    )
    if not after_sum and not (subject and MONEY_SUBJECT.search(subject)):
        return q
    return replace(q, kind="money", base_unit="元", rule=q.rule + "+yuan_of_subject")


def level_of_share(out: list[Metric], prev: Metric, q: Any) -> str | None:
    """A growth in percent after a share of a sum goes on about the sum, not the share (民生支出
    427.7亿元、占一般公共预算支出比重83%、增长7.5% → 民生支出), and so does a sum of money, which
    no share is (…占一般公共预算支出的比重达到76.7%，增加312144万元); a change in points (比重提高
    2个百分点) is the share's own, and so is a level it rises to (占世界经济比重从11.4%提高到15%
    左右)."""
    growth = q.kind == "percent" and q.change
    if not (growth or q.kind == "money") or not prev.subject or "占" not in prev.subject:
        return None
    for metric in reversed(out[: out.index(prev)]):
        if metric.quantity.kind == "percent":
            continue
        whose = metric.subject
        return whose if whose and prev.subject.startswith(whose + "占") else None
    return None


def converted_from(topic: str, q: Any, out: list[Metric]) -> str | None:
    """The subject of the sum a value converts into another currency (人均地区生产总值26858元，
    比上年增长12.9%，按1月3日汇率折算约合3868美元): the last sum of money before it that is no
    change or share of another."""
    if q.kind != "money" or not CONVERSION.fullmatch(topic):
        return None
    derived = ("change_of_previous", "share_of_previous")
    levels = (m for m in reversed(out) if m.quantity.kind == "money" and m.rule not in derived)
    level = next(levels, None)
    return level.subject if level is not None else None


def is_part(metric: Metric, parts: set[str | None]) -> bool:
    """A part listed under a total, or a share or change stated of one (``parts``: the
    subjects of the parts so far)."""
    if metric.rule in PART_RULES:
        return True
    return metric.rule in ("share_of_previous", "change_of_previous") and metric.subject in parts


# The factor a reason named, taken out again (主要原因是冲减长期护理保险基金收入4.6亿元，剔除该因素
# 影响，增长5.8%): what follows is the explained item's figure, not the factor's. Only a word
# that points back (该, 此, 上述) makes it so; 剔除不可比因素后 names its own factor.
FACTOR_TAKEN_OUT = re.compile(
    r"(?:剔除|扣除|排除)(?:该|此|上述|这一|这些|以上)(?:因素|项目|部分)?(?:影响)?后?\s*[，,]?"
    r"[^，,；;。]{0,8}$"
)
# Where a reason opens (主要原因是, 由于).
REASON_OPENS = re.compile(rf"{LONG_REASON}|{CLAUSE_REASON}")


def item_explained(
    text: str, s0: int, q: Quantity, out: list[Metric], prev: Metric | None
) -> Metric | None:
    """The value a figure after ``FACTOR_TAKEN_OUT`` goes on about: ``prev`` unless ``prev`` is
    inside the reason that named the factor, then the last value before the reason opened."""
    taken = FACTOR_TAKEN_OUT.search(text, s0, q.start)
    if prev is None or taken is None:
        return prev
    reasons = list(REASON_OPENS.finditer(text, s0, taken.start()))
    if not reasons or prev.start < reasons[-1].start():
        return prev
    opened = reasons[-1].start()
    return next((m for m in reversed(out) if m.end <= opened and m.rule not in PART_RULES), prev)


def in_closed_aside(text: str, metric: Metric, until: int) -> bool:
    """Whether ``metric`` stands in a bracket that closes before ``until``: an aside listing the
    parts of the item before it (运行维护费2.48亿元（购置费0.72亿元，运行维护费1.76亿元），较预算数
    减少0.41亿元), which the values after the bracket do not go on about."""
    depth = 0
    for ch in text[metric.end : until]:
        depth += (ch in "（(") - (ch in "）)")
        if depth < 0:
            return True
    return False


def bracket_opening(text: str, t0: int, topic: str) -> tuple[int | None, int]:
    """Where the bracket opened that ``topic`` (the words before a value, from ``t0``) opens by
    closing (…770万元（…比上年减少58万元。）比上年减少58万元), and where in ``topic`` it closes;
    (None, 0) when it closes none."""
    close = re.match(r"[^（()）]*[）)]", topic)
    if close is None:
        return None, 0
    depth = 0
    for at in range(t0 + close.end() - 1, -1, -1):
        depth += (text[at] in "）)") - (text[at] in "（(")
        if depth == 0:
            return at, close.end()
    return None, 0


def clause_bounds(text: str, s0: int, s1: int, q0: int, q1: int) -> tuple[int, int]:
    """The clause around a value. A comma inside brackets is the bracket's own (为预算（调整后
    预算数，下同）的100.7%): the clause goes on around the bracket."""
    c0, depth = q0, 0
    while c0 > s0:
        ch = text[c0 - 1]
        depth += (ch in "）)") - (ch in "（(")
        if (
            depth <= 0
            and ch in CLAUSE_DELIMS
            and not is_short_list_item(text, s0, c0 - 1)
            and not is_comma_in_name(text, c0 - 1)
            and not is_item_of_closed_list(text, s0, c0 - 1, q0)
            and not is_object_pair(text, s0, c0 - 1, q0)
            and not is_list_opening_clause(text, s0, c0 - 1, q0)
            and not is_list_sharing_value(text, s0, c0 - 1, q0)
            and not is_after_adjustment(text, s0, c0 - 1)
        ):
            break
        c0 -= 1
    c1, depth = q1, 0
    while c1 < s1:
        ch = text[c1]
        depth += (ch in "（(") - (ch in "）)")
        if depth <= 0 and ch in CLAUSE_DELIMS:
            break
        c1 += 1
    return c0, c1


def part_start(text: str, s0: int, at: int) -> int:
    """Where the part of a sentence that ``at`` stands in begins: after the last ； before it."""
    return max(text.rfind("；", s0, at), text.rfind(";", s0, at)) + 1


def start_of_listed_phrase(text: str, s0: int, s1: int, c0: int, out: list[Metric]) -> int:
    """``c0``, or the start of an earlier count's clause when ``c0`` falls inside the listed
    noun phrase that count counts (42个国控、省控地表水考核断面（…）水质优良比例100%: the 、 is the
    list's, and the share is of the whole list)."""
    for m in out:
        if not m.np_after or "、" not in m.np_after:
            continue
        at = text.find(m.np_after, m.end, m.end + 4 + len(m.np_after))
        if 0 <= at < c0 <= at + len(m.np_after):
            return clause_bounds(text, s0, s1, m.start, m.end)[0]
    return c0


def is_after_adjustment(text: str, s0: int, at: int) -> bool:
    """A comma after what a change is counted without (…收入剔除不可比因素后，同口径增长5.1%)
    ends an aside, not the clause: the item before the aside is the subject."""
    return text[at] in "，," and bool(ADJUSTED_BEFORE.search(text, max(s0, at - 50), at))


def is_short_list_item(text: str, s0: int, at: int) -> bool:
    """A 、 between one-character items joins words, it does not end a clause: after one
    (国、省控断面), or before one that another 、 follows (全年猪、牛、羊肉类总产量)."""
    if text[at] != "、":
        return False
    one_before = at - 1 >= s0 and text[at - 1] not in CLAUSE_DELIMS and (
        at - 2 < s0 or text[at - 2] in CLAUSE_DELIMS or is_level_after_word(text, s0, at)
    )
    one_after = at + 2 < len(text) and text[at + 2] == "、" and text[at + 1] not in CLAUSE_DELIMS
    return one_before or one_after


# One character naming a level of government, listed with the next (推动国、省控断面, 全市市、县
# 两级财政收入); 中央 and 国家 are levels too, listed before another (争取中央、省级…资金).
LEVEL_CHAR = frozenset("国省市县区乡镇村")
LEVEL_WORDS = LEVEL_CHAR | {"中央", "国家"}


def is_level_after_word(text: str, s0: int, at: int) -> bool:
    """The word before the 、 at ``at`` is a level of government standing as a word of its own
    after the words before it (推动|国、, not 全省、; 争取|中央、省级)."""
    if text[at - 1] not in LEVEL_CHAR and text[max(s0, at - 2) : at] not in LEVEL_WORDS:
        return False  # no level word ends there: no need to segment
    words = segment(text[max(s0, piece_start(text, s0, at), at - 12) : at])
    if not words or words[-1] not in LEVEL_WORDS:
        return False
    return len(words[-1]) == 1 or text[at + 1 : at + 2] in LEVEL_CHAR


def piece_start(text: str, s0: int, at: int) -> int:
    """Where the piece of a clause that ends at ``at`` (a 、) begins."""
    start = at
    while start > s0 and text[start - 1] not in CLAUSE_DELIMS:
        start -= 1
    return start


def is_item_of_closed_list(text: str, s0: int, at: int, q0: int) -> bool:
    """A 、 in a list that 等 closes before the value, no figure in it, parts no clause: the
    items are the noun's (下达家庭养老床位建设、居家养老服务及助餐等资金3600万元)."""
    if text[at] != "、" or not LIST_CLOSED.search(text, at + 1, q0):
        return False
    # A bracket the list opens (经费46669万元（包括生活补贴、物业补贴等19067万元) starts it
    # afresh: the figure before the bracket is no part of it.
    start = piece_start(text, s0, at)
    bracket = max(text.rfind("（", start, at), text.rfind("(", start, at))
    return not re.search(r"[\d０-９]", text[max(start, bracket + 1) : q0])


def is_object_pair(text: str, s0: int, at: int, q0: int) -> bool:
    """Short nouns one verb governs, joined by 、 before one figure, with no figure between:
    the figure is all of theirs (承德银行上缴参股股利、股息收入2686万元; 年末全市共有群艺馆、
    文化馆9个; 新增首店、旗舰店、新概念店超1200家)."""
    if text[at] != "、":
        return False

    def is_bare_noun(item: str) -> bool:
        return 2 <= len(item.strip()) <= 6 and not led_by_function_word(item.strip())

    start = piece_start(text, s0, at)
    if re.search(r"[\d０-９]", text[start:q0]):
        return False
    if not all(is_bare_noun(item) for item in text[at + 1 : q0].split("、")):
        return False
    # Back over the bare nouns before this 、 to the piece whose verb governs them all.
    while start > s0 and text[start - 1] == "、" and is_bare_noun(text[start:at]):
        at = start - 1
        start = piece_start(text, s0, at)
    toks = segment(text[start:at])
    lex = lexicon()
    # The word that governs the list: the last action verb, a verb between who and what, or a
    # qualifier that is a verb too (新增).
    elided = [i for i, t in enumerate(toks) if t in lex.elided or t in lex.qualifiers]
    cut = max([verb_cut(toks), *elided])
    return 0 <= cut < len(toks) - 1 and 2 <= len("".join(toks[cut + 1 :])) <= 6


def is_list_opening_clause(text: str, s0: int, at: int, q0: int) -> bool:
    """A 、 in a list of short nouns that opens its clause, with no figure up to the value:
    the value is the whole list's (经计算，参赛选手、专家教练团队及选送单位补助对象为91.58%). A
    year is no figure there (沙坡头区、海原县债务率2021年以来始终保持在120%以下)."""
    if text[at] != "、" or re.search(r"[\d０-９]", re.sub(r"\d{4}\s*年", "", text[at:q0])):
        return False
    if not text[at + 1 : q0].strip():
        return False  # 统筹公交和轨道站点设置、50米内换乘比例: the value opens the next item
    while True:
        start = piece_start(text, s0, at)
        # (2021-2024年获奖选手、专家教练团队及…均为100%: the years before the list say when)
        item = YEARS_FIRST.sub("", text[start:at]).strip()
        opens = start == s0 or text[start - 1] != "、"
        words = segment(item)
        if opens and len(words) > 1 and words[0] in lexicon().verbs:
            # 收到参赛选手、专家教练团队及选送单位有效问卷1330份: the verb opening the clause
            # governs the whole list.
            item = item[len(words[0]):].strip()
        elif opens and len(words) > 1 and words[0] == "其中":
            # 其中医院、卫生院316个: the part a total is broken into is the whole list.
            item = item[len(words[0]):].lstrip(" ：:，,")
        elif opens and len(words) > 1 and SCOPE_ONLY.fullmatch(words[0]):
            # 全市国考、省考地表水断面水质达标率100%: where the list holds opens its first item.
            item = item[len(words[0]):]
        elif opens and 0 < (cut := verb_cut(words)) < len(words) - 1:
            # 本次调研发放参赛选手、专家教练团队及选送单位问卷1330份: a verb inside the opening
            # piece governs the whole list after it.
            item = "".join(words[cut + 1 :])
        # A quoted name (首创“园区贷”) or a preposition (与东莞) says something of its own. (An
        # item may join two short nouns: 博物馆、纪念馆和公共图书馆、美术馆…免费开放补助资金.)
        joined = re.split(r"[和及](?=.)", item)
        if not all(2 <= len(part) <= 8 for part in joined) or re.search(r"[\d０-９“”\"]", item):
            return False
        if led_by_function_word(item) or segment(item)[0] in (*PREPOSITIONS, "与", "同", "和"):
            return False
        if opens:
            return True
        at = start - 1


# What a list's items all reach, said once after the last item (…、无害化处理率均达100%).
EACH_REACHES = re.compile(r"(?:均|都)\s*(?:达到|达|为|保持|超过|超|在|是)?\s*(?:在)?\s*$")


def is_list_sharing_value(text: str, s0: int, at: int, q0: int) -> bool:
    """A 、 in a list of short nouns that 均 or 都 gives one value, no figure up to it: the value
    is every item's (城市生活垃圾分类覆盖率、无害化处理率均达100%; 建筑废弃物资源化利用率、生活垃圾
    回收利用率均超50%)."""
    if text[at] != "、":
        return False
    shared = EACH_REACHES.search(text, at + 1, q0)
    start = piece_start(text, s0, at)
    if shared is None or re.search(r"[\d０-９]", text[start:q0]):
        return False
    items = text[start : shared.start()].split("、")
    return all(1 <= len(item.strip()) <= 16 for item in items)


def led_by_function_word(item: str) -> bool:
    """The item opens with a verb, a qualifier, a lead word or a copula: no bare noun."""
    lex = lexicon()
    head = segment(item)[0]
    return head in lex.verbs or head in lex.qualifiers or head in lex.lead or head in lex.links


def is_comma_in_name(text: str, at: int) -> bool:
    """A 、 inside an official name (交通运输、仓储和邮政业, data/nlp/comma_names.tsv) parts
    nothing."""
    if text[at] != "、":
        return False
    return any(
        text.startswith(name, at - k)
        for name, offsets in lexicon().comma_names
        for k in offsets
        if at - k >= 0
    )


def split_at_commas(text: str) -> list[str]:
    """``text`` parted at its 、 marks, except those inside an official name."""
    pieces, start = [], 0
    for at, ch in enumerate(text):
        if ch == "、" and not is_comma_in_name(text, at):
            pieces.append(text[start:at])
            start = at + 1
    return pieces + [text[start:]]


def respectively_spans(text: str, s0: int, s1: int) -> Iterator[tuple[int, int, int]]:
    """(start of the list, the 分别, end of its clause) of each 分别 in text[s0:s1]."""
    for m in re.finditer("分别", text[s0:s1]):
        at = s0 + m.start()
        left = clause_start(text, s0, at)
        if (
            not text[left:at].strip()
            and left > s0
            and text[left - 1] in "，,"
            and text.startswith(("分别为", "分别是"), at)
        ):
            # 第一、二、三届省赛地方承诺配套资金，分别为600万、3000万和600万: 分别为 opening its
            # clause pairs the list of the clause before with its values, when that clause
            # holds no figure of its own (分别增长, 分别给予 after a comma keep their clause).
            before = clause_start(text, s0, left - 1)
            if not re.search(r"\d", text[before:left]):
                left = before
        # 二是大鹏新区、…分别: the list number is no item
        numbered = ENUMERATOR.match(text[left:at])
        left += numbered.end() if numbered else 0
        right = at
        while right < s1 and (text[right] not in "，,；;：:。\n" or in_figure(text, right)):
            right += 1
        yield left, at, right


# A place alone, as a 分别 list may name them (大鹏新区、深汕特别合作区、前海合作区).
PLACE_ALONE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:市|县|区|旗|州|盟)|[省市县区]本级|[省市县区]级")


def object_of_places(text: str, at: int, values: list[Any], items: list[str]) -> str:
    """What the verb after 分别 (at ``at``) acts on, when the list is of places alone: each
    place's (大鹏新区、深汕特别合作区、前海合作区分别发行使用专项债5.4亿元、… → 大鹏新区专项债);
    "" otherwise (分别增长, 分别为)."""
    if not values or not items or not all(PLACE_ALONE.fullmatch(item) for item in items):
        return ""
    toks = [t for t in segment(text[at + 2 : values[0].start]) if t.strip()]
    cut = verb_cut(toks)
    # (发行使用: 使用, no verb of the lexicon for the nouns it makes, joins the verb before it)
    while 0 <= cut < len(toks) - 1 and toks[cut + 1] == "使用":
        cut += 1
    return clean_tokens(toks[cut + 1 :]) if 0 <= cut < len(toks) - 1 else ""


def clause_start(text: str, s0: int, at: int) -> int:
    """Where the clause holding ``at`` starts, not before ``s0`` (a thousands separator is no
    clause mark)."""
    while at > s0 and (text[at - 1] not in "，,；;：:。\n" or in_figure(text, at - 1)):
        at -= 1
    return at


def in_figure(text: str, i: int) -> bool:
    """Whether the mark at ``i`` is a thousands separator inside a figure (1,687.8亿元)."""
    return (
        0 < i < len(text) - 1
        and text[i] == ","
        and text[i - 1] in "0123456789"
        and text[i + 1] in "0123456789"
    )


# A span of years (2021-2024年) before a 分别 with a value for each of its years.
YEAR_SPAN = re.compile(r"(?P<first>\d{4})\s*[-—–－~～至到]\s*(?P<last>\d{4})\s*年度?")
# A year or a span of years opening a list's first item (2021-2024年获奖选手、…).
YEARS_FIRST = re.compile(rf"^\s*(?:{YEAR_SPAN.pattern}|\d{{4}}\s*年度?)")


@dataclass(frozen=True)
class YearsNamed:
    """A span (2021-2024年) or list (2027年和2028年) of years, where it stands in the text."""

    start: int
    end: int
    years: list[str]


def year_span_of(text: str, left: int, at: int, n: int) -> YearsNamed | None:
    """The last span or list of years in text[left:at], when it has ``n`` years, one for each
    value."""
    found = [
        YearsNamed(m.start(), m.end(), [str(y) for y in range(int(m["first"]), int(m["last"]) + 1)])
        for m in YEAR_SPAN.finditer(text, left, at)
    ] + [
        YearsNamed(m.start(), m.end(), [str(int(y)) for y in re.findall(r"\d{4}", m.group())])
        for m in YEAR_LIST.finditer(text, left, at)
    ]
    last = max(found, key=lambda y: y.end, default=None)
    if last and n >= 2 and len(last.years) == n:
        return last
    return None


def years_before(text: str, s0: int, at: int, n: int) -> YearsNamed | None:
    """``year_span_of`` text[s0:at], unless a date after the years sets its own (2024年、2025年
    分别获得…，截至2025年12月底，分别支出2.68亿元、3.68亿元: both spent by then)."""
    span = year_span_of(text, s0, at, n)
    if span and DATE.search(text, span.end, at):
        return None
    return span


def respective_years(text: str, s0: int, s1: int, qs: list[Any]) -> dict[int, str]:
    """The year of each value a 分别 gives one per year of a span or list (2021-2024年参与公益培训
    分别为51次、22次、208次、156次: 2021, …, 2024; 2027年和2028年…分别为62,520万元和64,400万元)."""
    out: dict[int, str] = {}
    for left, at, right in respectively_spans(text, s0, s1):
        values = [q for q in qs if at < q.start < right]
        # …目标值分别为≥200人、≥500人、≥580人，完成值分别为442人、418人、943人: the years named
        # earlier in the sentence hold for a later list of as many values.
        span = year_span_of(text, left, at, len(values)) or years_before(
            text, s0, left, len(values)
        )
        if span:
            out.update((q.start, year) for q, year in zip(values, span.years, strict=True))
    # 集训基地2021-2024年共计新增认证教练为10人、6人、59人、37人: with no 分别, a run of as
    # many values as the last span before it has years is one value a year too.
    for run in value_runs(text, [q for q in qs if q.start not in out]):
        span = years_before(text, s0, run[0].start, len(run))
        if span:
            out.update((q.start, year) for q, year in zip(run, span.years, strict=True))
    return out


def value_runs(text: str, qs: list[Any]) -> list[list[Any]]:
    """The runs of values standing one after another, joined only by 、 和 及 与 (is_value_list)."""
    runs: list[list[Any]] = []
    for q in qs:
        if runs and is_value_list(text, [runs[-1][-1], q]):
            runs[-1].append(q)
        else:
            runs.append([q])
    return runs


# A clause before 分别 that only says against what its values compare (较上年分别增长…,
# 较“十三五”时期分别增长…).
COMPARED_ONLY = re.compile(r"\s*(?:同比|(?:较|比|与)[^，,；;。、]{1,12}?(?:相比)?)\s*")


# A list closed by 等 before as many values as it has items, with no 分别 (社保就业、教育、卫生
# 健康等领域支出总计5527亿元、4211亿元、2307亿元): its items, and the head they share.
LISTED_BEFORE_VALUES = re.compile(
    r"(?P<items>[^，,；;：:。等]+、[^，,；;：:。等]+)等(?P<head>[\u4e00-\u9fff]{1,12})"
)
# So too a list of ordinals and the head they share, said to be (为) the values (第一、二、三次产业
# 增加值占全州生产总值的比重为19.6%、27.8%和52.6%): each 产业 gets its value, the head read as
# ``shared_head`` reads it. (After a verb, …承诺提供600万元、3000万元…的配套资金, the values are
# of the noun after them.)
ORDINALS_BEFORE_VALUES = re.compile(
    r"(?P<list>第[一二三四五六七八九十\d]+(?:、第?[一二三四五六七八九十\d]+)+[^，,；;：:。分]*?)"
    r"(?:为|是)"
)
# What the shared head says of every item, no part of each one's name (领域支出总计 → 支出).
HEAD_FRAME = re.compile(r"^(?:领域|方面|行业)|(?:总计|合计|共计)$")


def listed_values(text: str, s0: int, qs: list[Any]) -> dict[int, str]:
    """Rule ``respectively`` without 分别: a run of values joined by 、 right after a list
    closed by 等 with as many items gives each item one value, in order, under the head the
    items share (社保就业支出 5527亿元, 教育支出 4211亿元, 卫生健康支出 2307亿元)."""
    out: dict[int, str] = {}
    for run in value_runs(text, qs):
        start = run[0].start
        while start > s0 and text[start - 1] not in "，,；;：:。\n":
            start -= 1
        before = text[start : run[0].start].strip()
        ordinal = ORDINALS_BEFORE_VALUES.fullmatch(before)
        if len(run) >= 2 and ordinal:
            listed_items = ordinal["list"].split("、")
            items = shared_head(listed_items)
            # (items unchanged: shared_head did not read them as ordinals of one head)
            if len(items) == len(run) and items != listed_items:
                out.update((q.start, item) for q, item in zip(run, items, strict=True))
            continue
        listed = LISTED_BEFORE_VALUES.fullmatch(before)
        if len(run) < 2 or not listed or "分别" in listed.group(0):
            continue
        items = [clean_tokens(segment(item)) for item in listed["items"].split("、")]
        head = HEAD_FRAME.sub("", listed["head"])
        if len(items) == len(run) and all(items) and head:
            out.update((q.start, item + head) for q, item in zip(run, items, strict=True))
    return out


def respectively_subjects(text: str, s0: int, s1: int, qs: list[Any]) -> dict[int, str]:
    """Rule ``respectively``: 诉求解决率、群众满意率分别达到 95.5%和 96.1%."""
    out = listed_values(text, s0, qs)
    earlier: list[str] = list(out.values())  # the items the last list gave its values, in order
    for left, at, right in respectively_spans(text, s0, s1):
        if any(left <= q.start < at and not in_scope_phrase(text, left, at, q) for q in qs):
            continue  # 3 个项目分别获得 800万元: one count, not a list of subjects
        values = [q for q in qs if at < q.start < right]
        said = at
        # 陵川、阳城、沁水三个县在全省117个县区中分别排…: the list ends before where it stands
        at = items_end(text, left, at)
        span = year_span_of(text, left, at, len(values))
        if span:
            # 新培养、选拔全国技术能手和河南省技术能手的目标值分别为≥200人、≥500人、≥580人 after
            # 2021-2023年: a value for each year, each of the whole list's (respective_years).
            whole = clean_tokens(segment(text[left : span.start] + text[span.end : at]))
            for q in values if whole else ():
                out[q.start] = whole
            continue
        # Each item is cleaned on its own: a verb inside one (失业保险金发放标准) cuts no other.
        pieces = re.split(r"[、和及与]", text[left:at])
        items = [p for p in (clean_tokens(segment(piece)) for piece in pieces) if p]
        if len(items) != len(pieces):
            items = [p for p in re.split(r"[、和及与]", clean_tokens(segment(text[left:at]))) if p]
        if items:  # 对A、B分别奖励…: the preposition is not part of the first item
            items[0] = re.sub(r"^(对于|对|向|给|为)(?=.)", "", items[0])
        if len(items) != len(values) and "、" in text[left:at]:
            # Names holding 和 (信息传输软件和信息技术服务业、租赁和商务服务业增加值): the list is
            # parted by 、 only.
            listed = [clean_tokens(segment(piece)) for piece in split_at_commas(text[left:at])]
            if len(listed) == len(values) and all(listed):
                items = listed
            elif listed and listed[-1]:
                # 家用电器和音像器材类、体育娱乐用品类和书报杂志类: a 和 parts the items only where
                # one ends as the last does (类), not inside one (家用电器和音像器材类).
                last = re.escape(listed[-1][-1])
                parted = [
                    clean_tokens(segment(piece))
                    for piece in re.split(rf"、|(?<={last})[和及与]", text[left:at])
                ]
                if len(parted) == len(values) and all(parted):
                    items = parted
        items = shared_head(shared_place(items))
        acted_on = object_of_places(text, said, values, items)
        items = [item + acted_on for item in items]
        if len(values) >= 2 and len(values) == len(items):
            for q, item in zip(values, items, strict=True):
                out[q.start] = item
        elif len(items) >= 2 and len(values) == 2 * len(items) and FROM_TO.search(
            text, at, values[len(items)].start
        ):
            # A、B分别由x、y提高至u、v: the first half are the start values, the second the new.
            for k, q in enumerate(values):
                out[q.start] = items[k % len(items)]
        elif len(items) >= 2 and len(values) == len(items) + 1 and FROM_TO.search(
            text, at, values[-1].start
        ) and is_value_list(text, values[:-1]):
            # 将制造业企业、科技型中小企业分别从50%、75%提高至100%: a start value for each item,
            # then the one new value all of them reach.
            whole = "、".join(items)
            for q, item in zip(values, [*items, whole], strict=True):
                out[q.start] = item
        elif len(items) >= 2 and len(values) >= 2 and is_value_list(text, values):
            # Six places, five values (宁夏 2019): which value is whose cannot be told, so each
            # is the whole list's, not the last place's.
            whole = clean_tokens(segment(text[left:at]))
            for q in values if whole else ():
                out[q.start] = whole
        elif len(values) >= 2 and len(earlier) == len(values) and (
            not items or COMPARED_ONLY.fullmatch(text[left:at])
        ):
            # …补助资金分别为1.4亿元、1.7亿元、2.1亿元，较上年分别增长16.1%、39.6%、20.7%: a
            # second list naming no items is of the items of the list before, in their order.
            for q, item in zip(values, earlier, strict=True):
                out[q.start] = item
        elif len(values) >= 2 and (
            not items or COMPARED_ONLY.fullmatch(text[left:at])
        ) and (named := items_of_clauses_before(text, s0, left, qs, len(values))):
            # 快递业务量9989.21万件，业务收入6.73亿元，分别增长8.1%和13.3%: one item in each of
            # the clauses before, in their order (also before 比“十三五”分别增长…).
            for q, item in zip(values, named, strict=True):
                out[q.start] = item
        elif len(values) >= 2 and not items and is_value_list(text, values):
            # ，分别给予5万元、2万元、1万元奖励: no list of items before 分别; every value is
            # one of what the list is followed by.
            after = noun_phrase_after(text, values[-1].end, right)
            for q in values if after else ():
                out[q.start] = after
        assigned = [out.get(q.start) for q in values]
        if len(values) >= 2 and all(assigned) and len(set(assigned)) == len(assigned):
            earlier = [item for item in assigned if item]
    return out


# 在全省117个县区中: where the items stand, a phrase of its own before 分别.
SCOPE_PHRASE = re.compile(r"在[^，,；;。、]{1,20}?(?:之中|中|内)")


def in_scope_phrase(text: str, left: int, at: int, q: Any) -> bool:
    """Whether ``q`` is inside a 在…中 phrase of text[left:at] (the 117个 of 陵川、阳城、沁水
    三个县在全省117个县区中分别排第1,2,9位), which counts no items of the list."""
    return any(
        m.start() <= q.start and q.end <= m.end()
        for m in SCOPE_PHRASE.finditer(text, left, at)
    )


def items_end(text: str, left: int, at: int) -> int:
    """Where the items before the 分别 at ``at`` end: before a 在…中 phrase closing them."""
    for m in SCOPE_PHRASE.finditer(text, left, at):
        if not text[m.end() : at].strip():
            return m.start()
    return at


def items_of_clauses_before(text: str, s0: int, at: int, qs: list[Any], n: int) -> list[str]:
    """The items of the ``n`` clauses right before ``at`` (a 分别 clause naming none), when each
    is an item with one value closing it (快递业务量9989.21万件，业务收入6.73亿元); else none."""
    items: list[str] = []
    end = at
    for _ in range(n):
        if end <= s0 or text[end - 1] not in "，,":
            return []  # the clause before does not end in a comma
        end -= 1
        start = end
        while start > s0 and text[start - 1] not in "，,；;：:。\n":
            start -= 1
        inside = [q for q in qs if start <= q.start < end]
        if len(inside) != 1 or text[inside[0].end : end].strip():
            return []
        item = clean_tokens(segment(text[start : inside[0].start]))
        if not item:
            return []
        items.insert(0, item)
        end = start
    return items


# A count of the items closing a list (陵川、阳城、沁水三个县, 甲、乙2家企业).
LIST_COUNT = re.compile(
    r"(?P<n>[两二三四五六七八九十\d]{1,2})(?:(?:个|家|所|项|条|座|类|种)\w{0,3}|[县区市镇乡省]{1,2})$"
)
ORDINAL = re.compile(r"第?[一二三四五六七八九十\d]+")
ORDINAL_LAST = re.compile(
    r"第?(?P<number>[一二三四五六七八九十\d]+)(?P<tail>(?:[届期批次轮]|产业).+)"
)


# A place or level opening a list's first item (全市, 市本级, 洋河新区): every item's, unless an
# item names a place or level of its own (中央转移支付, 深汕特别合作区). (Not budget_lines'
# LISTED_PLACE, a place a whole subject names.)
ITEM_PLACE = re.compile(
    r"^(?:全[省市区县州国]|[省市县区州]本级|[省市县区]级|中央|国家级?"
    r"|[\u4e00-\u9fff]{0,8}?(?:新区|园区|开发区|高新区|经开区|合作区))"
)


def shared_place(items: list[str]) -> list[str]:
    """洋河新区一般债务、专项债务余额分别为…: the place the first item opens with is the others'
    (洋河新区专项债务余额), as 全市卫生健康支出…，社会保障与就业支出…分别增长 are 全市's."""
    place = ITEM_PLACE.match(items[0]) if len(items) >= 2 else None
    if place is None or len(items[0]) - place.end() < 2:
        return items
    return [items[0]] + [
        item if ITEM_PLACE.match(item) else place.group() + item for item in items[1:]
    ]


def shared_head(items: list[str]) -> list[str]:
    """城镇、农村居民收入分别增长5%、6%: short modifiers before the last item share its head
    (城镇居民收入). Only modifiers of one or two characters, so 甲公司、乙公司 stay as they are;
    but a measure ending the last item is every item's (高技术制造业、装备制造业增加值 →
    高技术制造业增加值)."""
    count = LIST_COUNT.search(items[-1]) if len(items) >= 2 else None
    if count and count.start() and numeral_to_decimal(count.group("n")) == len(items):
        # 陵川、阳城、沁水三个县: the count closing the last item is the whole list's, no head
        items = [*items[:-1], items[-1][: count.start()]]
    ordinal = ORDINAL_LAST.fullmatch(items[-1]) if len(items) >= 2 else None
    if ordinal and items[0].startswith("第") and all(ORDINAL.fullmatch(i) for i in items[:-1]):
        # 第一、二、三届省赛企业赞助: 第 and what follows the last number are every item's
        # (第一、二、三次产业: the 三次产业 are 第一产业, 第二产业, 第三产业; 第一、二、三产业…).
        tail = ordinal.group("tail")
        tail = tail[1:] if tail.startswith("次产业") else tail
        return ["第" + i.removeprefix("第") + tail for i in items[:-1]] + [
            "第" + ordinal.group("number") + tail
        ]
    measure = SHARED_MEASURE.search(items[-1]) if len(items) >= 2 else None
    if measure and measure.group().startswith("支出") and any(len(i) <= 2 for i in items[:-1]):
        # 城镇、农村居民人均消费支出: short modifiers of the whole last item, below; but 科学技术、
        # 社会保障和就业、住房保障支出 are budget lines, each one's 支出.
        measure = None
    # An item that is a measure itself (用水量、能耗、二氧化碳排放量) takes none.
    if measure and not any(
        SHARED_MEASURE.search(item) or item.endswith(("量", "耗", "率")) for item in items[:-1]
    ):
        return [item + measure.group() for item in items[:-1]] + [items[-1]]
    share = SHARE_ENDING.search(items[-1]) if len(items) >= 2 else None
    if share and all(len(i) > 2 and not SHARE_ENDING.search(i) for i in items[:-1]):
        # 工业投资、房地产投资占比分别…: the items are whole nouns, the share is every one's
        # (short modifiers share more, below: 城镇、农村居民占比).
        return [item + share.group() for item in items[:-1]] + [items[-1]]
    if len(items) < 2 or any(len(item) > 2 for item in items[:-1]) or len(items[-1]) <= 2:
        return items
    first, *rest = segment(items[-1])
    if len(first) > 2 or not rest:
        return items
    head = "".join(rest)
    # 质检、信用、广告等服务业营收分别增长…: 等 closes the list, each value is one item's
    last = first + head[1:] if head.startswith("等") and len(head) > 1 else items[-1]
    head = head[1:] if head.startswith("等") and len(head) > 1 else head
    # 起数和死亡人数: an item that already ends like the head is a noun of its own, no modifier.
    return [item if item[-1] == head[-1] else item + head for item in items[:-1]] + [last]


def is_value_list(text: str, values: list[Any]) -> bool:
    """The values stand one after another, joined only by 、 和 及 与 (5万元、2万元和1万元)."""
    return all(
        re.fullmatch(r"\s*[、和及与]\s*", text[a.end:b.start])
        for a, b in zip(values, values[1:], strict=False)
    )


# What 提升 or 提高 betters, closing the phrase after a count (公交专用道使用效率).
BETTERED = re.compile(r"(?:使用|利用|通行|服务|保障)?(?:效率|水平|质量|能力|效能)$")
# Words after a figure that only say it is a goal (…扩招100万人目标) or a level reached
# (燃料电池汽车保有量达到5000辆水平).
GOAL_WORDS = frozenset({"目标", "任务", "目标任务", "水平", "规模"})


def resolve_subject(
    text: str,
    q: Any,
    topic: str,
    prev: Metric | None,
    clause_end: int,
    respective: dict[int, str],
    budgeted: Metric | None = None,
) -> tuple[str | None, str, str]:
    """(subject, rule name, noun phrase consumed after the value). ``topic``: the words before
    the value in its clause, their context already removed (``topic_context_removed``);
    ``budgeted``: the sum a share of a budget is of (the last sum of the sentence)."""
    if q.start in respective:
        return respective[q.start], "respectively", ""
    kind = getattr(q, "kind", None)
    if kind == "percent" and is_share_of_items(text, q):
        # 90%以上的政务服务实现网上可办: the share is of what the clause says, all of it.
        rest = text[bound_end(text, q) or q.end : clause_end].strip(STRIP_CHARS)
        rest = rest[1:] if rest.startswith("的") else rest
        named = clean_tokens(segment(topic)) if topic.strip(STRIP_CHARS) else ""
        return (named + rest) or None, "share_of_items", ""
    fraction = kind == "ratio" and q.value is not None and q.value <= 1  # 一半, 三分之二
    if (kind == "percent" or fraction) and opens_share_of_noun(text, q, topic, clause_end):
        # 近七成受灾乡村民宿已正常运营, 超过一半人口居住在城镇: a share opening its clause before a
        # noun is of the items the clause names, as one bounded by 以上 is.
        return text[q.end : clause_end].strip(STRIP_CHARS) or None, "share_of_items", ""
    if kind == "count" and BENEFITED.match(text, q.end, clause_end):
        # 约6700万人受益, 已有1700多万人次受益: those who benefited, whatever the clause opened with
        return "受益", "after_measure_word", ""
    enjoyed = ENJOYED.match(text, q.end, clause_end) if kind == "count" else None
    if enjoyed and not topic.strip(STRIP_CHARS):
        # 9634人享受农村特困人员救助供养: those counted receive it; nothing before names them.
        return enjoyed["what"], "after_measure_word", ""
    awarded = AWARDED.match(text, q.end, clause_end) if kind == "count" else None
    if awarded and awarded["what"].strip(STRIP_CHARS):
        # 累计7人获评全国道德模范, 3个获文华奖: those counted won the title or prize.
        return awarded["what"].strip(STRIP_CHARS), "after_measure_word", ""
    np_after = (
        noun_phrase_after(text, q.end, clause_end, counted=kind == "count")
        if kind in ("count", "physical", "number")
        else ""
    )
    if np_after and kind == "count" and cut_by_list(text, q.end, np_after):
        np_after = ""  # 奖励15个获得国家、省市级奖项…的作品: the verb's object is a list
    if kind == "count" and AGENT_CLAUSE.match(text, q.end):
        # 参加不少于5场由市政府或国家、省、市商务部门指定或组团参加的综合展: a clause saying by
        # whom, closed by 的, describes what is counted, the noun after the 的.
        whole_end = end_of_clause(text, q.end)
        of = text.find("的", q.end, whole_end)
        counted = noun_phrase_after(text, of + 1, whole_end) if of > 0 else ""
        if counted:
            return counted, "after_measure_word", counted
    size_said = SIZE_CLAUSE.match(text, q.end, clause_end) if kind == "count" else None
    if size_said:
        # 对原有5栋建筑面积约8万平方米的传统保税冷库: how large the counted things are, closed by
        # 的, describes them; what is counted is the noun after the 的.
        counted = noun_phrase_after(text, size_said.end(), clause_end)
        if counted:
            return counted, "after_measure_word", counted
    if kind == "count" and getattr(q, "unit", "") in CLASS_UNITS:
        # 共发现11大类222项问题, 发布6大类31款半导体设备: the classes are of what the count after
        # them counts.
        inner = next(iter(numbers_find_quantities(text[q.end : clause_end])), None)
        if inner is not None and not text[q.end : q.end + inner.start].strip():
            np_after = noun_phrase_after(text, q.end + inner.end, clause_end) or np_after
    if np_after and RAISES_WHAT.search(topic.rstrip()):
        # 提升656公里公交专用道使用效率: what the verb betters (使用效率, 服务水平, 通行能力)
        # is no part of what is counted.
        np_after = BETTERED.sub("", np_after) or np_after
    if np_after in GOAL_WORDS and topic.strip(STRIP_CHARS):
        # 实现高职院校扩招100万人目标, 裁减军队员额30万任务, 保有量达到5000辆水平: the goal or
        # level is the words before the value; the word after it only says it is one.
        np_after = ""
    if kind == "money" and not topic.strip(STRIP_CHARS + "有"):
        sent = SENT_TO.match(text, q.end, clause_end)
        if sent and text[sent.end():clause_end].strip(STRIP_CHARS):
            # 有14000万元安排至中试平台体系建设: where the sum goes is what it is for
            return text[sent.end():clause_end].strip(STRIP_CHARS), "allocation_purpose", ""
    if kind in ("count", "number") and np_after:
        rest = text[q.end:clause_end]
        of = rest.find("的")
        # (a verb opening the counted phrase opens a clause too: 20个整治效果较好的重点站口)
        relative = opens_relative_clause(np_after) or segment(np_after)[0] in lexicon().verbs
        modifier = relative or len(np_after) == 1
        # (a relative clause may hold a verb, which ended the phrase: 涉及河套发展的)
        clause = rest[:of].strip()
        spans = clause == np_after or (relative and clause.startswith(np_after))
        if modifier and of > 0 and spans:
            # 384名符合…条件的澳门居民, 170余项新的试点举措: the noun after the clause (or the
            # one-character adjective) is what is counted.
            counted = noun_phrase_after(text, q.end + of + 1, clause_end)
            if counted:
                return rest[: of + 1].strip() + counted, "after_measure_word", ""
        # 11个农产品加工规模大、集中度高…的农产品加工产业集群: what is counted follows the 的
        # (the clause read whole: its 、 part the qualities, not clauses)
        whole_end = end_of_clause(text, q.end)
        whole = text[q.end:whole_end]
        if "的" in whole and lists_qualities(whole[: whole.index("的")]):
            counted = noun_phrase_after(text, q.end + whole.index("的") + 1, whole_end)
            if counted:
                return counted, "after_measure_word", counted
        carried_out = CARRIED_OUT_BY.search(topic) if np_after == "项目" else None
        what = carried_out["what"].strip() if carried_out else ""
        if what and not SCOPE_ONLY.fullmatch(what) and not any(
            t in lexicon().verbs for t in segment(what)
        ):
            # 校本研修定制式培训开展2个项目: projects of the kind the words before the verb name.
            return what + np_after, "after_measure_word", np_after
        at = text.find(np_after, q.end, clause_end)
        work = WORK_DONE_ON.match(text, at + len(np_after), clause_end) if at >= 0 else None
        if work and np_after in WORKED_ON:
            # 对47个项目开展重点绩效评价: the projects are those the work was done on, and it
            # names them (重点绩效评价项目), where 项目 alone says nothing.
            return work["what"] + np_after, "after_measure_word", np_after
        listed = listed_noun_phrase(text, q.end, np_after)
        at = text.find(listed, q.end, clause_end) if listed else -1
        alternatives = ALTERNATIVES.match(text, at + len(listed), clause_end) if at >= 0 else None
        if alternatives:
            # 33个镇（街道、园区）, 131个县（市、区）: what else the counted places may be is
            # part of what is counted.
            listed += alternatives.group()
        return listed, "after_measure_word", listed
    if kind == "money" and GRANTED.search(topic) and not re.match(r"\s", text[q.end:q.end + 1]):
        # 单列安排南沙100亿元专项债券额度，, 给予一次性10万元奖励: a sum granted, run into a
        # fund's noun closing the clause, is that fund (the words before it say whose)
        after = noun_closing_clause(text, q.end, clause_end)
        if MONEY_HEAD.search(after) and not NOT_A_FUND.match(after) and after not in GENERIC_HEADS:
            return after, "after_value_np", after
    if kind == "money" and topic.rstrip().endswith("的"):
        # 交通银行提供的260万元赞助费，: a noun closing the clause after the sum is what it is
        # (not 978亿元存量政府债务按期置换, nor 的102亿元纳入基金结余管理).
        after = noun_closing_clause(text, q.end, clause_end)
        if after and not RELATIVE_CLAUSE.match(after):
            return after, "after_value_np", after
    if (
        kind == "percent"
        and SHARE_WHO.fullmatch(topic)
        and SURVEY.search(text, max(0, q.start - 160), q.start)
    ):
        said = share_said(text, q.end, clause_end)
        if said:
            return said, "share_saying", ""
    # A size before 的 and a noun (新建4056㎡的道路, 对941.3公里的排水管网) is that noun's, unless
    # the topic names the measure (建筑面积约8万平方米的传统保税冷库: the area).
    sized = kind == "physical" and not MEASURE_NAMED.search(text, max(0, q.start - 8), q.start)
    shared = SHARED_OF.match(text, q.end) if kind in ("money", "percent") or sized else None
    if shared:
        # The list runs past the value's own clause (its 、 parts them): read to the end of the
        # clause the 的 stands in.
        at = shared.end()
        end = clause_end if at <= clause_end else end_of_clause(text, at)
        after = noun_phrase_after(text, at, end)
        # …提高5元的基础上, 以每年5%的速度增长: a frame or a pace, the item is before the value,
        # or after the verb the pace is of (按不低于5%的幅度压减一般性支出).
        # So is a level the value is said to be at (稳定在5%左右的较低水平), and a goal
        # (建安工程投资增长3%的法定目标): the item is before.
        if (
            after
            and not re.match(r"基础|速度|幅度|增速|速率|比例|较低水平|较高水平|合理水平", after)
            and not after.endswith(tuple(GOAL_WORDS))
        ):
            return after, "after_value_np", after  # 提供了260万元的赞助费
        pace = PACE_OF.match(text, q.end)
        if pace and pace.group("verb") in lexicon().verbs:
            acted_on = noun_phrase_after(text, pace.end(), clause_end)
            if acted_on:
                return acted_on, "after_value_np", ""
    share_by = SHARE_BY.match(text, q.end) if kind == "percent" else None
    if share_by and share_by.group("verb") in lexicon().verbs:
        # 按照3%比例压减“三公”经费和培训费: a share with no 的 before its verb, as 的比例 is
        acted_on = noun_phrase_after(text, share_by.end(), clause_end)
        if acted_on:
            return acted_on, "after_value_np", ""
    if prev is not None and MARGIN_OVER.fullmatch(topic.strip(STRIP_CHARS).lstrip("（(")):
        # 同比增长5.1%，高于全省平均增速2.6个百分点: by how much the item's growth beats a
        # benchmark; the item is the one before it. So too in a bracket after it (增长8.3%（高于
        # 市县平均水平2.5个百分点）).
        return prev.subject, "margin_of_previous", ""
    if kind == "money" and ends_with_verb(topic):
        # 对种粮农民一次性发放200亿元补贴: the verb gives the sum, the noun after it says what.
        after = noun_phrase_after(text, q.end, clause_end)
        if after and after not in GENERIC_HEADS:
            return after, "after_value_np", after
    if prev is not None and BUDGET_SHARE.fullmatch(topic.strip(STRIP_CHARS)):
        # 收入８．８亿元,完成预算１０５．７％
        return (budgeted or prev).subject, "share_of_previous", ""
    if (
        prev is not None
        and prev.rule == "share_of_previous"
        and kind == "percent"
        and BUDGET_BASE_ONLY.fullmatch(topic.strip(STRIP_CHARS))
    ):
        # …支出65.14亿元，为年初预算的99.2%，批准调整预算的82.4%: the verb of the share before
        # holds for this one, which is of the same sum
        return prev.subject, "share_of_previous", ""
    rate = RATE_OF_BASE.search(topic) if kind == "percent" else None
    if rate:
        # 按照工程总投资的60%安排配套资金, 按归母净利润的30%上缴: a rate set as a share of a base
        # (the sum it sets, if any, follows and is a value of its own).
        base = clean_tokens(segment(rate.group("base")))
        if base:
            return base, "ratio_definition", ""
    bare = RATE_OF_BARE_BASE.search(topic) if kind == "percent" else None
    if bare and is_bare_noun(bare.group("base")):
        # 各企业按照年度净利润30%上交: the same without 的, when a noun alone stands before the
        # rate (not 按同口径增长5%).
        return bare.group("base"), "ratio_definition", ""
    # A count is no share of a base (已经完成整改的0个: the problems put right).
    share = SHARE_BASE.match(topic.strip()) if kind not in ("count", "physical") else None
    if share:
        head = clean_tokens(segment(share.group("head") or ""))
        if head:
            return head, "ratio_definition", ""
        if prev is not None:
            whose = budgeted if budgeted is not None and "预算" in share.group("base") else prev
            return whose.subject, "share_of_previous", ""
        base = clean_tokens(segment(share.group("base")))
        if base:
            return base, "ratio_definition", ""
    described = topic.strip(STRIP_CHARS)
    if kind == "count" and not np_after and described.endswith("的"):
        # A count after a clause with a verb and 的 that no noun follows (已经完成整改的0个): the
        # clause names what is counted, its verb with it.
        lex = lexicon()
        words = segment(described[:-1])
        while words and (words[0] in lex.lead or is_time_word(words[0])):
            words = words[1:]
        if any(w in lex.verbs for w in words):
            return "".join(words).strip(STRIP_CHARS), "topic_before_value", ""
    subject = clean_tokens(segment(topic))
    revised = re.fullmatch(r"(?P<figure>.+?)(?:调整|调增|调减)", subject)
    if revised and BUDGET_FIGURE.search(revised.group("figure")):
        # 支出预算调整为112.5亿元: the revised figure is the line's, as 调整为 alone after it is.
        subject = budget_line(revised.group("figure"))
    if subject in ("占比", "比重", "占") and prev is not None:
        return prev.subject, "share_of_previous", ""  # 安排资金7455万元，占比55.08%
    # 从第二届的70个增至第三届的80个: whose the second figure is, said after the verb, is context.
    bare_change = re.sub(r"(?<=至|到)[^，,；;的]{1,8}的$", "", topic.strip(STRIP_CHARS))
    # 同比减支0.0132亿元: a change verb left alone once the qualifier is read off is one too.
    change_only = any(CHANGE_ONLY.fullmatch(s) for s in (bare_change, subject) if s)
    # 执行中调整为461083万元, 报经…会议备案同意调整为…: when and by whom a figure was revised.
    change_only = change_only or bool(REVISION_FRAME.fullmatch(bare_change))
    # 公务用车购置费0万元，与2024年预算一致0万元: no change, said of the item before.
    change_only = change_only or subject in ("持平", "一致", "相同", "相当")
    if prev is not None and change_only and not np_after and not other_measure(q, prev):
        # 数量从78个压减至42个; but 提升656公里公交专用道… names its own subject after the value.
        return outturn_of(prev.subject, topic), "change_of_previous", ""
    if subject == "资金" and prev is not None and FUNDS_OF_COUNT.fullmatch(text, prev.end, q.start):
        # 地区本级640个、资金22.11亿元: the funds of what was just counted
        if prev.quantity.kind == "count" and prev.subject and not MONEY_HEAD.search(prev.subject):
            return prev.subject + "资金", "attribute_of_previous", ""
    if subject and PER_TIME.fullmatch(subject) and prev is not None and prev.subject:
        # 新登记注册企业增长21.6%，平均每天新增1.2万户: so many of that item in each day.
        return subject + prev.subject, "attribute_of_previous", ""
    accident = ACCIDENT.fullmatch(prev.subject or "") if prev is not None else None
    if subject and CASUALTIES.fullmatch(subject) and accident:
        # 各类生产安全事故25起，死亡26人: the deaths are those of the accidents just counted.
        return accident.group("what") + subject, "attribute_of_previous", ""
    if is_attribute(subject) and prev is not None and prev.subject and not (
        ENROLMENT.fullmatch(subject)
        and (counted_in_pair(text, prev) or ENROLMENT.fullmatch(prev.subject))
    ):
        owned_by = attribute_of(prev.subject, subject)  # …增加1.5万亿元、规模近9.8万亿元
        if owned_by:
            return owned_by, "attribute_of_previous", ""
    alone = prev is None and is_attribute(subject)
    undertaking = named_in_clause_before(text, q.start) if alone else None
    if undertaking:
        # 全市首创跨境上市产业投资基金，总规模10亿元: the fund the clause before set up
        return attribute_of(undertaking, subject) or subject, "attribute_of_previous", ""
    if subject:
        shares = subject.startswith("占") and kind == "percent"
        if "占" in subject and (shares or re.search(r"比重|比例|占比", subject)):
            if (
                subject.startswith("占")
                and prev is not None
                and prev.subject
                and prev.rule != "share_of_items"  # itself a share, of a clause
            ):
                # 税收收入812.82亿元、占…的比重为74.34%; 自然保护区面积22.11万公顷，占全州国土
                # 面积7.28%: a share of what the value before measures.
                subject = prev.subject + subject
            return subject, "ratio_definition", ""
        rule = "money_of_count" if prev is not None and prev.np_after and kind == "money" else (
            "topic_before_value"
        )
        return subject, rule, ""
    if np_after:
        return np_after, "after_value_np", np_after
    if kind == "money":
        after = noun_phrase_after(text, q.end, clause_end)
        if after:
            return after, "after_value_np", after
    colon = label_of_colon(text, q.start) if not topic.strip() else None
    if colon:
        return colon, "label_of_colon", ""
    benefits = BENEFITS.fullmatch(topic.strip(STRIP_CHARS)) if kind == "count" else None
    if benefits:
        # …实现跨省直接结算，惠及5700多万人次, 发放养老服务消费券15.6万张,惠及4.8万人次: those
        # the measure reached, named by its verb (累计 is the qualifier), whatever came before.
        return benefits.group("verb"), "topic_before_value", ""
    if prev is not None:
        if kind == "rank":
            return prev.subject, "rank_of_previous", ""
        if re.fullmatch(r"\s*(占|占比)\s*", topic):
            return prev.subject, "share_of_previous", ""  # 其他收入6.2万元，占0.21%
        if kind == "count" and counts_other(q, prev):
            # 下辖7个自然村，576户: households, not villages; 开展1次集中业务培训…，推动全市200项
            # 以上…项目开工建设: projects, no change of the trainings
            return None, "unlinked", ""
        per_each = prev.subject or ""
        each = EACH.match(per_each)
        if each and TOTAL_WORD.fullmatch(topic.strip(STRIP_CHARS)) and per_each[each.end():]:
            return per_each[each.end():], "total_of_each", ""  # 每个奖补2000万元，共2亿元
        if other_measure(q, prev):
            # 惠及超66万人次: the verb alone is what the count measures, as the gold reads it.
            verb = topic.strip(STRIP_CHARS)
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", verb):
                return verb, "topic_before_value", ""
            return None, "unlinked", ""
        return outturn_of(prev.subject, topic), "change_of_previous", ""
    return None, "unlinked", ""


# A verb that says how many a measure reached, standing alone before the count.
BENEFITS = re.compile(r"(累计)?(?P<verb>惠及)")


def other_measure(q: Any, prev: Metric) -> bool:
    """A count after a sum of money counts something else than what the sum was of (节约财政资金
    1.41亿元，核减126人; 发放补贴223亿元,惠及4555万人次): no change of the sum. A sum after a count
    is often what the counted cost (长期投资0项0万元), and is left to the caller."""
    return (
        getattr(prev.quantity, "kind", None) == "money"
        and getattr(q, "kind", None) in ("count", "physical")
    )


def counts_other(q: Any, prev: Metric) -> bool:
    """A count in a measure word other than that of the count before it, whose subject is what
    that count counted (7个自然村), counts something else. A subject named before its counts
    may be counted in two (城市低保对象1.31万户、1.71万人)."""
    before = prev.quantity
    return (
        prev.rule == "after_measure_word"
        and getattr(before, "kind", None) == "count"
        and getattr(before, "base_unit", None) != getattr(q, "base_unit", None)
    )


# A sum a rate can be set on (净利润, 清算收入, 工资总额, 土地出让金).
RATED_SUM = re.compile(r"(利润|收入|收益|税|费|金|额|价|工资|投资)$")


def is_bare_noun(phrase: str) -> bool:
    """A sum's name alone: a rate's base with no verb or change in it (年度净利润)."""
    tokens = [t for t in segment(phrase) if t.strip()]
    lex = lexicon()
    return (
        bool(RATED_SUM.search(phrase))
        and not any(t in lex.verbs or CHANGE_WORD.fullmatch(t) for t in tokens)
    )


def ends_with_verb(topic: str) -> bool:
    tokens = [t for t in segment(topic) if t.strip()]
    return bool(tokens) and (verb_cut(tokens) == len(tokens) - 1 or tokens[-1] in NEW_OF)


# Verbs that name what is new and stay in a subject (新设外资企业390家 counts new firms), but
# right before a sum give it, as other verbs do (新设2亿元风险补偿资金池).
NEW_OF = frozenset({"新设"})


def outturn_of(subject: str | None, topic: str) -> str | None:
    """The line a budget figure is of, when the value is that line's outturn: 收入预算为934080万元，
    实际完成971714万元 (the 收入, not its 预算); 收入预算52.6亿元…调整为20.4亿元."""
    if not subject or not OUTTURN.search(topic):
        return subject
    return budget_line(subject)


def budget_line(figure: str) -> str:
    """The line a budget figure names (支出预算 → 支出), or the figure when no line is left."""
    line = BUDGET_FIGURE.sub("", figure)
    return line if len(line) >= 2 else figure


def noun_closing_clause(text: str, end: int, clause_end: int) -> str:
    """The noun phrase after a value when it is all the clause has left, else ""."""
    after = noun_phrase_after(text, end, clause_end)
    return after if after and text[end:clause_end].strip() == after else ""


def share_said(text: str, end: int, clause_end: int) -> str:
    """What a share of those asked say or do (…76.85%的认为“帮助非常大”, 37.67%未获奖), a quote
    running on over a comma (“有较大帮助，对…作用”) included; "" when only a noun follows (有72.63%
    的参赛选手: that noun is who they are, read as any noun after a value)."""
    of = end + 1 if text.startswith("的", end) else end
    said = text[of:clause_end].strip()
    if said.count("“") > said.count("”"):
        close = text.find("”", clause_end, clause_end + 60)
        said = text[of : close + 1].strip() if close > 0 else said
    if not said or (of > end and said == noun_phrase_after(text, of, clause_end)):
        return ""
    return said


# Rules that read the subject after the value, where a date in it is the value's own.
SUBJECT_AFTER = frozenset({"share_saying", "after_measure_word", "after_value_np"})


def period_said_after(subject: str | None, rule: str, year: int | None) -> str | None:
    """The date in a subject read after its value (31.88%的在2022年参赛，26.54%在2023年参赛: the
    second share is of 2023, not of the 2022 before it)."""
    if rule not in SUBJECT_AFTER or not subject or not DATE.search(subject):
        return None
    return find_period(subject, 0, len(subject), year)


# Modals: after a counted noun, what it may do follows (6家医疗机构可适用…).
MODALS = frozenset({"可", "可以"})


def noun_phrase_after(text: str, start: int, end: int, counted: bool = False) -> str:
    """The noun phrase right after a value, up to a verb that ends it (412家科技型企业获…).
    ``counted``: the value is a count, whose noun may open on a verb that modifies it
    (34家挂牌上市企业, 1次集中业务培训): a verb with a noun right after it."""
    rest = text[start:end]
    # 44家（次）企业: the bracket after the measure word says how it counts, not what.
    rest = re.sub(r"^\s*[（(][\u4e00-\u9fff]{1,2}[）)]", "", rest)
    if not rest or not re.match(r"\s*[\u4e00-\u9fffA-Za-z“]", rest):
        return ""
    rest = rest.strip()
    if rest.startswith("“") and "”" in rest:
        # 27 家“类博物馆”挂牌: the quoted name is the phrase, and so is the noun it modifies
        # (150个“深研”规划基础研究项目).
        quoted = rest[: rest.index("”") + 1]
        return quoted + noun_phrase_after(rest, len(quoted), len(rest))
    scale = SCALE_OF_HEAD.match(rest)
    if scale and len(rest) > scale.end():
        # 200项以上投资亿元以上项目: the projects' size is part of which projects are counted.
        head = noun_phrase_after(rest, scale.end(), len(rest))
        return rest[: scale.end()] + head if head else ""
    if re.match(r"(台阶|大关|关口)", rest):
        return ""  # 持续站稳140万吨台阶: the mark a figure stands above, not what it counts
    change = CHANGE_ONLY.match(rest)
    if change and CHANGE_VALUE.match(rest, change.end()):
        return ""  # 78个压减至42个: the verb of a change to a value, not what was counted
    lex = lexicon()
    words: list[str] = []
    changed = False
    toks = segment(rest)
    for i, tok in enumerate(toks):
        if not words and (tok == "有" or RELATIVE_CLAUSE.fullmatch(tok)) and "的" in rest:
            # 36个有产业基础的…强镇, 8项涉及河套发展的…职权: a relative clause
            words.append(tok)
            continue
        if not words and tok in lex.qualifiers and len(toks) > i + 1:
            words.append(tok)  # 12个新增项目: which ones are counted, not the phrase's end
            continue
        # A verb naming the kind of a work (297个智能化改造项目, 9个城中村改造项目回迁房…) makes
        # the work's name with its head, which ends the phrase.
        if tok in WORK_KINDS and toks[i + 1 : i + 2] in (["项目"], ["工程"]):
            words += [tok, toks[i + 1]]
            break
        # …as it does closing the counted phrase (7个整治提升类城中村改造、30个老旧小区改造): the
        # work is what is counted.
        if words and tok in WORK_KINDS and re.match(r"\s*(?:、|$)", "".join(toks[i + 1 :])):
            words.append(tok)
            break
        if i < len(words):
            continue  # (the class words below, taken already)
        # 整治提升类: the verbs right before 类 name a class of what is counted.
        kind_of = toks[i + 1 : i + 2] == ["类"] or toks[i + 1 : i + 3] in (
            [w, "类"] for w in WORK_KINDS
        )
        if not words and counted and tok in WORK_KINDS and kind_of:
            words += toks[i : toks.index("类", i) + 1]
            continue
        if not words and counted and modifies_noun(toks, i):
            words.append(tok)
            continue
        if not words and (tok in lex.verbs or tok in NOT_NP_START or tok in OPENS_ADVERBIAL):
            return ""  # 安排642万元对…企业实施进口贴息: what the money does, not a noun
        # 在 after the counted noun ends it (1亿农业转移人口…在城镇落户); first, it opens a
        # relative clause (18名在株工作外国高端人才).
        basic = tok == "基本" and i + 1 < len(toks) and toks[i + 1] in BASIC_OF
        ends = ((tok in lex.stops and not basic) or tok in lex.verbs or tok in lex.qualifiers
                or (words and (tok in PREPOSITIONS or OPENS_ASIDE.match(tok)))
                or (words and tok in ("较", "比"))  # 10项税收收入较2023年减少: a comparison
                # 15项资金规模列全省各市第1位: the phrase's standing
                or (words and tok in RANK_VERBS)
                # 近1400万农业转移人口在城镇落户: a place of the act after the noun (jieba reads
                # 在城镇 as one word)
                or (words and tok[0] == "在" and len(tok) > 1 and i + 1 < len(toks)
                    and toks[i + 1] in lex.verbs)
                # 现行16%的税率降至13%: the phrase's change to a new level
                or (words and tok[-1] in "至到" and CHANGE_ONLY.fullmatch(tok) is not None)
                # 31个省份本级公务接待费减少26%, 12条重点产业链企业产值突破1.4万亿元: a change
                # or degree word right before a figure says what became of the phrase
                or (words and (CHANGE_WORD.fullmatch(tok) or tok in ("突破", "超过"))
                    and CHANGE_VALUE.match(rest, len("".join(toks[: i + 1]))) is not None)
                # 100家企业以上参展: the count's bound before a verb (not 限额以上企业)
                or (words and tok in ("以上", "以下") and i + 1 < len(toks)
                    and (toks[i + 1] in lex.verbs or toks[i + 1] in lex.stops))
                # 6家医疗机构可适用香港“长者医疗券”: a modal after the noun opens what it may do;
                # before a 的 it is inside a relative clause (1092条科学可量化的绩效指标)
                or (words and tok in MODALS and "的" not in "".join(toks[i + 1:]))
                # the bracket the count stands in closes (基地（含1个牵头基地）对标…)
                or (tok in ("）", ")") and not re.search(r"[（(]", "".join(words))))
        # A figure ends the phrase; a word that starts like one (一般性支出, 一体化) does not.
        figure = re.match(r"[\d一二三四五六七八九十]", tok) and not NOT_A_FIGURE.match(tok)
        changed = bool(words) and CHANGE_WORD.fullmatch(tok) is not None
        if changed and not CLAUSE_CLOSES.match(rest, len("".join(words)) + len(tok)):
            changed = False  # 持续扩大优质教育资源供给, 品质提升项目: a verb with its object
        if ends or not tok.strip() or figure or changed:
            # 省20项民生工程和市10件民生实事: a level of government after 和, right before a
            # figure, owns the next item (not so 国家及地区3256个项目, 高端和紧缺人才…).
            if figure and len(words) >= 3 and words[-2] in ("和", "及", "与") and words[-1] in (
                "省", "市", "县", "区", "乡", "镇", "村"
            ):
                words = words[:-2]
            break
        words.append(tok)
    if changed and len(words) >= 2:
        words.pop()  # 11个领域支出增长: what grew is the counted nouns' 支出, not what is counted
    while words and words[-1] in ("和", "及", "以及", "与", "、", "等"):  # 85个口袋公园等建成开放
        words.pop()
    while words and (words[-1] in BEFORE_VALUE or words[-1] in VERB_ADVERBS):
        words.pop()  # 24条特别措施深入实施: 深入 goes with the verb
    if len(words) >= 2 and words[-1] in HELD_FUNDS and rest[len("".join(words)):].startswith("的"):
        # 1家参公事业单位财政拨款的机关运行经费: the counted noun owns the funds, which the 的
        # phrase goes on about; the funds are not what is counted.
        words.pop()
    if len(words) >= 2 and VALUE_NEXT.match(rest, len("".join(words))):
        # 为101户企业减免税额13.7亿元: the phrase runs into a sum, whose item its last word is
        # (减免税额), not the counted noun's. A rate or a count after it (310条河流优良水体比例
        # 达90.1%, 31家行政机关52名) keeps the phrase whole.
        words.pop()
    if len(words) >= 2 and words[-1] == "总":
        words.pop()  # 11个项目总投资64.7亿元: 总 goes with the sum's 投资, where the verb ended it
    return quotes_balanced("".join(first_of_parallel(rest, words)).strip(STRIP_CHARS))


def first_of_parallel(rest: str, words: list[str]) -> list[str]:
    """21个分行业项目评价指标模板和部分专项支出的评价指标模板: the 的 phrase after the list names
    again what its first item ends on, so the items are parallel and the count is the first's."""
    phrase = "".join(words)
    if not rest.startswith("的", len(phrase)):
        return words
    again = noun_phrase_after(rest, len(phrase) + 1, len(rest))
    for i, word in enumerate(words[1:], 1):
        if word in ("和", "及", "与") and len(again) >= 2 and "".join(words[:i]).endswith(again):
            return words[:i]
    return words


def opens_share_of_noun(text: str, q: Any, topic: str, clause_end: int) -> bool:
    """A percent that opens its clause (nothing before it) right before a noun, the clause going
    on to say what those items do (近七成受灾乡村民宿已正常运营). With 的 between (71%的煤电机组
    实现超低排放, 7%左右的速度) other rules read the noun after it."""
    after = text[q.end : q.end + 1]
    # (a scope alone before it opens nothing: 全市100%街（镇）建有普惠性托育机构)
    scope_only = re.fullmatch(r"全[市省区县州国]?", topic.strip(STRIP_CHARS)) is not None
    if topic.strip(STRIP_CHARS) and not scope_only:
        return False
    if not re.match(r"[\u4e00-\u9fff]", after) or after == "的":
        return False
    toks = [t for t in segment(text[q.end : clause_end]) if t.strip()]
    lex = lexicon()
    head = toks[0] if toks else ""
    return (
        len(toks) >= 2
        and head not in lex.verbs
        and head not in lex.stops
        and head not in lex.links
        and not CHANGE_WORD.match(head)
        # (jieba reads 在 with its place as one word: 超过一半人口居住在城镇)
        and any(t in lex.verbs or t in lex.links or LOCATIVE.fullmatch(t) for t in toks[1:])
    )


# 在 with the place after it, one word to jieba (在城镇).
LOCATIVE = re.compile(r"在[\u4e00-\u9fff]+")
# A size opening the counted noun (投资亿元以上项目, 5000万元以上的企业): which ones are counted.
SCALE_OF_HEAD = re.compile(r"(?:总?投资额?)?(?:\d[\d.]*)?(?:千|百)?[万亿]元(?:及?以上|以下)的?")
# A clause after a count saying by whom what is counted was done (由市政府…指定的).
AGENT_CLAUSE = re.compile(r"\s*由[\u4e00-\u9fff]")
# A size said right after a count, closed by 的 (5栋建筑面积约8万平方米的冷库).
SIZE_CLAUSE = re.compile(
    r"\s*(?:总?建筑面积|占地面积|面积|总?长度|总长|总投资|容量)\s*(?:约|近|达|为|共)?\s*"
    r"[\d.,]+\s*(?:万|亿)?(?:平方米|㎡|亩|公顷|米|公里|千米|元|吨|立方米)\s*(?:左右)?的"
)


def cut_by_list(text: str, start: int, np: str) -> bool:
    """A counted phrase opened by a verb (``np``, read after ``start``) that a list's 、 cuts:
    the verb's object runs on, and the noun the count is of comes later. Verbs naming a class
    (整治提升类城中村改造) open no object."""
    at = start + len(text[start:]) - len(text[start:].lstrip())
    return (
        segment(np)[0] in lexicon().verbs
        and "类" not in segment(np)[1:3]
        and text.startswith(np, at)
        and text[at + len(np) : at + len(np) + 1] == "、"
    )


def lists_qualities(phrase: str) -> bool:
    """``phrase`` is a list of qualities (QUALITY), two at least, parted by 、."""
    items = phrase.split("、")
    return len(items) >= 2 and all(QUALITY.fullmatch(item.strip()) for item in items)


def modifies_noun(toks: list[str], i: int) -> bool:
    """The verb at ``i``, opening what a count counts, is followed by a noun it modifies (挂牌/上市
    企业, 集中/业务培训, 整治/效果较好的…站口), not by another verb, a figure or a mark."""
    lex = lexicon()
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return (
        toks[i] in lex.verbs
        and toks[i] not in NOT_NP_START
        and toks[i] not in OPENS_ADVERBIAL
        and re.fullmatch(r"[\u4e00-\u9fff]+", nxt) is not None
        and nxt not in lex.verbs
        and nxt not in lex.stops
        and nxt not in ("了", "着", "过")  # 3家获得了…奖励: the clause's own verb
        and not re.match(r"[一二三四五六七八九十]", nxt)
    )


def end_of_clause(text: str, at: int) -> int:
    """Where the clause holding ``at`` ends, a list's 、 not counted (CLAUSE_END)."""
    close = CLAUSE_END.search(text, at)
    return close.start() if close else len(text)


def listed_noun_phrase(text: str, start: int, np: str) -> str:
    """``np`` (the noun phrase read after a value) with the items 、 adds to it, when they share
    the noun the last one closes on (15家主办、承办、协办单位 → 主办、承办、协办单位). An item with
    a figure or a verb of its own (5个村、改造3个社区) parts the list, and ``np`` stays alone."""
    at = start + len(text[start:]) - len(text[start:].lstrip())
    if not np or not text.startswith(np, at) or text[at + len(np) : at + len(np) + 1] != "、":
        return np
    end = at + len(np)
    limit = end_of_clause(text, end)
    items = text[end + 1 : limit].split("、")
    # The last item runs on to the noun all share, but not into a figure of its own (电解铝100多万
    # 吨, 总数达31个) nor far over verbs the lexicon does not know (…设施免费开放).
    last = noun_phrase_after(text, limit - len(items[-1]), limit)
    if len(last) > 10 and "及" in last:
        # …、勘查实施方案及建设项目压覆矿产资源评审: a long phrase after 及 is a list of its own
        last = last[: last.index("及")]
    # (the figures after the last item are its own, unless a bracket closes the shared noun:
    # 42个国控、省控地表水考核断面（国控断面20个）水质优良比例100%)
    last_end = limit - len(items[-1]) + len(last)
    closed = text[last_end : last_end + 1] in ("（", "(")
    figure_after = re.search(r"[\d０-９]", text[last_end:limit]) and not closed
    if not 1 <= len(last) <= 10 or re.search(r"[\d０-９]", text[end:last_end]) or figure_after:
        return np
    if any(not 1 <= len(item) <= 6 or noun_phrase_after(item, 0, len(item)) != item
           for item in items[:-1]) or last.endswith(tuple(lexicon().attributes)):
        return np  # …18艘“中国前海”籍船舶、注册规模首次跻身全国前三: a measure, no item
    return np + "、" + "、".join([*items[:-1], last])


# A bound said alone before a value, naming no item (（最高不超过12亿元）).
BOUND_WORDS = frozenset({"最高", "最多", "最低", "最少", "上限", "下限"})
# An average's word after the span it is taken over (月人均, 月平均工资, 日均).
AVERAGED = ("人均", "平均", "均")
LEADING_PARTICLES = frozenset({"了", "及", "以及", "和", "与", "还", "经", "含"})


# A verb's complement naming where or to whom the action went (支付给, 拨付至).
DIRECTED_TO = frozenset({"给", "至"})
# Verbs that undo a harm: the area they act on is named with them.
REMEDIES = frozenset({"治理", "整治", "修复"})


def clean_tokens(tokens: list[str]) -> str:
    """Topic tokens to a subject: drop what precedes the last action verb, lead words (其中,
    全年 …) and trailing copulas and degree words (达到, 为, 约, 的 …)."""
    lex = lexicon()
    toks = annual_joined([t for t in tokens if t.strip()])
    # 增加值合计增长6.6%: a total word before a change says the change is the total's, no name;
    # after a budget line it names the line's total row (收入支出总计减少56.95万元) and stays.
    toks = [
        t
        for i, t in enumerate(toks)
        if not (
            TOTAL_WORD.fullmatch(t)
            and CHANGE_WORD.fullmatch("".join(toks[i + 1 : i + 2]))
            and not re.search(r"(收入|支出|收支)$", "".join(toks[:i]))
        )
    ]
    toks = [t for i, t in enumerate(toks) if not DATE.fullmatch(t) or is_bound_figure(toks, i)]
    toks = scope_out(elided_out(toks))
    # 优胜选手进入企业就业或获得岗位晋升的人数: a bare measure (人数, 数量) names nothing without
    # the clause before its 的, verbs and all.
    closing = len(toks)
    while closing > 0 and toks[closing - 1] in lex.links:
        closing -= 1
    topic = "".join(toks[:closing])
    measured = BARE_MEASURE_HEAD.search(topic)
    last_verb = -1 if measured and measured.end() == len(topic) else verb_cut(toks)
    if 0 <= last_verb == closing - 1 < len(toks) - 1:
        # 小微企业贷款投放增加1123.4亿元: only a change or a copula after the verb, so the verb
        # closes the topic as if they were not there.
        toks = toks[:closing]
    if 0 <= last_verb < len(toks) - 1:
        after, before = toks[last_verb + 1:], strip_lead(toks[:last_verb])
        rated = after[0] in RATE_OF_VERB and toks[last_verb] not in INVOLVING
        if rated and all(t in lex.links for t in after[1:]):
            # 改造面积达: the measure of that action, verb and all, and of what it acts on when
            # that comes first (after a list's 等, only the list's head). A one-character measure
            # (压减率, 削减量) never gets here: verb_cut makes a noun of it with its verb.
            acted_on = before if verb_cut(before) < 0 else []
            if "等" in acted_on:
                acted_on = acted_on[len(acted_on) - acted_on[::-1].index("等"):]
            after, before = acted_on + toks[last_verb:], []
        # 一次性竞赛补贴经费共安排资金7455万元: 资金 is generic, the named fund comes first; but
        # what only points back (本项目共安排资金) names no fund.
        generic = (
            "".join(after) in GENERIC_HEADS
            and before
            and verb_cut(before) < 0
            and not DEMONSTRATIVE.fullmatch("".join(t for t in before if t not in lex.lead))
            # 全市每年安排资金: yearly names no fund either
            and not all(t in lex.lead or YEARLY.fullmatch(t) for t in before)
        )
        # 政府性基金安排收入40.6亿元: a bare budget line after the verb is that of the fund named
        # before it (基金, 费, 金, 财力, 转移支付: 中央专项转移支付安排支出), a verb inside the
        # name included (彩票发行销售机构业务费), not of a frame (按照…原则安排支出).
        owned = (
            "".join(after) in lex.owned
            and before
            and re.search(r"(基金|费|金|国债|财力|转移支付)(提前)?$", "".join(before))
        )
        if owned and before[-1] == "提前":  # …转移支付提前下达支出: when, not what
            before = before[:-1]
        named_fund = "".join(after) in GENERIC_HEADS and fund_named_by_work(toks, last_verb)
        if named_fund:
            after, before, generic, owned = named_fund, [], False, False
        if PROJECT_HEAD.fullmatch("".join(after)) and toks[last_verb] not in INVOLVING:
            # 新建项目0.1亿元, 实施城中村改造项目66个: a bare 项目 after a verb is the projects
            # of that action; the verb stays, with what it acts on back to the verb before (two
            # verbs in a row are one action: 体育设施改造提升项目), to a 以及 or 、 that lists
            # it, or to the 用于 that spends on it.
            first, prev = last_verb, verb_cut(toks[:last_verb])
            while prev >= 0 and prev == first - 1:
                first, prev = prev, verb_cut(toks[:prev])
            if prev >= 0 and toks[prev + 1] == "类":
                # 整治提升类城中村改造项目: the verbs right before 类 (two at most) name the class
                run = prev
                while run > prev - 2 and run >= 0 and toks[run] in lex.verbs:
                    run -= 1
                prev = run
            named = toks[prev + 1:]
            parted = [i for i, t in enumerate(named) if t in PROJECT_LIST_PARTS]
            after, before = named[parted[-1] + 1:] if parted else named, []
        if toks[last_verb] in REMEDIES and after[-1] == "面积" and len(after) > 1:
            # 治理水土流失面积142.27平方公里: the area treated, not the area eroded (水土流失面积
            # is a figure of its own in the same bulletins).
            after = toks[last_verb:]
        if after[0] in DIRECTED_TO:
            # 直接支付给开封电视台230万元, 跨境拨付至港澳: whom or where the money went is said
            # with the verb that sent it (给开封电视台 alone names no sum).
            after = toks[last_verb:]
        toks = before if generic else before + after if owned else after
    elif last_verb == len(toks) - 1:
        # The verb closed the topic (预算支出完成238.92亿元): the subject is before it, after
        # any earlier verb.
        # With an earlier verb (启动危旧楼房改建和简易楼腾退), the closing verb names the measured
        # action and stays in the subject.
        inner = verb_cut(toks[:last_verb])
        if inner >= 0 and "".join(toks[inner + 1:last_verb]) in RATE_OF_VERB:
            inner -= 1  # 核减率达: the rate keeps its verb
        if inner >= 0 and toks[inner] == "把":
            toks = toks[inner + 1:last_verb]  # 把文件压减三分之一: 把 fronts what the verb cuts
        elif inner >= 0 and inner == last_verb - 1:
            # Two verbs in a row are one action (科创项目引进落地353项): its subject is before
            # both, after any verb before them.
            outer = verb_cut(toks[:inner])
            toks = toks[outer + 1:inner]
        else:
            # 省外输出178.31万人: a bare where before the verb says where the action went, and
            # the verb is what was counted.
            where = inner < 0 and len(toks) == 2 and WHERE_ONLY.fullmatch(toks[0])
            # 新开工…666万套，基本建成544万套: how far the act went; the verb is what was counted
            # (基本 alone names nothing).
            how_far = inner < 0 and len(toks) == 2 and toks[0] in ("基本", "全面")
            kept = where or how_far
            toks = toks if kept else toks[inner + 1:] if inner >= 0 else toks[:last_verb]
            # 城镇保障性安居工程住房基本建成772万套: how far the act went, after what was acted on
            while not kept and len(toks) > 1 and toks[-1] in ("基本", "全面"):
                toks = toks[:-1]
        # 内河航道建设预算合计安排21134万元: a total word before the verb says how much, as 共 does;
        # right before the value it names a line (支出合计).
        while len(toks) > 1 and TOTAL_WORD.fullmatch(toks[-1]):
            toks = toks[:-1]
    changed = True
    while toks and changed:
        changed = False
        head = toks[0].strip(STRIP_CHARS)
        # 当年 names budget lines (当年收支结余, 当年预算执行数); alone, or before a lead word or
        # a verb (当年共计补助资金, 当年发放93项), it is when.
        this_year = head == "当年" and (
            len(toks) == 1 or toks[1] in lex.lead or toks[1] in lex.verbs
        )
        # 46届世赛集训基地, 3届省赛参赛人数: a number before 届 or 期 names the edition, no date.
        edition = head.isdigit() and toks[1:2] in (["届"], ["期"], ["批"], ["轮"])
        # 3岁以下儿童入托率: a number of years of age bounds the noun, no date either.
        age = head.isdigit() and toks[1:2] in (["岁"], ["周岁"])
        # 月人均保障标准719元, 日均客运量: the span an average is taken over is part of the measure.
        per_span = head in ("月", "日") and toks[1:2] != [] and toks[1].startswith(AVERAGED)
        # 用于体育事业的彩票公益金支出: 用于 opens the clause that says which, and stays.
        which = head == "用于" and "的" in toks
        # 其中投入财政衔接推进乡村振兴补助资金28.9亿元: 投入 before the fund it puts in is the
        # verb (the lexicon cannot list it: 财政投入 is a noun); before a bare 资金 it names the
        # sum (投入资金), and 投入强度 is a measure.
        invests = head == "投入" and len(toks) > 2 and bool(MONEY_HEAD.search("".join(toks)))
        # （其中交行赛事自用30万元）: a bracket the value stands in opens the clause, and a lead
        # word after it leads as well.
        bracket = head in ("（", "(") and not any(t in ("）", ")") for t in toks)
        # 下达了两年资金, 还调入了0.3亿元, …1个及重点项目6个, 带动经陆海新通道货运量, （含中央
        # 转贷…额度3.44亿元）: an aspect particle left by the verb cut, an adverb, a conjunction,
        # "via" or "including" opens no name.
        particle = head in LEADING_PARTICLES and len(toks) > 1
        # …安排0.19亿元，主要用于解决历史遗留问题0.05亿元: 主要 before the 用于 that leads (or
        # that opens a 的 clause saying which, and stays)
        mainly_for = head == "主要" and toks[1:2] == ["用于"]
        if (
            not head
            or bracket
            or particle
            or mainly_for
            or (head in lex.lead and not which)
            or invests
            or head in lex.qualifiers
            or (is_time_word(head) and not (edition or age or per_span)
                and not is_bound_figure(toks, 0))
            or this_year
        ):
            toks = toks[1:]
            changed = True
            continue
        tail = toks[-1].strip(STRIP_CHARS)
        if (
            not tail
            or tail in lex.links
            or tail in lex.qualifiers
            or is_time_word(tail)  # …人数连续两年增长10%以上
            or re.fullmatch(r"[\d.\s]+|年|度|连续", tail)
            # a preposition, 各, 每 or 仅 left before the value (社会平均工资以每年5%的速度增长,
            # 要点①②各占指标分值的1/4, 国内生产总值每增长1个百分点, 提前下达数仅为…的43.89%)
            or tail in ("以", "各", "每", "仅")
            # the aspect particle after a verb of change (护理型床位数增加了2.6万张), 首
            # before 超 or 破 (分险额度首超100亿元: the first time, not part of the name), 新
            # before a verb (保障性安居工程新安排740万套: newly, not part of the name), and 净
            # before a change (小微企业贷款净增加1123.4亿元: net, which the qualifier 净增 says)
            or tail in ("了", "首", "新", "净")
            # yearly, before the verb or the level (闲置土地处置率每年达到…, 比例每年都保持在)
            or YEARLY.fullmatch(tail)
            # a deadline after the item (款项年底前要清偿一半以上): when, not what
            or (tail in ("前", "之前", "以前") and len(toks) > 1 and is_time_word(toks[-2]))
        ):
            toks = toks[:-1]
            changed = True
    subject = "".join(toks).strip(STRIP_CHARS)
    if subject in FUNCTION_WORDS or subject in BOUND_WORDS:
        # 对新增2万亿元中央财政资金…: a preposition alone names nothing; nor does a bound alone
        # (市财力补助20%(最高不超过12亿元): the cap of the item before)
        return ""
    # jieba keeps some change words inside a token (价格上涨): they are not the subject.
    subject = re.sub(
        r"(?<=[\u4e00-\u9fff]{2})(上涨|下降|增长|减少|提高|降低|增加|扩大|缩小|上升|回落|缩减|提升)$",
        "",
        subject,
    )
    # 交通基础设施方面28.5亿元: the area is the item.
    subject = re.sub(r"(?<=[\u4e00-\u9fff）]{2})方面$", "", subject)
    # 农林水支出执行1.85亿元: the line's outturn, said with the verb (实际执行 alone stays).
    subject = re.sub(r"(?<=支出|收入)执行$", "", subject)
    # A budget line's 预期目标 is that line's figure (全市一般公共预算收入预期目标91.35亿元);
    # another target keeps the word (经济增长预期目标为5%左右).
    subject = BUDGET_TARGET.sub("", subject)
    opens = subject.count("（") + subject.count("(")
    if opens < subject.count("）") + subject.count(")") and subject.endswith(("）", ")")):
        subject = subject[:-1]
    if subject.startswith(("（", "(")) and not re.search(r"[）)]", subject):
        subject = subject[1:]  # (新增债券1378.0亿元、…): the bracket opened before the item
    opened = max(subject.rfind("（"), subject.rfind("("))
    if opened > 0 and not re.search(r"[）)]", subject[opened:]) and len(subject) - opened > 2:
        subject = subject[opened + 1 :]  # 项目情况（计划于今年建设…道路4380平方米: the aside's
    subject = subject.lstrip("）)")  # 科普活动（含…）项目: what the bracket closed went before
    subject = subject.rstrip("（(")  # 公共交通财政补贴（38亿）: the value opens the bracket
    # 腾退空间、人防工程新增停车位: after a list of where, 新增 is the verb; what it adds is named
    # after it (城镇新增就业 keeps 城镇, below).
    places, new, added = subject.partition("新增")
    if new and "、" in places and len(added) >= 2 and not re.match(NAMED_AFTER_NEW, added):
        subject = added
    if len(subject) > 4:  # 城镇新增就业 → 城镇就业: the qualifier is reported on its own
        subject = re.sub(
            rf"^(新增|净增|累计)(?!{NAMED_AFTER_NEW})|(?<=\S)(新增)(?=\S)(?!{NAMED_AFTER_NEW})",
            "",
            subject,
        )
    return quotes_balanced(subject)


# A firm's yearly measure, which a lone 年 before it makes annual (年营收1000万以上企业).
ANNUAL_OF = re.compile(r"(营收|营业收入|主营业务收入|利润|产值|销售额|销售收入|用电量|综合能耗)")
DATED_BEFORE = re.compile(r"[\d〇零一二三四五六七八九十上本今明去前当每全]$")


def annual_joined(toks: list[str]) -> list[str]:
    """Tokens with a lone 年 joined to the yearly measure after it (其中年营收…企业: the
    segmenter parts 年 from 营收, and a 年 alone is a date word the subject drops). A 年 after a
    number or a word of time (2026年收入预算, 上年) is a date, and stays apart."""
    out = list(toks)
    for i in range(len(out) - 1):
        year_before = i > 0 and DATED_BEFORE.search(out[i - 1])
        if out[i] == "年" and not year_before and ANNUAL_OF.match("".join(out[i + 1 :])):
            return out[:i] + ["年" + out[i + 1]] + out[i + 2 :]
    return out


# Yearly (每年, 每年度): a report's figures are a year's, so the word adds nothing to what one is
# of; 每天 and 每月 make a daily or monthly figure (平均每天新增1.2万户) and stay.
YEARLY = re.compile(r"每年度?")


# Words that make an elided verb before them part of a noun: the work's scope or what it costs.
_NOUN_OF_WORK = frozenset({"范围", "费", "经费", "费用"})


# A bound after a figure (5000万元以上, 30户以上; not 2020年以上): the figure with it says which
# items, no date.
BOUND_AFTER = re.compile(r"(万|亿|千)?(?:(?![年月日])[\u4e00-\u9fff]){0,2}?及?以[上下]")


def is_bound_figure(toks: list[str], i: int) -> bool:
    """The token at ``i`` is the figure of a threshold that names which items are meant
    (全年5000万元以上投资项目, 30户以上自然村寨覆盖率), not a year or a day."""
    return toks[i].isdigit() and bool(BOUND_AFTER.match("".join(toks[i + 1 : i + 4])))


def elided_out(toks: list[str]) -> list[str]:
    """Tokens without the verbs between who achieved and what (lexicon role ``elided``), and
    without a lead word right before one (全市共盘活存量资金 → 全市存量资金). 实现 before 的 or
    after 可 is part of the name (通过公共网络实现的零售额, 可实现财力) and stays, as 需 after 所
    (任务所需资金)."""
    lex = lexicon()
    out: list[str] = []
    for i, tok in enumerate(toks):
        bare = (
            tok in lex.elided
            and toks[i + 1:i + 2] != ["的"]
            and toks[i - 1:i] not in (["可"], ["所"])  # 所需资金 is what is needed
            and not (toks[i + 1:i + 2] and toks[i + 1] in RATE_OF_VERB)  # 上缴比例: its rate
            # 预算编制范围, 前期编制费: the scope of the work or its fee, a noun
            and not (toks[i + 1:i + 2] and toks[i + 1] in _NOUN_OF_WORK)
            # 申报高企认定的企业: opening the topic, the verb opens the clause that says which
            and not (not out and opens_relative(toks, i))
        )
        if not bare:
            out.append(tok)
        elif out and out[-1] in lex.lead and len(out) > 1:
            out.pop()
        elif tok == "有" and WHERE_THERE_ARE.fullmatch("".join(out)):
            # 全州有高等教育学校3所: where there are is no owner (特殊学校有教职工188人 is)
            out = []
    return out


def opens_relative(toks: list[str], i: int) -> bool:
    """A 的 after the verb at ``i`` (not right after it) closes a clause before a noun."""
    links = lexicon().links
    if "的" not in toks[i + 2 :]:
        return False
    last_of = len(toks) - 1 - toks[::-1].index("的")
    return any(t not in links for t in toks[last_of + 1 :])


# The words closing a 在…中 phrase, and how many tokens it may hold.
SCOPE_CLOSERS = frozenset({"中", "内", "之中"})
SCOPE_REACH = 12
CLAUSE_MARKS = frozenset("，,；;。：:")
ADVERBS_OF_RANK = frozenset({"均", "都", "仍", "继续"})
# The verbs a rank follows after such a phrase (RANK_VERBS and the short and leaping ones).
SCOPE_RANK_VERBS = RANK_VERBS | {"排", "排位", "名列", "跃居"}


def scope_out(toks: list[str]) -> list[str]:
    """Tokens with a 在…中 phrase that says among what a rank was won read as one: opening the
    topic, it names nothing that ranks and goes (在中原城市群中从第22位跃升至第7位); after a noun,
    it says what the standing is in and stays whole, no verb inside it cut (全市及市本级在全省
    财政管理优化提升检查中均排名全省第2位 ranks 全市及市本级, not the 检查)."""
    if "在" not in toks:
        return toks
    lead = lexicon().lead
    i = toks.index("在")
    for j in range(i + 2, min(len(toks), i + SCOPE_REACH + 1)):
        if toks[j] in CLAUSE_MARKS:
            break
        if toks[j] in SCOPE_CLOSERS:
            after = [t for t in toks[j + 1:] if t not in ADVERBS_OF_RANK]
            # (the rank verb may have been cut off as the link before the value)
            if after and after[0] not in SCOPE_RANK_VERBS and after[0] not in ("从", "由"):
                break
            if all(t in lead or is_time_word(t) for t in toks[:i]):
                return toks[j + 1:]
            return [*toks[:i], "".join(toks[i:j + 1]), *toks[j + 1:]]
    return toks


def quotes_balanced(subject: str) -> str:
    """A subject with the quotation mark trimmed off its end put back (全省“百强高企” — the
    quoted name is the subject's head, not punctuation around it)."""
    if subject.count("“") == subject.count("”") + 1 and not subject.endswith("“"):
        return subject + "”"
    if subject.count("”") == subject.count("“") + 1 and not subject.startswith("”"):
        return "“" + subject
    return subject


FUNDS_OF_COUNT = re.compile(r"\s*[、，,]\s*(?:涉及)?资金\s*(?:为|达|共)?\s*")
OPERAND_BEFORE = re.compile(r"\s*[）)]?\s*(?:[×÷*]|/\s*[\d(（])")
# An operator, or a formula's opening bracket, right before a value (…=（33.56%+…).
OPERAND_AFTER = re.compile(r"(?:[×÷*/]|[=＝]\s*[（(])\s*[（(]?\s*$")
NOT_A_FIGURE = re.compile(r"一(?:般|体化|站式|流|线)|[一二三四五六七八九十](?:级|类)")
# A 的 right after the value, or after a list of values the value opens: the noun after the 的 is
# what each of them is (承诺提供600万元、3000万元、600万元的配套资金).
SHARED_OF = re.compile(
    r"(?:\s*[、和及与]\s*[约近]?[\d.．,]+\s*(?:万亿|亿|万|千)?(?:元|%|％))*\s*的"
)
PACE_OF = re.compile(r"\s*的(?:速度|幅度|增速|速率|比例)(?P<verb>[\u4e00-\u9fff]{2})")
# The measure of a count of classes, which may stand right before the count of what they class
# (11大类222项问题).
CLASS_UNITS = frozenset({"大类", "类"})
SHARE_BY = re.compile(r"\s*比例\s*[“\"]?(?P<verb>[\u4e00-\u9fff]{2})")
BUDGET_TARGET = re.compile(r"(?<=收入|支出)预期目标$")
GENERIC_HEADS = frozenset({"资金", "金额", "经费", "资金总额"})


def fund_named_by_work(toks: list[str], last_verb: int) -> list[str] | None:
    """The fund a bare 资金 closes when the verbs right before it name the work it pays for and
    what that work is on stands between them and the verb that moved the money (安排义务教育薄弱
    环节改造提升资金, 下达重点生态保护修复治理资金, 拟安排财政常态化帮扶资金); None when nothing
    stands there (统筹资金, 优化分配资金: the sum, read as 资金)."""
    lex = lexicon()
    first = last_verb
    while first > 0 and toks[first - 1] in lex.verbs:
        first -= 1
    outer = verb_cut(toks[:first])
    named = toks[outer + 1:first]
    if outer < 0 or not named or any(t in lex.verbs or t in FUNCTION_WORDS for t in named):
        return None
    return toks[outer + 1:]


# Heads that name no item without the action before them (新建项目, 改造工程, 森林质量提升任务,
# 标准制修订项目数量).
PROJECT_HEAD = re.compile(r"(项目|工程|任务)(数量|数|个数)?")
PROJECT_LIST_PARTS = frozenset({"以及", "、", "，", ",", "用于"})
# A topic that names what a physical size measures, before the figure.
MEASURE_NAMED = re.compile(
    r"(面积|长度|里程|规模|容量|容积|体积|宽度|深度|高度|总量|量)\s*(约|近|达|为|超|达到)?\s*$"
)
# What names a measure of the action before it (核减率, 执行率, 增长额), not a thing of its own.
RATE_OF_VERB = frozenset(
    {"率", "及时率", "额", "量", "数量", "幅度", "比例", "面积", "建筑面积", "里程", "长度", "金额"}
)
# A verb that names no action a measure could be of (涉及金额 is the amount of what came before).
INVOLVING = frozenset({"涉及"})


# What a clause sets up or runs that a measure after it may be of (基金, 计划). Not a list
# drawn up (…三类重点保障事项清单，涉及金额14.4亿元): the gold sheet of 淮南 2025 reads 金额.
NAMED_UNDERTAKING = re.compile(r"(?<=..)(?:基金|计划|工程|专项|行动)$")


def named_in_clause_before(text: str, at: int) -> str | None:
    """The fund or plan the clause before names, when the value's clause is the next in
    its sentence and that clause holds no figure (全市首创跨境上市产业投资基金，总规模10亿元;
    深入实施乡村振兴专项担保计划,全年新增规模25亿元)."""
    start = max(text.rfind(mark, 0, at) for mark in "，,；;。！？\n")
    if start <= 0 or text[start] not in "，,":
        return None
    before = max(text.rfind(mark, 0, start) for mark in "，,；;。！？\n") + 1
    clause = text[before:start]
    if re.search(r"[\d０-９]", re.sub(r"“[^”]*”", "", clause)):
        return None  # (a figure in a quoted name, “4+N”产业基金, is no figure of the clause)
    named = clean_tokens(segment(clause))
    return named if named and NAMED_UNDERTAKING.search(named) else None


# Deaths or injuries said right after a count of accidents, and that count (道路交通事故数138起).
CASUALTIES = re.compile(r"(?:死亡|受伤)(?:人数)?")
ACCIDENT = re.compile(r"(?P<what>.{2,}事故)(?:数|起数)?")
# A measure said with its sum word (金额合计, 资金共计).
SUMMED_MEASURE = re.compile(r"(?<=.)(?:合计|共计|总计)$")


def is_attribute(subject: str) -> bool:
    """A measure that names no item: 规模, or one of an action that names none either (涉及金额,
    发放金额: the verb is the measure's, what it acts on came before)."""
    lex = lexicon()
    # 金额合计: the measure, summed (项目68个、金额合计79.29亿元).
    subject = SUMMED_MEASURE.sub("", subject) or subject
    if subject in lex.attributes:
        return True
    if not subject.endswith(tuple(lex.attributes)):
        return False  # the common case, without segmenting
    toks = segment(subject)
    return len(toks) == 2 and toks[0] in lex.verbs and toks[1] in lex.attributes


# The pupils and staff of schools (attributes in the lexicon): a school's intake gives way to its
# pupils and its staff (普通高中招生2.76万人，在校生7.76万人 → 普通高中在校生; 幼儿园…招生7.92万人，
# 教职工3.03万人 → 幼儿园教职工).
ENROLMENT = re.compile(r"招生|在校生|在校学生|毕业生|在园幼儿|教职工|专任教师")
# A count of institutions right after another (普通小学786所、教学点787个, 初级中学141所，九年一贯制
# 学校12所): the pupils counted next are of both.
PAIRED_INSTITUTIONS = re.compile(
    r"\d\s*(?:所|个|家|处)\s*(?:[（(][^（）()]*[）)])?\s*[、，,][^\d，,、；;。]{1,12}$"
)


def counted_in_pair(text: str, prev: Metric) -> bool:
    """Whether ``prev`` counts institutions right after another such count (PAIRED_INSTITUTIONS)."""
    if prev.quantity.unit not in ("所", "个", "家", "处"):
        return False
    return PAIRED_INSTITUTIONS.search(text, max(0, prev.start - 40), prev.start) is not None


def attribute_of(item: str, attribute: str) -> str | None:
    """``item``'s ``attribute``: a count's or an area's noun gives way to the measure (城镇最低
    生活保障人数 + 发放金额 → 城镇最低生活保障发放金额, 茶叶种植面积 + 产量 → 茶叶产量; 养老服务
    机构床位 + 收养人数 → 养老服务机构收养人数) and a verb both end and start with is said once
    (…石漠化综合治理 + 治理面积). None when the item is an area (a measure itself)."""
    item = re.sub(r"(?<=..)(人数|人次|户数|个数|数量|总数|播种面积|种植面积|床位)$", "", item)
    # 普通高中招生2.76万人，在校生7.76万人: a school's intake gives way to its pupils, and so do
    # its classes (幼儿园班数5446个，在园幼儿154853人).
    item = re.sub(rf"(?<=..)(?:{ENROLMENT.pattern}|班数)$", "", item)
    if item.endswith("面积"):
        return None  # 总建筑面积2.59万平方米,总投资…: an area names no item to own another
    for k in range(min(len(item), len(attribute)) - 1, 1, -1):
        if item.endswith(attribute[:k]):
            return item + attribute[k:]
    return item + attribute


def strip_lead(toks: list[str]) -> list[str]:
    """Tokens without the lead, qualifier and time words that open them."""
    lex = lexicon()
    while toks and (toks[0] in lex.lead or toks[0] in lex.qualifiers or is_time_word(toks[0])
                    or toks[0] in lex.links):
        toks = toks[1:]
    return toks


# Verbs that, after a quoted programme, name a kind of what follows (“四化”改造企业, “两重”建设
# 项目), where a payment verb after quoted modes (“免申即享”兑付惠企政策资金) is an action done.
KIND_VERBS = frozenset({"改造", "建设", "创建", "认定"})


def verb_cut(toks: list[str]) -> int:
    """Index of the last action verb that leaves a real noun after it (压减率: 率 is no noun).
    A verb before 的 modifies the noun after it (…收入安排的支出), and one before 等 or 及 is an
    item of what follows (农文旅融合推介等工作经费, 公务用车购置及运行维护支出): no cut there."""
    verbs = lexicon().verbs
    # The topic's last word before any copula (公务用车购置数为: 数 is last, so 购置数 is a noun;
    # 完成值分别为: 值).
    last = len(toks) - 1
    while last > 0 and (toks[last] in LINKS_BEFORE_VALUE or toks[last] == "分别"):
        last -= 1
    depth = 0  # a verb inside brackets is the aside's (科普活动（含…素质提升活动等）项目)
    quoted = 0  # and one inside quotation marks the name's (项目“打造科技创新高地工作经费”金额)
    for i in range(len(toks) - 1, -1, -1):
        depth += toks[i].count("）") + toks[i].count(")") - toks[i].count("（") - toks[i].count("(")
        quoted += toks[i].count("”") - toks[i].count("“")
        if depth > 0 or quoted > 0:
            continue
        if toks[i] in verbs and not (i == last - 1 and len(toks[last]) == 1):
            if i + 1 < len(toks) and toks[i + 1] in ("的", "等", "及"):
                continue
            if 0 < i < last and toks[i - 1].endswith("”") and toks[i] in KIND_VERBS:
                continue  # 完成“四化”改造企业数: the quoted object and its verb name the kind
            in_list = (i > 0 and toks[i - 1] == "、") or (i + 1 < len(toks) and toks[i + 1] == "、")
            if in_list and "等" in toks[i + 1 : last + 1]:
                # 上解中央、安排预算稳定调节基金、结转下年等, 产业体系提升、消费投资提振等相关
                # 支出: an item of a list 等 closes
                continue
            if opens_which_clause(toks, i):
                continue  # 用于体育事业的彩票公益金支出: the verb says which ones
            if names_action(toks, i, last):
                continue  # 车辆购置支出: the verb is the name's
            return i
    return -1


# The head of a fund's or spending's name an action with its object before it names (车辆购置
# 支出, 本科生引进培养各项补贴): up to one more action (培养), 各项 or 专项, the head.
NAMED_ACTION_HEAD = re.compile(
    r"[\u4e00-\u9fff]{0,2}?(各项|专项)?(补贴|补助|经费|资金|支出|投资|费用|奖励)(资金)?"
)


def names_action(toks: list[str], i: int, last: int) -> bool:
    """The verb at ``i`` is part of a name (lexicon role ``named_action``), its object the
    noun right before it and a fund's or spending's head right after it (新设县车辆购置支出
    0.0917亿元, 设备购置投资增长9.7%), not an action done (部门预算安排购置车辆0辆)."""
    lex = lexicon()
    # Any action joined by 和, 及 or 与 to the noun before it makes the name with it (国土勘探和
    # 治理资金: the fund for surveying and restoring land, not the restoring of a fund).
    coordinated = i >= 2 and toks[i - 1] in ("和", "及", "与")
    if i == 0 or not (toks[i] in lex.named_actions or coordinated):
        return False
    before = toks[i - 2] if coordinated else toks[i - 1]
    if len(before) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", before) or is_time_word(before):
        return False
    if before in lex.verbs or before in lex.links or before in lex.lead or before in lex.qualifiers:
        return False
    head = toks[i + 1 : last + 1]
    while head and head[-1] in lex.links:  # 设备购置投资增长9.7%
        head = head[:-1]
    return bool(NAMED_ACTION_HEAD.fullmatch("".join(head)))


def opens_which_clause(toks: list[str], i: int) -> bool:
    """The verb at ``i`` opens a clause closed by 的 before a noun, with no verb between (用于
    counts as one: 发行用于项目建设的专项债券), and no preposition before it (对获得…的选手)."""
    verbs = lexicon().verbs
    if i > 0 and toks[i - 1] in BEFORE_AN_ACTION:
        return False
    for j in range(i + 1, len(toks) - 1):
        if toks[j] == "的":
            return j > i + 1
        if toks[j] in verbs or toks[j] == "用于" or re.search(r"[，,；;：:]", toks[j]):
            return False
    return False


def is_time_word(tok: str) -> bool:
    return bool(
        re.fullmatch(
            r"\d{4}|年|年度|年底|年末|[去今]年[末底]|今年|本年|本年度|年内|去年|明年|截至|截止|到|\d{1,2}|月|月份|日|号|底|末",
            tok,
        )
        or re.fullmatch(r"[一二三四五六七八九十两\d]+年(来)?|多年|连年|年均|历年|阶段性", tok)
        # parts of a year are periods (``extractor.nlp.markers``), no part of what is measured
        or re.fullmatch(r"上半年|下半年|前三季度|第?[一二三四]季度", tok)
    )
