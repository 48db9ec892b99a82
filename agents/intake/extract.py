"""Pull the job's frame out of the text: title, seniority, location, work mode, type, years.

All rules here are regular expressions over the (protected-attribute-masked) text; the only
knowledge source is the O*NET taxonomy, used to tell a title word from a skill and to score
title candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agents.intake.segments import BOILERPLATE, Document, Sentence, wordset
from agents.schemas import EmploymentType, Seniority
from app.taxonomy import TitleMatch, get_taxonomy

# What a job title ends with. Deliberately a list, not O*NET's 60k titles: it only has to find
# where a title sits in a sentence; O*NET then decides what the title means.
_HEAD_WORDS = (
    "engineer|developer|programmer|architect|scientist|analyst|designer|manager|director"
    "|consultant|specialist|administrator|admin|nurse|accountant|auditor|recruiter|technician"
    "|driver|teacher|assistant|coordinator|officer|representative|writer|editor|marketer"
    "|salesperson|researcher|physician|doctor|pharmacist|therapist|mechanic|electrician"
    "|operator|clerk|cashier|chef|cook|attorney|lawyer|paralegal|advisor|adviser|planner"
    "|strategist|owner|master|sre|tester|agent|supervisor|controller|bookkeeper|economist"
    "|statistician|psychologist|counsell?or|librarian|pilot|welder|plumber|carpenter|machinist"
    "|secretary|receptionist|buyer|copywriter|photographer|producer|animator|actuary"
    "|underwriter|broker|trader|banker|cto|cfo|ceo|coo|cmo|ciso|cio|vp|lead|intern|associate"
    "|executive|partner|instructor|professor|lecturer|tutor|caregiver|aide|paramedic|dentist"
    "|hygienist|surgeon|veterinarian|technologist|waiter|bartender|barista|housekeeper|janitor"
    "|guard|firefighter|dispatcher|estimator|surveyor|drafter|inspector|investigator"
    "|modell?er|head|generalist|evangelist|advocate|hacker|dev"
)
_HEAD = re.compile(rf"^(?:{_HEAD_WORDS})(?:s|es)?$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,;:()\[\]{}\"“”]+")
# Words that end a title when reading backwards from its head word.
_STOP = wordset(
    "a an the me us find hire hiring need needs needed want wanted looking seeking searching "
    "search source recruit recruiting for we i you our your are is am be to with and or as of "
    "in at on from by who that experienced talented great strong passionate motivated skilled "
    "good new another two three several some join help get please role position job rockstar "
    "ninja dedicated driven excellent ideal remote hybrid onsite full-time part-time contract "
    "freelance permanent temporary like also this that these those its their my"
)
_SENIORITY_WORDS: dict[str, Seniority] = {
    "intern": "intern", "interns": "intern", "internship": "intern", "trainee": "intern",
    "apprentice": "intern", "junior": "junior", "jr": "junior", "jr.": "junior",
    "graduate": "junior", "entry-level": "junior", "entry": "junior", "mid": "mid",
    "mid-level": "mid",
    "intermediate": "mid", "senior": "senior", "sr": "senior", "sr.": "senior",
    "snr": "senior", "lead": "lead", "staff": "lead", "principal": "principal",
    "distinguished": "principal", "head": "executive", "director": "executive",
    "vp": "executive", "chief": "executive", "cto": "executive", "cio": "executive",
    "cfo": "executive", "ceo": "executive", "coo": "executive", "cmo": "executive",
    "ciso": "executive",
}  # fmt: skip
# Words that are a rank only when something else names the job ("Lead Engineer" is a lead,
# "Tech Lead" too, but an "Intern" alone is still the title).
_RANK_ONLY = frozenset(
    {"senior", "sr", "sr.", "snr", "junior", "jr", "jr.", "mid", "mid-level", "entry-level"}
)
_RANK_IN_TITLE = frozenset({"head", "director", "vp", "chief"})  # part of the job's name
_TRAINEE = frozenset({"intern", "trainee", "apprentice"})
# Titles made only of these words ("Engineer", "Tech Lead", "Analyst") do not say which job:
# O*NET would answer Petroleum Engineers or Surgical Technologists, so they are asked about.
_GENERIC = wordset(
    "engineer developer manager analyst consultant specialist lead associate assistant officer "
    "coordinator agent executive partner technician operator administrator admin advisor "
    "adviser director head representative supervisor designer architect scientist tech "
    "technical team staff senior junior principal mid intern trainee"
)
_SENIORITY_PATTERNS: tuple[tuple[Seniority, str], ...] = (
    ("intern", r"\b(?:internship|intern|trainee|apprenticeship)\b"),
    (
        "junior",
        r"\b(?:junior|jr\.?|entry[- ]level|graduate (?:role|program(?:me)?|position))"
        r"\b",
    ),
    ("mid", r"\b(?:mid[- ]level|mid[- ]senior|intermediate)\b|^\W*mid\W*$"),
    ("senior", r"\b(?:senior|sr\.?|snr|seasoned)\b"),
    (
        "lead",
        r"\b(?:(?:tech|team|technical)\s+lead|lead\s+(?:\w+\s+)?(?:engineer|developer"
        r"|designer|architect|scientist|analyst)|staff\s+(?:\w+\s+)?engineer)\b|^\W*lead\W*$",
    ),
    ("principal", r"\bprincipal\b"),
    (
        "executive",
        r"\b(?:head\s+of|director|vice\s+president|vp|chief\s+\w+\s+officer"
        r"|c-level|c-suite)\b",
    ),
)
_TEXT_SENIORITY = tuple((level, re.compile(p, re.IGNORECASE)) for level, p in _SENIORITY_PATTERNS)
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "in", "to", "a", "an", "on", "at"})
_SPELLING = {
    "devops": "DevOps", "sre": "SRE", "qa": "QA", "ux": "UX", "ui": "UI", "ios": "iOS",
    "ml": "ML", "ai": "AI", "hr": "HR", "it": "IT", "vp": "VP", "cto": "CTO", "cfo": "CFO",
    "ceo": "CEO", "coo": "COO", "cmo": "CMO", "cio": "CIO", "ciso": "CISO", "seo": "SEO",
    "dev": "Developer", "eng": "Engineer", "mgr": "Manager",
    "php": "PHP", "sql": "SQL", "aws": "AWS", "gcp": "GCP", "bi": "BI", "erp": "ERP",
    "crm": "CRM", "sap": "SAP", "net": "NET", "llm": "LLM", "nlp": "NLP",
}  # fmt: skip
_GENDER_MARKER = re.compile(r"\(\s*(?:[mfwdx]\s*/\s*){1,2}[mfwdxi*]\s*\)|\(all genders\)", re.I)
_TITLE_LABEL = re.compile(r"^\s*(?:job\s+title|title|position|role|vacancy)\s*:\s*(.+)$", re.I)
MIN_FUZZY_TITLE = 0.6  # below this a fuzzy O*NET match is more often wrong than right


@dataclass(frozen=True, slots=True)
class TitleFound:
    title: str  # as the recruiter wrote it, without rank words, title-cased
    seniority: Seniority | None
    match: TitleMatch | None
    start: int  # offsets of the title phrase in the text
    end: int


def _spell(word: str) -> str:
    lower = word.lower()
    if lower in _SPELLING:
        return _SPELLING[lower]
    return word if word != lower else word.capitalize()


def title_case(words: list[str]) -> str:
    out = [_spell(word) if i == 0 or word.lower() not in _SMALL_WORDS else word.lower()
           for i, word in enumerate(words)]  # fmt: skip
    return " ".join(out)


def _best_match(words: list[str]) -> tuple[list[str], TitleMatch | None]:
    """The recruiter's words, or those words without skill names, whichever O*NET knows best:
    'Python Backend Engineer' is a back-end engineer who must know Python, but a 'Java
    Developer' is an O*NET title of its own."""
    taxonomy = get_taxonomy()
    variants = [words]
    without_skills = [word for word in words if taxonomy.canonical_skill(word) is None]
    if without_skills and without_skills != words and _HEAD.match(without_skills[-1]):
        variants.append(without_skills)
    best: tuple[list[str], TitleMatch | None] = (words, None)
    best_score = 0.0
    for variant in variants:
        match = taxonomy.normalize_title(" ".join(variant))
        if match is not None and match.score > best_score + 1e-9:
            best, best_score = (variant, match), match.score
    if best[1] is not None and best[1].score < MIN_FUZZY_TITLE:
        return words, None
    return best


