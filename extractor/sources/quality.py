"""Is a page's text layer usable? Judged by how Chinese the text is, not only by odd characters.

A font that lost its ToUnicode map can decode to plain ASCII letters and punctuation (see the
corpus's jiangsu_huaian_2026_budget_report.pdf: digits and full-width punctuation survive, every
Han character is garbage), so counting replacement or private-use characters alone misses it.
Every input of this tool is a Chinese report: a page with a real amount of letter-like text and
few Han characters among it is garbled.
"""

from __future__ import annotations

from extractor.model import Page, PageQuality

# Below this many letter-like characters a page is judged on odd characters only: a page of a
# number table or a page number has too few letters to say anything about the language.
MIN_LETTERS = 20
# Han characters must be at least this share of letter-like characters.
MIN_HAN_RATIO = 0.5
# Replacement, private-use and control characters: more than this share is garbage.
MAX_ODD_RATIO = 0.1

# ASCII punctuation that Chinese tables and prose really use; any other ASCII symbol counts
# as foreign, because mojibake from lost font maps is full of !"#$&'*+;<=>?@[]^_`{|}~.
_NATIVE_ASCII = set("0123456789.,%-()/:+ ")


def page_quality(page: Page) -> PageQuality:
    text = "".join(c.text for c in page.chars) if page.chars else "".join(
        line.text for line in page.lines
    )
    return text_quality(text, images=page.images)


def text_quality(text: str, *, images: int = 0) -> PageQuality:
    han = foreign = odd = 0
    for ch in text:
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            han += 1
        elif code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code < 0x20 or 0x7F <= code < 0xA0:
            odd += 1
        elif code < 0x7F:
            if ch not in _NATIVE_ASCII:
                foreign += 1
        elif code <= 0x24F and code != 0xB7:  # Latin-1/extended: mojibake; · is a TOC leader
            foreign += 1
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
