"""A campaign's classes in the annual statistics (biểu 0601 of Thông tư 02/2023/TT-BNV, 0701 of Thông tư
03/2018/TT-BNV) that its dates decide."""

import datetime

from campaigns.models import Campaign

DurationClass = Campaign.DurationClass


def _whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to the day after `end` (both included): 01/01–31/12 is 12, 15/03–31/12 is 9."""
    after = end + datetime.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months if after.day >= start.day else months - 1


def campaign_duration_class(*, campaign: Campaign) -> str:
    """The campaign's duration class: from its dates when it has an end, else what staff entered ("" when
    neither tells it). "1 year" is a campaign of twelve whole months, as a calendar year's; one of thirteen
    months or more is "1 to under 3 years"."""
    if campaign.end_date is None:
        return campaign.duration_class
    months = _whole_months(campaign.start_date, campaign.end_date)
    if months < 12:
        return DurationClass.UNDER_ONE_YEAR
    if months == 12:
        return DurationClass.ONE_YEAR
    if months < 36:
        return DurationClass.ONE_TO_THREE
    if months < 60:
        return DurationClass.THREE_TO_FIVE
    return DurationClass.FIVE_AND_MORE
