"""Chinese numerals, units and quantities: exact, offset-preserving, never raising.

Public API: ``parse_number``, ``find_quantities``, ``parse_value`` and the ``Quantity`` record.
See docs/numbers.md.
"""

from .numerals import parse_number
from .quantities import Quantity, find_quantities, parse_value

__all__ = ["Quantity", "find_quantities", "parse_number", "parse_value"]
