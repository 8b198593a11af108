"""Achievement metrics from prose: a spaCy pipeline (``load()``) and the fast path the extraction
pipeline calls per section (``text_to_metrics``)."""

from extractor.nlp.metrics import Metric, text_to_metrics
from extractor.nlp.pipeline import load

__all__ = ["Metric", "load", "text_to_metrics"]
