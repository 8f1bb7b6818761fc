"""Builders for the council tests: register entries and compositions made through the services."""

import datetime

from awards.council.services import MemberFields, council_compose
from awards.models import Council, CouncilRole
from campaigns.models import Document
from campaigns.services import DocumentFields, document_create

D_651 = datetime.date(2018, 4, 11)


def register(
    number_and_symbol="651/QĐ-UBND", date=D_651, summary="về việc kiện toàn Hội đồng Thi đua - Khen thưởng tỉnh"
):
    return document_create(
        actor=None,
        fields=DocumentFields(
            number_and_symbol=number_and_symbol, date=date, summary=summary, issued_by="Chủ tịch UBND tỉnh"
        ),
    )


def council(name="Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn"):
    return Council.objects.get_or_create(name=name)[0]


def members(count=5, *, names=None, chair="Nông Văn Thành"):
    """A chair, a standing vice-chair, then members: `count` in all (or the given names after the chair)."""
    result = [MemberFields(role=CouncilRole.CHAIR, full_name=chair, title="Chủ tịch UBND tỉnh")]
    others = names if names is not None else [f"Hoàng Văn Thành viên {i}" for i in range(1, count)]
    for index, name in enumerate(others):
        role = CouncilRole.STANDING_VICE_CHAIR if index == 0 else CouncilRole.MEMBER
        result.append(MemberFields(role=role, full_name=name, title=f"Giám đốc Sở số {index + 1}"))
    return result


def compose(*, on=D_651, document: Document | None = None, member_list=None, the_council=None, actor=None):
    document = document or register(f"{on.day}{on.month}/QĐ-UBND", on)
    return council_compose(
        actor=actor,
        council=the_council or council(),
        document=document,
        effective_from=on,
        members=member_list if member_list is not None else members(),
        reason="Nhập quyết định kiện toàn",
    )
