"""The offline brain of refinement: rules for the common phrasings, one clause at a time.

"also require Kubernetes", "drop the degree", "make AWS required", "Docker is nice to
have", "relax the location", "3 years is enough", "star Python", "reuse the suggestions".
Anything else yields no change, so a thank-you or a question never alters the set.
"""

from __future__ import annotations

import re

from agents.refinement.schemas import Change

_CLAUSES = re.compile(
    r"[.;!?\n]+|,\s*(?:and\s+)?(?:also|then|but)\s+|,\s*and\s+|\s+and\s+also\s+", re.I
)
_FILLER = re.compile(
    r"^(?:ok(?:ay)?|great|thanks|thank you|cool|perfect|hmm|please|so|now|and|but|also|"
    r"actually|oh|hi|hey|pls|can you|could you|let'?s|i think|i'd like to|we should)\b[,!]?\s*",
    re.I,
)
_NICE = r"(?:nice[- ]to[- ]have|optional|(?:a )?(?:plus|bonus)|not required|not a must)"
_MUST = r"(?:required|mandatory|(?:a )?must(?:[- ]have)?|essential|a requirement|non-negotiable)"
_T = r"(?:the\s+)?(?P<t>.+?)"
_FOR_US = r"(?:\s+(?:for|to)\s+(?:us|me|this role|the role|this job|the team|this position))?"

# (op, pattern): the first that matches a clause wins; order matters (specific first).
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "reuse_suggestions",
        re.compile(
            r"^(?:reuse|use|take|add|accept|apply)\s+(?:the\s+|those\s+|these\s+|all\s+)?"
            r"(?:\d+\s+)?(?:suggest\w*|them|past ones|earlier ones)\b",
            re.I,
        ),
    ),
    (
        "relax_years",
        re.compile(
            r"^(?P<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)(?:\s+of\s+\w+)?\s+(?:is|are|will do|would do|"
            r"should do)\s*(?:enough|fine|ok(?:ay)?|sufficient|plenty)?$",
            re.I,
        ),
    ),
    (
        "relax_years",
        re.compile(
            r"^(?:relax|lower|reduce|change|make)\s+(?:the\s+)?(?:years?|experience)"
            r"(?:\s+\w+)*?(?:\s+to\s+(?P<n>\d{1,2}))?(?:\s*\+?\s*(?:years?|yrs?))?$",
            re.I,
        ),
    ),
    (
        "years",
        re.compile(
            r"^(?:at least|a minimum of|minimum(?: of)?|min\.?)\s+(?P<n>\d{1,2})\s*\+?\s*"
            r"(?:years?|yrs?)\b",
            re.I,
        ),
    ),
    (
        "years",
        re.compile(
            r"^(?P<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)(?:\s+of\s+[\w\s]+?)?\s+(?:is|are)\s+"
            rf"(?:a\s+)?{_MUST}",
            re.I,
        ),
    ),
    (
        "relax_years",
        re.compile(
            r"^(?:only\s+)?(?:need|require|ask for)\s+(?:only\s+)?(?P<n>\d{1,2})\s*\+?\s*"
            r"(?:years?|yrs?)\b",
            re.I,
        ),
    ),
    (
        "relax_location",
        re.compile(
            r"^(?:relax|drop|remove|forget|ignore|widen|open up|loosen)\s+(?:about\s+)?(?:the\s+)?"
            r"(?:location|city|place|geograph\w*|where they (?:are|live))\b",
            re.I,
        ),
    ),
    (
        "relax_location",
        re.compile(
            r"^(?:the\s+)?(?:location|city|where they (?:are|live))\s+(?:doesn'?t|does not|don'?t)"
            r"\s+matter|^(?:remote|anywhere|any location)\s+is\s+(?:fine|ok(?:ay)?|good)",
            re.I,
        ),
    ),
    (
        "remove",
        re.compile(
            r"^(?:drop|remove|delete|forget(?:\s+about)?|skip|lose|take out|get rid of|no need for|"
            r"(?:we\s+|i\s+|they\s+)?(?:don'?t|do not|no longer)\s+(?:need|require)|"
            rf"no longer require)\s+{_T}(?:\s+(?:requirement|qualification))?$",
            re.I,
        ),
    ),
    ("require", re.compile(rf"^make\s+{_T}\s+(?:a\s+)?{_MUST}$", re.I)),
    ("nice_to_have", re.compile(rf"^make\s+{_T}\s+(?:a\s+)?{_NICE}$", re.I)),
    (
        "nice_to_have",
        re.compile(
            rf"^{_T}\s+(?:is|are|would be|becomes?)\s+(?:just\s+|only\s+|now\s+)?(?:a\s+)?{_NICE}$",
            re.I,
        ),
    ),
    ("nice_to_have", re.compile(r"^relax\s+(?:the\s+)?(?P<t>.+?)(?:\s+requirement)?$", re.I)),
    (
        "require",
        re.compile(
            rf"^{_T}\s+(?:is|are|becomes?)\s+(?:now\s+|really\s+|absolutely\s+|definitely\s+)?"
            rf"(?:a\s+)?{_MUST}{_FOR_US}$",
            re.I,
        ),
    ),
    ("unstar", re.compile(r"^(?:unstar|un-star|deprioriti[sz]e)\s+(?:the\s+)?(?P<t>.+)$", re.I)),
    (
        "star",
        re.compile(
            r"^(?:star|prioriti[sz]e|emphasi[sz]e|weight)\s+(?:the\s+)?(?P<t>.+?)(?:\s+more)?$",
            re.I,
        ),
    ),
    (
        "star",
        re.compile(
            rf"^{_T}\s+(?:is|are)\s+(?:really\s+|very\s+|most\s+|the most\s+)?(?:important|key|"
            r"critical|crucial)$",
            re.I,
        ),
    ),
    ("add_nice", re.compile(rf"^(?:add|include)\s+{_T}\s+as\s+(?:a\s+)?{_NICE}$", re.I)),
    (
        "add",
        re.compile(
            r"^(?:require|requires|must have|must know|add|include|(?:they|candidates|we|i)\s+"
            r"(?:also\s+)?(?:need|must have|should have|should know|must know)|needs?|"
            r"looking for)\s+(?:a\s+|an\s+|some\s+|strong\s+)?(?P<t>.+?)"
            rf"(?:\s+(?:as\s+)?(?:a\s+)?{_MUST})?(?:\s+(?:too|as well))?$",
            re.I,
        ),
    ),
]
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bplus\b)\s*", re.I)
# "I need more candidates" asks for sourcing, not for a qualification called "candidates".
_NOT_A_QUALIFICATION = {
    "candidates", "candidate", "people", "person", "profiles", "profile", "more", "others",
    "other", "results", "matches", "someone", "somebody", "anyone", "anybody", "help", "time",
    "it", "this", "that", "them", "you", "me", "new", "good", "some", "few", "a", "the",
    "of", "to", "see", "find", "look", "at", "options", "ones",
}  # fmt: skip


