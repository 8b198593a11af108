"""Ruled tables from a page's rulings: edges → snap/merge → components → lattice → cells.

The stages, each a small function wired in ``rulings_to_lattices``:

1. ``rulings_to_edges``: split rulings into horizontal and vertical edges.
2. ``snap_edges``: edges a hair apart (double borders, a rectangle's two sides of a 0.5pt
   line, rounding) are moved onto one coordinate.
3. ``merge_edges``: collinear pieces that touch or overlap become one edge (Word/WPS draw a
   border as one rectangle per cell side).
4. ``edges_to_components``: edges that cross are one table; unconnected groups are separate
   tables. Outer borders a table does not draw (no side borders, a continuation without a
   top rule) are added where the other edges end.
5. ``component_to_lattice``: the distinct x of vertical edges and y of horizontal edges give an
   elementary grid; two neighbouring elementary cells are one cell when no edge separates
   them. Merged cells come out as row/col spans.

Nothing here reads characters: the text goes in afterwards (``tables_text``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extractor.model import Char, Ruling

# Coordinates closer than this (points) are the same line: a 0.5pt border drawn as a filled
# rectangle and a stroked line land within ~0.5pt; double borders sit ~1–2pt apart.
SNAP = 2.0
# Collinear pieces separated by less than this are one edge (gaps at cell corners).
JOIN = 3.0
# An edge reaching within this distance of a crossing line still meets it.
MEET = 2.5
# Rows or columns thinner than this are artefacts of lines that did not snap.
MIN_GAP = 3.0
# Column lines at least this long (points), this many sharing their ends, with at most one
# rule across them, are a table whose top or bottom border is not drawn (open_column_borders).
OPEN_COLUMN = 100.0
OPEN_COLUMNS = 3


@dataclass(slots=True)
class Edge:
    """An axis-aligned segment: ``pos`` is y for horizontal edges, x for vertical ones;
    ``lo``/``hi`` its extent along the other axis."""

    pos: float
    lo: float
    hi: float


@dataclass(slots=True)
class LatticeCell:
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass(slots=True)
class Lattice:
    """Grid lines of one ruled table and its cells; ``owner[r][c]`` is the index in ``cells``
    of the cell covering elementary cell (r, c)."""

    xs: list[float]
    ys: list[float]
    cells: list[LatticeCell] = field(default_factory=list)
    owner: list[list[int]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def open_column_borders(rulings: list[Ruling], chars: list[Char]) -> list[Ruling]:
    """The top and bottom borders a table's continuation page leaves undrawn: column lines run
    down from above the page's first text with at most one rule across them (河南 2024
    pp. 30-32, the rest of a 分市县决算表 whose header rules are on p. 29). A rule is drawn for
    each missing border, as wide as the text between the column lines (the label column has no
    line of its own); a lattice needs two rules, and split_aligned_rows then finds the rows."""
    columns = [r for r in rulings if not r.horizontal and r.bottom - r.top >= OPEN_COLUMN]
    if len(columns) < OPEN_COLUMNS or not chars:
        return []  # fewer than three long column lines: no walk over the characters
    # Column lines rising from above the page's first text: nothing above them to close.
    first_text = min(c.top for c in chars)
    columns = [r for r in columns if r.top <= first_text + MEET]
    groups: dict[tuple[float, float], list[Ruling]] = {}
    for r in sorted(columns, key=lambda r: (r.top, r.bottom)):
        key = next(
            (k for k in groups if abs(k[0] - r.top) <= SNAP and abs(k[1] - r.bottom) <= SNAP),
            (r.top, r.bottom),
        )
        groups.setdefault(key, []).append(r)
    out: list[Ruling] = []
    for group in groups.values():
        if len(group) < OPEN_COLUMNS:
            continue
        top, bottom = min(r.top for r in group), max(r.bottom for r in group)
        lo, hi = min(r.x0 for r in group), max(r.x1 for r in group)
        across = [
            h
            for h in rulings
            if h.horizontal and h.x0 < hi and h.x1 > lo and top - MEET <= h.top <= bottom + MEET
        ]
        if len(across) >= 2:
            continue  # an ordinary lattice, or rules drawn in pieces
        inside = [c for c in chars if c.top >= top - MEET and c.bottom <= bottom + MEET]
        left = min([lo, *(c.x0 for c in inside), *(h.x0 for h in across)])
        right = max([hi, *(c.x1 for c in inside), *(h.x1 for h in across)])
        for y in (top, bottom):
            if not any(abs(h.top - y) <= MEET for h in across):
                out.append(Ruling(left, y, right, y))
    return out


def rulings_to_lattices(rulings: list[Ruling]) -> list[Lattice]:
    """Every ruled table of a page, top to bottom. Tables need at least two cells."""
    horizontal, vertical = rulings_to_edges(rulings)
    if not horizontal or not vertical:
        return []
    horizontal = merge_edges(snap_edges(horizontal))
    vertical = merge_edges(snap_edges(vertical))
    lattices = []
    for hs, vs in edges_to_components(horizontal, vertical):
        lattice = component_to_lattice(hs, vs)
        if lattice is not None and len(lattice.cells) >= 2:
            lattices.append(lattice)
    lattices.sort(key=lambda lat: (lat.ys[0], lat.xs[0]))
    return lattices


def rulings_to_edges(rulings: list[Ruling]) -> tuple[list[Edge], list[Edge]]:
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    for r in rulings:
        if r.horizontal:
            horizontal.append(Edge((r.top + r.bottom) / 2, r.x0, r.x1))
        else:
            vertical.append(Edge((r.x0 + r.x1) / 2, r.top, r.bottom))
    return horizontal, vertical


def snap_edges(edges: list[Edge]) -> list[Edge]:
    """Move edges whose positions chain within SNAP of each other onto their mean position."""
    edges = sorted(edges, key=lambda e: e.pos)
    out: list[Edge] = []
    group: list[Edge] = []
    for edge in edges:
        if group and edge.pos - group[-1].pos > SNAP:
            out.extend(_snapped(group))
            group = []
        group.append(edge)
    out.extend(_snapped(group))
    return out


def _snapped(group: list[Edge]) -> list[Edge]:
    if not group:
        return []
    mean = sum(e.pos for e in group) / len(group)
    return [Edge(mean, e.lo, e.hi) for e in group]


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Join collinear edges that overlap or nearly touch (edges must be snapped)."""
    edges = sorted(edges, key=lambda e: (e.pos, e.lo))
    out: list[Edge] = []
    for edge in edges:
        last = out[-1] if out else None
        if last is not None and last.pos == edge.pos and edge.lo <= last.hi + JOIN:
            last.hi = max(last.hi, edge.hi)
        else:
            out.append(Edge(edge.pos, edge.lo, edge.hi))
    return out


