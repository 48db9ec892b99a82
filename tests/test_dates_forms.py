"""Date ranges in the forms resumes write that the first readers missed: misspelt months,
"upto date", "Contd", a range wrapped over two lines by a narrow column, and a start month
that borrows the end's year ("June - Aug 2018")."""

from __future__ import annotations

import pytest

from app.candidates.parsing.dates import find_date_ranges


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("Febuary 2016 - Augest 2018", "2016-02", "2018-08"),
        ("Decemeber 2015 to Jully 2016", "2015-12", "2016-07"),
        ("Jan 2017 upto date", "2017-01", "present"),
        ("Aug 2015 to Up to date", "2015-08", "present"),
        ("Jan 2017 upto Dec 2018", "2017-01", "2018-12"),
        ("Jan 2017 - Contd.", "2017-01", "present"),
        ("Mar 2019 - continuing", "2019-03", "present"),
        ("Jan 2018 - Presently working", "2018-01", "present"),
        ("January 2017 to\nTill Date", "2017-01", "present"),
        ("2016 to\n2017", "2016", "2017"),
        ("Jan\n2017 - Present", "2017-01", "present"),
        ("Jan 2017\n- Present", "2017-01", "present"),
        ("Jan 2017 to Till\nDate", "2017-01", "present"),
        ("June - Aug 2018", "2018-06", "2018-08"),
        ("Nov - Feb 2019", "2018-11", "2019-02"),
        ("working with Contoso from 2008 as a lead", "2008", "present"),
    ],
)
def test_date_forms(written: str, start: str, end: str) -> None:
    found = find_date_ranges(written)
    assert [(r.start, r.end) for r in found] == [(start, end)]


@pytest.mark.parametrize(
    "written",
    [
        "from 2010 for 3 years",
        "Mar - 2019",
        "Windows 10 - 2019 edition",
        "2016\n2017",  # two bare years on two lines are a list
        "Python 2016\nto learn",
    ],
)
def test_not_a_range(written: str) -> None:
    assert [(r.start, r.end) for r in find_date_ranges(written)] == []
