"""Hand-written CV headers in the shapes real ones take, each with the personal values it holds.

The public corpus carries almost no names or contact lines, so these supply them: a name the
parser cannot find (after "CURRICULUM VITAE", after a photo caption, mid-header, in lower case,
glued to contact data), labelled and unlabelled personal details, street addresses, contact
labels and handles. Every body names skills and places that look like names ("Ruby", "Julia",
"Jenkins", "Austin") which must survive redaction. The values are invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderCase:
    key: str
    text: str
    secrets: tuple[str, ...]  # must not reach the evaluator (case-insensitive, word-bounded)
    kept: tuple[str, ...]  # must reach it, verbatim


_BODY = """
Summary
Backend engineer with 7 years of experience in Ruby, Julia and Python. Based in Austin.

Skills
Ruby on Rails, Django, Jenkins, Ansible, Rust, Kubernetes, PostgreSQL

Experience
Senior Software Engineer, Acme Corp, Austin, TX (Jan 2019 - Present)
Built CI pipelines with Jenkins and Ansible; services in Ruby and Django.
Speaker at the Grace Hopper Celebration 2022.

Education
B.Tech in Computer Science, Pune University, 2016
"""

_KEPT = ("Ruby on Rails, Django, Jenkins, Ansible", "Based in Austin", "Grace Hopper Celebration")

CASES: tuple[HeaderCase, ...] = (
    HeaderCase(
        "plain",
        "Priya Raman\nSenior Software Engineer\npriya.raman@example.com | +91 98765 43210\n"
        + _BODY,
        ("priya", "raman", "example.com", "98765"),
        _KEPT,
    ),
    HeaderCase(
        "cv_title_first",
        "CURRICULUM VITAE\n\nRahul Verma\nMobile: +91-9988776655\nEmail: rahul.v@mail.in\n" + _BODY,
        ("rahul", "verma", "9988776655", "mail.in"),
        _KEPT,
    ),
    HeaderCase(
        "lowercase_name",
        "anita kulkarni\nsoftware developer | pune, india\nanita.k@example.org\n" + _BODY,
        ("anita", "kulkarni", "example.org"),
        _KEPT,
    ),
    HeaderCase(
        "photo_caption_then_name",
        "Photo: passport-size photograph attached\nMeera Iyer\nData Engineer\n"
        "Phone: 080 2345 6789\n" + _BODY,
        ("meera", "iyer", "2345 6789", "photograph"),
        _KEPT,
    ),
    HeaderCase(
        "name_mid_header",
        "Senior Java Developer\nContact: +44 7700 900123 | sam.okafor@example.co.uk\n"
        "Samuel Okafor\nLondon, United Kingdom\n" + _BODY,
        ("samuel", "okafor", "7700 900123", "example.co.uk"),
        _KEPT,
    ),
    HeaderCase(
        "labelled_personal_block",
        "RESUME\nName: Karthik Subramanian\nDate of Birth: 14/08/1991\nAge: 34\n"
        "Nationality: Indian\nMarital Status: Married\nGender: Male\nReligion: Hindu\n"
        "Passport No: K1234567\n" + _BODY,
        ("karthik", "subramanian", "14/08/1991", "indian", "married", "hindu", "k1234567"),
        _KEPT,
    ),
    HeaderCase(
        "caps_name_glued_to_contact",
        "VIKRAM SINGH RATHORE | vikram.rathore@example.com | linkedin.com/in/vikram-rathore\n"
        "DevOps Engineer\n" + _BODY,
        ("vikram", "rathore", "example.com"),
        _KEPT,
    ),
    HeaderCase(
        "street_address",
        "Emily Carter\n1234 Elm Street, Apt 5B, Austin, TX 78701\n(512) 555-0199 · "
        "emily.carter@example.com\n" + _BODY,
        ("emily", "carter", "elm street", "78701", "555-0199"),
        _KEPT,
    ),
    HeaderCase(
        "uk_address_age",
        "Oliver Bennett\n221B Baker Street, London NW1 6XE\n34 years old, married, British\n"
        + _BODY,
        ("oliver", "bennett", "baker street", "nw1 6xe", "34 years old", "married", "british"),
        _KEPT,
    ),
    HeaderCase(
        "contact_labels_and_handles",
        "José María García-López\nFull-stack developer\nLinkedIn | GitHub | Skype: jm.garcia\n"
        "Twitter: @jmgarcia · github.com/jmgarcia\n" + _BODY,
        ("josé", "garcía", "lópez", "jm.garcia", "@jmgarcia", "github.com/jmgarcia", "linkedin"),
        _KEPT,
    ),
    HeaderCase(
        "born_and_sex",
        "Lena Fischer\nBorn: 3 March 1990 in Hamburg\nSex: female\nCitizenship: German\n"
        "Hauptstraße 12, 10115 Berlin\n" + _BODY,
        ("lena", "fischer", "1990", "hamburg", "female", "german", "hauptstraße", "10115"),
        _KEPT,
    ),
    HeaderCase(
        "pronouns_and_titles",
        "Mrs. Sunita Rao\nProject Manager\nShe led a team of 12; her team shipped on time.\n"
        + _BODY,
        ("sunita", "rao", "mrs", "she", "her"),
        _KEPT,
    ),
)
