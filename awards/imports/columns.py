"""The file's format, shared by the template, the reader and the writer: sheet names, columns, their Vietnamese
labels and the limits on a file.

The sheet's headers and lists are literal Vietnamese (the file's format, the same whatever the UI language)."""

from dataclasses import dataclass

from django.conf import settings
from openpyxl.utils import get_column_letter

from awards.models import IndividualClass, ProposingBody, RecipientKind
from kernel.lib import content_types

DATA_SHEET = "Danh sách"
LISTS_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
XLSX_CONTENT_TYPE = content_types.XLSX

RECIPIENT_KIND_LABELS = {
    RecipientKind.COLLECTIVE: "Tập thể",
    RecipientKind.INDIVIDUAL: "Cá nhân",
    RecipientKind.FAMILY: "Hộ gia đình",
}
YES, NO = "Có", "Không"
YES_WORDS = {"có", "co", "x", "1", "yes", "true"}
NO_WORDS = {"không", "khong", "0", "no", "false"}

MAX_TEXT = 255  # the model's name, position and workplace fields
MAX_ACHIEVEMENTS = 4000


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_columns() -> int:
    return settings.IMPORT_MAX_COLUMNS


def max_cells() -> int:
    return settings.IMPORT_MAX_CELLS


def max_unpacked_bytes() -> int:
    return settings.IMPORT_MAX_UNPACKED_BYTES


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    max_length: int = MAX_TEXT
    hint: str = ""  # the instructions sheet's line for it
    width: int = 30
    # May be missing from a file's header row: added after files were made from the previous template.
    may_be_absent: bool = False
    text_format: bool = False  # the template formats the column as text (Excel keeps leading zeros, no date guess)


AWARD = Column("award_type", "Hình thức khen thưởng / danh hiệu", True, hint="Chọn trong danh sách thả xuống.")
KIND = Column("commendation_kind", "Loại khen thưởng", True, hint="Chọn trong danh sách thả xuống.", width=22)
RECIPIENT_KIND = Column(
    "recipient_kind", "Đối tượng", True, hint="Tập thể, Cá nhân hoặc Hộ gia đình (danh sách thả xuống).", width=14
)
NAME = Column("recipient_name", "Tên tập thể / Họ và tên", True, hint="Bắt buộc; tối đa 255 ký tự.")
POSITION = Column("position", "Chức vụ", hint="Không bắt buộc; tối đa 255 ký tự.", width=24)
WORKPLACE = Column(
    "workplace", "Đơn vị / Nơi công tác, địa chỉ", hint="Tên đơn vị đã đăng ký được liên kết với đơn vị đó."
)
GRASSROOTS = Column(
    "is_grassroots", "Cơ sở / Trực tiếp", hint="“Có” với tập thể cấp cơ sở hoặc người lao động trực tiếp.", width=14
)
ACHIEVEMENTS = Column(
    "achievements", "Tóm tắt thành tích", True, MAX_ACHIEVEMENTS, hint="Bắt buộc; tối đa 4.000 ký tự.", width=50
)
BIRTH_DATE = Column(
    "birth_date",
    "Ngày sinh",
    max_length=20,
    hint="Không bắt buộc; chỉ với cá nhân; dạng ngày/tháng/năm, ví dụ 06/01/1975. Dùng để tìm hồ sơ cá nhân.",
    width=14,
    may_be_absent=True,
    text_format=True,
)
ID_NUMBER = Column(
    "id_number",
    "Số định danh cá nhân / CCCD",
    max_length=20,
    hint="Không bắt buộc; chỉ với cá nhân; 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ), giữ số 0 ở đầu. "
    "Dùng để tìm hồ sơ cá nhân.",
    width=20,
    may_be_absent=True,
    text_format=True,
)
# The statistics classes (awards.models.statistics; read by awards.imports.class_columns).
INDIVIDUAL_CLASS_LABELS = {
    IndividualClass.HIGH_LEADER: "Lãnh đạo cấp bộ, cấp tỉnh trở lên",
    IndividualClass.DEPARTMENT_LEADER: "Lãnh đạo cấp vụ, sở",
    IndividualClass.BUSINESS_PERSON: "Doanh nhân",
    IndividualClass.OTHER_LEADER: "Lãnh đạo khác (từ phó phòng trở lên)",
    IndividualClass.DIRECT_WORKER: "Người trực tiếp công tác, lao động, học tập, chiến đấu",
}
PROPOSING_BODY_LABELS = {
    ProposingBody.PROVINCE: "Tỉnh",
    ProposingBody.CENTRAL: "Bộ, ngành, đoàn thể trung ương",
}

INDIVIDUAL_CLASS = Column(
    "individual_class",
    "Thành phần cá nhân (thống kê)",
    hint="Không bắt buộc; chỉ với cá nhân: " + "; ".join(INDIVIDUAL_CLASS_LABELS.values()) + ".",
    width=30,
    may_be_absent=True,
)
ENTERPRISE = Column(
    "is_enterprise",
    "Là doanh nghiệp (thống kê)",
    hint="Không bắt buộc; chỉ với tập thể: “Có” hoặc “Không”.",
    width=14,
    may_be_absent=True,
)
PROPOSING_BODY = Column(
    "proposing_body",
    "Cơ quan trình khen (thống kê)",
    hint="Không bắt buộc; chỉ với khen thưởng cấp Nhà nước: “Tỉnh” hoặc “Bộ, ngành, đoàn thể trung ương”.",
    width=24,
    may_be_absent=True,
)
CLASS_COLUMNS = (INDIVIDUAL_CLASS, ENTERPRISE, PROPOSING_BODY)
# The optional columns come last: a file made from the previous template (without them) still imports.
DECISION_COLUMNS = (
    AWARD,
    KIND,
    RECIPIENT_KIND,
    NAME,
    POSITION,
    WORKPLACE,
    GRASSROOTS,
    BIRTH_DATE,
    ID_NUMBER,
    *CLASS_COLUMNS,
)
DOSSIER_COLUMNS = (AWARD, RECIPIENT_KIND, NAME, POSITION, ACHIEVEMENTS, BIRTH_DATE, ID_NUMBER)


def normalise(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def column_label(index: int, column: Column) -> str:
    return f"{get_column_letter(index + 1)} – {column.header}"
