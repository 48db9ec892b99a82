"""Word lists and patterns the offline evaluator reads qualifications and resumes with.

All patterns are compiled once here; nothing is compiled per candidate. Patterns named
`*_FOLDED` run on lower-cased text (see `text.fold`) and need no IGNORECASE flag.
"""

from __future__ import annotations

import re


def words(text: str) -> list[str]:
    """The whitespace-separated words of a literal word list."""
    return text.split()


# -- protected attributes (defence in depth: intake refuses these before evaluation) --------

# (attribute, pattern over the lower-cased qualification text). A qualification that matches
# is never evaluated. "native speaker" is not here: it is read as a proficiency level (C2),
# which a non-native speaker can meet, so evaluating it does not discriminate.
PROTECTED_FOLDED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (attribute, re.compile(pattern))
    for attribute, pattern in (
        (
            "age",
            r"\bages?\b|\byears? old\b|\byoung(?:er)?\b|\byouthful\b|\belderly\b"
            r"|\bdate of birth\b|\bborn (?:in|after|before)\b|\bunder \d{2}\b"
            r"|\bover \d{2}\b(?! *\+? *(?:years?|yrs))|\bdigital natives?\b"
            r"|\bgen(?:eration)? ?[xyz]\b|\bmillennials?\b",
        ),
        (
            "gender or sex",
            r"\b(?:male|female|men|women|man|woman|gender|sex|girls?|boys?|gentlemen|ladies|lady"
            r"|masculine|feminine|pregnan\w*|maternity|paternity)\b",
        ),
        (
            "nationality, national or ethnic origin",
            r"\b(?:nationality|national origin|citizen(?:ship)?|native[- ]born|ethnic\w*"
            r"|racial|caste|skin colou?r|accent)\b|\brace\b(?! conditions?)",
        ),
        (
            "religion",
            r"\b(?:religio\w*|christian|muslim|hindu|jewish|catholic|buddhist|sikh)\b",
        ),
        (
            "marital or family status",
            r"\b(?:married|unmarried|marital|spouse|childless|no (?:kids|children)"
            r"|family (?:status|planning))\b",
        ),
        (
            "disability or health",
            r"\b(?:disabilit(?:y|ies)|disabled|handicap\w*|able[- ]bodied|wheelchair"
            r"|(?:health|medical) conditions?)\b",
        ),
        (
            "sexual orientation",
            r"\b(?:sexual orientation|gay|lesbian|heterosexual|homosexual|transgender|lgbt\w*)\b",
        ),
        (
            "physical appearance",
            r"\b(?:attractive|good[- ]looking|slim|physical appearance|headshot)\b",
        ),
        ("political opinion", r"\bpolitical (?:views?|opinions?|affiliation)\b"),
    )
)

# -- qualification shapes --------------------------------------------------------------------

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# "5+ years", "3-5 years" (only the minimum is kept: a maximum is an age proxy), "two years".
YEARS_REQUIRED_FOLDED = re.compile(
    r"\b(?P<n>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"[ \t]*(?:\+|plus)?[ \t]*(?:(?:-|–|to)[ \t]*\d{1,2}[ \t]*\+?[ \t]*)?(?:years?|yrs?)\b"
)
# "5+ years as a Python Developer": the years must be in that role, not in all.
AS_TITLE = re.compile(
    r"(?<!such )\bas\s+(?:an?\s+)?(?P<title>[A-Za-z][\w+#./&-]*(?:[ \t]+[A-Za-z][\w+#./&-]*){0,4}?)"
    r"[ \t]*(?=$|[,.;:()]|[ \t]+(?:with|in|at|using|for|or|and|on|within|including)\b)",
    re.IGNORECASE,
)
CERTIFICATION_FOLDED = re.compile(
    r"\b(?:certifi\w*|certified|licen[cs]ed?|licen[cs]es|accredit\w*|chartered|credential\w*)\b"
)
# Credentials whose bare name already says "certified".
CREDENTIAL_NAMES = re.compile(
    r"\b(?:PMP|CAPM|CPA|CFA|CMA|FRM|ACCA|CIMA|CISSP|CISM|CISA|CEH|OSCP|CCNA|CCNP|CCIE|CKA|CKAD"
    r"|RHCE|RHCSA|MCSE|MCSA|PRINCE2|ITIL|CSM|PSM|SAFe|SHRM-(?:CP|SCP)|PHR|SPHR|CPHR|CIPD"
    r"|Six Sigma|Scrum Master|CompTIA(?: [A-Z][\w+]*)?)\b"
)
LOCATION_CUE_FOLDED = re.compile(
    r"\b(?:based|located|location|relocat\w*|remote(?:ly)?|on-?site|hybrid|commut\w*"
    r"|reside\w*|time ?zones?|living in|live in)\b"
)
RELOCATION_FOLDED = re.compile(r"\brelocat\w*\b")
REMOTE_FOLDED = re.compile(r"\bremote(?:ly)?\b|\bwork(?:ing)? from home\b|\bdistributed team")
# A place: one to three capitalised words ("Berlin", "New York", "San Francisco Bay Area").
PLACE = re.compile(
    r"\b(?:in|near|around|to|from|of)[ \t]+(?P<place>[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})"
)
NOT_PLACES = frozenset({"The", "A", "An", "Our", "Office", "Remote", "Person", "Hybrid"})
ANY_OF_FOLDED = re.compile(
    r"\bor\b|/|\be\.?g\.?\b|\bsuch as\b|\bfor example\b|\bany of\b|\bone of\b|\blike\b"
)

