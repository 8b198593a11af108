r"""Excel number formats: the text a cell shows for its value under its format code.

Values are computed in ``Decimal``: the float a workbook stores is first cut to Excel's 15
significant digits (182506.58999999997 is the 182506.59 typed in), then rounded half-up to the
format's decimals, as Excel displays it. Sections and conditions ([>=100]), literals ("年", \-),
thousands separators, percent, scientific, text (@) and date/time codes (with the zh-CN
built-in formats) are read; fraction formats (# ?/?) and [DBNum] Chinese numerals show the
plain number.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import regex

# Built-in format ids whose code depends on the locale, as a zh-CN Excel shows them (the files
# are made on Chinese systems). 14 is the short date, written m/d/yy in the file's tables.
BUILTIN_ZH: dict[int, str] = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}

# Excel keeps 15 significant digits; a double's 16th/17th are noise (182506.58999999997 is the
# 182506.59 typed in).
EXCEL_DIGITS = 15

# One token of a format section.
_TOKEN = regex.compile(
    r"""
      "(?P<quoted>[^"]*)"?            # "年" literal
    | \\(?P<escaped>.)                # \- literal
    | _.                              # _) padding: a space as wide as the char
    | \*.                             # *  fill to the cell width
    | \[(?P<bracket>[^\]]*)\]         # [Red], [$-804], [$¥-804], [>100], [h]
    | (?P<ampm>AM/PM|am/pm|A/P|a/p|上午/下午)
    | (?P<general>General|G/通用格式)
    | (?P<date>y+|m+|d+|h+|s+|e+|a{3,4}|b+|g+)
    | (?P<digit>[0#?])
    | (?P<other>.)
    """,
    regex.VERBOSE | regex.IGNORECASE | regex.DOTALL,
)


def format_value(value: object, fmt: str) -> str:
    """The text a cell shows: ``value`` (str, number, bool, date) under format code ``fmt``.

    Numbers go through Decimal: the double's repr, cut to Excel's 15 significant digits, then
    rounded half-up to the format's decimals. General shows that number without trailing
    zeros (1164.45, 100).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _format_text(value, fmt)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _format_date(value, fmt)
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        number = to_decimal(value)
        if number is None:
            return str(value)
        try:
            return _format_number(number, fmt)
        except (InvalidOperation, ValueError, OverflowError):
            return general(number)
    return str(value)


def to_decimal(value: float | int | Decimal) -> Decimal | None:
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number and number.adjusted() >= EXCEL_DIGITS:
        return number
    if number:
        quantum = Decimal(1).scaleb(number.adjusted() - EXCEL_DIGITS + 1)
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    return number


def general(number: Decimal) -> str:
    """General format: the number as typed, no trailing zeros, scientific when huge or tiny."""
    if number == 0:
        return "0"
    if abs(number) >= Decimal("1e15") or abs(number) < Decimal("1e-9"):
        mantissa, exponent = f"{number.normalize():E}".split("E")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}E{sign}{exponent.lstrip('+-').zfill(2)}"
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@functools.lru_cache(maxsize=1024)
def _tokens(section: str) -> tuple[regex.Match[str], ...]:
    return tuple(_TOKEN.finditer(section))


@functools.lru_cache(maxsize=1024)
def _sections(fmt: str) -> tuple[str, ...]:
    """A format code cut at its unquoted, unescaped semicolons."""
    out: list[str] = []
    current: list[str] = []
    quoted = escaped = bracket = False
    for ch in fmt:
        if escaped:
            escaped = False
        elif ch == "\\" and not quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        elif ch == ";" and not quoted and not bracket:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return tuple(out)


def _format_text(text: str, fmt: str) -> str:
    sections = _sections(fmt)
    if len(sections) < 4 or "@" not in sections[3]:
        return text
    parts = []
    for token in _tokens(sections[3]):
        literal = _literal(token)
        if token.group("other") == "@":
            parts.append(text)
        elif literal is not None:
            parts.append(literal)
    return "".join(parts)


# A condition section: [>=100], [<0], [=0].
_CONDITION = regex.compile(r"^(<=|>=|<>|<|>|=)\s*(-?[\d.]+)$")


@functools.lru_cache(maxsize=1024)
def _condition(section: str) -> tuple[str, Decimal] | None:
    for token in _tokens(section):
        bracket = token.group("bracket")
        if bracket is not None:
            match = _CONDITION.match(bracket.strip())
            if match:
                return match.group(1), Decimal(match.group(2))
    return None


def _holds(cond: tuple[str, Decimal], number: Decimal) -> bool:
    op, limit = cond
    return {
        "<": number < limit,
        ">": number > limit,
        "=": number == limit,
        "<=": number <= limit,
        ">=": number >= limit,
        "<>": number != limit,
    }[op]


def _pick_section(number: Decimal, fmt: str) -> tuple[str, bool]:
    """The section that formats ``number`` and whether it shows its own minus sign."""
    sections = _sections(fmt)
    if len(sections) > 3:
        sections = sections[:3]  # the 4th is for text
    conditions = [_condition(s) for s in sections]
    if any(conditions):
        for section, cond in zip(sections, conditions, strict=True):
            if cond is None or _holds(cond, number):
                return section, number < 0
        return sections[-1], number < 0
    if len(sections) == 1 or number > 0 or (number == 0 and len(sections) == 2):
        return sections[0], number < 0
    if number < 0:
        return sections[1], False
    return sections[2], False


def _format_number(number: Decimal, fmt: str) -> str:
    if is_date_format(fmt):
        try:
            return _format_date(_serial_to_datetime(number), fmt)
        except (ValueError, OverflowError):
            return general(number)
    section, minus = _pick_section(number, fmt or "General")
    tokens = _tokens(section)
    sign = "-" if minus else ""
    if not tokens or all(_is_general(t) or _literal(t) == "" for t in tokens):
        return sign + general(abs(number)) if section.strip() or len(_sections(fmt)) == 1 else ""
    digits = [t for t in tokens if t.group("digit") or t.group(0) in ".,"]
    if not any(t.group("digit") for t in tokens):
        if any(_is_general(t) for t in tokens):
            body = general(abs(number))
            return sign + _assemble(tokens, body)
        return _assemble(tokens, "")  # only literals: "-" for zero in accounting formats
    value = abs(number) * (Decimal(100) ** sum(1 for t in tokens if t.group(0) == "%"))
    pattern = "".join(t.group(0) for t in digits)
    sci = regex.search(r"[eE][+-]", section.split('"')[0] if '"' not in section else section)
    body = _scientific(value, section) if sci else _fixed(value, pattern)
    return sign + _assemble(tokens, body)


def _is_general(token: regex.Match[str]) -> bool:
    # A number under the text format @ shows as General does.
    return token.group("general") is not None or token.group("other") == "@"


def _fixed(value: Decimal, pattern: str) -> str:
    """``value`` (>= 0) laid out on a digit pattern such as #,##0.00 or 0.0."""
    int_part, _, frac_part = pattern.partition(".")
    scale = len(int_part) - len(int_part.rstrip(","))  # 0.0,, shows millions
    int_part = int_part.rstrip(",")
    value = value / (Decimal(1000) ** scale)
    grouping = "," in int_part
    int_places = int_part.replace(",", "")
    frac_places = frac_part.replace(",", "")
    decimals = len(frac_places)
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    if whole == "0" and "0" not in int_places:
        whole = ""
    whole = whole.rjust(int_places.count("0"), "0")
    if grouping and whole:
        whole = f"{int(whole):,}".rjust(len(whole), "0") if whole.isdigit() else whole
    frac = frac.ljust(decimals, "0")[:decimals]
    kept = list(frac)
    for k in range(decimals - 1, -1, -1):  # optional trailing places drop their zeros
        if frac_places[k] == "0" or kept[k] != "0":
            break
        kept[k] = " " if frac_places[k] == "?" else ""
    frac = "".join(kept).rstrip()
    return whole + ("." + frac if "." in pattern else "")


def _scientific(value: Decimal, section: str) -> str:
    match = regex.search(r"([0#?]*)\.?([0#?]*)[eE]([+-])(0+)", section)
    if not match:
        return general(value)
    decimals = len(match.group(2))
    if value == 0:
        exponent = 0
        mantissa = value
    else:
        exponent = value.adjusted()
        mantissa = value.scaleb(-exponent)
    mantissa = mantissa.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if mantissa >= 10:
        mantissa, exponent = (mantissa / 10).quantize(Decimal(1).scaleb(-decimals)), exponent + 1
    sign = "-" if exponent < 0 else ("+" if match.group(3) == "+" else "")
    return f"{mantissa:f}E{sign}{str(abs(exponent)).zfill(len(match.group(4)))}"


def _literal(token: regex.Match[str]) -> str | None:
    """The text a non-digit token prints ("" for padding, colours, locales), None for digits."""
    if token.group("quoted") is not None:
        return token.group("quoted")
    if token.group("escaped") is not None:
        return token.group("escaped")
    bracket = token.group("bracket")
    if bracket is not None:
        if bracket.startswith("$"):
            return bracket[1:].split("-", 1)[0]  # [$¥-804] → ¥, [$-804] → ""
        return ""
    if token.group(0)[:1] in "_*":
        return ""
    if token.group("digit") or _is_general(token):
        return None
    if token.group(0) in ".,":
        return None
    if token.group("date") or token.group("ampm"):
        return token.group(0)
    return token.group(0)


def _assemble(tokens: tuple[regex.Match[str], ...], body: str) -> str:
    """Literals around the number: those before its first digit, the number, then the rest."""
    out, placed = [], False
    in_number = False
    for token in tokens:
        is_digit = bool(token.group("digit")) or _is_general(token)
        if is_digit or (in_number and token.group(0) in ".,"):
            if not placed:
                out.append(body)
                placed = True
            in_number = True
            continue
        if token.group(0) in "eE" or (token.group(0) in "+-" and in_number and _after_e(out)):
            continue
        literal = _literal(token)
        if literal:
            out.append(literal)
    if not placed:
        out.append(body)
    return "".join(out)


def _after_e(out: list[str]) -> bool:
    return bool(out) and "E" in out[-1]


@functools.lru_cache(maxsize=1024)
def is_date_format(fmt: str) -> bool:
    """A format whose first section prints a date or time (y m d h s outside quotes)."""
    section = _sections(fmt)[0]
    has_date = False
    for token in _tokens(section):
        if token.group("digit") or _is_general(token):
            return False
        bracket = token.group("bracket")
        if bracket is not None and regex.fullmatch(r"[hms]+", bracket, regex.IGNORECASE):
            has_date = True
        date = token.group("date")
        if date and date[0].lower() in "ymdhsea" or token.group("ampm"):
            has_date = True
    return has_date


def _serial_to_datetime(number: Decimal) -> dt.datetime:
    days = int(number)
    if days < 0:
        raise ValueError("negative date serial")
    # 1900 system with Excel's phantom 29 Feb 1900: serial 61 is 1 March 1900.
    base = dt.datetime(1899, 12, 31) if days < 61 else dt.datetime(1899, 12, 30)
    seconds = round((number - days) * 86400)
    return base + dt.timedelta(days=days, seconds=seconds)


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ZH_DAYS = "一二三四五六日"
_ZH_MONTHS = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()


def _format_date(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    if not is_date_format(fmt):
        if isinstance(value, dt.time):
            return value.isoformat()
        midnight = not isinstance(value, dt.datetime) or value.time() == dt.time()
        fmt = "yyyy/m/d" if midnight else "yyyy/m/d h:mm"
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 31), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    section = _sections(fmt)[0]
    tokens = _tokens(section)
    zh = "804" in section or "zh" in section.lower()
    twelve = any(t.group("ampm") for t in tokens)
    kinds = [(t.group("date") or "").lower() for t in tokens]
    out = []
    for k, token in enumerate(tokens):
        code = kinds[k]
        if token.group("ampm"):
            am = value.hour < 12
            ampm = token.group("ampm")
            if ampm == "上午/下午":
                out.append("上午" if am else "下午")
            elif ampm.lower() == "a/p":
                out.append("A" if am else "P")
            else:
                out.append("AM" if am else "PM")
        elif code:
            out.append(_date_part(code, value, tokens, kinds, k, twelve, zh))
        else:
            bracket = token.group("bracket")
            if bracket is not None and regex.fullmatch(r"[hms]+", bracket, regex.IGNORECASE):
                out.append(_elapsed(bracket.lower(), value))
                continue
            literal = _literal(token)
            if literal:
                out.append(literal)
    return "".join(out)


def _date_part(
    code: str,
    value: dt.datetime,
    tokens: tuple[regex.Match[str], ...],
    kinds: list[str],
    k: int,
    twelve: bool,
    zh: bool,
) -> str:
    head, n = code[0], len(code)
    if head in "ye":
        return str(value.year) if n > 2 or head == "e" else f"{value.year % 100:02d}"
    if head == "m" and _is_minute(kinds, k):
        return f"{value.minute:02d}" if n >= 2 else str(value.minute)
    if head == "m":
        if n == 1:
            return str(value.month)
        if n == 2:
            return f"{value.month:02d}"
        if zh:
            return f"{value.month}月" if n == 3 else _ZH_MONTHS[value.month - 1] + "月"
        name = _MONTHS[value.month - 1]
        return name[:3] if n == 3 else (name[0] if n == 5 else name)
    if head == "d":
        if n <= 2:
            return f"{value.day:02d}" if n == 2 else str(value.day)
        day = value.weekday()
        if zh:
            return ("周" if n == 3 else "星期") + _ZH_DAYS[day]
        return _DAYS[day][:3] if n == 3 else _DAYS[day]
    if head == "a":
        return ("" if n == 3 else "星期") + _ZH_DAYS[value.weekday()]
    if head == "h":
        hour = value.hour % 12 or 12 if twelve else value.hour
        return f"{hour:02d}" if n >= 2 else str(hour)
    if head == "s":
        return f"{value.second:02d}" if n >= 2 else str(value.second)
    return ""  # b (Buddhist year), g (era): not used in Chinese files


def _is_minute(kinds: list[str], k: int) -> bool:
    """An m code is minutes right after an hour code or right before a seconds code."""
    before = [c for c in kinds[:k] if c]
    after = [c for c in kinds[k + 1 :] if c]
    return bool(before and before[-1][0] == "h") or bool(after and after[0][0] == "s")


def _elapsed(code: str, value: dt.datetime) -> str:
    span = value - dt.datetime(1899, 12, 30)
    seconds = int(span.total_seconds())
    if code[0] == "h":
        return str(seconds // 3600)
    if code[0] == "m":
        return str(seconds // 60)
    return str(seconds)
