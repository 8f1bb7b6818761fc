"""The printed report, measured in the PDF itself: page size, margins taken from the text boxes, fonts,
page numbers by formatting profile, the header's rules, footnotes on the page of their call, appendices."""

import datetime
import io

import pdfplumber
import pytest

from reports.document import report_document
from reports.pdf import report_pdf
from tests.factories import make_decision, make_report, recipient

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, A4[0] - 15 * MM, 20 * MM, A4[1] - 20 * MM
# "Portal Serif" is the vendored Liberation Serif 2 (Times New Roman metrics), declared by @font-face.
SERIF = {"Portal-Serif", "Portal-Serif-Bold", "Portal-Serif-Italic", "Portal-Serif-Bold-Italic"}

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

# (document date, figures period, where page numbers go)
PROFILES = {
    "tt01-2011": (
        datetime.date(2018, 7, 10),
        (datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)),
        "bottom-right",
    ),
    "nd30-2020": (datetime.date(2021, 7, 9), (datetime.date(2020, 12, 20), datetime.date(2021, 6, 20)), "top-center"),
}


def _pdf(profile: str, **fields):
    date, (start, end), _ = PROFILES[profile]
    make_decision(recipients=[recipient("BK_TINH", name="Hoàng Văn Phong")], date=start + datetime.timedelta(days=30))
    report = make_report(date=date, period_start=start, period_end=end, **fields)
    return pdfplumber.open(io.BytesIO(report_pdf(report_document(report=report))))


def _is_page_number(word, page_number) -> bool:
    return word["text"] == str(page_number) and (word["top"] > BOTTOM or word["bottom"] < TOP)


