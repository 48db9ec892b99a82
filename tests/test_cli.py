"""The `scout` command as a person runs it: a real process on the same data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.config import Settings
from app.runtime import Runtime
from evals.hidden_documents import write_docx
from tests.bombs import numbered_paragraphs_docx
from tests.conftest import Tenant
from tests.pool import PROFILES, write_pool


def scout(
    settings: Settings, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SCOUT_DATA_DIR": str(settings.data_dir), **(env or {})},
        timeout=300,
    )


def test_import_search_and_errors(
    settings: Settings, tenant: Tenant, other_tenant: Tenant, tmp_path: Path
) -> None:
    pool = str(write_pool(tmp_path / "pool.jsonl"))
    (tmp_path / "empty.txt").write_text("")
    stuffed = write_docx(
        tmp_path / "stuffed.docx", "Alex Kim\nBarista\n\nSKILLS\nLatte art", "Java Spring"
    )
    first = scout(
        settings,
        "import",
        pool,
        str(tmp_path / "empty.txt"),
        str(stuffed),
        "--org",
        tenant.org.slug,
        "--json",
    )
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["imported"] == len(PROFILES) + 1
    assert summary["hidden_text"] == [{"file": "stuffed.docx", "chars": 10, "kinds": {"color": 10}}]
    assert summary["duplicates"] == 0
    assert [Path(f["file"]).name for f in summary["failed"]] == ["empty.txt"]
    assert summary["failed"][0]["error"]

    again = json.loads(scout(settings, "import", pool, "--org", tenant.org.slug, "--json").stdout)
    assert again == {**again, "imported": 0, "duplicates": len(PROFILES), "embedding_calls": 0}

    found = scout(settings, "search", "title:nurse", "--org", tenant.org.slug, "--json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert [r["name"] for r in results] == ["Carla Mendes"]
    assert set(results[0]) == {
        "candidate_id",
        "name",
        "source",
        "score",
        "matched_terms",
        "snippets",
    }
    assert results[0]["source"].endswith("pool.jsonl#line=3")

    other = scout(settings, "search", "python", "--org", other_tenant.org.slug, "--json")
    assert json.loads(other.stdout)["results"] == []

    bad = scout(settings, "search", "python AND (java", "--org", tenant.org.slug)
    assert bad.returncode == 2
    assert "parenthes" in bad.stderr

    missing = scout(settings, "import", pool, "--org", "no-such-team", "--json")
    assert missing.returncode == 2
    assert "no-such-team" in missing.stderr


def test_chat_in_the_terminal(settings: Settings, tenant: Tenant, tmp_path: Path) -> None:
    pool = str(write_pool(tmp_path / "pool.jsonl"))
    assert scout(settings, "import", pool, "--org", tenant.org.slug, "--json").returncode == 0
    script = "\n".join(
        [
            "Senior Python data scientist in Berlin, pandas and SQL a must",
            "/approve",
            "/plan",
            "/candidates",
            "/quit",
        ]
    )
    env = {**os.environ, "SCOUT_DATA_DIR": str(settings.data_dir)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "chat",
            "--org",
            tenant.org.slug,
            "--recruiter",
            tenant.recruiter.email,
        ],
        input=script + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "[agent:intake · proposal]" in out.stdout
    assert "[supervisor · ready]" in out.stdout
    assert "required" in out.stdout and "Data Scientist" in out.stdout
    assert "[   done]" in out.stdout


def test_eval_runs_the_evals_package_in_a_child_process(settings: Settings) -> None:
    # `scout eval` does not import evals/: it runs `python -m evals.run` and passes on its
    # exit status, so a bad suite name reaches the person as evals' own message and code 2.
    result = scout(settings, "eval", "--suite", "bogus")
    assert result.returncode == 2, result.stderr
    assert "unknown suite 'bogus'" in result.stderr


def test_eval_options_reach_the_child_as_evals_spells_them(tmp_path: Path) -> None:
    from app.cli_eval import evals_command

    argv = evals_command(["retrieval", "safety"], "llm", "judge-model", tmp_path / "r", True)
    assert argv[:3] == [sys.executable, "-m", "evals.run"]
    assert argv[3:] == [
        "--engine",
        "llm",
        "--suite",
        "retrieval",
        "--suite",
        "safety",
        "--judge",
        "judge-model",
        "--out",
        str((tmp_path / "r").resolve()),
        "--update-baseline",
    ]


def test_import_reads_documents_in_the_capped_parse_pool(
    settings: Settings, tenant: Tenant, tmp_path: Path
) -> None:
    # ~16 s of CPU to parse: past a 1 s budget, so only a capped pool stops it (read in this
    # process, as the command used to, it would be parsed and imported).
    bomb = numbered_paragraphs_docx(tmp_path / "numbered.docx", 1_200_000)
    people = [
        write_docx(tmp_path / f"person{i}.docx", f"Person {i}\nEngineer number {i} in Pune.")
        for i in range(3)
    ]
    env = {"SCOUT_IMPORT_PARSE_CPU_S": "1"}
    done = scout(
        settings,
        "import",
        *map(str, [people[0], bomb, *people[1:]]),
        "--org",
        tenant.org.slug,
        "--json",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["imported"] == 3
    assert [f["file"] for f in summary["failed"]] == ["numbered.docx"]
    assert "not read" in summary["failed"][0]["error"]


def _chunk_models(rt: Runtime, tenant: Tenant) -> list[str]:
    with rt.sessions() as session:
        return list(
            session.execute(
                text(
                    "SELECT DISTINCT e.model FROM candidate_chunks ch "
                    "JOIN embeddings e ON e.id = ch.embedding_id WHERE ch.org_id = :o"
                ),
                {"o": tenant.org.id},
            ).scalars()
        )


def test_reindex_full_moves_an_org_to_another_embedding_backend(
    settings: Settings, rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    pool = str(write_pool(tmp_path / "pool.jsonl"))
    done = scout(settings, "import", pool, "--org", tenant.org.slug, "--json")
    assert done.returncode == 0, done.stderr
    fast = {"SCOUT_EMBEDDING_BACKEND": "wordllama"}
    # Without --full nothing is pending: every chunk already has a (MiniLM) embedding.
    plain = scout(settings, "reindex", "--org", tenant.org.slug, env=fast)
    assert plain.returncode == 0, plain.stderr
    assert "embedded 0 chunks" in plain.stdout + plain.stderr
    assert _chunk_models(rt, tenant) == ["all-MiniLM-L6-v2"]
    moved = scout(settings, "reindex", "--org", tenant.org.slug, "--full", env=fast)
    assert moved.returncode == 0, moved.stderr
    assert "embedded 0 chunks" not in moved.stdout + moved.stderr
    assert _chunk_models(rt, tenant) == ["wordllama-l2_supercat-256"]
    found = scout(
        settings,
        "search",
        "nurse caring for patients",
        "--org",
        tenant.org.slug,
        "--json",
        env=fast,
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"][0]["name"] == "Carla Mendes"
