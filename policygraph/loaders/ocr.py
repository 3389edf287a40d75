"""Optical character recognition of page images, with the models that ship inside the package.

The engine is RapidOCR (``pip install policygraph[ocr]``: the ``rapidocr`` wheel carries its
PP-OCR detection and recognition models as ONNX files; ``onnxruntime`` runs them on the CPU). The
model files are given to RapidOCR by path, from the installed package, so nothing is ever
downloaded: when a file is missing the engine is unavailable, and :func:`unavailable_reason` says
why. One engine is built per process and reused.

>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

# model role -> file name inside the rapidocr package's models/ folder (as shipped in the wheel)
MODELS = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
# ASCII punctuation the recogniser reads where Chinese text has the full-width form (（五）, 增长5%，)
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_HALF_BY_CJK = re.compile(rf"(?<=[{_CJK}])[,:;()?!]|[,:;()?!](?=[{_CJK}])")
DPI = 150  # page images are rendered at this resolution: enough for 10.5-point body text
MIN_SCORE = 0.5  # boxes recognised with less confidence are dropped


def model_dir() -> Path | None:
    """The folder of the installed rapidocr package's models, or None without the package."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def unavailable_reason() -> str | None:
    """Why OCR cannot run here (None when it can)."""
    if importlib.util.find_spec("onnxruntime") is None:
        return "the onnxruntime package is not installed"
    folder = model_dir()
    if folder is None:
        return "the rapidocr package is not installed"
    missing = [name for name in MODELS.values() if not (folder / name).is_file()]
    if missing:
        return f"the rapidocr package lacks its model file(s) {', '.join(missing)}"
    return None


def available() -> bool:
    """True when page images can be recognised (rapidocr, its models and onnxruntime installed)."""
    return unavailable_reason() is None


@lru_cache(maxsize=1)
def engine():
    """The RapidOCR engine, built once, on the package's own model files (CPU only)."""
    from rapidocr import RapidOCR

    folder = model_dir()
    params = {"Global.log_level": "error", "Global.use_cls": False, "Global.text_score": MIN_SCORE}
    for role, name in MODELS.items():
        params[f"{role}.model_path"] = str(folder / name)  # a path given: RapidOCR downloads nothing
    return RapidOCR(params=params)


def full_width(text: str) -> str:
    """ASCII punctuation next to a Chinese character in its full-width form, as Chinese text sets it.

    >>> full_width("(五)深化改革,增长5%,达到RCEP(区域)标准, 3,000 (1)")
    '（五）深化改革，增长5%，达到RCEP（区域）标准， 3,000 (1)'
    """
    return _HALF_BY_CJK.sub(lambda m: FULL_WIDTH[m.group()], text)


def recognise(image) -> list[tuple[str, float, float, float, float, float]]:
    """The text boxes of a page image (a PIL image or an array): ``(text, left, right, top, bottom,
    score)`` in pixels, y downwards."""
    import numpy as np

    arr = np.asarray(image.convert("RGB") if hasattr(image, "convert") else image)
    result = engine()(arr)
    if result is None or result.boxes is None or result.txts is None:
        return []
    out = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        if text.strip():
            out.append((full_width(text), min(xs), max(xs), min(ys), max(ys), float(score)))
    return out
