"""One synthetic profile as the rows the product stores for it, ready for COPY.

The rows come from the product's own path: `extract_profile` reads the JSONL record exactly
as the importer does, and `prepare` builds the candidate (blind search text, titles, skills,
companies), its document and its sections and chunk spans. Nothing here re-implements the
redaction or the fields, so a bulk-loaded profile indexes exactly like an imported one (the
tsvectors are computed by Postgres on COPY as on INSERT: the `candidates_tsv` trigger).

Only SimHash is computed differently, with numpy: the product's bit loop in pure Python is
a third of the per-profile cost, and `tests/test_bulk_load.py` checks both give the same
value.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.candidates.dedupe import _WORD as SIMHASH_WORD
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from app.candidates.store import prepare
from app.embeddings.chunking import normalize, text_hash
from app.synth import vocabulary as vocab

CANDIDATE_COLUMNS = (
    "id",
    "org_id",
    "import_run_id",
    "source",
    "content_hash",
    "simhash",
    "name",
    "emails",
    "phones",
    "urls",
    "headline",
    "location",
    "city",
    "region",
    "country_code",
    "years_experience",
    "years_source",
    "category",
    "skills",
    "onet_codes",
    "profile",
    "raw_text",
    "search_text",
    "titles_text",
    "skills_text",
    "companies_text",
)
DOCUMENT_COLUMNS = ("id", "candidate_id", "org_id", "source", "media_type", "size_bytes")
SECTION_COLUMNS = (
    "candidate_id",
    "org_id",
    "ordinal",
    "kind",
    "heading",
    "text",
    "start_offset",
    "end_offset",
)
MEDIA_TYPE = "application/jsonl"
_BITS = np.arange(64, dtype=np.uint64)


def _shingle_hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


class ShingleMemo(dict[str, int]):
    """Shingle hashes shared by a resume and its identity variants, and the first text's
    words and per-bit votes (`base`): a variant's words differ from the resume's only where
    the name, e-mail and phone stand, so its votes are the resume's, corrected for the few
    shingles around those words."""

    base: tuple[list[str], np.ndarray] | None = None


def _votes(shingles: list[str], memo: dict[str, int]) -> np.ndarray:
    """How many of these shingles' hashes have each of the 64 bits set."""
    hashes = np.fromiter(
        (memo[s] if s in memo else memo.setdefault(s, _shingle_hash(s)) for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    votes: np.ndarray = ((hashes[:, None] >> _BITS) & np.uint64(1)).sum(axis=0)
    return votes.astype(np.int64)


def _shingles(words: list[str], at: list[int]) -> list[str]:
    return [" ".join(words[i : i + 3]) for i in at]


def simhash(raw_text: str, memo: dict[str, int] | None = None) -> int:
    """`app.candidates.dedupe.simhash`, with the 64 bit counts done by numpy. `memo` keeps
    shingle hashes between calls: a resume's identity variants share all but the few
    shingles around the name, e-mail and phone, so only those are hashed again."""
    return simhash_normalized(normalize(raw_text), memo)


def simhash_normalized(text: str, memo: dict[str, int] | None = None) -> int:
    """`simhash` of an already normalized text. With a `ShingleMemo` that holds a base of
    as many words, only the shingles over words that differ from it are counted again."""
    words = SIMHASH_WORD.findall(text)
    if memo is None:
        memo = {}
    count = max(1, len(words) - 2)
    base = memo.base if isinstance(memo, ShingleMemo) else None
    if base is not None and len(words) == len(base[0]) and len(words) >= 3:
        changed = [i for i, (a, b) in enumerate(zip(words, base[0], strict=True)) if a != b]
        at = sorted({k for i in changed for k in range(i - 2, i + 1) if 0 <= k < count})
        ones = base[1]
        if at:
            ones = ones - _votes(_shingles(base[0], at), memo) + _votes(_shingles(words, at), memo)
    else:
        ones = _votes(_shingles(words, list(range(count))), memo)
        if isinstance(memo, ShingleMemo) and memo.base is None:
            memo.base = (words, ones)
    value = sum(1 << int(bit) for bit in np.nonzero(2 * ones > count)[0])
    return value - (1 << 64) if value >= (1 << 63) else value


@dataclass(frozen=True, slots=True)
class ProfileRows:
    """Rows for one profile. Sections have no ids yet (the loader reserves them); chunks
    name their section by ordinal; `vector_chunk` is the chunk that carries the profile's
    one vector (its summary), with the hash of its blind text (the embedding's key)."""

    candidate: tuple[Any, ...]
    document: tuple[Any, ...]
    sections: list[tuple[Any, ...]]
    chunks: list[tuple[int, int, int]]  # (section ordinal, start, end)
    vector_chunk: int | None
    vector_text_hash: str | None
    content_hash: str
    variant: int = 0  # 0: the profile itself; n > 0: its n-th identity variant


def profile_rows(
    fields: dict[str, object],
    org_id: uuid.UUID,
    source: str,
    shingle_memo: dict[str, int] | None = None,
) -> ProfileRows:
    profile = extract_profile(RawRecord(source=source, fields=fields))
    normalized = normalize(profile.raw_text)  # `content_hash` and `simhash` both read it
    digest = hashlib.sha256(normalized.encode()).hexdigest()
    prepared = prepare(
        profile,
        org_id=org_id,
        source=source,
        media_type=MEDIA_TYPE,
        size_bytes=len(profile.raw_text.encode()),
        content_hash=digest,
        simhash=simhash_normalized(normalized, shingle_memo),
        import_run_id=None,
    )
    cand = prepared.candidate
    candidate = tuple(getattr(cand, column) for column in CANDIDATE_COLUMNS)
    doc = prepared.document
    document = (
        uuid.uuid4(),
        doc.candidate_id,
        doc.org_id,
        doc.source,
        doc.media_type,
        doc.size_bytes,
    )
    sections = [
        (
            s.candidate_id,
            s.org_id,
            s.ordinal,
            s.kind,
            s.heading,
            s.text,
            s.start_offset,
            s.end_offset,
        )
        for s in prepared.sections
    ]
    chunks = list(prepared.chunk_spans)
    texts = prepared.chunk_texts()
    # The profile's vector sits on its summary (the opening paragraph), else its first chunk.
    # (the longest summary chunk: the contact block before it is parsed as a summary too).
    summaries = [n for n, (i, _, _) in enumerate(chunks) if prepared.sections[i].kind == "summary"]
    pick = max(summaries or range(len(chunks)), key=lambda n: len(texts[n]), default=None)
    return ProfileRows(
        candidate=candidate,
        document=document,
        sections=sections,
        chunks=chunks,
        vector_chunk=pick,
        vector_text_hash=text_hash(texts[pick]) if pick is not None else None,
        content_hash=digest,
    )


def _by_length(names: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for name in names:
        out.setdefault(len(name), []).append(name)
    return {n: tuple(v) for n, v in out.items()}


_FIRST_BY_LENGTH = _by_length(vocab.FIRST_NAMES)
_LAST_BY_LENGTH = _by_length(vocab.LAST_NAMES)


def identity_variant(
    rows: ProfileRows,
    fields: dict[str, object],
    number: int,
    source: str,
    rng: random.Random,
    shingle_memo: dict[str, int] | None = None,
) -> ProfileRows:
    """The same resume under another synthetic identity: another name of the same lengths,
    another e-mail and phone. Blind by construction, it indexes exactly as the original
    (search text, titles, skills, companies, profile JSON unchanged), so it can be derived
    from the original's rows instead of parsed again: only the identifiers, the raw text
    and section text holding them, and the hashes change (same lengths, so every offset
    still holds). `tests/test_bulk_load.py` checks a variant against the full product path.
    """
    name, email, phone = str(fields["name"]), str(fields["email"]), str(fields["phone"])
    first, _, last = name.partition(" ")
    new_first = rng.choice(_FIRST_BY_LENGTH.get(len(first), (first,)))
    new_last = rng.choice(_LAST_BY_LENGTH.get(len(last), (last,)))
    new_name = f"{new_first} {new_last}"
    local, _, domain = email.partition("@")
    digits = "".join(ch for ch in local if ch.isdigit())
    stem = local[: len(local) - len(digits)]
    new_stem = stem.replace(first.lower(), new_first.lower()).replace(
        last.lower(), new_last.lower()
    )
    new_digits = f"{rng.randint(10 ** (len(digits) - 1) if digits else 0, 10 ** len(digits) - 1)}"
    new_email = f"{new_stem}{new_digits if digits else ''}@{domain}"
    new_phone = phone[:-2] + f"{rng.randint(0, 99):02d}"

    def swap(value: str) -> str:
        return value.replace(email, new_email).replace(phone, new_phone).replace(name, new_name)

    cand = list(rows.candidate)
    at = {column: i for i, column in enumerate(CANDIDATE_COLUMNS)}
    raw = swap(str(cand[at["raw_text"]]))
    normalized = normalize(raw)  # once for both hashes (`content_hash` normalizes too)
    digest = hashlib.sha256(normalized.encode()).hexdigest()
    cand[at["id"]] = uuid.uuid4()
    cand[at["source"]] = source
    cand[at["content_hash"]] = digest
    cand[at["simhash"]] = simhash_normalized(normalized, shingle_memo)
    cand[at["name"]] = swap(str(cand[at["name"]])) if cand[at["name"]] else None
    cand[at["emails"]] = [swap(e) for e in cand[at["emails"]]]
    cand[at["phones"]] = [swap(p) for p in cand[at["phones"]]]
    cand[at["raw_text"]] = raw
    cid = cand[at["id"]]
    doc = rows.document
    document = (uuid.uuid4(), cid, doc[2], source, doc[4], len(raw.encode()))
    sections = [(cid, *sec[1:4], swap(sec[4]), swap(sec[5]), *sec[6:]) for sec in rows.sections]
    # The summary text is the original's, so the product would share its embedding; a
    # variant gets a vector of its own (fresh noise) under a key of its own instead.
    vector_key = (
        rows.vector_text_hash
        and hashlib.sha256(f"{rows.vector_text_hash}#variant={number}".encode()).hexdigest()
    )
    return dataclasses.replace(
        rows,
        candidate=tuple(cand),
        document=document,
        sections=sections,
        content_hash=digest,
        vector_text_hash=vector_key,
        variant=number,
    )
