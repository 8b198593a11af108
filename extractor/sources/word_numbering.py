"""Word's paragraph styles and list numbering, shared by the .docx and .doc readers.

Word does not store an automatic number (一、, （二）, 3.) in the paragraph's text: it counts
the list's paragraphs and formats the count by the level's number format (chineseCounting,
decimal, decimalEnclosedCircle …) and text (%1、). ``Numbering`` keeps those counters in
document order, restarts included, and ``Styles`` finds the numbering and indent a paragraph
takes from its style chain.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

# The half-point font size Word uses when the styles state none (五号, 10.5 pt).
DEFAULT_HALF_POINTS = 21
# On/off properties are on unless their value says off.
OFF = frozenset({"0", "false", "off"})

class Styles:
    """Paragraph styles: the numbering and indent a paragraph takes from its style chain."""

    def __init__(self, root: ET.Element | None, w: str) -> None:
        self.w = w
        self.by_id: dict[str, ET.Element] = {}
        self.default: str | None = None
        self.half_points = DEFAULT_HALF_POINTS
        if root is None:
            return
        for style in root.iter(f"{w}style"):
            if style.get(f"{w}type", "paragraph") != "paragraph":
                continue
            sid = style.get(f"{w}styleId", "")
            self.by_id[sid] = style
            if style.get(f"{w}default") in ("1", "true", "on"):
                self.default = sid
        size = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}sz")
        if size is not None:
            self.half_points = _int(size.get(f"{w}val"), DEFAULT_HALF_POINTS) or DEFAULT_HALF_POINTS

    def chain(self, p: ET.Element) -> Iterator[ET.Element]:
        """The paragraph's own properties, then its style's, then the styles it is based on."""
        w = self.w
        ppr = p.find(f"{w}pPr")
        if ppr is not None:
            yield ppr
        style_el = ppr.find(f"{w}pStyle") if ppr is not None else None
        sid = style_el.get(f"{w}val") if style_el is not None else self.default
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            spr = style.find(f"{w}pPr")
            if spr is not None:
                yield spr
            based = style.find(f"{w}basedOn")
            sid = based.get(f"{w}val") if based is not None else None

    def num_pr(self, p: ET.Element) -> tuple[str | None, int]:
        """The numbering instance and level of a paragraph (None: not numbered)."""
        w = self.w
        num_id: str | None = None
        level: int | None = None
        for ppr in self.chain(p):
            num = ppr.find(f"{w}numPr")
            if num is None:
                continue
            id_el, level_el = num.find(f"{w}numId"), num.find(f"{w}ilvl")
            if num_id is None and id_el is not None:
                num_id = id_el.get(f"{w}val")
            if level is None and level_el is not None:
                level = _int(level_el.get(f"{w}val"), 0)
        if not num_id or num_id == "0":  # numId 0 switches numbering off
            return None, 0
        return num_id, level or 0

    def indent(self, p: ET.Element) -> float:
        """Where a paragraph's first line starts, in characters (left + first line)."""
        w = self.w
        ind = next((el for ppr in self.chain(p) if (el := ppr.find(f"{w}ind")) is not None), None)
        if ind is None:
            return 0.0
        char_twips = self._char_twips(p)

        def chars(name: str) -> float:
            # *Chars attributes (hundredths of a character) win over twips, as in Word.
            hundredths = ind.get(f"{w}{name}Chars")
            if hundredths is not None and _int(hundredths, 0):
                return _int(hundredths, 0) / 100
            return _int(ind.get(f"{w}{name}"), 0) / char_twips

        left = chars("left") or chars("start")
        first = chars("firstLine") - chars("hanging")
        return max(0.0, round(left + first, 1))

    def _char_twips(self, p: ET.Element) -> float:
        size = p.find(f".//{self.w}r/{self.w}rPr/{self.w}sz")
        half_points = _int(size.get(f"{self.w}val"), 0) if size is not None else 0
        return (half_points or self.half_points) * 10  # half points → twips: ×10


def _int(value: str | None, default: int) -> int:
    """An integer attribute; Word tolerates "1.5" (read as 1) and rubbish (the default)."""
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            return default


@dataclass
class NumberLevel:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False


