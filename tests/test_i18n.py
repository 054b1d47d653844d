"""Both languages have exactly the same keys, the same placeholders, and no empty strings."""

import string

import pytest

from ui.i18n import CATALOGUES, text
from ui.locales import en, zh


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_key_exists_in_both_languages():
    missing_in_zh = sorted(set(en.STRINGS) - set(zh.STRINGS))
    missing_in_en = sorted(set(zh.STRINGS) - set(en.STRINGS))
    assert missing_in_zh == [] and missing_in_en == []


@pytest.mark.parametrize("key", sorted(en.STRINGS))
def test_same_placeholders_and_not_empty(key):
    assert en.STRINGS[key].strip() and zh.STRINGS[key].strip()
    if key.endswith(".body"):  # lesson texts: LaTeX, never formatted; the same equations in both
        assert en.STRINGS[key].count("$") == zh.STRINGS[key].count("$")
        assert en.STRINGS[key].count("$$") == zh.STRINGS[key].count("$$")
    else:
        assert placeholders(en.STRINGS[key]) == placeholders(zh.STRINGS[key])


def test_lookup_fills_values_and_falls_back_to_english_for_unknown_languages():
    assert text("table.diverged", "en", step=12) == "diverged at step 12"
    assert text("table.diverged", "zh", step=12) == "在第 12 步发散"
    assert text("table.diverged", "fr", step=3) == "diverged at step 3"
    assert set(CATALOGUES) == {"en", "zh"}


def test_lecture_terms_in_chinese():
    joined = " ".join(zh.STRINGS.values())
    for term in ("学习率", "动量", "梯度"):
        assert term in joined