def _crosses(h: Edge, v: Edge) -> bool:
    return h.lo - MEET <= v.pos <= h.hi + MEET and v.lo - MEET <= h.pos <= v.hi + MEET


def edges_to_components(
    horizontal: list[Edge], vertical: list[Edge]
) -> list[tuple[list[Edge], list[Edge]]]:
    """Groups of edges connected by crossings (union-find over h/v pairs)."""
    n_h = len(horizontal)
    parent = list(range(n_h + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vertical_sorted = sorted(range(len(vertical)), key=lambda j: vertical[j].pos)
    v_pos = [vertical[j].pos for j in vertical_sorted]
    for i, h in enumerate(horizontal):
        start = bisect_left(v_pos, h.lo - MEET)
        stop = bisect_right(v_pos, h.hi + MEET)
        for k in range(start, stop):
            j = vertical_sorted[k]
            if _crosses(h, vertical[j]):
                a, b = find(i), find(n_h + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Edge], list[Edge]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 1]


def _distinct(values: list[float]) -> list[float]:
    """Sorted positions with neighbours closer than MIN_GAP collapsed onto their mean."""
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] < MIN_GAP:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _open_borders(lines: list[float], low: float, high: float) -> list[float]:
    """Add the outer borders a table leaves undrawn: rules reaching past the last column line
    (statistical tables without side borders), columns rising above the first rule (a table
    continued from the previous page)."""
    if low < lines[0] - MIN_GAP:
        lines = [low, *lines]
    if high > lines[-1] + MIN_GAP:
        lines = [*lines, high]
    return lines


