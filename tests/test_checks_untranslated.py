"""The untranslated check: a target that is the Vietnamese source in another Unicode form, tone-mark
placement, case or spacing is still the source, not a translation."""

import unicodedata

import pytest

from vi_en_toolkit.checks import Entry, check_entries

SOURCE = "Hòa bình và hợp tác là ưu tiên của hai nước"


def untranslated(source, target):
    return [f.message for f in check_entries([Entry("a.po", 1, source, target)], None, ["untranslated"])]


@pytest.mark.parametrize(
    "target, fires_",
    [
        (SOURCE, True),
        (unicodedata.normalize("NFD", SOURCE), True),  # decomposed: the same letters
        ("Hoà bình và hợp tác là ưu tiên của hai nước", True),  # the other tone-mark placement
        ("HÒA BÌNH VÀ HỢP TÁC LÀ ƯU TIÊN CỦA HAI NƯỚC", True),
        ("Hòa bình  và hợp tác\tlà ưu tiên của hai nước ", True),
        ("Peace and cooperation are the two countries' priorities", False),
        ("Hòa bình and cooperation are priorities", False),  # half translated: source-left's job
    ],
)
def test_a_copy_of_the_source_in_another_form_is_untranslated(target, fires_):
    assert bool(untranslated(SOURCE, target)) is fires_


@pytest.mark.parametrize("source, target", [("Saudi Arabia", "Saudi Arabia"), ("Saudi Arabia", "SAUDI ARABIA"),
                                            ("RDIF", "RDIF")])
def test_a_name_written_the_same_in_both_languages_is_not_untranslated(source, target):
    assert untranslated(source, target) == []
