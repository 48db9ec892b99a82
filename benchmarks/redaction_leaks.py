"""How many evaluator inputs still hold a personal line: the public CSV and hand-written headers.

    python -m benchmarks.redaction_leaks [--show 5]

Each CV is extracted as the importer does (`extract_profile`) and redacted as the evaluator
receives it (`redact_profile`). Two checks, deliberately simpler than the redactor and
independent of it, so that it cannot grade itself:

- the 166 distinct resumes of `shared/data/resumes/UpdatedResumeDataSet.csv`: labelled personal
  lines with a value left ("DOB: 21/03/1986", "Marital status: Single", "Name: ..."), ages,
  emails, phones, URLs and contact labels;
- `benchmarks/redaction_cvs.py`: CVs whose personal values are known, so any of them left in
  the input counts (word-bounded, case-insensitive), and skills/places that must stay.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

from agents.evaluation.redaction import redact_profile
from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from benchmarks.redaction_cvs import CASES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "resumes"
TODAY = date(2026, 11, 24)

# A personal label followed by a value that is not a placeholder.
_VALUE = r"[ \t]*[:\-–][ \t]*(?!\[|[ \t]*$)[^\n]"
LEAKS: dict[str, re.Pattern[str]] = {
    "birth": re.compile(rf"(?:date[ \t]+of[ \t]+birth|\bd\.?o\.?b\.?|\bborn\b){_VALUE}", re.I),
    "birth_nolabel": re.compile(r"\b(?:d\.?o\.?b\.?|born)[ \t]+\d", re.I),
    "age": re.compile(r"\bage[ \t]*[:\-–][ \t]*\d|\b\d\d[ \t]*(?:years?|yrs)[ \t-]*old\b", re.I),
    "marital": re.compile(rf"marital[ \t]+status{_VALUE}", re.I),
    "gender": re.compile(rf"\b(?:gender|sex){_VALUE}", re.I),
    "nationality": re.compile(rf"\bnationality{_VALUE}", re.I),
    "religion": re.compile(rf"\breligion{_VALUE}", re.I),
    "relative": re.compile(rf"\b(?:father|mother|husband|spouse)['’]?s?[ \t]+name{_VALUE}", re.I),
    "name_label": re.compile(rf"(?<![A-Za-z][ \t])(?<![A-Za-z])name{_VALUE}", re.I),
    "passport": re.compile(rf"\bpassport(?:[ \t]+no\.?)?{_VALUE}", re.I),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "phone": re.compile(r"(?<![\d/.-])(?:\+\d{1,3}[ .-]?)?(?:\(?\d{2,5}\)?[ .-]?){2,4}\d{3,5}\b"),
    "url": re.compile(r"https?://|\bwww\.|linkedin\.com|github\.com", re.I),
    "contact_label": re.compile(r"^[ \t]*(?:linkedin|github|skype)\b", re.I | re.M),
    # A label withheld but its value cut short: "[PERSONAL] Tirlok Aggarwal" after "Mr.".
    "value_after_placeholder": re.compile(r"\[PERSONAL\][ \t]+[A-Z][a-z]+[ \t]+[A-Z][a-z]+"),
}


def _phone_like(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    # Year ranges ("2016 - 2019") and short numbers are not phones.
    return len(digits) >= 10 and not re.fullmatch(r"(?:(?:19|20)\d\d)+", digits)


def leaks_in(text: str) -> list[str]:
    found = []
    for kind, pattern in LEAKS.items():
        for m in pattern.finditer(text):
            if kind == "phone" and not _phone_like(m.group()):
                continue
            found.append(kind)
            break
    return found


def _evaluator_input(source: str, text: str) -> str:
    profile = extract_profile(RawRecord(source=source, text=text), today=TODAY)
    return redact_profile(profile).text.text


def _word(needle: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text, re.IGNORECASE) is not None


def corpus(show: int) -> None:
    path = CORPUS / "UpdatedResumeDataSet.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(dict.fromkeys(row["Resume"] for row in csv.DictReader(handle)))
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    with_any_before = with_any_after = 0
    examples: list[str] = []
    for n, raw in enumerate(rows):
        text = clean_text(raw)
        kinds_before = leaks_in(text)
        kinds_after = leaks_in(_evaluator_input(f"row{n}", text))
        before.update(kinds_before)
        after.update(kinds_after)
        with_any_before += bool(kinds_before)
        with_any_after += bool(kinds_after)
        if kinds_after and len(examples) < show:
            redacted = _evaluator_input(f"row{n}", text)
            for kind in kinds_after:
                m = LEAKS[kind].search(redacted)
                if m:
                    line = redacted[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                    examples.append(f"  row {n} {kind}: ...{line}...")
    print(f"public CSV: {len(rows)} distinct resumes")
    print(f"  raw text with a personal line:        {with_any_before}  {dict(before)}")
    print(f"  evaluator input with a personal line: {with_any_after}  {dict(after)}")
    print("\n".join(examples))


def headers() -> None:
    leaking = lost = 0
    for case in CASES:
        redacted = _evaluator_input(case.key, case.text)
        left = [secret for secret in case.secrets if _word(secret, redacted)]
        missing = [kept for kept in case.kept if kept not in redacted]
        leaking += bool(left)
        lost += bool(missing)
        status = "ok" if not left and not missing else f"left={left} lost={missing}"
        print(f"  {case.key:28} {status}")
    print(f"hand-written headers: {len(CASES)} CVs")
    print(f"  evaluator input with a personal value: {leaking}")
    print(f"  with a look-alike skill/place lost:    {lost}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=5, help="example leaks to print")
    args = parser.parse_args()
    headers()
    if CORPUS.is_dir():
        corpus(args.show)
    else:
        print(f"public CSV skipped: {CORPUS} not found")


if __name__ == "__main__":
    main()
