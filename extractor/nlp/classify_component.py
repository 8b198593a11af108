"""spaCy component ``govextract_classify``: an indicator type for every metric span.

    nlp.add_pipe("govextract_classify")          # after govextract_metrics
    span._.indicator_type, span._.indicator_type_p   on every span of doc.spans["metrics"]

match: one batch call of `extractor.indicators.assign.metric_types`, the call that types the
metric records of `extract`, over the metrics (the span text as subject when a metric has none);
set_annotations: the label and its probability on each span. Metrics are not changed.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.indicators.assign import metric_types

if not Span.has_extension("indicator_type"):
    Span.set_extension("indicator_type", default=None)
if not Span.has_extension("indicator_type_p"):
    Span.set_extension("indicator_type_p", default=None)


@Language.factory("govextract_classify", default_config={"spans_key": "metrics"})
def make_classify(nlp: Language, name: str, spans_key: str) -> ClassifyComponent:
    return ClassifyComponent(spans_key)


def span_to_record(span: Span) -> dict[str, Any]:
    """The fields of a metric span that its type is read from, as in a ``metric`` record."""
    metric = span._.get("metric") if span.has_extension("metric") else None
    quantity = getattr(metric, "quantity", None)
    return {
        "subject": getattr(metric, "subject", None) or span.text,
        "qualifier": getattr(metric, "qualifier", None),
        "change": getattr(metric, "change", None),
        "quantity": {
            "text": getattr(quantity, "text", None),
            "kind": getattr(quantity, "kind", None),
        },
    }


class ClassifyComponent:
    def __init__(self, spans_key: str = "metrics") -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[str, float]]:
        spans = list(doc.spans.get(self.spans_key, []))
        return metric_types([span_to_record(s) for s in spans]) if spans else []

    def set_annotations(self, doc: Doc, predictions: list[Any]) -> None:
        for span, (label, probability) in zip(
            doc.spans.get(self.spans_key, []), predictions, strict=False
        ):
            span._.indicator_type = label
            span._.indicator_type_p = probability
