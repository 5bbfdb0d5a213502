"""Markdown articles: only prose reaches the model; every other byte comes back as written."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_double import ScriptedEngine, codes_in

from vi_en_toolkit.glossary import Glossary
from vi_en_toolkit.markdown_source import segment_markdown
from vi_en_toolkit.translate import MARKUP_MOVED, review_notes, translate_files


def upper(sentence: str) -> list[str]:
    """Engine double: the sentence upper-cased, so translated prose is visible; codes come back."""
    return [sentence.upper()]


def translate(tmp_path: Path, markdown: str, respond=upper, suffix=".md"):
    article = tmp_path / f"a{suffix}"
    article.write_text(markdown, encoding="utf-8")
    engine = ScriptedEngine(respond)
    result = translate_files([article], glossary=Glossary(), use_memory=False, engine=engine)
    return result.english, engine.sentences


# (Markdown, what the model is asked, the English with this engine)
KEPT_BYTE_FOR_BYTE = [
    pytest.param(
        "Chạy `make test` rồi nghỉ.\n",
        ["Chạy ZZ rồi nghỉ."],
        "CHẠY `make test` RỒI NGHỈ.\n",
        id="inline code",
    ),
    pytest.param(
        "Mở đầu.\n\n```python\nx = 1  # không dịch. Câu.\n```\n\nKết thúc.\n",
        ["Mở đầu.", "Kết thúc."],
        "MỞ ĐẦU.\n\n```python\nx = 1  # không dịch. Câu.\n```\n\nKẾT THÚC.\n",
        id="code fence",
    ),
    pytest.param(
        "Mở đầu.\n\n    mã thụt lề. Không dịch.\n\nKết thúc.\n",
        ["Mở đầu.", "Kết thúc."],
        "MỞ ĐẦU.\n\n    mã thụt lề. Không dịch.\n\nKẾT THÚC.\n",
        id="indented code",
    ),
    pytest.param(
        "| Nước | Trữ lượng |\n| --- | ---: |\n| Nga | Lớn \\| rất lớn. |\n",
        ["Nước", "Trữ lượng", "Nga", "Lớn ZZ rất lớn."],
        "| NƯỚC | TRỮ LƯỢNG |\n| --- | ---: |\n| NGA | LỚN \\| RẤT LỚN. |\n",
        id="table",
    ),
    pytest.param(
        '<div class="box">\n<p>Khối HTML. Không dịch.</p>\n</div>\n\nSau <b>đó</b> hết.\n',
        ["Sau ZZ đó ZJ hết."],
        '<div class="box">\n<p>Khối HTML. Không dịch.</p>\n</div>\n\nSAU <b>ĐÓ</b> HẾT.\n',
        id="HTML block and inline tags",
    ),
    pytest.param(
        "<!-- ghi chú: không dịch. -->\n\nCâu thật.\n",
        ["Câu thật."],
        "<!-- ghi chú: không dịch. -->\n\nCÂU THẬT.\n",
        id="comment",
    ),
    pytest.param(
        'Xem [báo cáo mới](https://vi.example/bao-cao?a=1&b=2 "Tiêu đề") của Bộ.\n',
        ["Xem ZZ của Bộ.", "báo cáo mới"],
        'XEM [BÁO CÁO MỚI](https://vi.example/bao-cao?a=1&b=2 "Tiêu đề") CỦA BỘ.\n',
        id="link: text translated, target kept",
    ),
    pytest.param(
        "Ảnh ![bản đồ mỏ](img/mỏ.png) ở đây.\n",
        ["Ảnh ZZ ở đây."],
        "ẢNH ![bản đồ mỏ](img/mỏ.png) Ở ĐÂY.\n",
        id="image",
    ),
    pytest.param(
        "Xem [bài][nguồn] và <https://vi.example/x>.\n\n[nguồn]: https://vi.example/bai 'Bài gốc'\n",
        ["Xem ZZ và ZJ.", "bài"],
        "XEM [BÀI][nguồn] VÀ <https://vi.example/x>.\n\n[nguồn]: https://vi.example/bai 'Bài gốc'\n",
        id="reference link, definition and autolink",
    ),
    pytest.param(
        "---\ntitle: Đất hiếm\ntags: [mỏ, Nga]\n---\n\nNội dung.\n",
        ["Nội dung."],
        "---\ntitle: Đất hiếm\ntags: [mỏ, Nga]\n---\n\nNỘI DUNG.\n",
        id="YAML front matter",
    ),
    pytest.param(
        "Tiêu đề\n=======\n\n1. Mục *một*.\n   - Con\ttab.\n\n***\n",
        ["Tiêu đề", "Mục ZZ.", "một", "Con\ttab."],
        "TIÊU ĐỀ\n=======\n\n1. MỤC *MỘT*.\n   - CON\tTAB.\n\n***\n",
        id="setext heading, nested lists, thematic break",
    ),
    pytest.param(
        "# Đất hiếm\n\n- Nga có **trữ lượng** lớn.\n> Trích dẫn.\n",
        ["Đất hiếm", "Nga có ZZ lớn.", "trữ lượng", "Trích dẫn."],
        "# ĐẤT HIẾM\n\n- NGA CÓ **TRỮ LƯỢNG** LỚN.\n> TRÍCH DẪN.\n",
        id="heading, list, quote markers and emphasis",
    ),
]


@pytest.mark.parametrize("markdown, asked, english", KEPT_BYTE_FOR_BYTE)
def test_only_prose_reaches_the_model_and_markup_comes_back_as_written(tmp_path, markdown, asked, english):
    got, sentences = translate(tmp_path, markdown)
    assert sentences == asked
    assert got == english


@pytest.mark.parametrize(
    "markdown, expected",
    [
        # a sentence runs over the soft line breaks of its paragraph; its msgid has spaces there
        ("Câu này nối\nhai dòng. Câu khác.\n", ["Câu này nối hai dòng.", "Câu khác."]),
        ("> Trích dẫn\n> dài. Hết.\n", ["Trích dẫn dài.", "Hết."]),
        # a hard line break ends a segment, as a line break does in a .txt article
        ("Dòng một  \nDòng hai.\n", ["Dòng một", "Dòng hai."]),
        ("Dòng một\\\nDòng hai.\n", ["Dòng một", "Dòng hai."]),
        # markup attached to a sentence belongs to it; a link is never cut in two
        ("**Câu một.** Câu hai.\n", ["**Câu một.**", "Câu hai."]),
        ("[Ông A. Nguyễn đến. Rồi đi](https://x.vn) nhé.\n", ["[Ông A. Nguyễn đến. Rồi đi](https://x.vn) nhé."]),
        # inline code ends or starts a sentence like a word
        ("Các lệnh: `make`. `pytest` chạy thử. Xong.\n", ["Các lệnh: `make`.", "`pytest` chạy thử.", "Xong."]),
        # a first line of Unicode spaces only (not blank to CommonMark, stripped by markdown-it)
        ("\u3000\r\nNga có mỏ.\n", ["Nga có mỏ."]),
        # a '*' that is not emphasis is prose
        ("Tính 5 * 3 = 15. Xong.\n", ["Tính 5 * 3 = 15.", "Xong."]),
        # only markup: nothing to translate
        ("`mã`\n\n<https://a.vn>\n", []),
        ("Nghị định ***số 5*** và __số 6__.\n", ["Nghị định ***số 5*** và __số 6__."]),
    ],
)
def test_markdown_sentences(markdown, expected):
    assert [s.text for s in segment_markdown(markdown)] == expected


@pytest.mark.parametrize(
    "markdown",
    [
        "*" * 3000 + "Nga có mỏ." + "*" * 3000 + "\n",
        "**a** " * 400 + "Nga có mỏ.\n",
        "> " * 3000 + "Nga có mỏ.\n",
    ],
    ids=["nested emphasis", "more emphasis than placeholders", "nested quotes"],
)
def test_deep_or_dense_markup_comes_back_whole(tmp_path, markdown):
    english, _ = translate(tmp_path, markdown)
    assert english.replace("NGA CÓ MỎ.", "Nga có mỏ.").replace("**A**", "**a**") == markdown


def test_segments_point_at_their_source_and_carry_line_numbers():
    markdown = "# Tiêu đề\n\nCâu một. Câu\nhai.\n\n| A | B |\n| - | - |\n| Ô | Có. |\n\n\u3000\nCuối.\n"
    segments = segment_markdown(markdown)
    assert [(markdown[s.start : s.end], s.line, s.kind) for s in segments] == [
        ("Tiêu đề", 1, "heading"),
        ("Câu một.", 3, "sentence"),
        ("Câu\nhai.", 3, "sentence"),
        ("A", 6, "heading"),
        ("B", 6, "heading"),
        ("Ô", 8, "heading"),
        ("Có.", 8, "sentence"),
        ("Cuối.", 11, "sentence"),
    ]


def test_a_lost_placeholder_puts_its_markup_at_the_end_and_says_so(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Chạy `make` rồi xem [báo cáo](https://x.vn/r).\n", encoding="utf-8")
    output = tmp_path / "a.en.po"
    engine = ScriptedEngine(lambda sentence: ["Run it and look."])
    result = translate_files([article], output, glossary=Glossary(), use_memory=False, engine=engine)
    assert result.english == "Run it and look `make` [run it and look](https://x.vn/r).\n"
    (entry,) = polib.pofile(str(output))
    assert entry.fuzzy and MARKUP_MOVED in entry.tcomment.split("\n")
    assert review_notes(result) == [f"{article}:1: {MARKUP_MOVED}"]


def test_a_repeated_placeholder_keeps_the_first_and_drops_the_rest(tmp_path):
    def doubling(sentence):
        return [" ".join(codes_in(sentence) * 2) + " twice."]

    english, _ = translate(tmp_path, "Xem `x` nhé.\n", doubling)
    assert english == "`x` twice.\n"


def test_reviewed_markdown_entries_come_from_memory_as_written(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Mỏ\n\nXem [báo cáo](https://x.vn/r).\n", encoding="utf-8")
    memory = tmp_path / "m.po"
    memory.write_text(
        'msgid "Mỏ"\nmsgstr "Mines"\n\nmsgid "Xem [báo cáo](https://x.vn/r)."\nmsgstr "See the [report](https://x.vn/r)."\n',
        encoding="utf-8",
    )
    result = translate_files([article], glossary=Glossary(), memory=[memory], engine=ScriptedEngine(upper))
    assert result.english == "# Mines\n\nSee the [report](https://x.vn/r).\n"


def test_plain_text_is_not_read_as_markdown(tmp_path):
    _, sentences = translate(tmp_path, "Chạy `make` rồi xem [báo cáo](https://x.vn).\n", suffix=".txt")
    assert sentences == ["Chạy `make` rồi xem [báo cáo](https://x.vn)."]


def test_nfd_markdown_gives_nfc_msgids_and_keeps_its_own_markup_bytes(tmp_path):
    markdown = unicodedata.normalize("NFD", "Xem [báo cáo](img/mỏ-đất.png) và `mỏ`.\n")
    english, sentences = translate(tmp_path, markdown)
    assert all(unicodedata.is_normalized("NFC", s) for s in sentences)
    assert unicodedata.normalize("NFD", "](img/mỏ-đất.png)") in english
    assert unicodedata.normalize("NFD", "`mỏ`") in english


markdown_text = st.text(
    alphabet=st.sampled_from(list("aăbcđeêoơ Nga.,!?*_`[]()<>#|-:\\\n\t ") + ["\u0301", "\u2028"]),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(markdown_text)
def test_any_markdown_segments_as_ordered_nfc_slices_without_line_breaks(text):
    previous_end = 0
    for s in segment_markdown(text):
        assert previous_end <= s.start < s.end <= len(text)
        assert s.text and s.text == s.text.strip() and unicodedata.is_normalized("NFC", s.text)
        assert not set(s.text) & set("\n\r\u2028\u2029\u0085")
        previous_end = s.end


# Building blocks of Markdown articles: each block on its own lines, a blank line between blocks.
words = st.sampled_from(["Nga", "có", "mỏ", "đất", "hiếm", "lớn", "và", "Mỹ", "bàn", "về", "hợp", "tác"])
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
inline_markup = st.one_of(
    st.builds("`{}`".format, st.sampled_from(["make test", "x = 1. Y", "a|b", "<b>"])),
    st.builds("[{}]({})".format, phrase, st.sampled_from(["https://vi.example/a?b=1&c=2", "<bài viết.md>", "#mục"])),
    st.builds('[{}](https://vi.example "{}")'.format, phrase, phrase),
    st.builds("![{}](img/{}.png)".format, phrase, words),
    st.builds("**{}**".format, phrase),
    st.builds("_{}_".format, phrase),
    st.just("<https://vi.example/x>"),
    st.just('<span class="x">'),
)
sentence = st.builds(
    lambda first, pieces, end: " ".join([first.capitalize(), *pieces]) + end,
    phrase,
    st.lists(st.one_of(phrase, inline_markup), max_size=4),
    st.sampled_from([".", "!", "?"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
block = st.one_of(
    paragraph,
    st.builds("# {}".format, phrase),
    st.builds("- {}".format, paragraph),
    st.builds("> {}".format, paragraph),
    st.builds("```\n{}\n```".format, paragraph),
    st.builds("    {}".format, paragraph),
    st.builds("| {} | {} |\n| --- | :-: |\n| {} | {} |".format, phrase, phrase, paragraph, phrase),
    st.builds('<div>\n{}\n</div>'.format, paragraph),
    st.builds("<!-- {} -->".format, paragraph),
    st.builds("[{}]: https://vi.example/{}".format, words, words),
)
article = st.lists(block, min_size=1, max_size=6).map(lambda blocks: "\n\n".join(blocks) + "\n")


@settings(max_examples=150, deadline=None)
@given(article)
def test_with_a_model_that_copies_its_input_the_article_comes_back_unchanged(tmp_path_factory, markdown):
    """Everything that is not prose is restored from the article; prose is what the model gave."""
    sent: list[str] = []

    def echo(sentence):
        sent.append(sentence)
        return [sentence]

    english, _ = translate(tmp_path_factory.mktemp("md"), markdown, echo)
    assert english == markdown
    for text in sent:
        assert not any(mark in text for mark in ("`", "](", "<", ">", "https:", "**", "|")), text


def test_with_the_real_tiny_model_every_piece_of_markup_survives(tmp_path, tiny_argos_package, monkeypatch):
    """The tiny model's English is nonsense and drops placeholders: markup must survive anyway."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    kept = [
        "```sh\nmake test # không dịch.\n```",
        "| --- | --- |",
        "<!-- ghi chú. -->",
        "`vi-en check`",
        "](https://vi.example/bao-cao?a=1&b=2)",
        "<https://vi.example/x>",
        "[nguồn]: https://vi.example/nguon",
    ]
    markdown = (
        "# Đất hiếm\n\nNga có trữ lượng lớn. Chạy `vi-en check` rồi xem [báo cáo](https://vi.example/bao-cao?a=1&b=2).\n\n"
        "```sh\nmake test # không dịch.\n```\n\n| Nước | Mỏ |\n| --- | --- |\n| Nga | Lớn. |\n\n"
        "<!-- ghi chú. -->\n\nTheo [nguồn] và <https://vi.example/x>.\n\n[nguồn]: https://vi.example/nguon\n"
    )
    article = tmp_path / "a.md"
    article.write_text(markdown, encoding="utf-8")
    result = translate_files([article], glossary=Glossary(), use_memory=False, model=tiny_argos_package)
    assert result.count("machine") == 8
    for piece in kept:
        assert piece in result.english
    assert result.english.startswith("# ") and "\n\n```sh\n" in result.english


def test_a_markdown_file_without_prose_comes_back_as_it_is(tmp_path):
    from vi_en_toolkit.translate import summary

    article = tmp_path / "code.md"
    article.write_text("```sh\nmake test\n```\n", encoding="utf-8")
    result = translate_files([article], glossary=Glossary(), use_memory=False, engine=ScriptedEngine(upper))
    assert result.english == "```sh\nmake test\n```\n"
    assert summary(result) == "0 segments: no prose to translate"



@pytest.mark.parametrize("markdown", [
    "Chạy `ZZ` rồi `abc` nhé.\n",  # a placeholder code inside a piece of code
    "Chạy `ZJ` rồi `abc` nhé.\n",
    "Xem [trang ZZ](https://example.org/ZJ) và `QX` nhé.\n",  # in a link's text and address
])
def test_markup_that_holds_a_placeholder_code_comes_back_as_written(tmp_path, markdown):
    english, _ = translate(tmp_path, markdown, respond=lambda sentence: [sentence])
    assert english == markdown
