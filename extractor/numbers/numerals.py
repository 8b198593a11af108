"""Chinese and Arabic numerals to exact Decimals.

The grammar: Han digits (一 壹 两 …, 〇 零), small units (十 百 千, 拾 佰 仟), big units (万 亿)
and a decimal point (点), freely mixed with Arabic numbers (1.2万亿, 3千万). Arithmetic runs on
Decimals in a private context, so ``16.4亿`` is 1640000000 exactly and the caller's decimal
context is never touched.
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from functools import lru_cache

import regex

# A private context: 40 significant digits covers every figure a report prints, and nothing is
# trapped, so absurd inputs round instead of raising.
_CTX = Context(prec=40, traps=[])

HAN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "洞": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
# 洞 and 幺 are radio/phone readings; they are digits only inside digit strings.
_DIGIT_STRING_ONLY = {"洞", "幺"}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# 廿 卅 卌 are "twenty", "thirty", "forty" written as one character.
TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}
POINT = {"点", "點"}
ZERO_CHARS = {"零", "〇", "○"}

# Scale words that may sit between a number and its unit (1164.45万元, 3千万元, 1.2万亿元).
SCALES: dict[str, int] = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10**4,
    "十万": 10**5,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "十亿": 10**9,
    "百亿": 10**10,
    "千亿": 10**11,
    "万亿": 10**12,
    "萬": 10**4,
    "億": 10**8,
}

FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")

# stdlib re: this runs once per candidate, and re's calls cost half of regex's
_ARABIC = re.compile(
    r"""
    (?:\d{1,3}(?:,\d{3})+|\d+)   # integer part, with well-formed thousands commas or none
    (?:\.\d+)?                   # fraction
    """,
    re.VERBOSE | re.ASCII,
)
_SPACE_AFTER_POINT = regex.compile(r"(?<=\d\.)\s+(?=\d)")
_SPACE_BEFORE_SCALE = regex.compile(r"(?<=\d)\s+(?=[十百千万亿萬億])")
_NEGATIVE = ("-", "−", "﹣", "负", "負")
MAX_LEN = 64
# Tests set this to surface internal errors that the public functions would otherwise swallow.
RAISE_INTERNAL_ERRORS = False


def parse_number(text: str) -> Decimal | None:
    """The value of ``text`` when the whole string is one number, else None.

    >>> parse_number("一千二百三十四"), parse_number("16.4亿"), parse_number("1,234.5")
    (Decimal('1234'), Decimal('1640000000'), Decimal('1234.5'))
    >>> parse_number("十四五") is None
    True
    """
    try:
        return _parse_number(text)
    except Exception:  # the contract: never raise on any input
        if RAISE_INTERNAL_ERRORS:
            raise
        return None


def _parse_number(text: str) -> Decimal | None:
    if not isinstance(text, str):
        return None
    s = text.strip().translate(FULLWIDTH)
    if not s or len(s) > MAX_LEN:
        return None
    s = _SPACE_AFTER_POINT.sub("", s)
    s = _SPACE_BEFORE_SCALE.sub("", s)
    sign = 1
    if s[0] in _NEGATIVE:
        sign, s = -1, s[1:]
    elif s[0] in "+正":
        s = s[1:]
    if not s or any(ch.isspace() for ch in s):
        return None
    value = numeral_to_decimal(s)
    if value is None:
        return None
    return tidy(value if sign > 0 else -value)


def numeral_to_decimal(s: str) -> Decimal | None:
    """A numeral without sign or spaces (Arabic, Han, or mixed) to its Decimal value."""
    if len(s) <= _MEMO_LEN:
        return _numeral_memo(s)
    return _numeral_to_decimal(s)


# Reports repeat their numerals (2022, 100, 5.2, 一), so short ones are read once. The memo hands
# back the same Decimal object for the same text, and a Decimal caches its hash: the memos keyed
# by value further on (tidy, quantities._to_base) look such values up for next to nothing,
# where hashing a fresh Decimal would cost as much as the work they save.
_MEMO_LEN = 24


@lru_cache(maxsize=8192)
def _numeral_memo(s: str) -> Decimal | None:
    return _numeral_to_decimal(s)


def _numeral_to_decimal(s: str) -> Decimal | None:
    if _ARABIC.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if s in SMALL_UNITS and s not in ("十", "拾"):
        return None  # a bare 百 or 千 is a word (百强, 千方百计), not a number
    if all(ch in BIG_UNITS for ch in s):
        return None
    tokens = _tokens(s)
    if tokens is None:
        return None
    return _tokens_to_decimal(tokens)


def _tokens(s: str) -> list[tuple[str, object]] | None:
    """Split a numeral into (kind, value) tokens; kinds: num, han, zero, small, big, tens, point."""
    out: list[tuple[str, object]] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if "0" <= ch <= "9":
            m = _ARABIC.match(s, i)
            if m is None:
                return None
            out.append(("num", Decimal(m.group().replace(",", ""))))
            i = m.end()
            continue
        if ch in ZERO_CHARS:
            out.append(("zero", 0))
        elif ch in HAN_DIGITS:
            out.append(("han", ch))
        elif ch in SMALL_UNITS:
            out.append(("small", SMALL_UNITS[ch]))
        elif ch in BIG_UNITS:
            out.append(("big", BIG_UNITS[ch]))
        elif ch in TENS:
            out.append(("tens", TENS[ch]))
        elif ch in POINT:
            out.append(("point", 0))
        else:
            return None
        i += 1
    return out


def _tokens_to_decimal(tokens: list[tuple[str, object]]) -> Decimal | None:
    points = [i for i, (kind, _) in enumerate(tokens) if kind == "point"]
    if len(points) > 1:
        return None
    if points:
        p = points[0]
        if p == 0:
            return None  # 点五: a decimal needs its integer part
        whole = _integer_value(tokens[:p])
        fraction = _fraction_tail(tokens[p + 1 :])
        if whole is None or fraction is None:
            return None
        digits, scale = fraction
        value = _CTX.add(whole, Decimal("0." + digits))
        return _CTX.multiply(value, Decimal(scale))
    if _is_digit_string(tokens):
        # 二〇二二, 一二三: digits read one by one (years, codes)
        return Decimal("".join(str(HAN_DIGITS[str(v)]) if k == "han" else "0" for k, v in tokens))
    return _integer_value(tokens)


def _is_digit_string(tokens: list[tuple[str, object]]) -> bool:
    if len(tokens) < 2 or any(kind not in ("han", "zero") for kind, _ in tokens):
        return False
    # 两三 is a range ("two or three"), never the digits 2 3
    return not any(kind == "han" and v in ("两", "兩") for kind, v in tokens)


def _fraction_tail(tokens: list[tuple[str, object]]) -> tuple[str, int] | None:
    """Digits after 点 and an optional trailing big unit (一点二五亿)."""
    digits = []
    scale = 1
    for i, (kind, v) in enumerate(tokens):
        if kind == "han" and v not in ("两", "兩"):
            digits.append(str(HAN_DIGITS[str(v)]))
        elif kind == "zero":
            digits.append("0")
        elif kind == "num" and isinstance(v, Decimal) and "." not in (printed := format(v, "f")):
            digits.append(printed)  # not 0.0 (0点0.0): its point would be a second one
        elif kind == "big" and digits:
            for k2, v2 in tokens[i:]:
                if k2 != "big":
                    return None
                scale *= int(str(v2))
            break
        else:
            return None
    if not digits:
        return None
    return "".join(digits), scale


def _integer_value(tokens: list[tuple[str, object]]) -> Decimal | None:
    """Sectioned reading: digits times small units inside a section, big units close sections."""
    if not tokens:
        return None
    total = Decimal(0)
    section = Decimal(0)
    cur: Decimal | None = None
    cur_is_han = False
    last_small: int | None = None
    last_big: int | None = None
    zero_seen = False
    prev = ""
    for kind, v in tokens:
        if kind in ("han", "num"):
            if cur is not None:
                return None  # two numbers in a row: not one numeral
            if kind == "han":
                if v in _DIGIT_STRING_ONLY:
                    return None
                cur, cur_is_han = Decimal(HAN_DIGITS[str(v)]), True
            else:
                cur, cur_is_han = v if isinstance(v, Decimal) else None, False
                if cur is None:
                    return None
        elif kind == "zero":
            if cur is not None or prev == "":
                if prev == "" and len(tokens) == 1:
                    cur, cur_is_han = Decimal(0), True  # 零 alone
                    prev = kind
                    continue
                return None
            zero_seen = True
        elif kind == "small":
            u = int(str(v))
            if last_small is not None and u >= last_small:
                return None
            n = cur if cur is not None else Decimal(1)
            section = _CTX.add(section, _CTX.multiply(n, Decimal(u)))
            cur, last_small, zero_seen = None, u, False
        elif kind == "tens":
            if cur is not None or (last_small is not None and last_small <= 10):
                return None
            section = _CTX.add(section, Decimal(int(str(v))))
            last_small, zero_seen = 10, False
        elif kind == "big":
            u = int(str(v))
            val = _CTX.add(section, cur if cur is not None else Decimal(0))
            if last_big is None:
                if prev == "" or val == 0:
                    return None  # 亿一, 零万: a big unit needs a number before it
                total, last_big = _CTX.multiply(val, Decimal(u)), u
            elif u > last_big or (val == 0 and prev == "big"):
                # 万亿, 一万二千亿: the scale compounds over everything read so far
                total = _CTX.multiply(_CTX.add(total, val), Decimal(u))
                last_big = last_big * u
            else:
                if val == 0 or u == last_big:
                    return None
                total = _CTX.add(total, _CTX.multiply(val, Decimal(u)))
            section, cur, last_small, zero_seen = Decimal(0), None, None, False
        else:
            return None
        prev = kind
    if cur is not None:
        before = tokens[-2] if len(tokens) > 1 else ("", 0)
        lone_digit = cur_is_han or (cur == cur.to_integral_value() and 0 < cur < 10)
        after_scale = before[0] in ("small", "big")
        if lone_digit and not zero_seen and prev in ("han", "num") and after_scale:
            # 一千二 = 1200, 三万五 = 35000, 1万6 = 16000: a lone trailing digit takes the next
            # lower place (1万16 stays 10016: two digits are not "the next place")
            place = int(str(before[1])) // 10
            if before[0] == "small":
                section = _CTX.add(section, _CTX.multiply(cur, Decimal(place)))
            else:
                total = _CTX.add(total, _CTX.multiply(cur, Decimal(place)))
        else:
            section = _CTX.add(section, cur)
    return _CTX.add(total, section)


def scale_factor(scale: str) -> int | None:
    """The factor of a scale word between a number and its unit (万 → 10000), else None."""
    return SCALES.get(scale)


def tidy(value: Decimal) -> Decimal:
    """The same value without exponent or trailing fractional zeros (11644500.00 → 11644500)."""
    if not value.is_finite():
        raise InvalidOperation("not a finite number")
    return _tidy_memo(value)


# Quantities tidy their values, mostly ones numeral_to_decimal's memo handed out: those Decimals
# have their hash cached, so this memo costs next to nothing for them. Equal Decimals (5.2, 5.20)
# share an entry, which is right: they tidy alike.
@lru_cache(maxsize=4096)
def _tidy_memo(value: Decimal) -> Decimal:
    if not value:
        return Decimal(0)
    # normalize strips trailing zeros (11644500.00 → 1.16445E+7); adding an exponent-0 zero
    # brings a positive exponent back to 0 (→ 11644500) and leaves a negative one alone (5.2).
    # Both exact: the context's precision and exponent range hold any Decimal.
    return _EXACT.add(_EXACT.normalize(value), _ZERO)


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
_ZERO = Decimal(0)


def decimal_text(value: Decimal | None) -> str | None:
    """The plain decimal string of a value for JSON records (no exponent)."""
    if value is None:
        return None
    return format(tidy(value), "f")
