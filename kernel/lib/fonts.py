"""The serif used in printed documents: which files, and whether they can print Vietnamese."""

from dataclasses import dataclass
from pathlib import Path

# Families designed with the advance widths of Times New Roman, so a page set in them breaks lines
# where the official Word template does. Liberation Serif 1.x has the metrics but lacks Vietnamese.
TIMES_METRIC_FAMILIES = {"Liberation Serif", "Tinos", "Times New Roman"}

FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}

# Every precomposed letter of Vietnamese, both cases, plus the combining tone marks.
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def vietnamese_characters() -> set[str]:
    import unicodedata

    chars = set("đĐ")
    for vowel in _VOWELS:
        for base in (vowel, vowel.upper()):
            chars.add(unicodedata.normalize("NFC", base))
            for tone in _TONES:
                chars.add(unicodedata.normalize("NFC", base + tone))
    chars.update(_TONES)
    return chars


@dataclass
class FontReport:
    path: Path
    family: str | None = None
    missing: str = ""
    error: str = ""

    @property
    def times_metric(self) -> bool:
        return self.family in TIMES_METRIC_FAMILIES


def inspect_font(path: Path) -> FontReport:
    report = FontReport(path=path)
    if not path.is_file():
        report.error = "missing"
        return report
    try:
        from fontTools.ttLib import TTFont

        with TTFont(path, lazy=True) as font:
            report.family = font["name"].getBestFamilyName()
            cmap = font.getBestCmap() or {}
    except Exception as exc:  # a truncated or foreign file must not crash start-up
        report.error = str(exc)
        return report
    report.missing = "".join(sorted(c for c in vietnamese_characters() if ord(c) not in cmap))
    return report
