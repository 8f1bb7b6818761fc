"""Builders for the meeting page and minutes tests: a council of 10 (70% is exactly 7 members, 90% exactly 9),
one member from the proposing unit (a conflict) and one with the council member persona's account."""

import datetime

from awards.council.meetings import meeting_create
from awards.council.services import MemberFields
from awards.models import CouncilRole
from tests.awards.council_helpers import compose, council, members, register
from tests.awards.test_meetings import _dossier_at_meeting
from tests.factories import UnitFactory

MEETING_DAY = datetime.date(2018, 5, 15)
OPEN_CODE, SECRET_CODE = "BK_TINH", "CSTD_TINH"  # open vote at 70%; secret ballot at 90%


def council_of_ten(*, user=None, unit=None, the_council=None, on=None):
    member_list = members(10)
    member_list[3] = MemberFields(
        role=CouncilRole.MEMBER, full_name="Lý Thị Tư", title="Giám đốc Sở Tư pháp", unit=unit
    )
    member_list[5] = MemberFields(
        role=CouncilRole.STANDING_MEMBER, full_name="Vi Văn Thường", title="Trưởng Ban Thi đua - Khen thưởng", user=user
    )
    if the_council is None:
        return compose(member_list=member_list)
    document = register(f"{the_council.pk}99/QĐ-UBND", on)
    return compose(on=on, document=document, member_list=member_list, the_council=the_council)


def dossier_sent(unit, names=("Hoàng Văn Phong", "Nông Thị Hà")):
    """A dossier at the council with two nominees: the first for an open vote, the second for a secret one."""
    return _dossier_at_meeting(unit, (names[0], OPEN_CODE), (names[1], SECRET_CODE))


def meeting_of(dossiers, *, the_council=None, title="Phiên họp tháng 5"):
    return meeting_create(
        actor=None,
        council=the_council or council(),
        date=MEETING_DAY,
        place="Trụ sở UBND tỉnh",
        title=title,
        dossiers=dossiers,
    )


def full_setting(user=None):
    """The province's council with its meeting (the persona `user` listed in it), and another council's meeting."""
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(user=user, unit=unit)
    dossier = dossier_sent(unit)
    meeting = meeting_of([dossier])
    other_council = council("Hội đồng Thi đua - Khen thưởng khối doanh nghiệp")
    council_of_ten(the_council=other_council, on=datetime.date(2018, 4, 12))
    other = meeting_of([dossier_sent(UnitFactory(), ("Lương Văn Khác", "Mã Thị Khác"))], the_council=other_council)
    return meeting, dossier, other


def meeting_with_accounts(persona):
    """The council of 10, every member with an account, the persona being Lý Thị Tư (4th, from the proposing
    unit); two open nominees and a secret one, all ten present; and another council's meeting.
    Returns (meeting, dossier, users in member order, the other meeting)."""
    from awards.council.meetings import meeting_attendance_set
    from awards.models import CouncilMember
    from tests.factories import UserFactory

    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(unit=unit)
    dossier = _dossier_at_meeting(
        unit, ("Hoàng Văn Phong", OPEN_CODE), ("Đinh Văn Hai", OPEN_CODE), ("Nông Thị Hà", SECRET_CODE)
    )
    meeting = meeting_of([dossier])
    users = []
    for member in meeting.composition.members.order_by("position"):
        user = persona if member.full_name == "Lý Thị Tư" else UserFactory(username=f"thanhvien{member.pk}")
        CouncilMember.objects.filter(pk=member.pk).update(user=user)
        users.append(user)
    ids = [m.pk for m in meeting.composition.members.all()]
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))
    other_council = council("Hội đồng Thi đua - Khen thưởng khối doanh nghiệp")
    council_of_ten(the_council=other_council, on=datetime.date(2018, 4, 12))
    other = meeting_of([dossier_sent(UnitFactory(), ("Lương Văn Khác", "Mã Thị Khác"))], the_council=other_council)
    return meeting, dossier, users, other
