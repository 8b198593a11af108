"""Allocated amounts: money a budget report only says it allocates (安排X亿元, 投入X亿元) is
measured by what it is for — its purpose (用于…, 支持…), the theme stated before it
(共建科技创新中心,安排97亿元) or the heading of the section it opens. Rule
``allocation_purpose`` of the metric linker (``extractor.nlp.metrics``).
"""

from __future__ import annotations

import re
from typing import Any

from extractor.nlp.lexicon import lexicon
from extractor.nlp.topic_context import ENUMERATOR, STRIP_CHARS

# A topic that only says money is allocated (安排, 统筹安排, 全市共安排, 每年安排, 五年累计投入):
# budget reports name what such an amount is for after it or in the clause before it. A topic
# that names the money (统筹资金, 拨付资金) keeps that name as the subject, as the gold reads it.
ALLOCATION = re.compile(
    r"(?:全[市省区县]|市本级|市级|本级|[省市县区]级财政)?"
    r"(?:共|拟|累计|另|再|统筹|每年度?|[一二三四五六七八九十两]年)*"
    r"(?:安排|投入|投资|拨付|下拨|下达|筹集|筹措|统筹)了?"
)
# A bracket right after the amount, with nothing after it in the clause.
BRACKET_AFTER = re.compile(r"^\s*[（(][^（）()]*[）)]\s*$")
# A purpose stated as such (用于, 专项用于, 用作), which outranks a theme before the amount.
EXPLICIT_PURPOSE = re.compile(r"(主要|专项|重点|统筹)?用[于作]")
# Where a purpose or theme ends: a clause, but a list joined by 、 stays whole.
PURPOSE_END = "，,；;：:。！？!?\n"
# What is trimmed off a purpose or theme: spaces, list and run-in dashes (quotes stay: they are
# part of a name such as “四好农村路”).
PURPOSE_TRIM = " \u3000\t，,、：:·—─-"
# A theme clause opens with a framing word that is not the theme (按照…原则, 根据…要求), or
# says where other money came from (连同镇街投入, 积极争取专项债券资金).
NOT_THEME = re.compile(
    r"^(按照|根据|依据|结合|通过|经|同时|此外|另外|其中|连同|加上|包括|积极争取|争取)"
)
# A purpose clause may first say whom the money is for (对…企业实施…, 向…发放…).
FOR_WHOM = re.compile(r"(对|向|给)(?=[^，,；;。]{2,})")
THEME_OPENING = re.compile(r"^([一二三四五六七八九十]是|为了|为)")


def allocation_purpose(
    text: str, s0: int, s1: int, c0: int, q: Any, topic: str, heading: str = ""
) -> str | None:
    """Rule ``allocation_purpose``: the subject of an amount whose topic only allocates it, in
    order: the purpose in its own clause (安排1.78亿元用于“四好农村路”建设); a 用于 clause after
    it; the theme of the clause before it (共建科技创新中心,安排97亿元 — the heading the report
    states the amount under); another purpose clause after it (安排129亿元,落实制造业…政策).
    An amount with no topic at all takes a 用于 in its own clause (其中：364544万元用于征地…).
    Failing all of these, the heading the sentence opens (支持充分释放内需潜力 / 安排2亿元。).
    None when the amount is not such an allocation or nothing names its purpose. ``topic``:
    the words before the amount in its clause, their context already removed."""
    if getattr(q, "kind", None) != "money":
        return None
    allocated = strip_lead_words(topic.strip(STRIP_CHARS + "\u3000"))
    own_end = q.end
    while own_end < s1 and text[own_end] not in PURPOSE_END:
        own_end += 1
    # (…下拨2000万元（豫财社[2024]119号）: the bracket after the sum cites or notes, no purpose)
    own = BRACKET_AFTER.sub("", text[q.end : own_end]).strip()
    if not allocated:
        return purpose_of(own) if EXPLICIT_PURPOSE.match(own) else None
    if not ALLOCATION.fullmatch(allocated):
        return None
    if own:
        # Else a noun phrase after the amount (1,870万元基本公共卫生服务配套经费) names it, and
        # the other rules read that.
        return purpose_of(own)
    after, end = clause_after(text, own_end, s1)
    purpose = purpose_of(after)
    if purpose and EXPLICIT_PURPOSE.match(after):
        return purpose  # 用于… outranks a theme stated before the amount
    if purpose and MEANS_ONLY.fullmatch(purpose):
        # 投入14.75亿元，通过奖补方式，激励市县加快推进…: how the money works, then what for.
        purpose = purpose_of(clause_after(text, end, s1)[0]) or purpose
    return theme_before(text, s0, c0) or purpose or (theme_of(heading) if heading else None)


