from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Computed,
    DateTime,
    FetchedValue,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk, utcnow

# Weights let one tsvector answer fielded queries: title:=A, skill:=B, company:=C, body:=D.
# Built from the blind fields only (`app.candidates.blind_text`), never from raw_text.
SEARCH_TSV_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(skills_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(companies_text, '')), 'C') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'D')"
)
# The compact vector the natural-language leg ranks: titles A, skills B, and the opening of
# the resume (headline, summary, most recent role) C. A few dozen lexemes, not thousands, so
# ts_rank_cd over a capped candidate set costs microseconds per row.
BRIEF_CHARS = 600
BRIEF_TSV_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(skills_text, '')), 'B') || "
    f"setweight(to_tsvector('english'::regconfig, left(coalesce(search_text, ''), {BRIEF_CHARS})),"
    " 'C')"
)
LOCATION_TSV_SQL = "to_tsvector('simple'::regconfig, coalesce(location, ''))"


class Candidate(UUIDPk, Timestamps, Base):
    """A structured profile in one organization's talent pool.

    Personal identifiers (name, emails, phones, urls) are columns of their own so that
    scoring code can be given everything else without them.
    """

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("org_id", "content_hash"),
        Index("ix_candidates_search_tsv", "search_tsv", postgresql_using="gin"),
        Index("ix_candidates_brief_tsv", "brief_tsv", postgresql_using="gin"),
        Index("ix_candidates_location_tsv", "location_tsv", postgresql_using="gin"),
        Index("ix_candidates_skills", "skills", postgresql_using="gin"),
        Index("ix_candidates_org_country", "org_id", "country_code"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    import_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("import_runs.id", ondelete="SET NULL"), default=None
    )
    source: Mapped[str] = mapped_column(String(1000))
    content_hash: Mapped[str] = mapped_column(String(64))
    simhash: Mapped[int] = mapped_column(BigInteger)

    # Personal identifiers: withheld from scoring.
    name: Mapped[str | None] = mapped_column(String(300), default=None)
    emails: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    phones: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    urls: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)

    headline: Mapped[str | None] = mapped_column(String(500), default=None)
    location: Mapped[str | None] = mapped_column(String(300), default=None)
    # The gazetteer's normalized place, so sourcing can filter and relax by city and country.
    city: Mapped[str | None] = mapped_column(String(200), default=None)
    region: Mapped[str | None] = mapped_column(String(200), default=None)
    country_code: Mapped[str | None] = mapped_column(String(2), default=None)
    years_experience: Mapped[float | None] = mapped_column(Float, default=None)
    years_source: Mapped[str | None] = mapped_column(String(20), default=None)
    category: Mapped[str | None] = mapped_column(String(200), default=None)
    skills: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    onet_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    # work_history, education, skills (with raw names and flags): no identifiers in here.
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    raw_text: Mapped[str] = mapped_column(Text)

    # The resume as the search index reads it: redacted, no placeholders (`blind_text`).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    titles_text: Mapped[str] = mapped_column(Text, default="")
    skills_text: Mapped[str] = mapped_column(Text, default="")
    companies_text: Mapped[str] = mapped_column(Text, default="")
    # Kept by the `candidates_tsv` trigger from SEARCH_TSV_SQL and BRIEF_TSV_SQL (migration
    # 0020), not generated: a bulk load's identity variants get their resume's vectors.
    search_tsv: Mapped[Any] = mapped_column(
        TSVECTOR, server_default=FetchedValue(), server_onupdate=FetchedValue()
    )
    brief_tsv: Mapped[Any] = mapped_column(
        TSVECTOR, server_default=FetchedValue(), server_onupdate=FetchedValue()
    )
    location_tsv: Mapped[Any] = mapped_column(TSVECTOR, Computed(LOCATION_TSV_SQL, persisted=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow, onupdate=utcnow
    )
