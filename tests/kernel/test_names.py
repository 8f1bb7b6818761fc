import pytest

from kernel.lib.names import name_key


@pytest.mark.parametrize(
    "text",
    ["Hoàng Văn Đức", "hoang van duc", "HOÀNG  VĂN   ĐỨC", "  Hoang Van Duc ", "HOANG VAN DUC"],
)
def test_the_same_name_typed_differently_gives_one_key(text):
    assert name_key(text) == "hoang van duc"


def test_different_names_keep_different_keys():
    assert name_key("Nguyễn Thị Hà") != name_key("Nguyễn Thị Hải")
    assert name_key("") == ""
