"""Jobs whose lines a page layout wrapped: a narrow column breaks the export's "company - X"
line, a "Role:" value or a date range in two, anywhere. The texts are written for these tests
in the public corpus' export shape; none is a corpus row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from fpdf import FPDF

from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord
from tests.documents import read_one

TODAY = date(2024, 6, 1)


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


def jobs(profile: ParsedProfile) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.title, w.company, w.start, w.end) for w in profile.work_history]


def export(body: str, title: str = "Engineer") -> str:
    head = (
        "Education Details \nB.E Computer Engineering Nagpur University\n"
        f"{title} \n\n\nSkill Details \nJava- Experience - 24 monthsCompany Details \n"
    )
    return head + body


def test_a_date_range_wrapped_after_its_to_is_read_whole() -> None:
    profile = extract(
        export(
            "company - Zeta Systems\ndescription - Role: Java Developer\n"
            "Duration: June 2015 to\nMay 2018\nBuilt the billing services."
        )
    )
    assert jobs(profile) == [("Java Developer", "Zeta Systems", "2015-06", "2018-05")]


def test_a_range_wrapped_before_its_end_year_is_not_read_as_open_ended() -> None:
    # Cut at the break, "from March 2016" would run to the present.
    profile = extract(
        export(
            "company - Zeta Systems\ndescription - Worked as a Java Developer from March 2016"
            " to April\n2019 on the billing services."
        )
    )
    assert jobs(profile) == [("Java Developer", "Zeta Systems", "2016-03", "2019-04")]


def test_two_dates_on_two_lines_are_still_two_lines() -> None:
    # Unwrapping only joins what a break cut: a whole range on the first line stays as read.
    profile = extract(
        export(
            "company - Zeta Systems\ndescription - Role: Java Developer\n"
            "Jan 2014 - Dec 2016\nMigrated 2017 - 2018 archives."
        )
    )
    assert jobs(profile) == [("Java Developer", "Zeta Systems", "2014-01", "2016-12")]


def test_a_wrapped_company_line_keeps_the_whole_name() -> None:
    profile = extract(
        export(
            "company - Hewlett-Packard India Sales Private Limited on the payroll of\n"
            "Softenger India\ndescription - Role: Database Administrator\nJan 2016 - Mar 2018"
        )
    )
    [job] = profile.work_history
    assert job.company == (
        "Hewlett-Packard India Sales Private Limited on the payroll of Softenger India"
    )
    assert (job.title, job.start, job.end) == ("Database Administrator", "2016-01", "2018-03")
    assert not (job.description or "").startswith("Softenger")


def test_a_role_value_wrapped_onto_the_next_line_is_joined() -> None:
    profile = extract(
        export("company - Zeta Systems\ndescription - Role: Senior Software\nEngineer\nBuilt APIs.")
    )
    assert jobs(profile) == [("Senior Software Engineer", "Zeta Systems", None, None)]


def test_a_complete_role_value_does_not_take_the_next_line() -> None:
    profile = extract(
        export("company - Zeta Systems\ndescription - Role: Team Lead\nDeveloper tools\nBuilt.")
    )
    assert jobs(profile) == [("Team Lead", "Zeta Systems", None, None)]


def test_early_career_and_trade_titles_are_titles() -> None:
    # "internship", "trainee": the resume's headline titles its one untitled employer.
    for headline in ("Data Science Internship", "Graduate Engineer Trainee", "Site Incharge"):
        profile = extract(export("company - Itechpower\ndescription - ", title=headline))
        assert jobs(profile) == [(headline, "Itechpower", None, None)], headline


def test_a_narrow_pdf_column_wrapping_the_job_reads_it_whole(tmp_path: Path) -> None:
    """The real PDF reader on a two-column page whose main column wraps the lines."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = export(
        "company - Hewlett-Packard India Sales Private Limited on the payroll of Softenger\n"
        "description - Role: Senior Database Administrator for the SQL Server estate\n"
        "Duration: From the month of June 2015 to May 2018\nRan the clusters."
    ).split("\n")
    pdf.set_xy(10, 20)
    pdf.multi_cell(45, 5, "Contact\nNagpur\nSkills\nSQL Server\nWindows")
    y = 20.0
    for line in lines:
        pieces: list[str] = pdf.multi_cell(70, 5, line or " ", dry_run=True, output="LINES")  # type: ignore[assignment]
        for piece in pieces:
            pdf.set_xy(70, y)
            pdf.cell(70, 5, piece)
            y += 5
    path = tmp_path / "narrow.pdf"
    pdf.output(str(path))
    record = read_one(path)
    profile = extract_profile(record, today=TODAY)
    [job] = profile.work_history
    assert job.company is not None and job.company.endswith("payroll of Softenger"), job.company
    assert (job.start, job.end) == ("2015-06", "2018-05")
    assert job.title is not None and job.title.startswith("Senior Database Administrator")