# Words that say how much or how well, not what: dropped before looking for the "what".
FILLER = re.compile(
    r"\b(?:at least|a minimum of|minimum(?: of)?|min\.|more than|over|up to|around|about"
    r"|\d{1,2}(?:\.\d)?[ \t]*(?:\+|plus)?[ \t]*(?:(?:-|–|to)[ \t]*\d{1,2}[ \t]*\+?[ \t]*)?"
    r"(?:years?|yrs?)['’]?(?:[ \t]+of)?"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+(?:years?|yrs?)(?:[ \t]+of)?"
    r"|experience[ds]?|expertise|proficiency|proficient|knowledge|familiarity|familiar"
    r"|skill(?:s|ed)?|background|understanding|track record|ability|able|hands[- ]on"
    r"|strong|solid|proven|good|great|excellent|deep|demonstrated|working|professional"
    r"|practical|advanced|extensive|relevant|prior|previous|some|sound|thorough|expert"
    r"|must|have|has|having|should|would|required|requirement|preferred|preferably|plus"
    r"|nice to have|a plus|bonus|ideally|desired|desirable|candidates?|someone|who|is|are|be"
    r"|to|with|in|of|on|using|for|the|a|an|at|as|any|one|etc|including|such as|e\.g\.?|i\.e\.?"
    r"|like|for example|industry|commercial|production|real[- ]world|level|total|overall"
    r"|work|job|role|position|years?|similar|comparable|related|equivalent|field|area)\b",
    re.IGNORECASE,
)
TERM_SPLIT = re.compile(r"\s*(?:[,;/&()]|\band\b|\bor\b|\bas well as\b)\s*", re.IGNORECASE)
ALTERNATIVE_SPLIT = re.compile(r"\s*(?:;|\bor\b)\s*", re.IGNORECASE)
STOPWORDS = frozenset(
    words(
        """
    a an the and or of in on for with to at by from as is are be been being this that
    these those it its into per via etc also very well any all each other such our your
    their
    """
    )
)
WORD_FOLDED = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")

# -- degrees -----------------------------------------------------------------------------------

