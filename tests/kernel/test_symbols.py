import pytest

from kernel.lib.symbols import SymbolError, format_symbol, parse_symbol


@pytest.mark.parametrize(
    "text, number, symbol, type_code, issuer, drafting",
    [
        ("651/QĐ-UBND", 651, "QĐ-UBND", "QĐ", "UBND", None),
        ("235/BC-UBND", 235, "BC-UBND", "BC", "UBND", None),
        ("60/UBND-KGVX", 60, "UBND-KGVX", None, "UBND", "KGVX"),
        ("59/KH-BBT", 59, "KH-BBT", "KH", "BBT", None),
        ("01/PĐ-UBND", 1, "PĐ-UBND", "PĐ", "UBND", None),
        ("356/QĐ-TTg", 356, "QĐ-TTg", "QĐ", "TTg", None),
        ("1275/BTĐKT-VụIII", 1275, "BTĐKT-VụIII", None, "BTĐKT", "VụIII"),
        ("Số: 05/BC-UBND", 5, "BC-UBND", "BC", "UBND", None),
        (" 651 / QĐ - UBND ", 651, "QĐ-UBND", "QĐ", "UBND", None),
        ("651/Q\u00d0-UBND", 651, "QĐ-UBND", "QĐ", "UBND", None),  # Icelandic eth typed for Đ
        ("1275/BTĐKT-Vu\u0323III", 1275, "BTĐKT-VụIII", None, "BTĐKT", "VụIII"),  # typed decomposed (NFD)
    ],
)
def test_parses_what_the_province_issues(text, number, symbol, type_code, issuer, drafting):
    parsed = parse_symbol(text)
    assert (parsed.number, parsed.symbol, parsed.type_code, parsed.issuer_code, parsed.drafting_unit) == (
        number,
        symbol,
        type_code,
        issuer,
        drafting,
    )


def test_normative_documents_carry_their_year():
    parsed = parse_symbol("30/2014/QĐ-UBND")
    assert (parsed.number, parsed.year, parsed.symbol) == (30, 2014, "QĐ-UBND")
    assert str(parsed) == "30/2014/QĐ-UBND"


@pytest.mark.parametrize("text", ["", "QĐ-UBND", "651", "651/", "651/QĐ", "abc/QĐ-UBND", "0/QĐ-UBND", "651/QĐ--UBND"])
def test_refuses_what_is_not_a_symbol_with_a_vietnamese_message(text):
    with pytest.raises(SymbolError) as error:
        parse_symbol(text)
    assert "ký hiệu" in str(error.value) or "lớn hơn 0" in str(error.value)


def test_numbers_below_ten_are_printed_with_a_leading_zero():
    assert format_symbol(1, "PĐ-UBND") == "01/PĐ-UBND"
    assert format_symbol(651, "QĐ-UBND") == "651/QĐ-UBND"


@pytest.mark.parametrize(
    "text, number, symbol, type_code, issuer, printed",
    [
        ("22-CT/TW", 22, "CT/TW", "CT", "TW", "22-CT/TW"),
        ("5-CT/TW", 5, "CT/TW", "CT", "TW", "05-CT/TW"),
        ("Số 35-KL/TW", 35, "KL/TW", "KL", "TW", "35-KL/TW"),
    ],
)
def test_party_documents_keep_their_own_shape(text, number, symbol, type_code, issuer, printed):
    parsed = parse_symbol(text)
    assert (parsed.number, parsed.symbol, parsed.type_code, parsed.issuer_code) == (number, symbol, type_code, issuer)
    assert str(parsed) == printed


@pytest.mark.parametrize("text", ["235-BC-UBND", "0-CT/TW", "22-CT", "22/CT/TW"])
def test_refuses_half_party_half_state_shapes(text):
    with pytest.raises(SymbolError):
        parse_symbol(text)
