"""The one catalogue of errors. Every message names the bad value and says what to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class ExtractError(Exception):
    """A document could not be read. ``stage`` names the step that failed."""

    stage = "load"

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        if stage is not None:
            self.stage = stage


class UnsupportedFormat(ExtractError):
    """A file type the tool does not read (yet); reported as skipped, not as an error."""


class EncryptedPDF(ExtractError):
    stage = "read"


class DamagedPDF(ExtractError):
    stage = "read"


class TruncatedPDF(DamagedPDF):
    """A PDF cut short: its end (cross-reference table, trailer, often the catalog) is lost."""


class DamagedFile(ExtractError):
    """An office file that cannot be read as its format (truncated, not what its name says)."""

    stage = "read"


@contextmanager
def damaged_unless_read(what: str, advice: str) -> Iterator[None]:
    """Any failure inside, bar our own errors, becomes a DamagedFile naming ``what`` could not
    be read (with the exception met) and ``advice``: a broken file never crashes a reader."""
    try:
        yield
    except ExtractError:
        raise
    except Exception as exc:
        raise DamagedFile(
            f"{what} could not be read ({type(exc).__name__}: {exc}); {advice}"
        ) from exc


class EncryptedFile(ExtractError):
    """An office file protected by a password to open: its content is encrypted."""

    stage = "read"


class EmptyDocument(ExtractError):
    stage = "read"


class UndecodableText(ExtractError):
    stage = "read"


class ClusterUnavailable(ExtractError):
    """``--scheduler`` names no cluster that answers, or Dask is not installed: the run stops."""

    stage = "pipeline"


class DocumentTimeout(ExtractError):
    stage = "pipeline"