def is_vague(title: str) -> bool:
    return all(word.lower() in _GENERIC for word in title.split())


def _joined_ranks(words: list[str]) -> list[str]:
    """'Entry Level', 'Mid Level', 'Senior-Level' are one rank word each: without this the
    title came out as 'Level Software Developer'."""
    out: list[str] = []
    for word in words:
        if word.lower() == "level" and out and out[-1].lower() in ("entry", "mid", "senior"):
            out[-1] = f"{out[-1].lower()}-level"
            continue
        out.append(word)
    return [
        w.lower().replace("senior-level", "senior") if "-level" in w.lower() else w for w in out
    ]


def _from_words(words: list[str]) -> tuple[str, Seniority | None, TitleMatch | None]:
    """Title, rank and O*NET match from the words of a title phrase."""
    words = _joined_ranks(words)
    seniority: Seniority | None = None
    if len(words) > 1 and words[-1].lower() in _TRAINEE and _HEAD.match(words[-2]):
        words, seniority = words[:-1], "intern"  # "Software Engineer Intern"
    kept: list[str] = []
    for index, word in enumerate(words):
        lower = word.lower()
        level = _SENIORITY_WORDS.get(lower)
        if level is None:
            kept.append(word)
            continue
        seniority = seniority or level
        # "Senior Engineer" is an engineer; "Tech Lead", "Head of Sales" keep their rank word.
        prefix = lower in _RANK_ONLY or index < len(words) - 1
        if lower in _RANK_IN_TITLE or not prefix:
            kept.append(word)
    kept = kept or words
    if is_vague(" ".join(kept)):
        return title_case(words if len(kept) == 1 else kept), seniority, None
    chosen, match = _best_match(kept)
    return title_case(chosen), seniority, match


