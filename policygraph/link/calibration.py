"""When a ranked article is asserted: a probability calibrated on local-vs-national alignment.

A candidate's score orders the articles for one measure but means little across measures (long
measures, short ones, regulations with and without learned profiles). So the linker turns each
candidate into a probability that the measure implements the article, by logistic regression on three
features: the score, the score relative to the measure's best candidate, and the log of the number
of articles ranked (a short regulation's best article scores high by default: with five articles
every word looks distinctive). The rule: **a candidate
is asserted when that probability is at least half the best F1 the calibrated model reaches** on the
data it was fitted on: for a calibrated classifier that threshold (F*/2) is the one maximising the
expected F1 of the assertions (Lipton, Elkan and Naryanaswamy, *Optimal thresholding of classifiers
to maximize F1*, 2014), so precision and recall of asserted links are balanced by a rule, not by a
value read off a report. At most ``MAX_ASSERTED`` per measure and regulation.

The regression is fitted by ``scripts/learn_link_data.py`` on *pseudo-measures* built from the local
regulations, not on any annotated report: runs of 1-4 consecutive local articles whose national
article is clear, with the wording they copy from it blanked out (what is left reads like a report's
local, practical wording), ranked against the national regulation with profiles learned from the
other provinces only, and against runs of 6 and 18 consecutive national articles (stand-ins for
short and partial regulations, which often hold none of the run's articles). Each candidate is a
positive when it is the national article of one of the run's local articles. Two fits are shipped (``calibration.csv``): ``profiles`` for regulations with
learned profiles and ``plain`` for those without, whose scores run lower.

>>> cal = Calibration("demo", intercept=-4.0, score=10.0, ratio=2.0, size=0.0, threshold=0.34)
>>> round(cal.probability(0.4, 1.0, 72), 3), round(cal.probability(0.1, 0.25, 72), 3)
(0.881, 0.076)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..extractors.wordlists import load_rows

# Only the first MAX_ASSERTED candidates can be asserted (the default k of link_measures), so what is
# asserted does not depend on how many candidates a caller asks to see.
MAX_ASSERTED = 5

FILE = "link/calibration.csv"


@dataclass(frozen=True)
class Calibration:
    """P(implements) = logistic(intercept + score * s + ratio * s / best + size * log(articles));
    assert at >= threshold."""

    name: str
    intercept: float
    score: float
    ratio: float
    size: float = 0.0
    threshold: float = 0.5

    def probability(self, score: float, ratio: float, articles: int) -> float:
        z = self.intercept + self.score * score + self.ratio * ratio + self.size * math.log(max(1, articles))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def fit(name: str, scores, ratios, sizes, labels, weights=None, *, iterations: int = 50,
        ridge: float = 1e-3) -> Calibration:
    """Logistic regression by Newton's method (deterministic; a small ridge keeps it finite), and the
    assertion threshold F*/2 (see the module docstring). ``weights`` weigh the rows (default 1).

    >>> c = fit("t", [0.1, 0.2, 0.6, 0.7], [0.2, 0.3, 1.0, 0.9], [72] * 4, [0, 0, 1, 1])
    >>> c.probability(0.65, 1.0, 72) > 0.5 > c.probability(0.15, 0.25, 72)
    True
    """
    x = np.column_stack([np.ones(len(scores)), np.asarray(scores, float), np.asarray(ratios, float),
                         np.log(np.maximum(1, np.asarray(sizes, float)))])
    y = np.asarray(labels, float)
    sw = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        grad = x.T @ (sw * (p - y)) + ridge * w
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + ridge * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    cal = Calibration(name, *(round(float(v), 4) for v in w))
    probs = [cal.probability(a, b, n) for a, b, n in zip(x[:, 1], x[:, 2], sizes, strict=True)]
    best = max(f1_at(probs, y, t, sw) for t in sorted(set(probs)))
    return Calibration(cal.name, cal.intercept, cal.score, cal.ratio, cal.size, round(float(best) / 2, 4))


def f1_at(probs, labels, t: float, weights=None) -> float:
    """F1 of asserting the items whose probability is >= ``t`` (items weighted by ``weights``)."""
    ws = [1.0] * len(probs) if weights is None else weights
    tp = sum(w for p, y, w in zip(probs, labels, ws, strict=True) if p >= t and y)
    fp = sum(w for p, y, w in zip(probs, labels, ws, strict=True) if p >= t and not y)
    fn = sum(w for p, y, w in zip(probs, labels, ws, strict=True) if p < t and y)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def write(calibrations: list[Calibration], path, header: str = "") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("".join(f"# {ln}\n" for ln in header.splitlines()))
        fh.write("name,intercept,score,ratio,size,threshold\n")
        for c in calibrations:
            fh.write(f"{c.name},{c.intercept},{c.score},{c.ratio},{c.size},{c.threshold}\n")


@lru_cache(maxsize=1)
def packaged() -> dict[str, Calibration]:
    """The shipped calibrations by name (``profiles``, ``plain``)."""
    try:
        rows = load_rows(FILE)
    except FileNotFoundError:
        return {}
    return {r["name"]: Calibration(r["name"], float(r["intercept"]), float(r["score"]), float(r["ratio"]),
                                   float(r["size"]), float(r["threshold"])) for r in rows}


def calibration_for(learned: bool) -> Calibration | None:
    """The fit for a regulation with (``learned``) or without profiles; None when none is shipped."""
    return packaged().get("profiles" if learned else "plain")
