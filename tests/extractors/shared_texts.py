"""Real texts of ../shared used by the extraction tests (skipped when ../shared is absent)."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REPORTS = SHARED / "reports"
GOLD = SHARED / "gold"
DALIAN = REPORTS / "dalian_2021-09-18_review-opinions-report.txt"
JILIN = REPORTS / "jilin_2026_gov-work-report.txt"  # 2026年吉林省政府工作报告, full text (johncodes404 dataset)
GUANGDONG = REPORTS / "guangdong_2026_gov-work-report.txt"  # 2026年广东省政府工作报告, full text
JILIN_EXCERPT = REPORTS / "jilin_2026_gov-work-report_excerpt.txt"
GUANGDONG_EXCERPT = REPORTS / "guangdong_2026_gov-work-report_excerpt.txt"

needs_shared = pytest.mark.skipif(not REPORTS.exists(), reason="../shared/reports is not available")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
