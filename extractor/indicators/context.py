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
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

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
    log_p: np.ndarray, backward_step: float = BACKWARD_STEP
) -> tuple[float, np.ndarray]:
    """log-likelihood and per-row marginals of a chain whose columns are in reading order."""
    n, _ = log_p.shape
    back = np.log(backward_step)
    alpha = np.empty_like(log_p)
    beta = np.zeros_like(log_p)
    alpha[0] = log_p[0]
    for i in range(1, n):
        prev = alpha[i - 1]
        # Into state b: from any a <= b (weight 1) or any a > b (BACKWARD_STEP).
        arrive = np.logaddexp(_prefix(prev), back + _shift_left(_suffix(prev)))
        alpha[i] = log_p[i] + arrive
    for i in range(n - 2, -1, -1):
        after = log_p[i + 1] + beta[i + 1]
        # Out of state a: to any b >= a (weight 1) or any b < a (BACKWARD_STEP).
        beta[i] = np.logaddexp(_suffix(after), back + _shift_right(_prefix(after)))
    total = float(np.logaddexp.reduce(alpha[-1]))
    joint = alpha + beta - total
    marginals = np.exp(joint - joint.max(axis=1, keepdims=True))
    return total, marginals / marginals.sum(axis=1, keepdims=True)


def proba_to_table_proba(
    proba: np.ndarray, labels: Sequence[str], backward_step: float = BACKWARD_STEP
) -> np.ndarray:
    """Per-row label probabilities of one table block (rows in printed order), given the order.

    `proba` is (rows, labels) from the classifier, columns in `labels` order; zeros (a label
    the printed 一级 rules out, or a printed 二级 pinned) stay zeros.
    """
    if len(proba) < 2:
        return proba
    with np.errstate(divide="ignore"):
        log_p = np.log(proba)
    best_total, best = _NEG_INF, proba
    for order in _orders(tuple(labels)):
        total, marginals = chain_marginals(log_p[:, order], backward_step)
        if total > best_total:
            best_total = total
            best = np.zeros_like(proba)
            best[:, order] = marginals
    return best
