"""Table context: the 二级 types of one indicator table's rows, decided together.

Every 绩效目标表 of the training corpus lists its rows 一级 group by 一级 group, 产出 then 效益 then
满意度, and inside a group in the framework's 二级 order (数量, 质量, 时效 | 经济, 社会, 生态,
可持续影响), each 二级 type one run of rows. Only the 成本 group moves: after 时效 in pre-2021
tables (then it is part of 产出), before 产出 or after 效益 in later ones. So a row between two
数量 rows is a 数量 row whatever its name suggests, and a 社会效益 row cannot come before the
table's 经济效益 rows.

`proba_to_table_proba` turns the classifier's per-row probabilities into per-row marginals over
the labelings that keep that order: forward-backward over a chain whose states are the labels
in reading order and whose steps may stay or move forward. A step backwards is not impossible,
only rare (`backward_step`, chosen by the trainer on held-out documents and shipped with the
model): a table whose project boundary we did not see restarts the order.
The 成本 group's place is chosen per table, as the place under which the rows are most likely.

The 二级 cells themselves say more when the table prints them merged (or blank below the first
row, filled down): the rows of one cell are one type, and the next cell on the same page starts
another. Every merged block of the corpus's 绩效目标表 keeps that: of the cell boundaries inside
a page, 95 of 95 change type in dongguan and 6 of 6 in the other documents; the 3 repeats follow
a page break, where the cell is printed again. Tables that do not merge print the label row after
row (lincang, diqing: 33 of 63 boundaries repeat it). So when cells are known (`cells_to_runs`)
the chain steps from cell to cell, not row to row, and in a merged block keeping the label across
a boundary inside a page costs `RUN_STAY`: a cell whose text OCR lost or a broken font garbled
still separates the types around it.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Sequence

import numpy as np

# Reading order of the framework's 二级 labels, one tuple per 一级 group. 成本 is placed by
# `chain_orders`; the other groups never change order in the corpus's tables.
FIXED_GROUPS: tuple[tuple[str, ...], ...] = (
    ("数量指标", "质量指标", "时效指标"),
    ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    ("服务对象满意度指标",),
)
COST_GROUP: tuple[str, ...] = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")

# Weight of a step back to an earlier label (a new project block nobody marked, a table that
# breaks the template), when the model does not say: small enough that two neighbours' evidence
# outweighs one row's doubt, large enough that a row the model is sure of can break the order.
BACKWARD_STEP = 1e-3

# Weight of a 二级 cell keeping the type of the cell above it on the same page, in a block that
# merges its cells: as rare as a step back.
RUN_STAY = 1e-3

_NEG_INF = -np.inf


def chain_orders(labels: Sequence[str]) -> list[list[int]]:
    """The model's label indices in reading order, one list per place of the 成本 group."""
    index = {label: i for i, label in enumerate(labels)}
    cost = [index[x] for x in COST_GROUP if x in index]
    fixed = [[index[x] for x in group if x in index] for group in FIXED_GROUPS]
    placed = {x for group in fixed for x in group} | set(cost)
    unplaced = [x for x in labels if index[x] not in placed]
    if unplaced:
        raise ValueError(f"labels {unplaced} have no place in the framework's reading order")
    orders = []
    for place in range(len(fixed) + 1):
        order = [i for group in fixed[:place] for i in group] + cost
        orders.append(order + [i for group in fixed[place:] for i in group])
    return orders


