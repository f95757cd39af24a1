"""How far a second coder agrees with the record: Krippendorff's alpha, its bootstrap interval,
percent agreement, the confusion table for kind and every disagreement.

Alpha itself comes from the ``krippendorff`` package. ``kind`` is one nominal value per unit.
``themes`` and ``initiatives`` are sets; each is scored as binary decisions, one per unit and
category ("does this unit carry theme T?"): alpha over all those decisions pooled, and per
category. The interval resamples units (with all their decisions) with a fixed seed, so the same
two codings always give the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import krippendorff
import numpy as np

from apecrecord.coding.sheet import CodedUnit, SecondCoding, record_codes
from apecrecord.model import STATEMENT_KINDS, Record

SEED = 2025
REPLICATES = 1000
MULTI_FIELDS = ("themes", "initiatives")


def nominal_alpha(pairs: Sequence[tuple[object, object]]) -> float:
    """Krippendorff's alpha for two coders' nominal values, one pair per unit (nan when undefined)."""
    values = sorted({v for pair in pairs for v in pair}, key=str)
    if len(values) < 2:
        return math.nan
    index = {v: i for i, v in enumerate(values)}
    data = np.array([[index[a] for a, _ in pairs], [index[b] for _, b in pairs]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def bootstrap_interval(
    units: Sequence[object],
    statistic: Callable[[Sequence[object]], float],
    seed: int = SEED,
    replicates: int = REPLICATES,
) -> tuple[float, float] | None:
    """The 95% percentile interval of ``statistic`` over units resampled with replacement.

    Replicates where the statistic is undefined (every resampled value the same) are left out;
    None when fewer than half of them are defined.
    """
    rng = np.random.default_rng(seed)
    count = len(units)
    estimates = []
    for _ in range(replicates):
        sample = [units[i] for i in rng.integers(0, count, size=count)]
        value = statistic(sample)
        if not math.isnan(value):
            estimates.append(value)
    if len(estimates) < replicates / 2:
        return None
    low, high = np.percentile(estimates, [2.5, 97.5])
    return float(low), float(high)


@dataclass(frozen=True)
class FieldAgreement:
    """The figures for one field."""

    name: str
    units: int
    alpha: float
    interval: tuple[float, float] | None
    percent: float
    per_category: dict[str, tuple[float, int]] = field(default_factory=dict)  # category: (alpha, units marked)


@dataclass(frozen=True)
class Disagreement:
    statement: str
    line: int
    field: str
    record: str
    second: str


@dataclass(frozen=True)
class Agreement:
    coding: str
    coded: int
    total: int
    fields: tuple[FieldAgreement, ...]
    confusion: dict[str, dict[str, int]]
    disagreements: tuple[Disagreement, ...]

    def kinds_used(self) -> list[str]:
        """The kinds either coder gave, in the record's order: the confusion table's rows and columns."""
        return [
            k
            for k in STATEMENT_KINDS
            if any(self.confusion[k].values()) or any(row[k] for row in self.confusion.values())
        ]


Pair = tuple[CodedUnit, CodedUnit]


def _binary_pairs(pairs: Sequence[Pair], name: str, categories: Sequence[str]) -> list[tuple[bool, bool]]:
    return [(c in getattr(a, name), c in getattr(b, name)) for a, b in pairs for c in categories]


def _field(name: str, pairs: list[Pair], categories: Sequence[str]) -> FieldAgreement:
    if name == "kind":

        def statistic(sample: Sequence[Pair]) -> float:
            return nominal_alpha([(a.kind, b.kind) for a, b in sample])

        per_category: dict[str, tuple[float, int]] = {}
    else:

        def statistic(sample: Sequence[Pair]) -> float:
            return nominal_alpha(_binary_pairs(sample, name, categories))

        per_category = {
            c: (
                nominal_alpha(_binary_pairs(pairs, name, [c])),
                sum(c in getattr(a, name) or c in getattr(b, name) for a, b in pairs),
            )
            for c in categories
        }
    same = sum(getattr(a, name) == getattr(b, name) for a, b in pairs)
    return FieldAgreement(
        name,
        len(pairs),
        statistic(pairs),
        bootstrap_interval(pairs, statistic),
        100 * same / len(pairs),
        per_category,
    )


def _label(value: object) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "(none)"
    return str(value)


def agreement(record: Record, coding: SecondCoding) -> Agreement:
    """Compare ``coding`` with the record over the units it coded."""
    ours = {s.id: record_codes(s) for s in record.statements}
    pairs = [(ours[unit.statement], unit) for unit in coding.units]
    categories = {
        "kind": STATEMENT_KINDS,
        "themes": [t.id for t in record.themes],
        "initiatives": [i.id for i in record.initiatives],
    }
    fields = tuple(_field(name, pairs, categories[name]) for name in ("kind", *MULTI_FIELDS))
    confusion = {kind: dict.fromkeys(STATEMENT_KINDS, 0) for kind in STATEMENT_KINDS}
    for a, b in pairs:
        confusion[a.kind][b.kind] += 1
    disagreements = tuple(
        Disagreement(a.statement, b.line, name, _label(getattr(a, name)), _label(getattr(b, name)))
        for a, b in pairs
        for name in ("kind", *MULTI_FIELDS)
        if getattr(a, name) != getattr(b, name)
    )
    return Agreement(coding.name, len(pairs), len(record.statements), fields, confusion, disagreements)


def alpha_text(value: float) -> str:
    return "undefined (no variation)" if math.isnan(value) else f"{value:.3f}"


def interval_text(interval: tuple[float, float] | None) -> str:
    return (
        f"95% bootstrap interval {interval[0]:.3f} to {interval[1]:.3f}"
        if interval
        else "no interval (too little variation)"
    )


def report_text(result: Agreement) -> str:
    """The plain-text report ``apecrecord coding agree`` prints."""
    lines = [
        f"{result.coding}: {result.coded} of {result.total} units coded",
        f"(alpha: Krippendorff's, nominal; themes and initiatives as one yes/no decision per unit and category; "
        f"interval: {REPLICATES} resamples of units, seed {SEED})",
        "",
    ]
    for item in result.fields:
        lines.append(
            f"{item.name}: alpha {alpha_text(item.alpha)} ({interval_text(item.interval)}); "
            f"identical codes on {item.percent:.1f}% of {item.units} units"
        )
        for category, (value, marked) in item.per_category.items():
            if marked:
                lines.append(f"  {category}: alpha {alpha_text(value)} over {marked} unit(s) either coder marked")
    lines += ["", "kind, record (rows) by second coder (columns):"]
    used = result.kinds_used()
    width = max((len(k) for k in used), default=4)
    lines.append(" " * (width + 2) + " ".join(f"{k:>{width}}" for k in used))
    for row in used:
        lines.append(f"{row:<{width}}  " + " ".join(f"{result.confusion[row][col]:>{width}}" for col in used))
    lines += ["", f"{len(result.disagreements)} disagreement(s):"]
    lines += [f"  {d.statement} {d.field}: record {d.record} | second coder {d.second}" for d in result.disagreements]
    return "\n".join(lines)
