"""Predicted indicator types on indicator and metric records (one batched model call each).

Tables usually print the 二级 type: a confident prediction that disagrees becomes a warning.
OCR and malformed tables lose it: the prediction fills it, marked as predicted. Prose never
prints it: metrics get the prediction only.
"""

from __future__ import annotations

from typing import Any

from extractor.indicators.classify import classify_indicators
from extractor.records import warning

# A prediction this sure that contradicts the printed label is worth a person's look.
DISAGREE_PROBABILITY = 0.8


def assign_types(indicators: list[dict[str, Any]], metrics: list[dict[str, Any]]) -> list[dict]:
    """Fill ``type_predicted``/``type_probability`` in place; returns document warnings."""
    warnings: list[dict] = []
    if indicators:
        items = [(r["name"], r.get("target_text") or None, r.get("level1")) for r in indicators]
        for record, (label, prob) in zip(indicators, classify_indicators(items), strict=True):
            record["type_predicted"] = label
            record["type_probability"] = round(prob, 4)
            printed = record.get("level2")
            if not printed:
                record["level2"] = label
                record["level2_predicted"] = True
            elif printed != label and prob >= DISAGREE_PROBABILITY:
                warnings.append(
                    warning(
                        "indicator_type_disagrees",
                        f"{record['table_id']} row {record['row']} 「{record['name']}」: printed "
                        f"{printed}, model says {label} (p={prob:.2f})",
                        record["page"],
                    )
                )
    if metrics:
        pairs = [(_metric_name(r), (r.get("quantity") or {}).get("text")) for r in metrics]
        for record, (label, prob) in zip(metrics, classify_indicators(pairs), strict=True):
            record["type_predicted"] = label
            record["type_probability"] = round(prob, 4)
    return warnings


def _metric_name(record: dict[str, Any]) -> str:
    # The subject is what an indicator name would say; the qualifier (新增, 同比增长) helps too.
    return "".join(part for part in (record.get("qualifier"), record.get("subject")) if part)