def _singular(word: str) -> str:
    """'ICU nurses' -> 'ICU nurse': a request for two people still names one job."""
    lower = word.lower()
    for suffix in ("es", "s"):
        if lower.endswith(suffix) and re.fullmatch(_HEAD_WORDS, lower[: -len(suffix)]):
            return word[: -len(suffix)]
    return word


def _joined(text: str, tokens: list[re.Match[str]], position: int) -> bool:
    """The next token follows with only spaces between (no comma, no bracket)."""
    if position + 1 >= len(tokens):
        return False
    return not text[tokens[position].end() : tokens[position + 1].start()].strip()


def _phrase_at(text: str, start: int, end: int) -> tuple[list[str], int, int] | None:
    """The title phrase in text[start:end] around its first head word, and where it ends."""
    tokens = list(_TOKEN.finditer(text, start, end))
    for index, token in enumerate(tokens):
        if not _HEAD.match(token.group(0).strip(".")):
            continue
        last = index
        # "Lead Engineer", "Software Engineer Intern": consecutive head words are one title.
        while last + 1 < len(tokens) and _HEAD.match(tokens[last + 1].group(0).strip(".")):
            if not _joined(text, tokens, last):
                break
            last += 1
        # "Head of Data Engineering", "Director of Nursing"
        rank = tokens[last].group(0).lower() in ("head", "director", "vp")
        if rank and last + 1 < len(tokens) and tokens[last + 1].group(0).lower() == "of":
            last += 1
            while last + 1 < len(tokens) and tokens[last + 1].group(0)[:1].isupper():
                if not _joined(text, tokens, last):
                    break
                last += 1
                if last - index >= 4:
                    break
        first = index
        while first > 0 and index - first < 4:
            previous = tokens[first - 1]
            gap = text[previous.end() : tokens[first].start()]
            word = previous.group(0)
            if gap.strip() or word.lower() in _STOP or any(c.isdigit() for c in word):
                break
            first -= 1
        words = [t.group(0).rstrip(".") for t in tokens[first : last + 1]]
        words = [w for w in words if w]
        if words:
            words[-1] = _singular(words[-1])
        if words and words[-1].lower() not in ("of", "and"):
            return words, tokens[first].start(), tokens[last].end()
    return None


