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


def test_a_metric_span_gets_the_type_its_extract_record_gets() -> None:
    # The component and `extract` type a metric by one function (assign.metric_types): a sum
    # of bonds issued is a cost in both, whatever the classifier alone makes of 专项债券.
    from extractor.indicators.assign import metric_types
    from extractor.nlp import text_to_metrics

    if not Span.has_extension("metric"):
        Span.set_extension("metric", default=None)
    text = "发行再融资债券15.35亿元，包括一般债券9.34亿元、专项债券6.01亿元。"
    metrics = text_to_metrics(text, year=2025)
    nlp = make_nlp()
    doc = nlp.make_doc(text)
    spans = []
    for metric in metrics:
        span = doc.char_span(metric.start, metric.end, alignment_mode="expand")
        span._.metric = metric
        spans.append(span)
    doc.spans["metrics"] = spans
    doc = nlp(doc)
    expected = metric_types([m.to_record_fields() for m in metrics])
    assert [(s._.indicator_type, s._.indicator_type_p) for s in doc.spans["metrics"]] == expected
    assert {s._.indicator_type for s in doc.spans["metrics"]} == {"经济成本指标"}
