"""govextract: structured, searchable records from published Chinese government reports.

Public API (stable):

- ``extract(path, settings=None) -> Extraction``: one document's records, as the CLI writes them.
- ``find_quantities(text) -> list[Quantity]`` and ``parse_number(text) -> Decimal | None``.
- ``classify_indicator(name, target=None, *, level1=None) -> (label, probability)`` and
  ``classify_table(rows) -> [(label, probability), …]`` for the rows of one table, in order.

Imports are lazy so that ``import extractor`` stays cheap for the CLI and worker start-up.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = [
    "extract",
    "find_quantities",
    "parse_number",
    "parse_value",
    "classify_indicator",
    "classify_table",
]

_LAZY = {
    "extract": ("extractor.pipeline", "extract"),
    "Extraction": ("extractor.pipeline", "Extraction"),
    "find_quantities": ("extractor.numbers", "find_quantities"),
    "parse_number": ("extractor.numbers", "parse_number"),
    "parse_value": ("extractor.numbers", "parse_value"),
    "classify_indicator": ("extractor.indicators.classify", "classify_indicator"),
    "classify_table": ("extractor.indicators.classify", "classify_table"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
