"""The offline brain of learning: count, per qualification and per skill named in archive
reasons, how the recruiter's reactions split, and turn a clear split into a proposal.

- "4 of the 5 people you archived lack Kubernetes: make it required?" (a nice-to-have most
  archived people lack, or a skill the archive reasons keep naming);
- "you added 3 people without a degree: drop the degree as a requirement?";
- "everyone you added meets Python: star it?" / a star the reactions do not bear out.

Only verdicts and the recruiter's own reasons are read: never names, schools, dates or any
other part of a profile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.learning.schemas import Evidence, LearningProposal
from agents.refinement.apply import resolve
from agents.refinement.schemas import Change
from agents.schemas import Qualification
from app.signals.schemas import Reaction
from app.taxonomy import get_taxonomy

MIN_REACTIONS = 3  # never a proposal from fewer people than this
MIN_SHARE = 0.6  # the share of a group that must show the pattern
_LACK = re.compile(
    r"\b(?:no|lacks?|lacking|without|missing|not enough|little|weak)\s+(?P<what>[\w+#. -]{2,40})",
    re.I,
)


def _verdict(r: Reaction, qid: str) -> str:
    for v in r.verdicts:
        if str(v.get("qualification_id")) == qid:
            return str(v.get("verdict"))
    return "unknown"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def reason_skills(reason: str) -> set[str]:
    """Skills the recruiter named as missing ("no Kubernetes experience")."""
    taxonomy = get_taxonomy()
    found = {m.name for m in taxonomy.find_skills(reason)}
    for match in _LACK.finditer(reason):
        skill = taxonomy.canonical_skill(match.group("what").strip(" .").split(" experience")[0])
        if skill is not None:
            found.add(skill.name)
    return found


def propose(
    qualifications: Sequence[Qualification],
    reactions: Sequence[Reaction],
    earlier_reasons: Sequence[str] = (),
) -> list[LearningProposal]:
    """Every clear pattern, strongest first (the caller asks about one at a time)."""
    archived = [r for r in reactions if r.label == 0]
    added = [r for r in reactions if r.label == 1]
    out: list[LearningProposal] = []
    quals = list(qualifications)

    def lack(group: Sequence[Reaction], qid: str) -> int:
        return sum(1 for r in group if _verdict(r, qid) != "met")

    # Nice-to-haves most archived people lack, and few added ones do.
    for q in quals:
        if q.required or len(archived) < MIN_REACTIONS:
            continue
        n = lack(archived, q.id)
        if n / len(archived) >= MIN_SHARE and (not added or lack(added, q.id) / len(added) < 0.5):
            out.append(
                _about(
                    q,
                    "require",
                    "require",
                    question=f"{n} of the {len(archived)} people you archived lack "
                    f"{_short(q.text)}: make it required?",
                    evidence=Evidence(
                        signal="archived",
                        matching=n,
                        total=len(archived),
                        contrast=lack(added, q.id),
                        contrast_total=len(added),
                    ),
                )
            )
    # Skills the archive reasons keep naming, here and in the recruiter's earlier projects
    # of the same role (so a pattern they showed before is asked about sooner).
    total = len(archived) + len(earlier_reasons)
    if archived and total >= MIN_REACTIONS:
        counts: dict[str, int] = {}
        for r in archived:
            for skill in reason_skills(r.reason or ""):
                counts[skill] = counts.get(skill, 0) + 1
        before: dict[str, int] = {}
        for reason in earlier_reasons:
            for skill in reason_skills(reason):
                before[skill] = before.get(skill, 0) + 1
        for skill, here in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            n = here + before.get(skill, 0)
            if n < MIN_REACTIONS or n / total < MIN_SHARE / 1.2:
                continue
            existing = resolve(skill, quals)
            if existing is not None and existing.required:
                continue  # already required: nothing to ask
            if existing is not None:
                if any(p.key == f"require:{existing.id}" for p in out):
                    continue
                key, kind, change = (
                    f"require:{existing.id}",
                    "require",
                    Change(op="require", target=existing.id),
                )
                text = existing.text
            else:
                key, kind = f"add_required:{skill.lower()}", "add_required"
                change, text = Change(op="add", text=skill, required=True), skill
            out.append(
                LearningProposal(
                    key=key,
                    kind=kind,
                    target=existing.id if existing else skill,
                    text=text,
                    question=f"You archived {n} of {_people(total)} for lacking {skill}"
                    + (f" ({n - here} in your earlier projects for this role)" if n > here else "")
                    + ": make it required?",
                    evidence=Evidence(signal="archived", matching=n, total=total, earlier=n - here),
                    change=change,
                )
            )
    # Required qualifications the people the recruiter added do not meet.
    for q in quals:
        if not q.required or len(added) < MIN_REACTIONS:
            continue
        n = sum(1 for r in added if _verdict(r, q.id) == "not_met")
        if n >= MIN_REACTIONS and n / len(added) >= MIN_SHARE:
            out.append(
                _about(
                    q,
                    "relax",
                    "nice_to_have",
                    question=f"You added {_people(n)} without {_short(q.text)}: drop it as a "
                    "requirement (keep it as nice-to-have)?",
                    evidence=Evidence(signal="added", matching=n, total=len(added)),
                )
            )
    # Stars: a qualification every added person meets and most archived lack; or a star
    # the reactions do not bear out.
    if len(added) >= MIN_REACTIONS and len(archived) >= MIN_REACTIONS:
        for q in quals:
            met_added = len(added) - lack(added, q.id)
            met_archived = len(archived) - lack(archived, q.id)
            split = Evidence(
                signal="added",
                matching=met_added,
                total=len(added),
                contrast=met_archived,
                contrast_total=len(archived),
            )
            if not q.starred and met_added == len(added) and met_archived / len(archived) <= 0.4:
                out.append(
                    _about(
                        q,
                        "star",
                        "star",
                        question=f"All {len(added)} people you added meet {_short(q.text)}, and "
                        f"only {met_archived} of the {len(archived)} you archived do: star it?",
                        evidence=split,
                    )
                )
            elif q.starred and abs(met_added / len(added) - met_archived / len(archived)) < 0.2:
                out.append(
                    _about(
                        q,
                        "unstar",
                        "unstar",
                        question=f"{_short(q.text)} is starred, but {met_added} of the "
                        f"{len(added)} you added and {met_archived} of the {len(archived)} you "
                        "archived meet it: take the star off?",
                        evidence=split,
                    )
                )
    # One proposal per key, strongest first.
    best: dict[str, LearningProposal] = {}
    for p in out:
        if p.key not in best or p.strength > best[p.key].strength:
            best[p.key] = p
    return sorted(best.values(), key=lambda p: (-p.strength, p.key))


def _about(
    q: Qualification, kind: str, op: str, *, question: str, evidence: Evidence
) -> LearningProposal:
    """A proposal to change one existing qualification (keyed by what and which)."""
    return LearningProposal(
        key=f"{kind}:{q.id}",
        kind=kind,
        target=q.id,
        text=q.text,
        question=question,
        evidence=evidence,
        change=Change(op=op, target=q.id),
    )


def _short(text: str) -> str:
    """ "Kubernetes" of "Experience with Kubernetes"."""
    skills = [m.name for m in get_taxonomy().find_skills(text)]
    if len(skills) == 1:
        return skills[0]
    return text.removeprefix("Experience with ").rstrip(".")
