"""The spaCy pipeline: ``spacy.blank("zh")`` + our jieba segmenter + our components.

    nlp = load(); doc = nlp(text)
    doc.spans["quantities"]   every quantity from extractor.numbers (span._.quantity)
    doc.spans["metrics"]      every metric (span._.metric, label = the linking rule)

Components follow spaCy's match / set_annotations split. Quantities are found on the raw text
and aligned to tokens by character offsets (``doc.char_span(..., alignment_mode="expand")``),
never by re-tokenizing: jieba splits ``8. 53%`` and ``601,293.11元``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.nlp.lexicon import segment
from extractor.nlp.metrics import Metric, find_quantities, sentence_spans, sentences_to_metrics

if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)
if not Span.has_extension("metric"):
    Span.set_extension("metric", default=None)
if not Doc.has_extension("year"):
    Doc.set_extension("year", default=None)


class JiebaTokenizer:
    """Text → Doc with our private jieba tokenizer (user dictionary from data/nlp)."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w in segment(text) if w]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@Language.component("govextract_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """Sentence starts where ``extract`` puts them (extractor.nlp.metrics.sentence_spans: 。！？,
    a line break, and a dot between Han characters where a text layer prints the full stop so),
    so the spaCy path and the fast path link the same sentences."""
    starts = {s0 for s0, _ in sentence_spans(doc.text)}
    # One array write: setting token.is_sent_start one token at a time costs O(n) each.
    # SENT_START: 1 opens a sentence, -1 does not; spaCy stores attributes as uint64.
    marks: Any = (  # spaCy's stubs want thinc's Ints2d, which a uint64 column is
        numpy.array([1 if i == 0 or token.idx in starts else -1 for i, token in enumerate(doc)])
        .astype("int64")
        .view("uint64")
        .reshape(len(doc), 1)
    )
    if len(doc):
        doc.from_array([SENT_START], marks)
    return doc


@Language.factory("govextract_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    return QuantityComponent()


@Language.factory("govextract_metrics")
def make_metrics(nlp: Language, name: str) -> MetricComponent:
    return MetricComponent()


class QuantityComponent:
    """match: find_quantities on doc.text; set_annotations: doc.spans["quantities"]."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Any]:
        return find_quantities(doc.text)

    def set_annotations(self, doc: Doc, quantities: list[Any]) -> None:
        spans = []
        for q in quantities:
            span = doc.char_span(q.start, q.end, label=str(q.kind), alignment_mode="expand")
            if span is not None:
                span._.quantity = q
                spans.append(span)
        doc.spans["quantities"] = spans


class MetricComponent:
    """match: link each sentence's quantities; set_annotations: doc.spans["metrics"]."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Metric]:
        quantities = sorted(
            (s._.quantity for s in doc.spans.get("quantities", [])), key=lambda q: q.start
        )
        return sentences_to_metrics(
            doc.text, self.sentence_quantities(doc, quantities), year=doc._.year
        )

    @staticmethod
    def sentence_quantities(
        doc: Doc, quantities: list[Any]
    ) -> Iterator[tuple[int, int, list[Any]]]:
        """(start, end, quantities) of each spaCy sentence that holds a quantity."""
        i = 0
        for s0, s1 in sentence_offsets(doc):
            if i >= len(quantities):
                break
            j = i
            while j < len(quantities) and quantities[j].start < s1:
                j += 1
            inside = [q for q in quantities[i:j] if q.start >= s0]
            if inside:
                yield s0, s1, inside
            i = j

    def set_annotations(self, doc: Doc, metrics: list[Metric]) -> None:
        spans = []
        for m in metrics:
            span = doc.char_span(m.start, m.end, label=m.rule, alignment_mode="expand")
            if span is not None:
                span._.metric = m
                spans.append(span)
        doc.spans["metrics"] = spans


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) characters of each sentence, read from the SENT_START array: iterating
    ``doc.sents`` builds a Token object per token and costs more than the linking itself."""
    if not len(doc):
        return []  # an empty text has no sentence (doc[0] does not exist)
    starts = [int(i) for i in numpy.flatnonzero(doc.to_array([SENT_START]) == 1)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    chars = [doc[i].idx for i in starts] + [len(doc.text)]
    return list(zip(chars[:-1], chars[1:], strict=True))


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, built once per process: tokenizer, sentences, quantities, metrics and,
    when the classifier is installed, indicator types. To resolve 今年/上年, set the document's
    year before the components run: ``doc = nlp.make_doc(text); doc._.year = 2022;
    doc = nlp(doc)``."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    nlp.add_pipe("govextract_sentences")
    nlp.add_pipe("govextract_quantities")
    nlp.add_pipe("govextract_metrics")
    try:  # the indicator-type classifier ships separately; the pipeline works without it
        from extractor.indicators.classify import classify_indicator
        from extractor.nlp import classify_component  # noqa: F401

        classify_indicator("服务对象满意度", "≥90%")  # loads the shipped model once
    except Exception as exc:  # a missing or stale model must not cost the metrics
        logging.getLogger(__name__).warning(
            "indicator-type classifier not added to the pipeline (%s: %s); metrics still work",
            type(exc).__name__, exc,
        )
        return nlp
    nlp.add_pipe("govextract_classify")
    return nlp