@functools.lru_cache(maxsize=8)
def _orders(labels: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    return tuple(np.asarray(order, dtype=np.int64) for order in chain_orders(labels))


def _prefix(v: np.ndarray) -> np.ndarray:
    """log sum over states up to and including each state."""
    return np.logaddexp.accumulate(v)


def _suffix(v: np.ndarray) -> np.ndarray:
    """log sum over each state and the states after it."""
    return np.logaddexp.accumulate(v[::-1])[::-1]


def _shift_right(v: np.ndarray) -> np.ndarray:
    return np.concatenate(([_NEG_INF], v[:-1]))


def _shift_left(v: np.ndarray) -> np.ndarray:
    return np.concatenate((v[1:], [_NEG_INF]))


def chain_marginals(
    log_p: np.ndarray,
    backward_step: float = BACKWARD_STEP,
    log_stay: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """log-likelihood and per-row marginals of a chain whose columns are in reading order.

    `log_stay[i]` is the log weight of row i keeping row i-1's label (0: as likely as a step
    forward; row 0's entry is unused).
    """
    n, _ = log_p.shape
    back = np.log(backward_step)
    stay = np.zeros(n) if log_stay is None else log_stay
    alpha = np.empty_like(log_p)
    beta = np.zeros_like(log_p)
    alpha[0] = log_p[0]
    for i in range(1, n):
        prev = alpha[i - 1]
        # Into state b: from any a < b (weight 1), from b itself (stay), from any a > b (back).
        forward = np.logaddexp(_shift_right(_prefix(prev)), stay[i] + prev)
        alpha[i] = log_p[i] + np.logaddexp(forward, back + _shift_left(_suffix(prev)))
    for i in range(n - 2, -1, -1):
        after = log_p[i + 1] + beta[i + 1]
        # Out of state a: to any b > a (weight 1), to a itself (stay), to any b < a (back).
        forward = np.logaddexp(_shift_left(_suffix(after)), stay[i + 1] + after)
        beta[i] = np.logaddexp(forward, back + _shift_right(_prefix(after)))
    total = float(np.logaddexp.reduce(alpha[-1]))
    joint = alpha + beta - total
    marginals = np.exp(joint - joint.max(axis=1, keepdims=True))
    return total, marginals / marginals.sum(axis=1, keepdims=True)


def cells_to_runs(
    cells: Sequence[Hashable | None], pages: Sequence[int] | None = None
) -> tuple[list[list[int]], np.ndarray]:
    """Rows grouped by their 二级 cell (None: a row of its own), and the log weight of each
    group keeping the type of the group above it.

    The weight is `RUN_STAY` only where the block merges cells (some cell covers two rows or
    more) and both groups are cells on one page; elsewhere a new cell may repeat the type
    (tables that print 数量指标 on every row, a cell printed again after a page break).
    """
    runs: list[list[int]] = []
    keys: list[Hashable | None] = []
    for row, key in enumerate(cells):
        if key is not None and keys and keys[-1] == key:
            runs[-1].append(row)
        else:
            runs.append([row])
            keys.append(key)
    merged = any(len(run) > 1 for run in runs)
    log_stay = np.zeros(len(runs))
    for j in range(1, len(runs)):
        same_page = pages is None or pages[runs[j - 1][-1]] == pages[runs[j][0]]
        if merged and keys[j - 1] is not None and keys[j] is not None and same_page:
            log_stay[j] = np.log(RUN_STAY)
    return runs, log_stay


def proba_to_table_proba(
    proba: np.ndarray,
    labels: Sequence[str],
    backward_step: float = BACKWARD_STEP,
    cells: Sequence[Hashable | None] | None = None,
    pages: Sequence[int] | None = None,
) -> np.ndarray:
    """Per-row label probabilities of one table block (rows in printed order), given the order.

    `proba` is (rows, labels) from the classifier, columns in `labels` order; zeros (a label
    the printed 一级 rules out, or a printed 二级 pinned) stay zeros. `cells`, when the table
    shows them, is each row's 二级 cell (any key; None when unknown) and `pages` each row's page:
    the rows of one cell get one label (`cells_to_runs`).
    """
    if len(proba) < 2:
        return proba
    with np.errstate(divide="ignore"):
        log_p = np.log(proba)
    runs, log_stay = cells_to_runs(cells if cells is not None else [None] * len(proba), pages)
    # A cell's rows are one draw of its type: their evidence adds up.
    run_log_p = np.stack([log_p[run].sum(axis=0) for run in runs])
    if np.isneginf(run_log_p).all(axis=1).any():
        # The rows of one cell rule out each other's labels (pins or 一级 that disagree):
        # the cells are not what they seem, decide row by row.
        runs, run_log_p = [[row] for row in range(len(proba))], log_p
        log_stay = np.zeros(len(proba))
    best_total, best = _NEG_INF, proba
    for order in _orders(tuple(labels)):
        total, marginals = chain_marginals(run_log_p[:, order], backward_step, log_stay)
        if total > best_total:
            best_total = total
            best = np.zeros_like(proba)
            for run, row_marginals in zip(runs, marginals, strict=True):
                best[np.ix_(np.asarray(run), order)] = row_marginals
    return best
