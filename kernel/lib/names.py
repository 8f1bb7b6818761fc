"""Comparing Vietnamese personal names: the same name typed with or without diacritics, in any case."""

import unicodedata


def name_key(text: str) -> str:
    """“  Hoàng  Văn ĐỨC ” → “hoang van duc”: lower case, no diacritics (đ → d), single spaces."""
    text = (text or "").lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split())


def id_number_key(text: str | None) -> str:
    """An identity card number as its digits only: “020 075.000-123” → “020075000123”."""
    return "".join(c for c in (text or "") if c.isdigit())


ID_NUMBER_LENGTHS = (9, 12)  # the former CMND, the CCCD (and personal identification number)


def id_number_valid(text: str | None) -> bool:
    """Whether an identity card number has the digits of one: 12 (CCCD) or 9 (former CMND), spacing aside."""
    return len(id_number_key(text)) in ID_NUMBER_LENGTHS