_LEAD_IN = re.compile(
    r"^(?:looking|seeing|having|honestly|actually|well|after|given|from|based on|reading)\b", re.I
)


def _clean_clause(clause: str) -> str:
    clause = clause.strip(" ,:-\"'")
    while True:
        stripped = _FILLER.sub("", clause, count=1).strip(" ,")
        if stripped == clause:
            return clause
        clause = stripped


def _targets(raw: str) -> list[str]:
    out = [t.strip(" .\"'") for t in _SPLIT.split(raw)]
    return [
        t
        for t in out
        if t
        and not set(t.lower().split()) <= _NOT_A_QUALIFICATION
        # "Looking at these, Ansible is a must": the lead-in is not a qualification.
        and not (len(t.split()) > 5 or _LEAD_IN.match(t))
    ]


def parse_changes(message: str) -> list[Change]:
    """Rules over the visible message; [] when it asks for no change."""
    changes: list[Change] = []
    for raw in _CLAUSES.split(message):
        clause = _clean_clause(raw)
        if not clause or len(clause) > 200:
            continue
        for op, pattern in _RULES:
            match = pattern.search(clause)
            if match is None:
                continue
            groups = match.groupdict()
            if op == "reuse_suggestions":
                changes.append(Change(op="reuse_suggestions"))
            elif op == "relax_years":
                changes.append(Change(op="relax", target="years", text=groups.get("n") or ""))
            elif op == "years":
                changes.append(Change(op="require", target="years", text=groups["n"]))
            elif op == "relax_location":
                changes.append(Change(op="relax", target="location"))
            elif op in ("add", "add_nice"):
                changes += [
                    Change(op="add", text=t, required=op == "add") for t in _targets(groups["t"])
                ]
            else:
                changes += [Change(op=op, target=t) for t in _targets(groups["t"])]
            break
    return changes