def _nearest(lines: list[float], value: float) -> int:
    i = bisect_left(lines, value)
    if i == 0:
        return 0
    if i == len(lines):
        return i - 1
    return i if lines[i] - value < value - lines[i - 1] else i - 1


def component_to_lattice(hs: list[Edge], vs: list[Edge]) -> Lattice | None:
    """Elementary grid of a component and its cells with spans."""
    xs = _open_borders(_distinct([v.pos for v in vs]), min(h.lo for h in hs), max(h.hi for h in hs))
    ys = _open_borders(_distinct([h.pos for h in hs]), min(v.lo for v in vs), max(v.hi for v in vs))
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # wall_v[r][c]: an edge separates (r, c-1) from (r, c); wall_h[r][c]: (r-1, c) from (r, c).
    wall_v = [[False] * (n_cols + 1) for _ in range(n_rows)]
    wall_h = [[False] * n_cols for _ in range(n_rows + 1)]
    for v in vs:
        c = _nearest(xs, v.pos)
        for r in range(n_rows):
            if v.lo <= ys[r] + MEET and v.hi >= ys[r + 1] - MEET:
                wall_v[r][c] = True
            elif min(v.hi, ys[r + 1]) - max(v.lo, ys[r]) > 0.5 * (ys[r + 1] - ys[r]):
                wall_v[r][c] = True  # a border drawn a little short still separates
    for h in hs:
        r = _nearest(ys, h.pos)
        for c in range(n_cols):
            if h.lo <= xs[c] + MEET and h.hi >= xs[c + 1] - MEET:
                wall_h[r][c] = True
            elif min(h.hi, xs[c + 1]) - max(h.lo, xs[c]) > 0.5 * (xs[c + 1] - xs[c]):
                wall_h[r][c] = True
    return walls_to_lattice(xs, ys, wall_v, wall_h)


def walls_to_lattice(
    xs: list[float], ys: list[float], wall_v: list[list[bool]], wall_h: list[list[bool]]
) -> Lattice:
    """Flood elementary cells not separated by walls into cells; each cell is its bounding box
    (a non-rectangular region, which tables do not draw, still gets one cell)."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = [[-1] * n_cols for _ in range(n_rows)]
    cells: list[LatticeCell] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] >= 0:
                continue
            index = len(cells)
            stack = [(r, c)]
            owner[r][c] = index
            r0, c0, r1, c1 = r, c, r, c
            while stack:
                i, j = stack.pop()
                r0, c0, r1, c1 = min(r0, i), min(c0, j), max(r1, i), max(c1, j)
                for ni, nj, open_ in (
                    (i, j + 1, j + 1 < n_cols and not wall_v[i][j + 1]),
                    (i, j - 1, j > 0 and not wall_v[i][j]),
                    (i + 1, j, i + 1 < n_rows and not wall_h[i + 1][j]),
                    (i - 1, j, i > 0 and not wall_h[i][j]),
                ):
                    if open_ and owner[ni][nj] < 0:
                        owner[ni][nj] = index
                        stack.append((ni, nj))
            cells.append(LatticeCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    # A region's bounding box may cover elementary cells of another region (L shapes): let the
    # box win so every elementary cell maps to the cell drawn over it.
    for index, cell in enumerate(cells):
        for i in range(cell.row, cell.row + cell.rowspan):
            for j in range(cell.col, cell.col + cell.colspan):
                owner[i][j] = index
    used = sorted({index for row in owner for index in row})
    if len(used) < len(cells):  # regions swallowed by a neighbour's box
        renumber = {old: new for new, old in enumerate(used)}
        cells = [cells[old] for old in used]
        owner = [[renumber[index] for index in row] for row in owner]
    return Lattice(xs, ys, cells, owner)
