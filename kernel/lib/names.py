"""Identity card numbers. Names are compared through kernel.lib.search.fold, the portal's one fold."""


def id_number_key(text: str | None) -> str:
    """An identity card number as its digits only: “020 075.000-123” → “020075000123”."""
    return "".join(c for c in (text or "") if c.isdigit())


ID_NUMBER_LENGTHS = (9, 12)  # the former CMND, the CCCD (and personal identification number)


def id_number_valid(text: str | None) -> bool:
    """Whether an identity card number has the digits of one: 12 (CCCD) or 9 (former CMND), spacing aside."""
    return len(id_number_key(text)) in ID_NUMBER_LENGTHS
