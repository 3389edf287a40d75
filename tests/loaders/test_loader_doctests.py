"""The examples in the loaders' docstrings run and give what they show."""

import doctest

import pytest

from policygraph import records
from policygraph.loaders import catalogue, docx, html, ocr, pdf, pdf_layout, text


@pytest.mark.parametrize("module", [text, html, docx, pdf, pdf_layout, ocr, catalogue, records],
                         ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
