"""The searchable archive: records.jsonl into an SQLite full-text index, and queries over it.

``index_records(paths, db)`` loads whole document blocks of ``extract``'s output;
``search(db, query, ...)`` returns ranked hits with their provenance. ``govsearch`` is the
command (``extractor.archive.cli``).
"""

from extractor.archive.query import Hit, search
from extractor.archive.store import index_records

__all__ = ["Hit", "index_records", "search"]
