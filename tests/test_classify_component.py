"""The spaCy component govextract_classify on a cheap blank pipeline."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.tokens import Span

from extractor.indicators.classify import classify_indicator
from extractor.indicators.labels import LEVEL2_LABELS
from extractor.nlp import classify_component  # noqa: F401  (registers the factory)


@dataclass
class FakeQuantity:
    text: str


@dataclass
class FakeMetric:
    subject: str | None
    quantity: FakeQuantity | None


def make_nlp() -> spacy.Language:
    nlp = spacy.blank("zh")  # character segmentation: no jieba, no model download
    nlp.add_pipe("govextract_classify")
    return nlp


def test_labels_every_metric_span_with_the_classifier_answer() -> None:
    if not Span.has_extension("metric"):
        Span.set_extension("metric", default=None)
    nlp = make_nlp()
    doc = nlp.make_doc("企业满意度达到95%，资金拨付及时率100%。")
    first, second = doc.char_span(0, 9, alignment_mode="expand"), doc.char_span(
        10, 22, alignment_mode="expand"
    )
    assert first is not None and second is not None
    first._.metric = FakeMetric("企业满意度", FakeQuantity("95%"))
    second._.metric = FakeMetric(None, None)  # no subject: the span text is the name
    doc.spans["metrics"] = [first, second]
    doc = nlp(doc)
    spans = list(doc.spans["metrics"])
    assert spans[0]._.indicator_type == classify_indicator("企业满意度", "95%")[0]
    assert spans[1]._.indicator_type == classify_indicator(second.text, None)[0]
    for span in spans:
        assert span._.indicator_type in LEVEL2_LABELS
        assert 0.0 < span._.indicator_type_p <= 1.0


def test_a_doc_without_metrics_is_left_alone() -> None:
    doc = make_nlp()("没有数值的句子。")
    assert "metrics" not in doc.spans


def test_spans_key_is_configurable() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("govextract_classify", config={"spans_key": "indicators"})
    doc = nlp.make_doc("验收合格率100%")
    doc.spans["indicators"] = [doc[0 : len(doc)]]
    doc = nlp(doc)
    assert doc.spans["indicators"][0]._.indicator_type in LEVEL2_LABELS
