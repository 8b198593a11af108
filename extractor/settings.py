"""Run settings: one validated dataclass, resolved from None, a dict or an instance."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

OcrMode = Literal["auto", "always", "never"]
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class Settings:
    ocr: OcrMode = "auto"
    timeout: float | None = None  # seconds per document; None = no limit
    # Resolution at which pages are rendered for OCR; RapidOCR scales to 2,000 px anyway.
    ocr_dpi: int = 200

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout!r}")

    @classmethod
    def resolve(cls, value: Settings | dict[str, Any] | None) -> Settings:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            known = {f.name for f in fields(cls)}
            unknown = set(value) - known
            if unknown:
                raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
            return cls(**value)
        raise TypeError(f"settings must be None, a dict or Settings, not {type(value).__name__}")
