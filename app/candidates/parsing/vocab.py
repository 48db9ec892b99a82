"""Word lists the extractors consult: what looks like a job title, what never is a name, and
which words in front of an institution are only its state."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The public corpus writes "City, State Institution" ("Pune, Maharashtra Pune University"); a
# state or country name in front of the institution is location, not part of its name.
REGION_WORDS = _words(
    "in india maharashtra karnataka telangana andhra pradesh tamil nadu kerala gujarat "
    "rajasthan uttar madhya bengal west assam punjab haryana delhi bihar odisha orissa goa "
    "jharkhand chhattisgarh uttarakhand himachal jammu kashmir sikkim tripura manipur "
    "meghalaya mizoram nagaland arunachal chandigarh"
)
NOT_NAME_WORDS = _words(
    "resume curriculum vitae cv profile summary objective contact details personal information "
    "skills experience education projects page address email phone mobile linkedin github "
    "the and for with of in at to from university college institute school company pvt ltd "
    "india mumbai pune bangalore delhi hyderabad chennai london new york"
)
TITLE_WORDS = _words(
    "engineer developer manager analyst designer consultant intern lead director scientist "
    "architect specialist administrator officer executive assistant associate coordinator "
    "tester teacher professor lecturer trainer accountant advocate lawyer supervisor head "
    "programmer technician representative agent clerk nurse editor writer founder owner "
    "president vp ceo cto cfo partner operator sales recruiter instructor dba "
    # Trades and early-career words of resumes outside software ("Graduate Engineer
    # Trainee", "Data Science internship", "Site Incharge", "Quantity Surveyor").
    "internship trainee apprentice researcher auditor advisor adviser counsellor counselor "
    "secretary receptionist technologist surveyor draftsman draughtsman foreman electrician "
    "mechanic inspector planner strategist tutor coach therapist pharmacist chemist "
    "physician doctor surgeon dietitian nutritionist paralegal attorney solicitor banker "
    "cashier underwriter actuary economist statistician bookkeeper buyer merchandiser "
    "marketer salesman steward chef incharge freelancer sde"
)
