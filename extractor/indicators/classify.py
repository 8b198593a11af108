"""Indicator-type classifier: 三级指标 name (+ target value) → normalized 二级 label.

The model is trained by `scripts/train_indicator_model` with scikit-learn (TF-IDF over the
features below, multinomial logistic regression with balanced class weights, one softmax
temperature fitted on cross-validated predictions, and an optional log label prior — zero in
the shipped model, see the model card) and shipped as plain arrays in
`extractor/data/indicators/indicator_type.npz` plus its metadata in `indicator_type.json`.
Prediction here is numpy only: `np.load(allow_pickle=False)` never unpickles, and arrays do not
depend on the scikit-learn version that wrote them.

Features (all strings, one vocabulary):
- ``c:`` character 1–3-grams of the name with ^/$ boundaries (率$, 满意度$, ^完成),
- ``w:`` jieba words of the name, ``lw:`` its last word (the head noun: 率, 时间, 数量),
- ``t:`` what the target value is: comparator, percent, money, time or date, yes/no, count
  unit class, qualitative wording, and ``tc:`` character 1–2-grams of its non-numeric text,
- ``k:`` framework cues (extractor/data/indicators/type_cues.tsv) found in name or target;
in training each also tagged with its row's source (see DOMAIN_MARK).
"""

from __future__ import annotations

import functools
import json
import logging
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import regex

from extractor.datafiles import data_text, text_lines
from extractor.indicators.context import BACKWARD_STEP, proba_to_table_proba
from extractor.indicators.labels import (
    LEVEL2_LABELS,
    level1_labels,
    normalize_level1,
    normalize_level2,
)
from extractor.jieba_base import fresh_tokenizer

MODEL_NPZ = "indicator_type.npz"
MODEL_JSON = "indicator_type.json"
FEATURE_VERSION = 2
# A printed pre-2021 成本指标 is what the model calls 经济成本指标 (see the model card).
PINNED_AS = {"成本指标": "经济成本指标"}

# Training rows come from sources with conventions of their own (SOURCES.md caveats: 2015 bureau
# forms file completion rates under 数量, one school's table files counts under 质量). In
# training every feature appears twice, as itself and tagged with its row's source
# (``@school@c:率$``): the tagged copies soak up each source's quirks, so the shared ones keep
# what the sources agree on (feature augmentation: Daumé 2007, "Frustratingly easy domain
# adaptation"). Prediction uses the shared features only; not the tagged copies of the corpus's
# own 绩效目标表 either: those are few rows (about 160) with a skewed label mix (one 生态效益
# row), and their copies learn the skew: with them, 生态效益 was never predicted.
# Untagged features start with their block's prefix (c:, w:, …), never with the mark.
DOMAIN_MARK = "@"

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- text normalization

_SPACES = regex.compile(r"[\s\u3000]+")
# Column decorations that say nothing about the type: （%）, (万元) after a name.
_UNIT_SUFFIX = regex.compile(r"[（(](?:%|％|个|万元|元|人|次|天|件|家|项)[)）]$")


