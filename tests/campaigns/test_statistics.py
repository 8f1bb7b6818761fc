"""A campaign's duration class in the annual statistics (biểu 0601), from its dates."""

import datetime

import pytest

from campaigns.models import Campaign
from campaigns.statistics import campaign_duration_class

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 3, 15), D(2024, 12, 31), "under_1"),
        (D(2024, 1, 1), D(2024, 11, 30), "under_1"),
        (D(2024, 1, 1), D(2024, 12, 31), "1"),  # a calendar year
        (D(2023, 12, 1), D(2024, 11, 30), "1"),  # a statistical year
        (D(2024, 1, 1), D(2025, 1, 31), "1_to_3"),
        (D(2021, 1, 1), D(2023, 12, 30), "1_to_3"),  # one day short of three years
        (D(2021, 1, 1), D(2023, 12, 31), "3_to_5"),
        (D(2021, 1, 1), D(2025, 12, 31), "5_plus"),
        (D(2024, 2, 29), D(2025, 2, 27), "under_1"),
        (D(2024, 2, 29), D(2025, 2, 28), "1"),
    ],
)
def test_duration_class_from_the_dates(start, end, expected):
    campaign = Campaign(start_date=start, end_date=end, duration_class="5_plus")
    assert campaign_duration_class(campaign=campaign) == expected


def test_without_an_end_the_entered_class_or_not_classified():
    assert campaign_duration_class(campaign=Campaign(start_date=D(2024, 1, 1), duration_class="1")) == "1"
    assert campaign_duration_class(campaign=Campaign(start_date=D(2024, 1, 1))) == ""
