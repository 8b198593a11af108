"""Is a page's text layer usable? Judged by how Chinese the text is, not only by odd characters.

A font that lost its ToUnicode map can decode to plain ASCII letters and punctuation (see the
corpus's jiangsu_huaian_2026_budget_report.pdf: digits and full-width punctuation survive, every
Han character is garbage), so counting replacement or private-use characters alone misses it.
Every input of this tool is a Chinese report: a page with a real amount of letter-like text and
few Han characters among it is garbled.
"""

from __future__ import annotations

import re

from extractor.model import Page, PageQuality

# Below this many letter-like characters a page is judged on odd characters only: a page of a
# number table or a page number has too few letters to say anything about the language.
MIN_LETTERS = 20
# Han characters must be at least this share of letter-like characters.
MIN_HAN_RATIO = 0.5
# Replacement, private-use and control characters: more than this share is garbage.
MAX_ODD_RATIO = 0.1

# Character classes, counted with C-speed regex scans (a Python loop over every character of
# every page cost as much as reading the page).
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
# Replacement, private-use and control characters.
_ODD = re.compile("[\ufffd\ue000-\uf8ff\x00-\x1f\x7f-\x9f]")
# Letter-like characters that are not Chinese: ASCII other than the punctuation Chinese tables
# and prose really use (mojibake from lost font maps is full of !"#$&'*+;<=>?@[]^_`{|}~), and
# Latin-1/Latin extended (classic mojibake), except · (a TOC leader).
_FOREIGN = re.compile("[!-$&'*;-~\u00a0-\u00b6\u00b8-\u024f]")


def page_quality(page: Page) -> PageQuality:
    chars = page.chars or page.lines
    return text_quality("".join([c.text for c in chars]), images=page.images)


def text_quality(text: str, *, images: int = 0) -> PageQuality:
    han = len(_HAN.findall(text))
    odd = len(_ODD.findall(text))
    foreign = len(_FOREIGN.findall(text))
    total = len(text)
    letters = han + foreign
    ratio = han / letters if letters else 0.0
    if total == 0:
        if not images:  # a blank page: nothing to read, nothing garbled
            return PageQuality(usable=True, reason="blank page", han_ratio=0.0, chars=0)
        return PageQuality(usable=False, reason="no text layer (image-only page)", chars=0)
    if odd > MAX_ODD_RATIO * total:
        return PageQuality(
            usable=False,
            reason=f"text layer holds {odd} replacement/private-use/control characters of {total}",
            han_ratio=ratio,
            chars=total,
        )
    if letters >= MIN_LETTERS and ratio < MIN_HAN_RATIO:
        return PageQuality(
            usable=False,
            reason=(
                f"text layer does not decode to Chinese (Han {han} of {letters} letters, "
                f"ratio {ratio:.2f}): fonts without ToUnicode maps or mojibake"
            ),
            han_ratio=ratio,
            chars=total,
        )
    return PageQuality(usable=True, han_ratio=ratio, chars=total)
