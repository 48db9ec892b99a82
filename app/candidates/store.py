"""Turn a parsed profile into rows: candidate, document, sections, chunks (all or nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.candidates.blind_text import BlindText, blind_text
from app.candidates.profile import ParsedProfile
from app.embeddings.chunking import chunk_spans, text_hash
from app.models import Candidate, CandidateChunk, CandidateDocument, CandidateSection


@dataclass
class PreparedCandidate:
    """Everything to write for one profile; chunk texts are embedded before the write."""

    candidate: Candidate
    document: CandidateDocument
    sections: list[CandidateSection]
    chunk_spans: list[tuple[int, int, int]]  # (section index, start, end) in raw_text
    blind: BlindText  # what the indexes read: chunks are embedded from this, not raw_text
    similar_to: str | None = None  # a near-duplicate already in the pool or this run

    def chunk_texts(self) -> list[str]:
        """The blind text of each chunk (a chunk that held only withheld text embeds as "")."""
        return [self.blind.piece(a, b) for _, a, b in self.chunk_spans]


def _join(values: list[str | None]) -> str:
    seen: dict[str, None] = {}
    for v in values:
        if v and v.strip():
            seen.setdefault(v.strip(), None)
    return "\n".join(seen)


def prepare(
    profile: ParsedProfile,
    *,
    org_id: uuid.UUID,
    source: str,
    media_type: str,
    size_bytes: int,
    content_hash: str,
    simhash: int,
    import_run_id: uuid.UUID | None,
) -> PreparedCandidate:
    candidate_id = uuid.uuid4()
    ids = profile.identifiers
    skill_names = [s.name for s in profile.skills]
    titles = [profile.headline]
    blind = blind_text(profile.raw_text, ids, profile.name)
    for w in profile.work_history:
        titles += [w.title, w.normalized_title]
    candidate = Candidate(
        id=candidate_id,
        org_id=org_id,
        import_run_id=import_run_id,
        source=source[:1000],
        content_hash=content_hash,
        simhash=simhash,
        name=profile.name,
        emails=ids.emails,
        phones=ids.phones,
        urls=ids.urls,
        headline=(profile.headline or None) and profile.headline[:500],
        location=(profile.location or None) and profile.location[:300],
        city=profile.place.city if profile.place else None,
        region=profile.place.region if profile.place else None,
        country_code=profile.place.country_code if profile.place else None,
        years_experience=profile.years_experience,
        years_source=profile.years_source,
        category=profile.category,
        skills=list(dict.fromkeys(skill_names)),
        onet_codes=list(dict.fromkeys(w.onet_code for w in profile.work_history if w.onet_code)),
        profile=profile.model_dump(
            mode="json",
            include={
                "headline",
                "location",
                "place",
                "years_experience",
                "years_source",
                "category",
                "work_history",
                "education",
                "skills",
            },
        ),
        raw_text=profile.raw_text,
        # The indexed fields: blind (see `blind_text`); the display fields above are not.
        search_text=blind.text,
        titles_text=blind.scrub(_join(titles)),
        skills_text=_join([*skill_names, *(s.raw for s in profile.skills)]),
        companies_text=blind.scrub(_join([w.company for w in profile.work_history])),
    )
    document = CandidateDocument(
        candidate_id=candidate_id,
        org_id=org_id,
        source=source[:1000],
        media_type=media_type,
        size_bytes=size_bytes,
    )
    sections: list[CandidateSection] = []
    spans: list[tuple[int, int, int]] = []
    for i, sec in enumerate(profile.sections):
        sections.append(
            CandidateSection(
                candidate_id=candidate_id,
                org_id=org_id,
                ordinal=i,
                kind=sec.kind,
                heading=sec.heading[:300],
                text=sec.text,
                start_offset=sec.start,
                end_offset=sec.end,
            )
        )
        spans += [(i, a, b) for a, b in chunk_spans(profile.raw_text, sec.start, sec.end)]
    spans = [(i, a, b) for i, a, b in spans if blind.piece(a, b).strip()]
    return PreparedCandidate(candidate, document, sections, spans, blind)


def chunk_rows(prepared: PreparedCandidate, embedding_ids: dict[str, int]) -> list[CandidateChunk]:
    """Chunks for a candidate whose sections have been flushed (they need section ids)."""
    texts = prepared.chunk_texts()
    return [
        CandidateChunk(
            candidate_id=prepared.candidate.id,
            section_id=prepared.sections[i].id,
            org_id=prepared.candidate.org_id,
            start_offset=a,
            end_offset=b,
            embedding_id=embedding_ids.get(text_hash(piece)),
        )
        for (i, a, b), piece in zip(prepared.chunk_spans, texts, strict=True)
    ]