def name_to_text(name: str | None) -> str:
    """NFKC, no whitespace (wrapped cells), no trailing unit in brackets."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _SPACES.sub("", text)
    return _UNIT_SUFFIX.sub("", text)


# ---------------------------------------------------------------- target features

# Comparators as printed in 指标值 cells, longest first so 大于等于 wins over 大于.
_OPS: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("≥", ">="),
    (">=", ">="), ("≧", ">="), ("以上", ">="), ("至少", ">="), ("达到", ">="),
    ("小于等于", "<="), ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("≤", "<="),
    ("<=", "<="), ("≦", "<="), ("以内", "<="), ("以下", "<="), ("控制在", "<="),
    ("不超", "<="), ("大于", ">"), (">", ">"), ("小于", "<"), ("<", "<"), ("=", "="),
)
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
# Unit classes: the unit after a number tells 数量 (件, 人) from 成本 (元) from 时效 (天, 月).
_MONEY = regex.compile(r"\d\s*(?:万|亿|千)?元|元/|资金|预算|经费")
_DURATION = regex.compile(r"\d\s*(?:个)?(?:工作日|小时|天|日|周|个月|月|季度|年|分钟)(?!度)")
_DATE = regex.compile(
    r"\d{4}\s*年|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|年底|年末|年内|年前|月底|季度末|按期|按时|"
    r"及时|之前|前完成|截止|完成时间|期限|当年|当月|每月|每季|每年|每周|每自然月"
)
_YESNO = regex.compile(r"^(?:是|否|有|无|达标|合格|不合格|已完成|完成|未完成|100%完成)$")
_QUALITATIVE = regex.compile(
    r"提升|提高|改善|增强|有效|显著|明显|逐步|持续|促进|推动|良好|优良|较好|较高|稳定|降低|"
    r"减少|增加|扩大|保障|加强|长期|积极|带动|较上年|同比|不发生|无重大|零"
)
_SATISFIED = regex.compile(r"满意")
_PERCENT = regex.compile(r"%|％|百分")
_COUNT_UNIT = regex.compile(
    r"\d\s*(?:万|亿|千)?(个|件|家|项|人次|人|名|户|次|场|期|篇|部|册|本|套|台|辆|条|处|所|座|批|"
    r"份|张|本|集|班次|课时|学时|亩|公顷|平方米|平方公里|公里|米|吨|立方米|km|m)"
)
_HAN = regex.compile(r"\p{Han}+")


def target_to_tokens(target: str | None) -> list[str]:
    """Feature strings describing a 指标值 (target) cell."""
    text = unicodedata.normalize("NFKC", target or "")
    text = _SPACES.sub("", text)
    if not text:
        return ["t:empty"]
    tokens: list[str] = []
    op = next((sym for word, sym in _OPS if word in text), None)
    tokens.append(f"t:op:{op}" if op else "t:op:none")
    has_number = bool(_NUMBER.search(text))
    tokens.append("t:num" if has_number else "t:nonum")
    if _PERCENT.search(text):
        tokens.append("t:pct")
        if regex.search(r"100(?:\.0+)?\s*%", text):
            tokens.append("t:pct100")
    if _MONEY.search(text):
        tokens.append("t:money")
    if _DURATION.search(text):
        tokens.append("t:duration")
    if _DATE.search(text):
        tokens.append("t:date")
    if _YESNO.match(text):
        tokens.append("t:yesno")
    if _QUALITATIVE.search(text):
        tokens.append("t:qual")
    if _SATISFIED.search(text):
        tokens.append("t:satisfied")
    unit = _COUNT_UNIT.search(text)
    if unit:
        tokens.append("t:count")
        tokens.append(f"t:unit:{unit.group(1)}")
    for run in _HAN.findall(text):
        tokens.extend(f"tc:{g}" for g in char_ngrams(run, 1, 2))
    return tokens


# ---------------------------------------------------------------- name features


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    # Our own jieba instance: a user dictionary loaded elsewhere into jieba's default
    # tokenizer must not change the words the model was trained on.
    return fresh_tokenizer()


def name_to_tokens(name: str | None) -> list[str]:
    """Feature strings of an indicator name."""
    text = name_to_text(name)
    if not text:
        return ["n:empty"]
    tokens = [f"c:{g}" for g in char_ngrams(f"^{text}$", 1, 3) if g not in ("^", "$")]
    words = [w for w in _tokenizer().lcut(text, HMM=False) if w.strip()]
    tokens.extend(f"w:{w}" for w in words)
    han_words = [w for w in words if _HAN.fullmatch(w)]
    if han_words:
        tokens.append(f"lw:{han_words[-1]}")
    return tokens


@dataclass(frozen=True)
class Cue:
    name: str
    field: str
    pattern: Any


def tsv_to_cues(text: str) -> list[Cue]:
    """Rows of a type_cues.tsv text (comments and the header skipped)."""
    rows = [line.split("\t") for line in text_lines(text)]
    return [Cue(r[0], r[1], regex.compile(r[2])) for r in rows if r[0] != "cue" and len(r) >= 3]


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[Cue, ...]:
    return tuple(tsv_to_cues(data_text("indicators", "type_cues.tsv")))


def _cue_indices(field_name: str, text: str) -> frozenset[int]:
    """Positions in type_cues.tsv of the cues on `field_name` that match `text` (each a ``k:``
    feature; a cue found in name and target counts once)."""
    return frozenset(
        i for i, c in enumerate(_cues()) if c.field == field_name and c.pattern.search(text)
    )


def item_to_tokens(name: str | None, target: str | None, domain: str | None = None) -> list[str]:
    """All feature strings of one (name, target) item; the same function trains and predicts.

    With a `domain` (training only), each feature also appears tagged with it.
    """
    name_tokens, name_cues = _name_part(name)
    target_tokens, target_cues = _target_part(target)
    cues = _cues()
    shared = [
        *name_tokens,
        *target_tokens,
        *(f"k:{cues[i].name}" for i in sorted(name_cues | target_cues)),
    ]
    if domain is None:
        return shared
    return [*shared, *(f"{DOMAIN_MARK}{domain}{DOMAIN_MARK}{t}" for t in shared)]


# Names and targets are cached apart: a document's metrics repeat their subjects (一般公共预算
# 支出) with ever new figures, and tables their names (服务对象满意度) and targets (≥95%).
@functools.lru_cache(maxsize=32768)
def _name_part(name: str | None) -> tuple[tuple[str, ...], frozenset[int]]:
    return tuple(name_to_tokens(name)), _cue_indices("name", name_to_text(name))


@functools.lru_cache(maxsize=32768)
def _target_part(target: str | None) -> tuple[tuple[str, ...], frozenset[int]]:
    text = unicodedata.normalize("NFKC", target or "")
    return tuple(target_to_tokens(target)), _cue_indices("target", text)


# Feature blocks: each is TF-IDF-weighted and l2-normalized on its own, then scaled by its
# block weight, so a handful of cue or target features is not drowned by dozens of n-grams.
BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chars", ("c:",)),
    ("words", ("w:", "lw:", "n:")),
    ("target", ("t:", "tc:")),
    ("cues", ("k:",)),
)


def token_to_block(token: str) -> int:
    if token.startswith(DOMAIN_MARK):  # a source-tagged copy: the block of its feature
        token = token.split(DOMAIN_MARK, 2)[2]
    for index, (_, prefixes) in enumerate(BLOCKS):
        if token.startswith(prefixes):
            return index
    raise ValueError(f"feature {token!r} belongs to no block")


def split_blocks(tokens: Sequence[str]) -> list[list[str]]:
    """The tokens of one item, one list per block."""
    out: list[list[str]] = [[] for _ in BLOCKS]
    for token in tokens:
        out[token_to_block(token)].append(token)
    return out


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class IndicatorModel:
    """A TF-IDF + multinomial logistic regression model held as numpy arrays."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)
    temperature: float
    log_prior: np.ndarray  # (n_classes,): added to the tempered scores (zeros: no prior)
    block_weights: np.ndarray  # (len(BLOCKS),)
    meta: dict[str, Any]
    backward_step: float = BACKWARD_STEP  # table context (extractor.indicators.context)
    column_blocks: np.ndarray = field(init=False, repr=False, compare=False)
    # Each printed 一级 (产出指标, 效益 …) → its row of level1_masks, filled as they come.
    _masks: dict[str | None, tuple[float, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # The feature block of each vocabulary column, for the per-block norms.
        blocks = np.empty(len(self.vocabulary), dtype=np.int64)
        for token, index in self.vocabulary.items():
            blocks[index] = token_to_block(token)
        object.__setattr__(self, "column_blocks", blocks)

    def tokens_to_scores(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Raw class scores: per block sublinear tf × idf, l2-normalized, times the block weight.

        One vectorized pass over all (item, feature) pairs of the batch.
        """
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        vocabulary = self.vocabulary
        for row, tokens in enumerate(docs):
            counts = Counter(t for t in tokens if t in vocabulary)
            rows.extend([row] * len(counts))
            cols.extend(vocabulary[t] for t in counts)
            tfs.extend(counts.values())
        scores = np.tile(self.intercept, (len(docs), 1))
        if not cols:
            return scores
        row_a = np.asarray(rows, dtype=np.int64)
        col_a = np.asarray(cols, dtype=np.int64)
        weights = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * self.idf[col_a]
        # l2 norm of each (item, block) pair, then the block weight.
        n_blocks = len(self.block_weights)
        block = self.column_blocks[col_a]
        cell = row_a * n_blocks + block
        squares = np.bincount(cell, weights=weights * weights, minlength=len(docs) * n_blocks)
        norms = np.sqrt(squares)
        weights *= self.block_weights[block] / norms[cell]
        # rows are ascending: sum each item's weighted coefficient rows with reduceat.
        contributions = self.coef.T[col_a] * weights[:, None]
        starts = np.flatnonzero(np.r_[True, row_a[1:] != row_a[:-1]])
        scores[row_a[starts]] += np.add.reduceat(contributions, starts, axis=0)
        return scores

    def tokens_to_proba(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Calibrated class probabilities: softmax of the scores divided by the temperature,
        plus the log prior of the labels in the tables the model is used on."""
        z = self.tokens_to_scores(docs) / self.temperature + self.log_prior
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def proba(
        self,
        items: Sequence[tuple[str | None, str | None]],
        level1: Sequence[str | None] | None = None,
    ) -> np.ndarray:
        """(items, labels) probabilities; with a printed 一级 label per item, restricted to that
        一级's 二级 labels (renormalized)."""
        proba = self.tokens_to_proba([item_to_tokens(n, t) for n, t in items])
        if level1 is not None and len(items):
            proba = proba * self.level1_masks(level1)
            total = proba.sum(axis=1, keepdims=True)
            # A 一级 none of whose 二级 labels the model knows: fall back to the unrestricted row.
            empty = total[:, 0] <= 0
            if empty.any():
                proba[empty] = self.tokens_to_proba(
                    [item_to_tokens(*items[int(i)]) for i in np.flatnonzero(empty)]
                )
                total = proba.sum(axis=1, keepdims=True)
            proba = proba / total
        return proba

    def predict(
        self,
        items: Sequence[tuple[str | None, str | None]],
        level1: Sequence[str | None] | None = None,
    ) -> list[tuple[str, float]]:
        """Best label and its probability per (name, target), each item on its own."""
        if not items:
            return []
        return self.proba_to_labels(self.proba(items, level1))

    def predict_table(
        self,
        items: Sequence[tuple[str | None, str | None]],
        level1: Sequence[str | None] | None = None,
        printed: Sequence[str | None] | None = None,
        cells: Sequence[Hashable | None] | None = None,
        pages: Sequence[int] | None = None,
    ) -> list[tuple[str, float]]:
        """Best label and its probability per row of one table block, rows in printed order,
        decided together under the framework's reading order (`context`).

        `printed` pins rows whose 二级 the table prints (normalized labels) so that the rows
        around them follow; a printed label the model does not know pins nothing. `cells` is
        each row's 二级 cell when the table shows it (any key, None when unknown) and `pages`
        each row's page: the rows of one cell get one label, and in a table that merges its
        cells the next cell on a page gets another (`context.cells_to_runs`).
        """
        if not items:
            return []
        return self.decode_table(self.proba(items, level1), printed, cells, pages)

    def decode_table(
        self,
        proba: np.ndarray,
        printed: Sequence[str | None] | None = None,
        cells: Sequence[Hashable | None] | None = None,
        pages: Sequence[int] | None = None,
    ) -> list[tuple[str, float]]:
        """`predict_table` from the block's per-row probabilities (`proba`)."""
        if printed is not None:
            proba = proba.copy()
            for row, label in enumerate(printed):
                label = PINNED_AS.get(label or "", label)
                if label in self.labels:
                    proba[row] = 0.0
                    proba[row, self.labels.index(label)] = 1.0
        table = proba_to_table_proba(proba, self.labels, self.backward_step, cells, pages)
        return self.proba_to_labels(table)

    def proba_to_labels(self, proba: np.ndarray) -> list[tuple[str, float]]:
        best = proba.argmax(axis=1)
        return [(self.labels[int(k)], float(proba[i, k])) for i, k in enumerate(best)]

    def level1_masks(self, level1: Sequence[str | None]) -> np.ndarray:
        """1 where a label belongs to the item's normalized 一级 (all 1 when unknown)."""
        return np.array([self._level1_mask(raw) for raw in level1], dtype=np.float64).reshape(
            len(level1), len(self.labels)
        )

    def _level1_mask(self, raw: str | None) -> tuple[float, ...]:
        mask = self._masks.get(raw)
        if mask is None:
            parent = normalize_level1(raw)
            allowed = level1_labels(parent) if parent else self.labels
            mask = self._masks[raw] = tuple(1.0 if x in allowed else 0.0 for x in self.labels)
        return mask


def arrays_to_model(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> IndicatorModel:
    vocab = [str(t) for t in arrays["vocabulary"].tolist()]
    labels = tuple(str(x) for x in arrays["labels"].tolist())
    unknown = [x for x in labels if x not in LEVEL2_LABELS]
    if unknown:
        raise ValueError(f"indicator model has labels outside the framework: {unknown}")
    return IndicatorModel(
        labels=labels,
        vocabulary={t: i for i, t in enumerate(vocab)},
        idf=np.asarray(arrays["idf"], dtype=np.float64),
        coef=np.asarray(arrays["coef"], dtype=np.float64),
        intercept=np.asarray(arrays["intercept"], dtype=np.float64),
        temperature=float(arrays["temperature"]),
        log_prior=np.asarray(arrays["log_prior"], dtype=np.float64),
        block_weights=np.asarray(arrays["block_weights"], dtype=np.float64),
        meta=meta,
        backward_step=float(arrays.get("backward_step", BACKWARD_STEP)),
    )


def model_to_arrays(model: IndicatorModel) -> dict[str, np.ndarray]:
    vocab = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    return {
        "labels": np.array(model.labels, dtype=str),
        "vocabulary": np.array(vocab, dtype=str),
        "idf": model.idf,
        "coef": model.coef,
        "intercept": model.intercept,
        "temperature": np.array(model.temperature),
        "log_prior": model.log_prior,
        "block_weights": model.block_weights,
        "backward_step": np.array(model.backward_step),
    }


def read_model(npz_path: Any, json_path: Any) -> IndicatorModel:
    """Load a model from its .npz arrays and .json metadata (no pickle is ever loaded)."""
    with open(json_path, encoding="utf-8") as fh:
        meta = json.load(fh)
    with np.load(npz_path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    if meta.get("feature_version") != FEATURE_VERSION:
        log.warning(
            "indicator model was trained with feature version %s, this code has %s; "
            "retrain with scripts/train_indicator_model",
            meta.get("feature_version"),
            FEATURE_VERSION,
        )
    return arrays_to_model(arrays, meta)


@functools.lru_cache(maxsize=1)
def shipped_model() -> IndicatorModel:
    """The model shipped in extractor/data/indicators/, loaded once per process."""
    base = resources.files("extractor") / "data" / "indicators"
    with resources.as_file(base / MODEL_NPZ) as npz, resources.as_file(base / MODEL_JSON) as js:
        return read_model(npz, js)


# ---------------------------------------------------------------- public API


def classify_indicators(
    items: Iterable[tuple[str | None, str | None]] | Iterable[tuple[str | None, ...]],
) -> list[tuple[str, float]]:
    """(normalized 二级 label, probability) for each (name, target) pair, in one vectorized pass.

    An item may carry a third element, the 一级 label printed in its table (产出指标, 效益指标,
    满意度指标, 成本指标 or a spelling of them): the prediction is then one of its 二级 labels.
    """
    clean: list[tuple[str | None, str | None]] = []
    parents: list[str | None] = []
    for item in items:
        fields = tuple(item) + (None, None, None)
        clean.append((_as_text(fields[0]), _as_text(fields[1])))
        parents.append(_as_text(fields[2]))
    has_parent = any(p for p in parents)
    return shipped_model().predict(clean, parents if has_parent else None)


def classify_table(
    rows: Iterable[tuple[Any, ...]],
) -> list[tuple[str, float]]:
    """(normalized 二级 label, probability) for each row of one indicator table, in printed order.

    A row is (name, target, 一级, 二级, 二级 cell), the last four optional: the printed 一级
    restricts the row's answer, a printed 二级 pins the row so that the rows around it follow,
    and the 二级 cell (any hashable key, such as its (row, col) in the table) groups the rows
    that one merged cell covers, whether or not its text could be read. The rows are decided
    together (extractor.indicators.context): a 二级 type is one run of rows, in the framework's
    order, so a doubtful row follows its neighbours. Pass one project's block of one page at a
    time (`IndicatorModel.predict_table` takes pages too); a table that stacks several projects
    restarts the order at each.

    >>> [label for label, _ in classify_table([("培训人数", "500人"), ("培训覆盖率", "≥95%")])]
    ['数量指标', '质量指标']
    """
    clean: list[tuple[str | None, str | None]] = []
    parents: list[str | None] = []
    printed: list[str | None] = []
    cells: list[Hashable | None] = []
    for row in rows:
        fields = tuple(row) + (None, None, None, None, None)
        clean.append((_as_text(fields[0]), _as_text(fields[1])))
        parents.append(_as_text(fields[2]))
        printed.append(normalize_level2(_as_text(fields[3])))
        cells.append(fields[4])
    return shipped_model().predict_table(
        clean,
        parents if any(parents) else None,
        printed if any(printed) else None,
        cells if any(c is not None for c in cells) else None,
    )


def classify_indicator(
    name: str, target: str | None = None, *, level1: str | None = None
) -> tuple[str, float]:
    """The normalized 二级 label of an indicator and its probability.

    `level1`, when the table prints it, restricts the answer to that 一级's 二级 labels.

    >>> classify_indicator("服务对象满意度", "≥90%")[0]
    '服务对象满意度指标'
    """
    return classify_indicators([(name, target, level1)])[0]


def _as_text(value: object) -> str | None:
    # Never raise on odd input: numbers and None become text or nothing.
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