HIRING_CUE = re.compile(
    r"\b(?:find|hire|hiring|need|looking|seeking|searching|search|source|recruit|want)\b", re.I
)


def find_title(doc: Document, masked: str) -> TitleFound | None:
    """Title from a 'Title:' line, else the first line of a description, else the first
    sentence that says who is wanted, else the first head word outside benefits/company."""
    for line in masked.splitlines():
        label = _TITLE_LABEL.match(line)
        if label and label.group(1).strip():
            words = _GENDER_MARKER.sub(" ", label.group(1)).split()
            title, seniority, match = _from_words(words)
            start = masked.find(line) + label.start(1)
            return TitleFound(title, seniority, match, start, start + len(label.group(1)))
    order = list(range(len(doc.sentences)))
    if doc.has_headings:
        cued: list[int] = [i for i in order if doc.sentences[i].line == 0]
    else:
        cued = [i for i in order if HIRING_CUE.search(doc.words(doc.sentences[i]))]
    for index in cued + order:
        sentence = doc.sentences[index]
        if sentence.section in BOILERPLATE or sentence.section == "location":
            continue
        found = _phrase_at(masked, sentence.start, sentence.end)
        if found is None or all(w.lower() in _SENIORITY_WORDS for w in found[0]):
            continue  # "lead", "senior": an answer about the level, not a job title
        title, seniority, match = _from_words(found[0])
        return TitleFound(title, seniority, match, found[1], found[2])
    return None


# "mentor junior developers", "support senior engineers": the rank of someone else.
_OTHERS_RANK = re.compile(
    r"\b(?:mentor\w*|coach\w*|guid\w*|train\w*|support\w*|manag\w*|lead(?:s|ing)?|supervis\w*"
    r"|help\w*|grow\w*|develop(?:s|ing)?|work\w*\s+with|report\w*\s+to|alongside|with|our|other)"
    r"\s+(?:and\s+\w+\s+)?(?:a\s+|the\s+|our\s+|other\s+|more\s+)?$",
    re.IGNORECASE,
)


def find_seniority(sentences: list[str]) -> Seniority | None:
    """The first rank word in reading order (per sentence, so a bare answer "mid" counts),
    leaving out the ranks of colleagues ("mentor junior developers")."""
    for sentence in sentences:
        hits = [
            (m.start(), level)
            for level, p in _TEXT_SENIORITY
            for m in p.finditer(sentence)
            if not _OTHERS_RANK.search(sentence[: m.start()])
        ]
        if hits:
            return min(hits)[1]
    return None


def seniority_from_years(years: float) -> Seniority:
    """A recruiter who says '5+ years' has said 'senior'; the bands are the common ones."""
    if years < 2:
        return "junior"
    return "mid" if years < 5 else "senior"


# -- years of experience ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS = r"(?:years?|yrs?)\b"
_YEARS_RES = (
    re.compile(rf"\b{_NUM}\s*(?:-|–|—|to)\s*\d{{1,2}}\s*\+?\s*{_YEARS}", re.I),
    re.compile(rf"\b{_NUM}\s*\+\s*{_YEARS}|\b{_NUM}\s*{_YEARS}\s*\+", re.I),
    re.compile(
        rf"\b(?:at\s+least|min(?:imum)?\.?(?:\s+of)?|over|more\s+than|no\s+less\s+than"
        rf"|not\s+less\s+than|upwards\s+of|>=?)\s*{_NUM}\s*\+?\s*{_YEARS}",
        re.I,
    ),
    # A bare "4 years" counts unless it says when or how long, not how much experience.
    re.compile(
        rf"(?<!\bin\s)(?<!\bwithin\s)(?<!\bfor\s)(?<!\bafter\s)(?<!\bnext\s)(?<!\blast\s)"
        rf"(?<!\bpast\s)(?<!\bevery\s)\b{_NUM}\s*{_YEARS}(?!\s*(?:old|ago|contract))",
        re.I,
    ),
)


