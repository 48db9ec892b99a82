from __future__ import annotations

import uuid
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import BigInteger, ForeignKey, Identity, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps

EMBEDDING_DIM = 384


class Embedding(Timestamps, Base):
    """One vector per (organization, model, normalized text).

    The unique key is the existence check: text already embedded with a model is never sent
    to the model again. Scoped to the organization so no customer's text serves another.
    """

    __tablename__ = "embeddings"
    __table_args__ = (
        UniqueConstraint("org_id", "model", "text_hash"),
        Index(
            "ix_embeddings_vector_hnsw",
            "vector",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"vector": "vector_cosine_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    org_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    model: Mapped[str] = mapped_column(String(200))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[Any] = mapped_column(Vector(EMBEDDING_DIM))