def test_a_worked_as_sentence_broken_inside_its_title_names_the_whole_title() -> None:
    profile = extract(
        export(
            "company - Zeta Systems\ndescription - Built the billing services. I worked as a"
            " Software\nEngineer in the payments team."
        )
    )
    assert jobs(profile) == [("Software Engineer", "Zeta Systems", None, None)]


def _sidebar_first_docx(path: Path, sidebar: list[str], main: list[str]) -> Path:
    """A two-column layout table, as CV templates build one: sidebar cell, then main."""
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    for cell, lines in ((left, sidebar), (right, main)):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_job_moved_into_the_sidebar_stays_after_the_latest_job(tmp_path: Path) -> None:
    """The real DOCX reader on a sidebar layout whose "Tools" heading took the second job's
    block into the sidebar, read before the main column: the latest job is still first, and
    the moved job's description does not run into the main column's top."""
    head = export("").rstrip("\n").split("\n")
    sidebar = [
        "Contact",
        "Nagpur",
        "Tools:",
        "Java, Spring",
        "company - Zeta Systems",
        "description - Role: Junior Developer",
        "Jan 2013 to May 2015",
    ]
    main = [
        *head[:4],
        "Java Developer - Acme Softech Pvt Ltd",
        *head[5:],
        "company - Acme Softech Pvt Ltd",
        "description - Duration: June 2015 to May 2018",
        "Built the billing services.",
    ]
    record = read_one(_sidebar_first_docx(tmp_path / "two.docx", sidebar, main))
    assert (record.text or "").index("Zeta") < (record.text or "").index("Acme")
    profile = extract_profile(record, today=TODAY)
    assert jobs(profile) == [
        ("Java Developer", "Acme Softech Pvt Ltd", "2015-06", "2018-05"),
        ("Junior Developer", "Zeta Systems", "2013-01", "2015-05"),
    ]
    assert "Skill Details" not in (profile.work_history[1].description or "")


def test_dates_written_with_the_company_date_the_job() -> None:
    profile = extract(
        export(
            "company - Acme Softech Pvt Ltd (June 2015 to May 2018)\ndescription - Role: Java"
            " Developer\nBuilt the billing services."
        )
    )
    assert jobs(profile) == [("Java Developer", "Acme Softech Pvt Ltd", "2015-06", "2018-05")]


def test_a_table_row_with_the_dates_before_the_company_line_is_read(tmp_path: Path) -> None:
    """The real DOCX reader on a row "dates | company - X": the block is still a job."""
    document = docx.Document()
    for line in export("").rstrip("\n").split("\n"):
        document.add_paragraph(line)
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text, row.cells[1].text = "June 2015 to May 2018", "company - Acme Softech"
    document.add_paragraph("description - Role: Java Developer")
    document.add_paragraph("company - Zeta Systems")
    document.add_paragraph("description - Role: Junior Developer, Jan 2013 to May 2015")
    document.save(str(tmp_path / "row.docx"))
    profile = extract_profile(read_one(tmp_path / "row.docx"), today=TODAY)
    assert jobs(profile) == [
        ("Java Developer", "Acme Softech", "2015-06", "2018-05"),
        ("Junior Developer", "Zeta Systems", "2013-01", "2015-05"),
    ]


def test_a_title_before_or_after_the_dates_on_the_first_line_is_the_title() -> None:
    profile = extract(
        export(
            "company - Acme Softech\ndescription - Java Developer June 2015 to May 2018\nBuilt"
            " APIs.\ncompany - Zeta Systems\ndescription - Jan 2013 to May 2015 Junior Developer"
            "\nWrote tests."
        )
    )
    assert jobs(profile) == [
        ("Java Developer", "Acme Softech", "2015-06", "2018-05"),
        ("Junior Developer", "Zeta Systems", "2013-01", "2015-05"),
    ]


def test_a_table_row_splitting_the_dates_from_the_title_keeps_the_title() -> None:
    # The DOCX reader's row "Jan 2013 to May 2015 | description - Junior Developer".
    profile = extract(
        export(
            "company - Zeta Systems\nJan 2013 to May 2015 | description - Junior Developer\n"
            "Wrote tests."
        )
    )
    assert jobs(profile) == [("Junior Developer", "Zeta Systems", "2013-01", "2015-05")]