def find_years(text: str) -> list[tuple[float, int, int]]:
    """(minimum years, start, end) for each experience phrase; a range keeps its lower bound."""
    found: list[tuple[float, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _YEARS_RES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            raw = next(group for group in match.groups() if group)
            value = float(_NUMBER_WORDS.get(raw.lower(), 0) or raw)
            if 0 < value <= 40:
                found.append((value, match.start(), match.end()))
                taken.append(match.span())
    return sorted(found, key=lambda item: item[1])


# -- work mode and employment type -------------------------------------------------------------

_ONSITE = re.compile(
    r"\b(?:on[- ]?site|in[- ]office|in\s+the\s+office|office[- ]based|not\s+remote"
    r"|no\s+remote(?:\s+work)?)\b",
    re.I,
)
_HYBRID = re.compile(
    r"\bhybrid\b|\b\d\s+days?\s+(?:a\s+week\s+|per\s+week\s+)?(?:in|at)\s+(?:the\s+)?office\b"
    r"|\bpartially\s+remote\b|\bremote[\s-]+(?:possible|optional|friendly|days?)\b",
    re.I,
)
_REMOTE = re.compile(
    r"\b(?:fully[- ]remote|100%\s+remote|remote[- ](?:first|only)|work(?:ing)?\s+from\s+home"
    r"|wfh|anywhere|remote)\b(?![\s-]+(?:sensing|monitoring|access|control|desktop|support"
    r"|patients?|teams?|sites?|possible|optional|friendly|days?))",
    re.I,
)


WorkMode = Literal["onsite", "hybrid", "remote"]


def find_remote(masked: str) -> WorkMode | None:
    onsite, hybrid, remote = (p.search(masked) for p in (_ONSITE, _HYBRID, _REMOTE))
    if hybrid or (onsite and remote and not re.search(r"\b(?:not|no)\s+remote", masked, re.I)):
        return "hybrid"
    if onsite:
        return "onsite"
    return "remote" if remote else None


_EMPLOYMENT_PATTERNS: tuple[tuple[EmploymentType, str], ...] = (
    ("full_time", r"\b(?:full[- ]?time|permanent|fte)\b"),
    ("part_time", r"\bpart[- ]?time\b"),
    ("internship", r"\binternship\b"),
    (
        "temporary",
        r"\b(?:temporary|temp|fixed[- ]term|seasonal|maternity\s+cover"
        r"|parental\s+leave\s+cover)\b",
    ),
    (
        "contract",
        r"(?<!smart\s)\b(?:contract(?:[- ]to[- ]hire|[- ]based|\s+role|\s+position"
        r"|\s+job|\s+basis|\s+assignment|\s+engagement|\s+work)|\d+[- ]months?(?:\s+long)?"
        r"\s+contract|on\s+(?:a\s+)?contract|freelancer?|b2b|1099|c2c|c2h)\b|^\W*contract\W*$",
    ),
)
_EMPLOYMENT = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _EMPLOYMENT_PATTERNS)


def find_employment(sentences: list[str]) -> EmploymentType | None:
    """The earliest employment-type phrase ('permanent contract' reads as full-time)."""
    for sentence in sentences:
        hits = [(m.start(), kind) for kind, p in _EMPLOYMENT if (m := p.search(sentence))]
        if hits:
            return min(hits)[1]
    return None


def sentence_texts(doc: Document, masked: str, sections: tuple[str, ...]) -> list[str]:
    return [masked[s.start : s.end] for s in doc.sentences if s.section in sections]


def sentence_of(doc: Document, offset: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= offset < s.end), None)
