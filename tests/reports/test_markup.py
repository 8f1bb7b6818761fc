from reports.markup import Block, Span, parse


def test_paragraphs_bullets_and_inline_marks():
    blocks = parse(
        "Dòng một\nnối tiếp **đậm** và *nghiêng*[^Chú thích.]\n- Gạch đầu dòng;\n- Dòng [[ty-le-co-so]]\n\nĐoạn hai"
    )
    assert blocks == [
        Block(
            "paragraph",
            (
                Span("text", "Dòng một nối tiếp "),
                Span("bold", "đậm"),
                Span("text", " và "),
                Span("italic", "nghiêng"),
                Span("footnote", "Chú thích."),
            ),
        ),
        Block("bullet", (Span("text", "- Gạch đầu dòng;"),)),
        Block("bullet", (Span("text", "- Dòng "), Span("figures", "ty-le-co-so"))),
        Block("paragraph", (Span("text", "Đoạn hai"),)),
    ]


def test_a_code_alone_on_its_line_is_a_block_of_figures():
    assert parse("Trước\n[[cap-tinh]]\nSau") == [
        Block("paragraph", (Span("text", "Trước"),)),
        Block("figures", code="cap-tinh"),
        Block("paragraph", (Span("text", "Sau"),)),
    ]


def test_text_that_only_looks_like_markup_stays_text():
    # A multiplication sign or a lone star is not emphasis; an unclosed footnote is text.
    assert parse("3 * 4 = 12 [^chưa đóng") == [Block("paragraph", (Span("text", "3 * 4 = 12 [^chưa đóng"),))]
    assert parse("") == []
