"""The dossier form's POST data as the row editor sends it: the dossier's fields and one block of fields per
nominee row (prefix "n"), with the management form."""

from awards.nominations.nominees import MAX_NOMINEES
from tests.factories import award_type, kind

ACHIEVEMENTS = "Hoàn thành xuất sắc nhiệm vụ năm 2017"


def row(name, *, award="BK_TINH", recipient_kind="individual", **fields) -> dict:
    """One nominee row; `award` is a catalog code, or `award_type` a raw value (an id as a browser would send)."""
    values = {
        "award_type": award_type(award).pk if award else "",
        "recipient_kind": recipient_kind,
        "recipient_name": name,
        "position": "",
        "achievements": ACHIEVEMENTS,
        "person": "",
    }
    values.update(fields)
    return values


def dossier_form(rows, *, initial=0, total=None, **fields) -> dict:
    data = {
        "title": "Đề nghị tặng Bằng khen năm 2017",
        "commendation_kind": kind("regular").pk,
        "year": "2017",
        "campaign": "",
        "n-TOTAL_FORMS": str(len(rows) if total is None else total),
        "n-INITIAL_FORMS": str(initial),
        "n-MIN_NUM_FORMS": "0",
        "n-MAX_NUM_FORMS": str(MAX_NOMINEES),
    }
    data.update(fields)
    for index, values in enumerate(rows):
        for name, value in values.items():
            if name == "DELETE":
                if value:
                    data[f"n-{index}-DELETE"] = "on"
            else:
                data[f"n-{index}-{name}"] = "" if value is None else str(value)
    return data


def two_nominees() -> list[dict]:
    return [
        row("Hoàng Văn Phong", position="Trưởng phòng"),
        row("Phòng Tổ chức - Hành chính", recipient_kind="collective", achievements="Tập thể lao động tiêu biểu"),
    ]
