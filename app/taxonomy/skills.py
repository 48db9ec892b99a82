"""Find technology skills in free resume text.

A token trie over all aliases finds the longest alias at each token in one left-to-right pass
(a 10k-character resume takes a few milliseconds; a single alternation regex over ~20k aliases
would be far slower in Python's `re`). Then ambiguous aliases ("Go", "R", "Excel", "React") are
only kept where the context says "skill":
  * listed next to a confirmed skill ("Python, R, SQL"),
  * on a line labelled as skills ("Languages: Go, Rust"),
  * or written with their proper capitalisation inside a lower-case sentence ("built in React").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.taxonomy.aliases import Alias
from app.taxonomy.context import RULES
from app.taxonomy.model import SkillMatch, TechSkill

# What may separate two items of one list: punctuation, bullets, and/or.
_LIST_GAP = re.compile(
    r"[\s,;/|•·▪●◦*()\[\]&+\-–—]*(?:(?:and|or|as well as)\b[\s,;/|()•·*\-]*)?", re.IGNORECASE
)
_LIST_GAP_MAX = 24
# The alias tokenizer (`aliases.TOKEN`) minus hyphens, which `alias_key` drops as well.
_TOKEN_NO_HYPHEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9-]")
_SKILL_LABEL = re.compile(
    r"\s*(?:[-•*·]\s*)?(?:key\s+|core\s+|technical\s+|programming\s+|software\s+|it\s+)?"
    r"(?:skills?|technolog(?:y|ies)|tech(?:nical)?\s+stack|stack|languages?|tools?(?:\s+used)?"
    r"|frameworks?|platforms?|environment|technologies\s+used)\s*(?:[:|–—-]|\(|$)",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"([A-Za-z0-9][\w'’+#-]*) +$")
# The next word and, when that one is a joiner like "to", whether a Capitalised word follows it.
_NEXT_WORDS = re.compile(r" +([A-Za-z0-9][\w'’-]*)(?: +([A-Z]))?")
_JOINERS = frozenset({"to", "of", "for", "and", "the", "in", "on", "de"})
_EMPLOYER_CUES = frozenset({"at", "joined", "@"})
# Tools named by a plain noun that heads many a Title Case phrase ("Project Manager", "Word
# Embedding", "Access Control", "Office Assistant"); "Kafka Streams" or "Spark SQL" is the tool.
_PLAIN_HEADS = frozenset({"Project", "Word", "Access", "Office", "Teams", "Outlook", "Publisher"})
# Named in a sentence they are where something was posted ("shared on Facebook", "tweets
# from Twitter"), not a tool the person uses; in a skills list they still count.
_SOCIAL_SITES = frozenset({"Facebook", "Twitter", "Instagram", "YouTube", "Pinterest", "WhatsApp"})
_COMPANY_SUFFIXES = frozenset({"plc", "llc", "llp", "ltd", "inc", "gmbh"})
# Roman numerals number things ("Project-II", "Phase III"); "II" is no Insight II.
_ROMAN_NUMERALS = frozenset({"II", "III", "IV", "VII", "VIII", "IX", "XII", "XIII", "XIV"})
# More of a Title Case phrase right after a word: " Description", "-I" (not "- Experience").
_PHRASE_GOES_ON = re.compile(r"(?:[ \t]+|-)[A-Z]")
_LABEL_OR_NUMBER = re.compile(r"[ \t]*(?::|#|\d)")


class _Node:
    __slots__ = ("alias", "children")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.alias: Alias | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    alias: Alias


def _boundary_ok(text: str, start: int, end: int) -> bool:
    """Reject matches glued to more word: "R&D", "C" in "C++", "github.com", "a@python.org"."""
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or before in "@_+#&":
            return False
        if before == "." and start >= 2 and text[start - 2].isalnum():
            return False
    if end < len(text):
        after = text[end]
        glued_word = after.isalnum() and text[end - 1].isalnum()
        if glued_word or after in "@_&" or (after in "+#" and text[end - 1].isalnum()):
            return False
        if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
            return False
    return True


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _heads_a_phrase(text: str, candidate: _Candidate, starts: frozenset[int]) -> bool:
    """A plain noun at the head of a Title Case phrase ("Project Description:", "Project-I:
    Pragat Bharat", "Word Embedding") names no tool, even beside one; before another skill
    ("Project Server" aside, "Word, Excel") or with its details ("Word- Experience") it may."""
    if not candidate.alias.ambiguous or text[candidate.start : candidate.end] not in _PLAIN_HEADS:
        return False
    if _LABEL_OR_NUMBER.match(text, candidate.end):
        return True  # "Project: DIPLOMA", "Project #1", "Project 2": a heading, in a list or not
    goes_on = _PHRASE_GOES_ON.match(text, candidate.end)
    return goes_on is not None and goes_on.end() - 1 not in starts


def _prose_ok(text: str, candidate: _Candidate, english: frozenset[str]) -> bool:
    """'built dashboards in Excel' yes; 'Excel at teamwork', 'Senior Project Manager' no."""
    alias, start, end = candidate.alias, candidate.start, candidate.end
    raw = text[start:end]
    if raw != alias.text or sum(char.isalnum() for char in raw) < 3:
        return False
    line_start, line_end = _line_bounds(text, start, end)
    before = text[max(line_start, start - 80) : start]
    after = text[end : min(line_end, end + 80)]
    previous = _PREV_WORD.search(before)  # a word directly before, spaces only in between
    following = _NEXT_WORDS.match(after)
    next_word = following.group(1) if following else None
    if after.lstrip(" ").startswith(":"):
        return False  # "Project: Apollo" is a heading, not the tool
    if after[:2] in ("'s", "’s"):
        return False  # "Oracle's hiring process": the company
    if next_word is not None and next_word[0].isupper():
        return False  # a Title Case phrase ("Project Manager", "Spark Plug")
    if following and following.group(2) and next_word in _JOINERS:
        return False  # "Access to Justice", "Word of God"
    if previous is None:
        # Sentence-initial: only when it stands alone ("Excel (pivot tables)", "Excel, Word").
        return next_word is None and not re.match(r"\s*[.!?]", after)
    prev_word = previous.group(1)
    if raw in _SOCIAL_SITES:
        return False  # inside a sentence: where something was posted
    if prev_word.lower() in _EMPLOYER_CUES:
        return False  # "worked at Google", "joined Oracle"
    if prev_word[0].islower() or prev_word[0].isdigit():
        return True
    # A capitalised previous word is fine only as the plain English first word of a sentence:
    # "Advanced Excel skills", but not "Capstone Project", "Taylor Swift" or "Senior Project X".
    head = before[: previous.start()].rstrip()
    sentence_initial = head == "" or head[-1] in ".:;•*-–—(|"
    return sentence_initial and next_word is not None and prev_word.lower() in english


class SkillMatcher:
    def __init__(
        self,
        aliases: dict[tuple[str, ...], Alias],
        skills: Sequence[TechSkill],
        english: frozenset[str],
    ):
        """`english`: lower-case words of ordinary prose, to tell "Advanced Excel" from
        "Taylor Swift"."""
        self._skills = skills
        self._english = english
        self._root = _Node()
        for key, alias in aliases.items():
            node = self._root
            for token in key:
                node = node.children.setdefault(token, _Node())
            node.alias = alias

    def find(self, text: str) -> list[SkillMatch]:
        candidates = self._candidates(text)
        accepted = self._gate(text, candidates)
        seen: set[int] = set()
        out: list[SkillMatch] = []
        for candidate in accepted:
            index = candidate.alias.skill
            if index in seen:
                continue
            seen.add(index)
            skill = self._skills[index]
            out.append(
                SkillMatch(
                    name=skill.name,
                    raw=text[candidate.start : candidate.end],
                    start=candidate.start,
                    end=candidate.end,
                    category=skill.category,
                    hot=skill.hot,
                    in_demand=skill.in_demand,
                )
            )
        return out

    def _candidates(self, text: str) -> list[_Candidate]:
        spans = [match.span() for match in _TOKEN_NO_HYPHEN.finditer(text)]
        lowered = text.lower()
        if len(lowered) != len(text):  # a few non-ASCII letters lower-case to two characters
            lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
        words = [lowered[a:b] for a, b in spans]
        root = self._root.children
        found: list[_Candidate] = []
        count = len(words)
        position = 0
        while position < count:
            node = root.get(words[position])
            if node is None:
                position += 1
                continue
            ends: list[tuple[int, Alias]] = []
            cursor = position
            while node is not None:
                if node.alias is not None:
                    ends.append((cursor, node.alias))
                cursor += 1
                if cursor >= count:
                    break
                node = node.children.get(words[cursor])
            start = spans[position][0]
            for last, alias in reversed(ends):  # longest alias first, shorter as a fallback
                end = spans[last][1]
                if not _boundary_ok(text, start, end):
                    continue
                if alias.case_sensitive and " ".join(text[start:end].split()) != alias.text:
                    continue
                if text[start:end] in _ROMAN_NUMERALS:
                    continue
                found.append(_Candidate(start, end, alias))
                position = last + 1
                break
            else:
                position += 1
        return found

    def _loose_acronym(self, text: str, candidate: _Candidate) -> bool:
        """An acronym's alias written as a plain word: "jet airways" is no JET, "Colegio San
        Carlos" no SAN. Such a mention needs a skill context like an ambiguous alias; "sql"
        or "Php" alone are still read as the tool."""
        alias, raw = candidate.alias.text, text[candidate.start : candidate.end]
        if alias.isupper() and len(raw) >= 3 and raw[-1] == "s" and raw[:-1].isupper():
            return True  # "PMs", "POs": a plural noun, not the PMS or POS product
        if not (alias.isupper() and alias.isalpha() and len(alias) >= 3) or raw.isupper():
            return False
        if raw.lower() in self._english:
            return True
        line_start, line_end = _line_bounds(text, candidate.start, candidate.end)
        before = text[line_start : candidate.start].rstrip(" ")
        if raw in _COMPANY_SUFFIXES:
            # "BT Group plc": after a capitalised word it ends a company's name.
            return bool(before) and before.split(" ")[-1][:1].isupper()
        if not raw.istitle():
            return False
        after = text[candidate.end : line_end].lstrip(" ")
        # A capitalised word right beside it: part of a proper name.
        return (bool(before) and before.split(" ")[-1][:1].isupper()) or after[:1].isupper()

    def _gate(self, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
        starts = frozenset(candidate.start for candidate in candidates)
        confirmed = [
            not (
                candidate.alias.ambiguous
                or self._loose_acronym(text, candidate)
                or self._listed_only(text, candidate)
            )
            for candidate in candidates
        ]
        for k, candidate in enumerate(candidates):
            if not confirmed[k]:
                confirmed[k] = self._labelled_line(text, candidate) or (
                    not self._listed_only(text, candidate)
                    and _prose_ok(text, candidate, self._english)
                    and not _heads_a_phrase(text, candidate, starts)
                )
        # Neighbours confirm each other along a list, so repeat until nothing changes.
        changed = True
        while changed:
            changed = False
            for k, candidate in enumerate(candidates):
                if confirmed[k] or _heads_a_phrase(text, candidate, starts):
                    continue
                left = (
                    k > 0 and confirmed[k - 1] and self._listed(text, candidates[k - 1], candidate)
                )
                right = (
                    k + 1 < len(candidates)
                    and confirmed[k + 1]
                    and self._listed(text, candidate, candidates[k + 1])
                )
                if left or right:
                    confirmed[k] = changed = True
        return [candidate for k, candidate in enumerate(candidates) if confirmed[k]]

    @staticmethod
    def _listed_only(text: str, candidate: _Candidate) -> bool:
        """An obscure acronym needs a list or a skills line, unless its context decides
        (`context.RULES`: "TSM backup and restore" is Tivoli Storage Manager)."""
        raw = text[candidate.start : candidate.end].casefold()
        return candidate.alias.listed_only and raw not in RULES

    @staticmethod
    def _listed(text: str, first: _Candidate, second: _Candidate) -> bool:
        gap = text[first.end : second.start]
        if not gap.strip(" "):
            # Words side by side are a phrase, not a list: "Android Project", "Project RFID".
            return False
        return len(gap) <= _LIST_GAP_MAX and _LIST_GAP.fullmatch(gap) is not None

    @staticmethod
    def _labelled_line(text: str, candidate: _Candidate) -> bool:
        line_start, _ = _line_bounds(text, candidate.start, candidate.end)
        line = text[line_start : candidate.start]
        label_end = line.find(":")
        if label_end < 0:
            label_end = len(line)
        return _SKILL_LABEL.match(line[: label_end + 1]) is not None