# A clause that only says how money is spent (通过奖补方式, 采取“补改投”方式).
MEANS_ONLY = re.compile(r"(通过|采取|采用|以)[^，,；;。]*方式")


def clause_after(text: str, at: int, s1: int) -> tuple[str, int]:
    """The clause after the comma at ``at``, and where it ends; ("", at) when no comma is there."""
    if at >= s1 or text[at] not in "，,":
        return "", at
    end = at + 1
    while end < s1 and text[end] not in PURPOSE_END:
        end += 1
    return text[at + 1 : end].strip(), end


def strip_lead_words(topic: str) -> str:
    """A topic without the lead words that open it (其中：安排 → 安排)."""
    lead = lexicon().lead
    changed = True
    while changed:
        changed = False
        for word in lead:
            if topic.startswith(word):
                topic = topic[len(word) :].lstrip(PURPOSE_TRIM)
                changed = True
    return topic


def purpose_of(clause: str) -> str | None:
    """The purpose a clause states, when it opens with a purpose word (用于, 支持, 推动 …), or
    with whom it is for and then one (对我市外贸进出口企业实施进口贴息: the clause whole)."""
    for word, dropped in lexicon().purposes:
        if clause.startswith(word):
            purpose = clause[len(word) :] if dropped else clause
            purpose = re.sub(r"等$", "", purpose.strip(PURPOSE_TRIM)).strip(PURPOSE_TRIM)
            return purpose if len(purpose) >= 2 else None
    # A purpose word past the preposition and the first character of whom it names.
    if FOR_WHOM.match(clause) and any(word in clause[2:] for word, _ in lexicon().purposes):
        return re.sub(r"等$", "", clause.strip(PURPOSE_TRIM)).strip(PURPOSE_TRIM)
    return None


def theme_before(text: str, s0: int, c0: int) -> str | None:
    """The clause just before an allocation, joined to it by a comma, as the theme the amount is
    stated under (织密扎牢社会保障网，共安排12.56亿元; 在支持生态建设方面，共安排…)."""
    if c0 - 1 <= s0 or text[c0 - 1] not in "，,":
        return None
    b0 = c0 - 1
    while b0 > s0 and text[b0 - 1] not in PURPOSE_END:
        b0 -= 1
    return theme_of(text[b0 : c0 - 1])


def theme_of(clause: str) -> str | None:
    """A clause or heading as the theme an amount is stated under, without its list number,
    framing (一是, 在…方面) and 支持; None for a frame or a clause with figures of its own."""
    theme = ENUMERATOR.sub("", clause.strip(PURPOSE_TRIM)).strip(PURPOSE_TRIM)
    if NOT_THEME.match(theme) or re.search(r"[0-9０-９]", theme):
        return None  # a frame, or a clause that states its own figures
    theme = THEME_OPENING.sub("", theme)
    area = re.fullmatch(r"在?(.+)方面", theme)  # 在支持生态建设方面, ──偿还政府债务方面
    theme = re.sub(r"^(支持|用于)", "", area.group(1) if area else theme).strip(PURPOSE_TRIM)
    if not 2 <= len(theme) <= 24 or ALLOCATION.search(theme[-4:]):
        return None  # 连同镇街（园区）投入，全市共安排…: a source of money, not a theme
    return theme
