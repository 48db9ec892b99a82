"""Job-title normalization: a free title ("Sr. Python Developer") to an O*NET occupation.

Two stages. An exact lookup of the normalized title (with and without seniority words) catches
most real titles, because O*NET lists ~60k alternate and reported titles. Otherwise an
IDF-weighted cosine over title tokens, driven by an inverted index so that only titles sharing a
reasonably rare token are scored; that keeps a lookup well under a millisecond.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.taxonomy.model import TitleMatch

_TOKEN = re.compile(r"[a-z0-9]+(?:\+\+|#)?")

# Expanded on both sides (index and query), so "ML Engineer" meets "Machine Learning Engineer".
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "sr": ("senior",),
    "snr": ("senior",),
    "jr": ("junior",),
    "mgr": ("manager",),
    "eng": ("engineer",),
    "engr": ("engineer",),
    "dev": ("developer",),
    "admin": ("administrator",),
    "asst": ("assistant",),
    "assoc": ("associate",),
    "exec": ("executive",),
    "dir": ("director",),
    "coord": ("coordinator",),
    "rep": ("representative",),
    "spec": ("specialist",),
    "vp": ("vice", "president"),
    "svp": ("senior", "vice", "president"),
    "evp": ("executive", "vice", "president"),
    "swe": ("software", "engineer"),
    "sde": ("software", "development", "engineer"),
    "ml": ("machine", "learning"),
    "ai": ("artificial", "intelligence"),
    "hr": ("human", "resource"),
    "rn": ("registered", "nurse"),
    "lpn": ("licensed", "practical", "nurse"),
    "qa": ("quality", "assurance"),
    "ux": ("user", "experience"),
    "ui": ("user", "interface"),
    "frontend": ("front", "end"),
    "backend": ("back", "end"),
    "fullstack": ("full", "stack"),
}
# Rank words say how senior, not what the job is; they are dropped unless nothing else is left
# (so "Principal" alone still finds school principals).
_SENIORITY = frozenset(
    {"senior", "junior", "lead", "principal", "staff", "entry", "level", "trainee"}
    | {"i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"}
)
_EXECUTIVE = frozenset({"head", "vp", "svp", "evp", "president"})
_OF_ROLES = _EXECUTIVE | {"director", "manager", "supervisor", "chief"}
# Words whose "plural" is a different job: a securities analyst is not a security analyst.
_NOT_PLURAL = frozenset({"securities", "series", "species", "news", "sales", "operations"})
_STOPWORDS = frozenset({"of", "and", "the", "for", "in", "a", "an", "to", "at", "with", "on", "or"})
_CANDIDATES_MAX = 800
MIN_FUZZY_SCORE = 0.45
# Per commonness point (1 = one-source alternate .. 8 = occupation title); larger when several
# occupations list the very same title and only commonness and affinity can tell them apart.
_WEIGHT_BONUS = 0.05
_TIE_WEIGHT_BONUS = 0.075
_AFFINITY_SHARE = 0.5
_NAME_SHARE = 0.2


def _stem(token: str) -> str:
    """Crude plural folding: O*NET occupation titles are plural ("Data Scientists")."""
    if token in _NOT_PLURAL:
        return token
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(_stem(token) for token in _ABBREVIATIONS.get(word, (word,)))


def _reorder_of(words: list[str]) -> list[str]:
    """'Head of Marketing' -> 'marketing director', 'Director of Nursing' -> 'nursing director':
    O*NET mostly writes the function first, and executive ranks are directors in its titles."""
    if "of" not in words:
        return words
    cut = words.index("of")
    if cut == 0 or cut == len(words) - 1 or words[cut - 1] not in _OF_ROLES:
        return words
    role = words[:cut]
    if role[-1] in _EXECUTIVE:
        role = [*role[:-1], "director"]
        if role[-2:-1] == ["vice"]:
            role = role[:-2] + role[-1:]
    return words[cut + 1 :] + role


def title_tokens(title: str) -> tuple[str, ...]:
    """Lower-cased, abbreviation-expanded, plural-folded tokens; seniority words kept."""
    out: list[str] = []
    for word in _reorder_of(_TOKEN.findall(title.lower().replace("&", " and "))):
        out.extend(_word_tokens(word))
    return tuple(out)


def strip_seniority(tokens: Sequence[str]) -> tuple[str, ...]:
    kept = tuple(token for token in tokens if token not in _SENIORITY)
    return kept or tuple(tokens)


@dataclass(slots=True)
class _Entry:
    key: str
    terms: frozenset[str]
    norm: float
    # code -> (weight, title as O*NET spells it); several occupations can share one title
    codes: dict[str, tuple[int, str]]


class TitleIndex:
    def __init__(self, titles: Iterable[tuple[str, str, int]], occupation_titles: dict[str, str]):
        """`titles` yields (code, title, weight); higher weight means a more common title."""
        self._occupation_titles = occupation_titles
        entries: dict[str, _Entry] = {}
        for code, title, weight in titles:
            tokens = title_tokens(title)
            if not tokens:
                continue
            key = " ".join(tokens)
            entry = entries.get(key)
            if entry is None:
                terms = frozenset(tokens) - _SENIORITY - _STOPWORDS or frozenset(tokens)
                entry = entries[key] = _Entry(key, terms, 0.0, {})
            if weight > entry.codes.get(code, (0, ""))[0]:
                entry.codes[code] = (weight, title)
        self._entries = list(entries.values())
        self._exact = entries
        postings: dict[str, list[int]] = defaultdict(list)
        # How many of an occupation's titles use a term: "network" is typical of network
        # architects, incidental for software developers. Breaks ties between occupations.
        self._code_terms: dict[str, Counter[str]] = defaultdict(Counter)
        for position, entry in enumerate(self._entries):
            for term in entry.terms:
                postings[term].append(position)
            for code in entry.codes:
                self._code_terms[code].update(entry.terms)
        self._named_terms = {
            code: frozenset(title_tokens(name)) for code, name in occupation_titles.items()
        }
        self._code_sizes = Counter(code for entry in self._entries for code in entry.codes)
        self._postings = dict(postings)
        total = len(self._entries)
        self._idf = {term: math.log(1 + total / len(ids)) for term, ids in postings.items()}
        self._unknown_idf = math.log(1 + total)
        for entry in self._entries:
            entry.norm = math.sqrt(sum(self._idf[term] ** 2 for term in entry.terms)) or 1.0
        self.search = lru_cache(maxsize=8192)(self._search)

    def occupation_count(self, title: str) -> int:
        """In how many occupations this exact (normalized) title appears."""
        entry = self._exact.get(" ".join(title_tokens(title)))
        return len(entry.codes) if entry else 0

    def _affinity(self, code: str, weights: dict[str, float]) -> float:
        """0..1.5: the IDF-weighted share of query terms typical of the occupation's titles."""
        counts = self._code_terms[code]
        size = self._code_sizes[code]
        named = self._named_terms.get(code, frozenset())
        total = sum(weights.values()) or 1.0
        typical = sum(weight * counts[term] / size for term, weight in weights.items())
        # Being named after the words counts too: a "Security Analyst" is more plausibly one of
        # the "Information Security Analysts" than of the "Security Management Specialists".
        in_name = sum(weight for term, weight in weights.items() if term in named)
        return (typical + _NAME_SHARE * in_name) / total

    def _term_weights(self, tokens: Sequence[str]) -> dict[str, float]:
        terms = frozenset(tokens) - _SENIORITY - _STOPWORDS or frozenset(tokens)
        return {term: self._idf.get(term, self._unknown_idf) for term in terms}

    def _exact_matches(self, tokens: tuple[str, ...]) -> list[TitleMatch]:
        keys = (" ".join(tokens), " ".join(strip_seniority(tokens)))
        entry = next((self._exact[key] for key in keys if key in self._exact), None)
        if entry is None:
            return []
        weights = self._term_weights(tokens)

        def rank(item: tuple[str, tuple[int, str]]) -> tuple[float, int, str]:
            code, (weight, _title) = item
            score = self._affinity(code, weights) + _TIE_WEIGHT_BONUS * weight
            return (-score, -self._code_sizes[code], code)

        return [
            TitleMatch(code, self._occupation_titles[code], title, 1.0)
            for code, (_weight, title) in sorted(entry.codes.items(), key=rank)
        ]

    def _search(self, title: str, limit: int) -> tuple[TitleMatch, ...]:
        tokens = title_tokens(title)
        if not tokens:
            return ()
        results = self._exact_matches(tokens)[:limit]
        if len(results) >= limit:
            return tuple(results)
        weights = self._term_weights(tokens)
        if not weights:
            return tuple(results)
        query_norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        # Only titles sharing one of the rarer query terms can win; scoring every "engineer"
        # title for "civil site engineer" would cost milliseconds for nothing.
        known = sorted((t for t in weights if t in self._postings), key=lambda t: self._idf[t])
        candidates: set[int] = set()
        for term in reversed(known):
            if candidates and len(candidates) + len(self._postings[term]) > _CANDIDATES_MAX:
                break
            candidates.update(self._postings[term])
        best: dict[str, tuple[float, float, str]] = {}
        affinity: dict[str, float] = {}
        for position in candidates:
            entry = self._entries[position]
            shared = entry.terms & weights.keys()
            cosine = sum(weights[term] ** 2 for term in shared) / (query_norm * entry.norm)
            if cosine < MIN_FUZZY_SCORE:
                continue
            for code, (weight, spelled) in entry.codes.items():
                if code not in affinity:
                    affinity[code] = self._affinity(code, weights)
                # Commonness and affinity break near-ties: "Civil Engineer" (reported by
                # incumbents) beats a one-source alternate like "Civil Site Design Engineer".
                rank = cosine * (0.85 + _WEIGHT_BONUS * weight) + _AFFINITY_SHARE * affinity[code]
                if code not in best or rank > best[code][0]:
                    best[code] = (rank, cosine, spelled)
        ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        seen = {match.code for match in results}
        for code, (_rank, cosine, spelled) in ordered:
            if len(results) >= limit:
                break
            if code not in seen:
                results.append(
                    TitleMatch(code, self._occupation_titles[code], spelled, round(cosine, 3))
                )
        return tuple(results)