class Numbering:
    """Word's automatic numbers, counted in document order as Word prints them.

    Counters belong to the abstract numbering: two numbering instances of one abstract list
    continue each other, unless an instance overrides a level's start (a restarted list).
    A level counts on from its last value and restarts under a higher level.
    """

    def __init__(self, root: ET.Element | None, w: str) -> None:
        self.w = w
        self.abstract: dict[str, dict[int, NumberLevel]] = {}
        self.instances: dict[str, tuple[str, dict[int, NumberLevel], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for ab in root.iter(f"{w}abstractNum"):
            self.abstract[ab.get(f"{w}abstractNumId", "")] = {
                _int(lvl.get(f"{w}ilvl"), 0): self._level(lvl) for lvl in ab.iter(f"{w}lvl")
            }
        for num in root.iter(f"{w}num"):
            ab_el = num.find(f"{w}abstractNumId")
            ab_id = ab_el.get(f"{w}val", "") if ab_el is not None else ""
            levels: dict[int, NumberLevel] = {}
            starts: dict[int, int] = {}
            for override in num.iter(f"{w}lvlOverride"):
                k = _int(override.get(f"{w}ilvl"), 0)
                lvl = override.find(f"{w}lvl")
                if lvl is not None:
                    levels[k] = self._level(lvl)
                start = override.find(f"{w}startOverride")
                if start is not None:
                    starts[k] = _int(start.get(f"{w}val"), 1)
            self.instances[num.get(f"{w}numId", "")] = (ab_id, levels, starts)

    def _level(self, lvl: ET.Element) -> NumberLevel:
        w = self.w

        def val(name: str, default: str) -> str:
            el = lvl.find(f"{w}{name}")
            return el.get(f"{w}val", default) if el is not None else default

        legal = lvl.find(f"{w}isLgl")
        return NumberLevel(
            start=_int(val("start", "1"), 1),
            fmt=val("numFmt", "decimal"),
            text=val("lvlText", ""),
            suffix=val("suff", "tab"),
            legal=legal is not None and legal.get(f"{w}val", "1") not in OFF,
        )

    def label(self, num_id: str | None, level: int) -> str:
        """The printed number of the next paragraph of ``num_id`` at ``level`` ("" if none)."""
        if num_id is None or num_id not in self.instances:
            return ""
        ab_id, own_levels, starts = self.instances[num_id]
        levels = {**self.abstract.get(ab_id, {}), **own_levels}
        if level not in levels:
            return ""
        counters = self.counters.setdefault(ab_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for k in starts:  # a restarted list
                counters.pop(k, None)

        def start(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        counters[level] = counters[level] + 1 if level in counters else start(level)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        lvl = levels[level]
        if lvl.fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            fmt = levels[k].fmt if k in levels else "decimal"
            return format_number(counters.get(k, start(k)), "decimal" if lvl.legal else fmt)

        text = re.sub(r"%([1-9])", number, lvl.text)
        return text + ("" if lvl.suffix == "nothing" or not text else " ")


_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in a Word number format (numFmt); unknown formats as decimal."""
    if fmt in (
        "chineseCounting", "chineseCountingThousand", "japaneseCounting",
        "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital",
    ):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, digits=_LEGAL, ten="拾", hundred="佰", thousand="仟")
    if fmt == "ideographTraditional" and n > 0:
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac" and n > 0:
        return _DIZHI[(n - 1) % 12]
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt.startswith("decimalFullWidth"):
        return "".join(chr(ord(d) + 0xFEE0) if d.isdigit() else d for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26 * 20:  # (a, …, z, aa, …)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out, rest = "", n
        for value, sign in _ROMAN:
            while rest >= value:
                out, rest = out + sign, rest - value
        return out if fmt == "lowerRoman" else out.upper()
    return str(n)


def chinese_number(
    n: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百", thousand: str = "千"
) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (below 10000; else digits)."""
    if not 0 < n < 10000:
        return str(n)
    if 10 <= n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for unit_value, unit in ((1000, thousand), (100, hundred), (10, ten), (1, "")):
        d = n // unit_value % 10
        if d:
            if zero and out:
                out += digits[0]
            out += digits[d] + unit
            zero = False
        else:
            zero = True
    return out
