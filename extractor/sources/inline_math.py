"""Inline TeX math around figures, as OCR-to-Markdown tools write it, back to printed text.

Tools that turn PDFs into Markdown set percentages and bounds as math: ``$69.44\\%$``,
``$\\geq 500$``. The report printed 69.44% and ≥500, and that is what a reader searches for and
what the metric linker reads (有$69.44\\%$的参赛选手 hid the 的 after the value). Only math that
is one figure, with a comparator or a percent sign, is rewritten; any other ``$…$`` (a formula,
a dollar amount) stays as written.
"""

from __future__ import annotations

import regex

# A run of inline math on one line.
INLINE_MATH = regex.compile(r"\$(?P<body>[^$\n]{1,40})\$")
# The math of one figure: an optional comparator, a number, an optional percent sign.
FIGURE = regex.compile(
    r"\s*(?P<op>\\(?:geq|ge|leq|le|approx|sim)(?![A-Za-z])|[<>=≥≤~≈])?\s*"
    r"(?P<number>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<percent>\\%|%)?\s*"
)
COMPARATORS = {
    "\\geq": "≥",
    "\\ge": "≥",
    "\\leq": "≤",
    "\\le": "≤",
    "\\approx": "≈",
    "\\sim": "~",
}


def inline_math_to_text(text: str) -> str:
    """``$69.44\\%$`` → ``69.44%``, ``$\\geq 500$`` → ``≥500``; other math unchanged."""
    if "$" not in text:
        return text

    def figure(match: regex.Match[str]) -> str:
        body = FIGURE.fullmatch(match.group("body"))
        if body is None:
            return match.group(0)
        op = body.group("op") or ""
        return (
            COMPARATORS.get(op, op) + body.group("number") + ("%" if body.group("percent") else "")
        )

    return INLINE_MATH.sub(figure, text)
