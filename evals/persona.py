"""A scripted recruiter with hidden preferences: what they say, and how they judge what they see.

The persona sees only what the public API shows (questions, proposed qualifications, ranked
candidates and their text). Whether a candidate really meets the hidden preferences is decided
elsewhere, from the synthetic pool's generated fields, never from this persona's reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_FIELD_WORDS = {
    "location": re.compile(r"\b(where|location|based|on-site|onsite|remote|hybrid)\b", re.I),
    "seniority": re.compile(r"\b(seniority|level|junior|senior|lead)\b", re.I),
    "title": re.compile(r"\b(title|role called|job title)\b", re.I),
}


@dataclass(frozen=True)
class Persona:
    id: str
    style: str  # "terse" answers only what was asked; "verbose" adds pleasantries
    request: str
    answers: dict[str, str]
    hidden: dict[str, Any]  # occupation, skills_all, min_years
    feedback: str
    must_have_qualification: str
    protected_wish: str | None
    pool: dict[str, Any]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Persona:
        return cls(
            id=raw["id"],
            style=raw["style"],
            request=raw["request"],
            answers=dict(raw["answers"]),
            hidden=dict(raw["hidden"]),
            feedback=raw["feedback"],
            must_have_qualification=raw["must_have_qualification"],
            protected_wish=raw.get("protected_wish"),
            pool=dict(raw["pool"]),
        )

    @property
    def must_have_word(self) -> str:
        """How the must-have shows in a resume ("TensorFlow" of "Experience with TensorFlow")."""
        return self.must_have_qualification.removeprefix("Experience with ").strip()

    def answer(self, question: dict[str, Any]) -> str:
        """Answer the fields a question asks about, in this persona's style."""
        fields = [q["field"] for q in question.get("payload", {}).get("questions", [])]
        if not fields:
            body = question.get("body", "")
            fields = [f for f, pattern in _FIELD_WORDS.items() if pattern.search(body)]
        parts = [self.answers[f] for f in fields if f in self.answers]
        if not parts:
            parts = ["Whatever you think is best."]
        text = " ".join(parts)
        return f"Sure! {text} Thanks for checking." if self.style == "verbose" else text

    def sees_must_have(self, raw_text: str) -> bool:
        word = re.escape(self.must_have_word)
        return re.search(rf"(?<![\w.]){word}(?![\w])", raw_text, re.I) is not None

    def edited_qualifications(self, proposed: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The proposed qualifications with the must-have present and starred."""
        word = self.must_have_word.lower()
        out, found = [], False
        for q in proposed:
            item = {"text": q["text"], "required": bool(q.get("required", True))}
            if word in q["text"].lower():
                item.update(required=True, starred=True)
                found = True
            else:
                item["starred"] = bool(q.get("starred", False))
            out.append(item)
        if not found:
            out.append({"text": self.must_have_qualification, "required": True, "starred": True})
        return out


def satisfies(profile: dict[str, Any], hidden: dict[str, Any]) -> bool:
    """Ground truth from the generated fields: the occupation, every hidden skill, the years."""
    skills = set(profile.get("skills", []))
    return (
        profile.get("onet_code") == hidden["occupation"]
        and all(s in skills for s in hidden.get("skills_all", []))
        and float(profile.get("years_experience", 0)) >= float(hidden.get("min_years", 0))
    )