DEGREE_LEVEL_NAMES = {1: "school", 2: "diploma", 3: "bachelor", 4: "master", 5: "doctorate"}
# Lower-case spellings, matched on folded text; two-letter forms that are also English words
# ("be", "ma", "ms") only in their capitalised form, via DEGREE_CAPITALS.
DEGREE_FOLDED: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (level, re.compile(rf"(?<![\w.])(?:{pattern})(?![\w])"))
    for level, pattern in (
        (5, r"ph\.?[ ]?d\.?|doctorate|doctoral|d\.phil|dphil|doctor of \w+"),
        (
            4,
            r"master['’]?s?[ ]+(?:degree|of|in)\b|master['’]s|masters|m\.[ ]?sc?\.?|msc|mcs"
            r"|m\.?[ ]?tech|mtech|m\.e\.|m\.b\.a\.?|mba|m\.?[ ]?c\.?[ ]?a\.?|m\.?[ ]?com"
            r"|meng|m\.eng|m\.[ ]?a\.?|llm|pgdm|pgdba|post[ -]?graduat\w*|graduate degree",
        ),
        (
            3,
            r"bachelor['’]?s?|b\.[ ]?sc?\.?|bsc(?:[ ]?it)?|b\.?[ ]?tech|btech|b-tech|b\.e\.?"
            r"|b\.[ ]?a\.?|b\.?[ ]?c\.?[ ]?a\.?|bba|(?:ty|sy|fy)?b\.?[ ]?com|beng|b\.eng|llb"
            r"|undergraduate degree|university degree|college degree|b\.?[ ]?pharm|mbbs|b\.arch",
        ),
        (2, r"associate['’]?s? degree|diploma|hnd|polytechnic"),
        (
            1,
            r"high school|higher secondary|senior secondary|secondary school|12th|a-levels?"
            r"|h\.?[ ]?s\.?[ ]?c\.?|s\.?[ ]?s\.?[ ]?c\.?",
        ),
    )
)
# Two-letter degrees are English words in lower case ("be", "ma"), so only in capitals, and
# not where they name something else: "MS Excel", "MA 02139".
_NOT_A_DEGREE = (
    r"(?![\w])(?![ \t]*(?:Office|Excel|Word|SQL|Access|Project|Dynamics|Teams|PowerPoint"
    r"|Outlook|Visio|Paint|Windows|DOS|Dos|\d))"
)
DEGREE_CAPITALS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (4, re.compile(rf"(?<![\w.])(?:MS|MA|ME|M\.S\.?){_NOT_A_DEGREE}")),
    (3, re.compile(rf"(?<![\w.])(?:BS|BA|BE|B\.S\.?){_NOT_A_DEGREE}")),
)
DEGREE_ANY_FOLDED = re.compile(r"\bdegree\b")
FIELD_FOLDED = re.compile(r"\b(?:in|of)[ \t]+(?P<field>[a-z][a-z &/,-]{2,80})")
FLEXIBLE_FOLDED = re.compile(
    r"\bor (?:an? )?(?:equivalent|related|similar|comparable|relevant)\b|\bequivalent\b"
)
FIELD_END_FOLDED = re.compile(
    r"\bor (?:an? )?(?:equivalent|related|similar|comparable|relevant)\b.*$|\bfield\b.*$"
    r"|\bdegree\b.*$|\bpreferred\b.*$|\brequired\b.*$"
)
# Degree fields people write in many ways. Keys are the recruiter's words (lower case).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "computer science": (
        "computer science",
        "computer engineering",
        "computer applications",
        "information technology",
        "software engineering",
        "informatics",
        "cse",
        "bca",
        "mca",
    ),
    "information technology": ("information technology", "computer science", "it"),
    "engineering": ("engineering", "b.tech", "btech", "b.e", "m.tech", "mtech", "beng", "meng"),
    "business": ("business", "mba", "bba", "commerce", "management"),
    "business administration": ("business administration", "mba", "bba"),
    "finance": ("finance", "accounting", "commerce", "economics"),
    "mathematics": ("mathematics", "maths", "math", "statistics"),
    "statistics": ("statistics", "mathematics", "maths"),
}

# -- languages --------------------------------------------------------------------------------