@pytest.fixture(scope="module", params=sorted(PROFILES))
def printed(request, django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        pdf = _pdf(request.param)
        yield request.param, pdf
        transaction.set_rollback(True)


def test_pages_are_a4_and_text_keeps_to_the_margins(printed):
    _, pdf = printed
    assert len(pdf.pages) >= 3
    for number, page in enumerate(pdf.pages, start=1):
        assert (round(page.width, 1), round(page.height, 1)) == (round(A4[0], 1), round(A4[1], 1))
        body = [w for w in page.extract_words() if not _is_page_number(w, number) and w["text"] != "DỰ"]
        body = [w for w in body if w["text"] != "THẢO"]
        assert min(w["x0"] for w in body) >= LEFT - 0.5
        assert max(w["x1"] for w in body) <= RIGHT + 0.5
        assert min(w["top"] for w in body) >= TOP - 0.5
        assert max(w["bottom"] for w in body) <= BOTTOM + 0.5
    # Justified paragraphs run from margin to margin: the margins are where the text boxes say.
    words = pdf.pages[1].extract_words()
    assert min(w["x0"] for w in words) == pytest.approx(LEFT, abs=0.6)
    assert max(w["x1"] for w in words if not _is_page_number(w, 2)) == pytest.approx(RIGHT, abs=1.5)


def test_every_glyph_is_the_embedded_times_metric_serif(printed):
    _, pdf = printed
    fonts = {char["fontname"].split("+", 1)[-1] for page in pdf.pages for char in page.chars}
    assert fonts <= SERIF and "Portal-Serif" in fonts
    assert all("+" in char["fontname"] for char in pdf.pages[0].chars)  # subset-embedded, not referenced


def test_page_numbers_follow_the_profile_of_the_document_date_and_skip_page_one(printed):
    profile, pdf = printed
    where = PROFILES[profile][2]
    assert not [w for w in pdf.pages[0].extract_words() if _is_page_number(w, 1)]
    for number, page in enumerate(pdf.pages[1:], start=2):
        [word] = [w for w in page.extract_words() if _is_page_number(w, number)]
        if where == "bottom-right":
            assert word["top"] > BOTTOM and word["x1"] == pytest.approx(RIGHT, abs=1.0)
        else:
            assert word["bottom"] < TOP and (word["x0"] + word["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)


def test_header_two_columns_rules_italic_date_and_centred_title(printed):
    _, pdf = printed
    page = pdf.pages[0]
    words = page.extract_words(extra_attrs=["fontname", "size"])
    middle = LEFT + 0.4 * (RIGHT - LEFT)

    def first(text):
        return next(w for w in words if w["text"] == text)

    assert first("Số:")["x1"] < middle < first("CỘNG")["x0"]
    assert "Italic" in first("Lạng")["fontname"] and first("Lạng")["x0"] > middle
    motto = [w for w in words if w["top"] == pytest.approx(first("Độc")["top"], abs=1) and w["x0"] > middle]
    motto_left, motto_right = min(w["x0"] for w in motto), max(w["x1"] for w in motto)
    rules = [e for e in page.edges if e["orientation"] == "h" and e["top"] < first("BÁO")["top"]]
    # The motto's rule is as long as the motto; the one under the issuing body is a short centred stroke.
    assert any(abs(e["x0"] - motto_left) < 3 and abs(e["x1"] - motto_right) < 3 for e in rules)
    body = [w for w in words if w["top"] == pytest.approx(first("ỦY")["top"], abs=1) and w["x1"] < middle]
    body_width = max(w["x1"] for w in body) - min(w["x0"] for w in body)
    short = [e for e in rules if e["x1"] < middle and 0.25 * body_width < e["x1"] - e["x0"] < 0.6 * body_width]
    assert short
    title = first("BÁO")
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2 + 0, abs=25)


def test_footnotes_sit_on_the_page_of_their_call(printed):
    _, pdf = printed
    # The call is an 8 pt superscript in the text; the note's number a 7 pt superscript at the foot of a page.
    calls, markers = {}, {}
    for number, page in enumerate(pdf.pages, start=1):
        for char in page.chars:
            if char["text"].isdigit() and char["size"] == pytest.approx(8, abs=0.1):
                calls[int(char["text"])] = number
            if char["text"].isdigit() and char["size"] == pytest.approx(7, abs=0.1):
                markers[int(char["text"])] = number
    # Four notes in the text, and the definition of the grassroots share that its figure brings along.
    assert sorted(calls) == sorted(markers) == [1, 2, 3, 4, 5]
    assert calls == markers
    assert all(f"Chú thích số {n}" in "".join(p.extract_text() for p in pdf.pages) for n in range(1, 5))


def test_signature_at_right_recipients_at_left_and_appendix_on_a_new_page_with_caption(printed):
    _, pdf = printed
    texts = [page.extract_text() for page in pdf.pages]
    closing = next(i for i, t in enumerate(texts) if "Nơi nhận:" in t)
    words = pdf.pages[closing].extract_words()
    assert next(w for w in words if w["text"] == "Nơi")["x0"] == pytest.approx(LEFT, abs=1)
    assert next(w for w in words if w["text"] == "TM.")["x0"] > (LEFT + RIGHT) / 2
    appendix = next(i for i, t in enumerate(texts) if "Phụ lục 2:" in t)
    assert appendix > closing
    body = [w for w in pdf.pages[appendix].extract_words() if TOP <= w["top"] and w["bottom"] <= BOTTOM]
    assert min(body, key=lambda w: (w["top"], w["x0"]))["text"] == "Phụ"  # the title opens its page
    assert "(Kèm theo Báo cáo số: 235/BC-UBND ngày" in texts[appendix].replace("\n", " ")
    assert "của Ủy ban nhân dân tỉnh Lạng Sơn)" in texts[appendix].replace("\n", " ")


@pytest.mark.parametrize(
    ("date", "profile", "page_number"),
    [
        (datetime.date(2018, 7, 10), "tt01-2011", "bottom-right"),
        (datetime.date(2020, 3, 4), "tt01-2011", "bottom-right"),
        (datetime.date(2020, 3, 5), "nd30-2020", "top-center"),
        (datetime.date(2026, 1, 5), "nd30-2020", "top-center"),
    ],
)
def test_the_formatting_profile_is_the_one_valid_on_the_document_date(date, profile, page_number):
    from reports.document import profile_for

    chosen = profile_for(date)
    assert (chosen.code, chosen.page_number) == (profile, page_number)
    assert (chosen.margin_top_mm, chosen.margin_bottom_mm, chosen.margin_left_mm, chosen.margin_right_mm) == (
        20,
        20,
        30,
        15,
    )
