"""The responsible-AI check: refuse requirements that target or proxy a protected attribute.

Rule-based and deterministic on purpose: a refusal must be explainable, repeatable and
auditable, which a model's judgement is not. Each rule is one row of `RULES` (attribute,
pattern, why, optional neutral rewrite, optional `unless`), so adding a phrasing is one line.

Two ideas keep false positives down:
  * patterns are word-bounded and, for words with innocent senses ("male connector",
    "man-in-the-middle", "race condition", "attractive salary"), carry look-aheads;
  * safe contexts (`_SAFE`) cover inclusive wording ("(m/f/d)", "he/she") and equal-opportunity
    statements ("regardless of age, gender or religion"): hits touching them are ignored.
The intake does not screen Benefits or equal-opportunity sections at all (nothing there is a
requirement); it does screen the company blurb ("our young team").

Borderline calls, decided here so every engine applies the same policy:
  * "recent graduate" / "new grad" is refused as an age proxy, with the rewrite
    "Entry-level role; 0-2 years of experience".
  * An upper cap on experience ("max 10 years of experience") is refused as an age proxy
    with no rewrite (we cannot know the level meant). A range ("3-5 years") is accepted:
    it reads as a level, and the intake only ever keeps its lower bound.
  * "native speaker" / "mother tongue" / "native-level" are refused (national origin) with a
    proficiency rewrite; "near-native" and CEFR levels ("German C1") are accepted.
  * Citizenship is refused unless the same text names the legal reason (security clearance,
    ITAR, export control, "required by law"); work permits and sponsorship are accepted.
  * "well-groomed" / "presentable" are refused (appearance) with a dress-code rewrite.
  * Gendered job titles ("salesman") are refused with the neutral title; naming someone
    else's office ("reporting to the chairman", "chairman of the board") is accepted.
  * Gendered pronouns are refused only as the subject of a requirement ("he must ...");
    a pronoun may equally be the hiring manager.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from agents.schemas import RefusedQualification

Rewrite = str | Callable[[re.Match[str]], str | None] | None

_LANGUAGES = (
    "english|german|french|spanish|italian|portuguese|dutch|polish|swedish|danish|norwegian"
    "|finnish|czech|hungarian|romanian|greek|turkish|russian|ukrainian|arabic|hebrew|hindi"
    "|mandarin|chinese|cantonese|japanese|korean|vietnamese|thai|indonesian|malay"
)
# Nationality words mapped to where the work permit would be for (for the rewrite).
_COUNTRY_OF = {
    "german": "Germany", "french": "France", "british": "the UK", "uk": "the UK",
    "english": "the UK", "american": "the US", "us": "the US", "u.s.": "the US",
    "usa": "the US", "eu": "the EU", "european": "the EU", "irish": "Ireland",
    "dutch": "the Netherlands", "spanish": "Spain", "italian": "Italy", "polish": "Poland",
    "swiss": "Switzerland", "austrian": "Austria", "canadian": "Canada",
    "australian": "Australia", "indian": "India", "chinese": "China", "japanese": "Japan",
}  # fmt: skip
_NATIONALITY = "|".join(sorted((re.escape(k) for k in _COUNTRY_OF), key=len, reverse=True))
_PEOPLE = (
    r"(?:people|persons?|candidates?|applicants?|individuals?|men|women|males?|females?"
    r"|guys?|workers?|staff|only)"
)
# "near-native" is a proficiency level a learner reaches, not an origin.
_NOT_NEAR = r"(?<!near-)(?<!near\s)"
# "men's fashion", "women's health": a possessive names a market or a specialty, not a person.
_NOT_POSSESSIVE = r"(?!['’])"


@dataclass(frozen=True, slots=True)
class Rule:
    attribute: str  # the protected attribute, in plain words
    pattern: re.Pattern[str]
    why: str  # completes "'<matched words>' ..."; says why it is not job-related
    rewrite: Rewrite = None  # a neutral, job-related requirement, when one exists
    unless: re.Pattern[str] | None = None  # the rule does not apply when this matches


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    start: int
    end: int
    match: re.Match[str]


def _rule(
    attribute: str, pattern: str, why: str, rewrite: Rewrite = None, unless: str | None = None
) -> Rule:
    flags = re.IGNORECASE
    return Rule(
        attribute,
        re.compile(pattern, flags),
        why,
        rewrite,
        re.compile(unless, flags) if unless else None,
    )


def _language_rewrite(match: re.Match[str]) -> str:
    language = match.groupdict().get("lang") or match.groupdict().get("lang2")
    if language:
        return f"{language.capitalize()} at C2 / full professional proficiency"
    return "Full professional proficiency (C2) in the working language"


def _work_permit_rewrite(match: re.Match[str]) -> str:
    nationality = (match.groupdict().get("nat") or "").lower()
    country = _COUNTRY_OF.get(nationality, "the country of the role")
    return f"Authorized to work in {country}"


_ENTRY_LEVEL = "Entry-level role; 0-2 years of experience"
# "no recent graduates" means the opposite of an entry-level role: no rewrite for it.
_NEGATED = re.compile(r"\b(?:no|not|exclude|excluding|without)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DRESS_CODE = "Follows the company dress code in client-facing settings"
_NAME_THE_TASK = "sets a health condition, not a task; name the physical demand instead"
_GENDERED_TITLES = {
    "salesman": "Salesperson", "salesmen": "Salespeople", "saleswoman": "Salesperson",
    "chairman": "Chairperson", "chairwoman": "Chairperson", "foreman": "Supervisor",
    "fireman": "Firefighter", "policeman": "Police officer", "policewoman": "Police officer",
    "handyman": "Maintenance technician", "cameraman": "Camera operator",
    "craftsman": "Craftsperson", "workman": "Worker", "repairman": "Repair technician",
    "deliveryman": "Delivery driver", "delivery boy": "Delivery driver",
    "spokesman": "Spokesperson", "businessman": "Businessperson", "draftsman": "Drafter",
    "waitress": "Server", "stewardess": "Flight attendant", "air hostess": "Flight attendant",
    "hostess": "Host", "barmaid": "Bartender", "cleaning lady": "Cleaner",
    "headmaster": "Head teacher", "headmistress": "Head teacher", "manageress": "Manager",
}  # fmt: skip
_TITLE_WORDS = "|".join(sorted(_GENDERED_TITLES, key=len, reverse=True))


def _title_rewrite(match: re.Match[str]) -> str:
    return _GENDERED_TITLES[" ".join(match.group(0).lower().split())]


# fmt: off
RULES: tuple[Rule, ...] = (
    # -- age ----------------------------------------------------------------------------------
    _rule("age", r"\byoung(?:er|est)?\b(?!\s+(?:company|companies|start-?ups?|business|brand"
          r"|firm|organi[sz]ation|product|market|industry))",
          "describes the candidate's age, not what the job needs",
          unless=r"\b(?:with|for|support(?:ing)?|mentor(?:ing)?|teach(?:ing)?)\s+young\s+"
                 r"(?:people|adults|persons|children|learners|students|offenders|carers)\b"),
    _rule("age", r"\b(?:youthful|digital natives?|gen(?:eration)?[- ]?z|millennials?|boomers?"
          r"|(?:twenty|thirty|\d0)[- ]?somethings?)\b",
          "is a stand-in for age"),
    _rule("age", r"\bmature\s+(?:candidates?|applicants?|people|persons?|workers?)\b",
          "is a stand-in for age"),
    _rule("age", r"\b(?:recent|fresh|new)\s+(?:college\s+|university\s+)?grad(?:uate)?s?\b"
          r"|\bgraduated\s+(?:with)?in\s+the\s+(?:last|past)\s+\w+\s+years?\b"
          r"|\bclass\s+of\s+(?:19|20)\d\d\b",
          "is an age proxy: it screens out people who graduated long ago",
          lambda m: None if _NEGATED.search(m.string[: m.start()]) else _ENTRY_LEVEL),
    _rule("age", r"\b(?:aged?|age\s*(?:limit|range)?)\s*(?:between\s+|from\s+|of\s+|:\s*)?"
          r"\d{2}(?:\s*(?:-|–|to|and)\s*\d{2})?\b(?!\s*%)"
          r"|\b\d{2}(?:\s*(?:-|–|to)\s*\d{2})?\s*(?:years?|yrs?)[- ]old\b"
          r"|\b(?:under|below|over|above|younger than|older than|no older than|not older than"
          r"|not over|max(?:imum)?|at most)\s+(?:the\s+age\s+of\s+)?\d{2}\b"
          r"(?=\s*(?:$|[,.;:!?)\]]|only\b|please\b|preferred\b|ideally\b|y(?:ears?|rs?)[- ]old\b"
          r"|y/?o\b))"
          r"|\bborn\s+(?:after|before|in)\s+(?:the\s+)?(?:(?:19|20)\d\d|\d0s)\b",
          "sets an age limit"),
    _rule("age", r"(?<!no\s)(?<!not\s)\b(?:max(?:imum)?\.?|no more than|not more than|at most"
          r"|up to|less than|fewer than)\s+(?:of\s+)?\d{1,2}\s*(?:years?|yrs?)['’]?\s+(?:of\s+)?"
          r"(?:[\w+#.-]+\s+){0,3}?(?:experience|exp)\b"
          r"|\b(?:experience|exp)\b[^.;\n]{0,20}?\b(?:max(?:imum)?\.?|no more than|not more than"
          r"|at most|up to|less than)\s+\d{1,2}\s*(?:years?|yrs?)\b"
          r"|\b\d{1,2}\s*(?:years?|yrs?)\s+(?:of\s+)?(?:experience\s+)?(?:max(?:imum)?|at most"
          r"|or less|or fewer|tops)\b",
          "caps experience, which screens out older candidates (an age proxy); state the "
          "minimum and the level of the role instead"),
    # -- gender -------------------------------------------------------------------------------
    _rule("gender", r"\b(?:male|female)s?\b(?!\s*(?:connectors?|plugs?|sockets?|headers?|pins?"
          r"|threads?|adapters?|ends?|jacks?|fittings?|parts?))",
          "selects candidates by gender"),
    _rule("gender", r"\b(?:men|women|ladies|gentlemen|girls?|boys?|guys?|lads|gals)\b"
          + _NOT_POSSESSIVE,
          "selects candidates by gender"),
    _rule("gender", r"(?<!isle of )\b(?:man|woman)\b(?![-\s](?:in[-\s]the[-\s]middle|hours?"
          r"|days?|months?|years?|pages?|power|made)\b)" + _NOT_POSSESSIVE,
          "selects candidates by gender"),
    _rule("gender", r"\b(?:he|she)\s+(?:must|should|will|needs?|has|is|shall|can|would)\b"
          r"|\b(?:his|her)\s+(?:own\s+)?(?:experience|skills?|background|degree|knowledge|cv"
          r"|resume|career)\b",
          "assumes the candidate's gender; write 'you' or 'they'"),
    _rule("gender", rf"\b(?:{_TITLE_WORDS})\b",
          "is a gendered job title that signals one gender is wanted", _title_rewrite),
    _rule("gender identity", r"\b(?:trans|cis)gender\b|\bgender\s+identity\b",
          "selects candidates by gender identity"),
    # -- sexual orientation -------------------------------------------------------------------
    _rule("sexual orientation", r"\b(?:heterosexual|homosexual|bisexual|gay|lesbians?|queer"
          r"|lgbt\w*\+?|sexual\s+orientation)\b"
          r"|\b(?:must be|be|is|are)\s+straight\b|\bstraight\s+" + _PEOPLE + r"\b"
          r"|^\W*straight\W*$",
          "selects candidates by sexual orientation"),
    # -- race, ethnicity, colour --------------------------------------------------------------
    # Bare "race" is left out: "race condition", "the race for talent".
    _rule("race or ethnicity", r"\b(?:racial(?:ly)?|ethnic(?:ity|ally)?|caucasians?)\b"
          r"(?:\s+(?:background|origin|group|minorit(?:y|ies)))?"
          r"|\brace\s*:",
          "selects candidates by race or ethnicity"),
    _rule("race or ethnicity", r"\b(?:white|black|brown|asian|hispanic|latin[oax]|arab|african)s?"
          r"\s+" + _PEOPLE + r"\b",
          "selects candidates by race or ethnicity"),
    _rule("colour", r"\bskin\s+(?:colou?r|tone)\b|\bcomplexion\b|\b(?:fair|light|dark)[- ]skinned"
          r"\b",
          "selects candidates by skin colour"),
    # -- religion -----------------------------------------------------------------------------
    _rule("religion", r"\b(?:christians?|muslims?|jews|jewish|hindus?|buddhists?|sikhs?"
          r"|atheists?|catholics?|protestants?|mormons?|evangelicals?|church-?goers?"
          r"|religion|religious\s+(?:beliefs?|affiliation|background|person|people|candidates?)"
          r"|hijabs?|headscar(?:f|ves)|turbans?|kippah|yarmulke)\b",
          "selects candidates by religion"),
    # -- national origin, nationality, citizenship ---------------------------------------------
    _rule("national origin",
          rf"{_NOT_NEAR}\bnative[- ](?:level\s+)?(?:(?P<lang>{_LANGUAGES})\s+)?speakers?\b"
          rf"|{_NOT_NEAR}\bnative[- ](?:level\s+)?(?P<lang2>{_LANGUAGES})\b"
          rf"|\b(?:{_LANGUAGES})\s+(?:native\b(?:\s+speakers?)?|mother\s+tongue)"
          rf"|\bmother\s+tongue\b|\bfirst\s+language\b|{_NOT_NEAR}\bnative[- ]level\b",
          "ties the job to where someone was born or grew up; ask for the proficiency level",
          lambda m: _language_rewrite(_language_in(m))),
    _rule("nationality or citizenship",
          rf"\b(?:(?P<nat>{_NATIONALITY})\s+)?(?:nationals?|citizens?(?!\s+(?:developers?"
          r"|science|scientists?))|citizenship|nationality)\b"
          rf"|\b(?P<nat2>{_NATIONALITY})\s+passports?(?:\s+holders?)?\b"
          r"|\bgreen\s+card\s+holders?\b|\bforeigners?\b|\bimmigrants?\b",
          "selects by nationality or citizenship rather than the right to work",
          lambda m: _work_permit_rewrite(_nat_in(m)),
          unless=r"\b(?:security\s+clearance|clearance|itar|export\s+control|required\s+by\s+law"
                 r"|legal(?:ly)?\s+required|legal\s+requirement|senior\s+citizens?)\b"),
    # -- disability and health ----------------------------------------------------------------
    _rule("disability", r"\bable[- ]bodied\b|\b(?:non[- ]?disabled|not\s+disabled|handicapped"
          r"|cripple\w*)\b|\bwheelchair[- ]users?\b",
          "excludes disabled people; name the physical task the job needs instead "
          "(e.g. 'able to lift 20 kg')"),
    _rule("disability", r"\b(?:no|without|free\s+(?:of|from))\s+(?:any\s+)?(?:history\s+of\s+)?"
          r"(?:disabilit(?:y|ies)|handicaps?|impairments?|(?:health|medical)\s+(?:issues|problems"
          r"|conditions)|chronic\s+(?:illness(?:es)?|conditions?)|mental\s+(?:illness(?:es)?"
          r"|health\s+(?:issues|problems|conditions))|depression|anxiety|adhd|autism"
          r"|epilepsy|diabetes|hiv)\b"
          r"|\b(?:in\s+)?(?:good|perfect|excellent)\s+(?:physical\s+)?health\b"
          r"|\bfit\s+and\s+healthy\b|\b(?:must\s+be|be)\s+healthy\b",
          _NAME_THE_TASK),
    # -- pregnancy, marital and family status --------------------------------------------------
    _rule("pregnancy", r"\b(?:not|no|non)[- ]?pregnan\w*|\b(?:be|being|is|are|currently|become)"
          r"\s+pregnant\b|\bpregnancy\s+tests?\b|\b(?:planning|plans?|intend\w*)\s+(?:to\s+|on\s+)?"
          r"(?:get(?:ting)?\s+pregnant|hav(?:e|ing)\s+(?:a\s+)?(?:baby|babies|children|kids)"
          r"|start(?:ing)?\s+a\s+family)",
          "selects candidates by pregnancy or plans to have children"),
    _rule("marital or family status", r"\b(?:must\s+be|should\s+be|be|being|preferably|ideally)"
          r"\s+(?:single|unmarried|married|divorced|childless)\b"
          r"|\b(?:single|unmarried|married|divorced)\s+" + _PEOPLE + r"\b"
          r"|^\W*(?:single|unmarried|married)\W*$|\bmarital\s+status\b|\bchildless\b"
          r"|\b(?:no|without|free\s+of)\s+(?:kids|children|dependan?ts|family\s+(?:commitments"
          r"|obligations|ties|responsibilities))\b"
          r"|\b(?:no|not)\s+(?:mothers|moms|mums|fathers|dads|parents)\b"
          r"|\bworking\s+(?:mothers|moms|mums|fathers|dads|parents)\b",
          "selects candidates by marital or family status"),
    # -- photo and appearance -----------------------------------------------------------------
    _rule("appearance", r"\b(?:photo|picture|photograph|headshot|selfie)s?\s+(?:is\s+|are\s+)?"
          r"(?:required|mandatory|needed|a\s+must)\b"
          r"|\b(?:with|include|including|attach|send|enclose|add)\s+(?:a\s+|an\s+|your\s+)?"
          r"(?:recent\s+|current\s+|full[- ]body\s+)?(?:photo|picture|photograph|headshot"
          r"|selfie)s?\b(?!\s+of\s+(?:your\s+)?(?:work|portfolio|projects?))",
          "asks for a photo, which invites judging looks, age, gender and ethnicity"),
    _rule("appearance", r"\b(?:attractive|handsome)\b(?!\s+(?:salary|salaries|compensation"
          r"|package|benefits|pay|rates?|remuneration|bonus|equity|offer|conditions|terms"
          r"|opportunit\w*|working|work|office|location|perks))"
          r"|\b(?:good[- ]looking|sexy|overweight|obese)\b|\btall\b(?!\s+(?:buildings?|structures?"
          r"|towers?|ships?|trees?|walls?|shelv(?:es|ing)|stacks?|racks?|order))"
          r"|\bpretty\b(?!\s+(?:good|much|well|strong|solid|comfortable|confident|fast|quick"
          r"|familiar|sure|hands-on|technical|senior))"
          r"|\b(?:good|pleasant|nice|attractive)\s+(?:appearance|looks)\b"
          r"|\bslim\s+(?:figure|build)\b|\b(?:min(?:imum)?\s+)?height\s+(?:of\s+)?(?:at\s+least\s+)?"
          r"\d[\d.,]*\s*(?:cm|m|ft|feet|in|inches)?\b",
          "judges looks, which say nothing about doing the job"),
    _rule("appearance", r"\bwell[- ]groomed\b|\bpresentable\b",
          "judges looks; grooming norms penalise some religions and ethnicities", _DRESS_CODE),
)
# fmt: on

# Inclusive wording and equal-opportunity statements: hits inside these spans are not targeting.
_SAFE = re.compile(
    r"\(\s*[mfwdx]\s*/\s*[mfwdx]\s*(?:/\s*[mfwdxi*]\s*)?\)"
    r"|\b(?:he\s*/\s*she|she\s*/\s*he|s/he|he\s+or\s+she|she\s+or\s+he|him\s*/\s*her"
    r"|his\s*/\s*her|his\s+or\s+her|her\s+or\s+his|men\s+and\s+women|women\s+and\s+men"
    r"|male\s*(?:/|or)\s*female|female\s*(?:/|or)\s*male|all\s+genders|any\s+gender)\b"
    r"|\bchairman\s+of\s+the\s+board\b"
    # Parts and lab work: "male and female XLR connectors", "performs pregnancy tests".
    r"|\b(?:male|female)\s*(?:and|or|/|&)\s*(?:male|female)\s+(?:[\w-]+\s+){0,2}(?:connectors?"
    r"|plugs?|sockets?|headers?|pins?|threads?|adapters?|ends?|jacks?|fittings?|parts?)\b"
    r"|\b(?:perform\w*|run(?:s|ning)?|conduct\w*|administer\w*|process\w*|analy[sz]\w*)\s+"
    r"(?:\w+\s+)?pregnancy\s+tests?\b"
    r"|\bwomen\s+in\s+(?:tech|technology|engineering|stem|data|ai)\b"  # a community's name
    r"|\b(?:report(?:s|ing)?|work(?:s|ing)?|liais\w+)\s+(?:directly\s+)?(?:to|with)\s+"
    r"(?:the|our)\s+(?:\w+\s+)?(?:chairman|chairwoman|foreman)\b"
    r"|[^.;!?\n]*\b(?:are|is)\s+(?:\w+\s+)?(?:encouraged|welcome)\s+to\s+apply\b"
    r"|\b(?:regardless\s+of|irrespective\s+of|without\s+regard\s+to|equal[- ]opportunit\w*"
    r"|we\s+(?:welcome|encourage|celebrate|value)|(?:encourage|welcome|invite)\w*\s+"
    r"(?:applications|applicants|candidates|everyone|people)|committed\s+to\s+(?:diversity"
    r"|inclusion)|do(?:es)?\s+not\s+discriminate|diverse\s+backgrounds)[^.;!?\n]*",
    re.IGNORECASE,
)


def _language_in(match: re.Match[str]) -> re.Match[str]:
    """Find the language anywhere in the hit ("German mother tongue" names it before)."""
    found = re.search(rf"\b(?P<lang>{_LANGUAGES})\b", match.group(0), re.IGNORECASE)
    return found or match


def _nat_in(match: re.Match[str]) -> re.Match[str]:
    found = re.search(rf"(?P<nat>{_NATIONALITY})\b", match.group(0), re.IGNORECASE)
    return found or match


# Attributes whose words also start employer and brand names ("National Grid", "American
# Express", "Christian Dior"): a capitalised hit followed by another capitalised word that is
# not a group of people is a name, not a criterion.
_NAME_ATTRIBUTES = frozenset({"nationality or citizenship", "religion", "race or ethnicity"})
_NEXT_WORD = re.compile(r"[\s'’s]*([A-Z][\w&.-]*)")
_PEOPLE_WORDS = frozenset(
    re.split(
        r"\s+",
        "people persons person candidates candidate applicants applicant individuals men women "
        "males females guys workers staff only citizens citizen nationals national speakers "
        "speaker background origin passport passports holders preferred required",
    )
)


def _in_a_name(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if " " in word.strip() or not word[:1].isupper() or word.isupper():
        return False
    after = _NEXT_WORD.match(text, end)
    return after is not None and after.group(1).lower().strip(".") not in _PEOPLE_WORDS


def find_protected(text: str) -> list[Hit]:
    """Every non-overlapping protected-attribute hit in `text`, in reading order."""
    safe = [m.span() for m in _SAFE.finditer(text)]
    hits: list[Hit] = []
    for rule in RULES:
        if rule.unless is not None and rule.unless.search(text):
            continue
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            # Touching a safe span is enough: "he/she will lead" must not become "she will".
            if start == end or any(s < end and start < e for s, e in safe):
                continue
            if rule.attribute in _NAME_ATTRIBUTES and _in_a_name(text, start, end):
                continue  # "National Grid", "Christian Dior": an employer, not a criterion
            hits.append(Hit(rule, start, end, match))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    # Overlapping hits of different attributes are all kept ("white males" is race and
    # gender); one inside a longer hit for the same attribute adds nothing.
    kept: list[Hit] = []
    for hit in hits:
        if not any(
            k.rule.attribute == hit.rule.attribute and k.start <= hit.start and hit.end <= k.end
            for k in kept
        ):
            kept.append(hit)
    return kept


def _rewrite_of(hit: Hit) -> str | None:
    rewrite = hit.rule.rewrite
    return rewrite(hit.match) if callable(rewrite) else rewrite


def neutral_title(hit: Hit) -> str | None:
    """The neutral job title for a gendered-title hit ('Salesman' -> 'Salesperson')."""
    return _title_rewrite(hit.match) if hit.rule.rewrite is _title_rewrite else None


def refusal(text: str, hits: Iterable[Hit]) -> RefusedQualification | None:
    """The refusal for `text` given its hits: one reason per hit, the rewrite if unambiguous."""
    hits = list(hits)
    if not hits:
        return None
    reasons = [
        f"{hit.rule.attribute.capitalize()}: '{' '.join(hit.match.group(0).split())}' "
        f"{hit.rule.why}."
        for hit in hits
    ]
    rewrites = {_rewrite_of(hit) for hit in hits}
    # A rewrite is only offered when it covers every problem: one hit without a neutral
    # equivalent ("young") means the phrase has to go, not be reworded.
    rewrite = rewrites.pop() if len(rewrites) == 1 else None
    return RefusedQualification(text=text.strip(), reason=" ".join(reasons), rewrite=rewrite)


def check_qualification(text: str) -> RefusedQualification | None:
    """None when `text` is acceptable, else why it was refused (and a rewrite if one exists)."""
    return refusal(text, find_protected(text))


def check_all(texts: Iterable[str]) -> tuple[list[str], list[RefusedQualification]]:
    """Split `texts` into the accepted ones (order kept) and the refusals."""
    accepted: list[str] = []
    refused: list[RefusedQualification] = []
    for text in texts:
        result = check_qualification(text)
        if result is None:
            accepted.append(text)
        else:
            refused.append(result)
    return accepted, refused