LANGUAGES = frozenset(
    words(
        """
    English German French Spanish Italian Portuguese Dutch Polish Russian Ukrainian
    Chinese Mandarin Cantonese Japanese Korean Arabic Hindi Bengali Urdu Punjabi Marathi
    Tamil Telugu Kannada Malayalam Gujarati Konkani Odia Turkish Greek Swedish Norwegian
    Danish Finnish Czech Slovak Hungarian Romanian Bulgarian Serbian Croatian Slovenian
    Hebrew Persian Farsi Vietnamese Thai Indonesian Malay Filipino Tagalog Swahili
    Afrikaans Catalan Basque Irish Welsh Lithuanian Latvian Estonian
    """
    )
)
LANGUAGE_NAME = re.compile(r"\b(?:" + "|".join(sorted(LANGUAGES)) + r")\b")
LANGUAGE_NAME_FOLDED = re.compile(
    r"\b(?:" + "|".join(sorted(name.lower() for name in LANGUAGES)) + r")\b"
)
# Levels on a 1-6 scale (CEFR A1..C2; "native" = 6).
LANGUAGE_LEVEL_FOLDED = re.compile(
    r"\b(?P<cefr>[abc][12])\b|(?P<word>native|mother[ -]?tongue|first language|bilingual"
    r"|full professional|fluent(?:ly)?|fluency|advanced|proficient|upper[ -]intermediate"
    r"|professional working|business|intermediate|conversational|working knowledge"
    r"|elementary|basic|beginner)\b"
)
LEVEL_WORDS = {
    "native": 6,
    "mother tongue": 6,
    "mother-tongue": 6,
    "mothertongue": 6,
    "first language": 6,
    "bilingual": 6,
    "full professional": 5,
    "fluent": 5,
    "fluently": 5,
    "fluency": 5,
    "advanced": 5,
    "proficient": 5,
    "upper intermediate": 4,
    "upper-intermediate": 4,
    "professional working": 4,
    "business": 4,
    "intermediate": 3,
    "conversational": 3,
    "working knowledge": 3,
    "elementary": 2,
    "basic": 2,
    "beginner": 1,
}
CEFR = {"a1": 1, "a2": 2, "b1": 3, "b2": 4, "c1": 5, "c2": 6}
LANGUAGE_CONTEXT_FOLDED = re.compile(
    r"\blanguages?\b|\bspeak\w*|\bspoken\b|\bwritten\b|\bknown\b|\blinguistic\b"
)
LANGUAGE_QUALIFICATION_FOLDED = re.compile(
    r"\blanguages?\b|\bspeak\w*|\bspoken\b|\bwritten\b|\bverbal\b|\bcommunicat\w*|\bskills?\b"
)

# -- resume-side patterns ---------------------------------------------------------------------

# "8 years of experience", "5+ yrs experience in", "experience of over 10 years".
YEARS_CLAIM_FOLDED = re.compile(
    r"(?P<a>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)['’]?(?:[ \t]+of)?"
    r"(?:[ \t]+[\w-]+){0,4}?[ \t]+(?:experience|exp\b)"
    r"|experience[ \t]+(?:of[ \t]+)?(?:(?:over|more than|around|about|nearly|almost)[ \t]+)?"
    r"(?P<b>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)\b"
)
# The public corpus' "Python- Experience - 24 months" / "- Less than 1 year months" lines.
SKILL_MONTHS = re.compile(
    r"^(?P<name>[^\n]{1,80}?)[ \t]*-[ \t]*Experience[ \t]*-[ \t]*"
    r"(?:(?P<months>\d{1,3})|Less than 1 year)[ \t]*months?",
    re.MULTILINE,
)
CERTIFICATION_CONTEXT_FOLDED = re.compile(
    r"certifi|certified|certificate|licen[cs]|accredit|chartered|credential"
)
# Instructions aimed at an AI reader. A resume is data: such lines are blanked before any
# matching, so they can neither add evidence nor change a verdict.
INJECTION_FOLDED = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^\n]{0,40}\b(?:instructions?|prompts?|rules"
    r"|directions|guidelines|criteria)\b"
    r"|\b(?:rate|rank|score|mark|evaluate|classify|consider|treat)\b[^\n]{0,25}\b(?:this|the)"
    r" (?:candidate|applicant|resume|cv|profile)\b[^\n]{0,40}\b(?:perfect|top|best|excellent"
    r"|strong|match|qualified|hire|10/10|100)"
    r"|\byou are (?:an? )?(?:ai|language model|assistant|llm|chatgpt|recruit\w* (?:bot|agent))\b"
    r"|\b(?:system|developer) (?:prompt|message|instruction)s?\b|\bnew instructions?\b"
    r"|\bas an (?:ai|llm|language model)\b|<\s*/?\s*(?:system|instructions?|im_start)\b"
    r"|\[\s*/?\s*(?:inst|system)\s*\]"
)
