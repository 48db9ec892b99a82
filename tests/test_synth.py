"""Synthetic talent pools: deterministic, well-formed, and grounded in the taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.synth import generate_profiles, write_jsonl
from app.taxonomy import get_taxonomy

KEYS = {
    "id",
    "name",
    "email",
    "phone",
    "headline",
    "location",
    "years_experience",
    "experience",
    "education",
    "skills",
    "text",
}


def test_same_seed_same_pool() -> None:
    assert list(generate_profiles(30, seed=3)) == list(generate_profiles(30, seed=3))


def test_different_seed_different_pool() -> None:
    assert list(generate_profiles(10, seed=3)) != list(generate_profiles(10, seed=4))


def test_prefix_is_stable() -> None:
    """Asking for more profiles does not change the first ones."""
    assert list(generate_profiles(5, seed=9)) == list(generate_profiles(12, seed=9))[:5]


def test_profile_shape() -> None:
    taxonomy = get_taxonomy()
    for number, profile in enumerate(generate_profiles(50, seed=5), start=1):
        assert profile.keys() >= KEYS
        assert profile["id"] == f"synth-{number:06d}"
        assert str(profile["email"]).split("@")[1].startswith("example.")
        assert "-555-01" in str(profile["phone"])
        assert isinstance(profile["years_experience"], int)
        assert taxonomy.occupation(str(profile["onet_code"])) is not None
        experience = profile["experience"]
        assert isinstance(experience, list) and experience
        assert experience[0]["end"] == "Present"
        for job in experience:
            assert {"title", "company", "start", "end", "description"} <= job.keys()
        education = profile["education"]
        assert isinstance(education, list) and education
        for item in education:
            assert {"degree", "institution", "year"} <= item.keys()
        skills = profile["skills"]
        assert isinstance(skills, list)
        assert len(set(skills)) == len(skills)
        for skill in skills:
            found = taxonomy.canonical_skill(skill)
            assert found is not None and found.name == skill


def test_text_reads_like_a_resume() -> None:
    for profile in generate_profiles(50, seed=6):
        text = str(profile["text"])
        positions = [text.index(f"\n{heading}\n") for heading in ("SUMMARY", "EXPERIENCE")]
        positions += [text.index(f"\n{heading}\n") for heading in ("EDUCATION", "SKILLS")]
        assert positions == sorted(positions)
        assert text.startswith(str(profile["name"]))
        skills, experience = profile["skills"], profile["experience"]
        assert isinstance(skills, list) and isinstance(experience, list)
        for skill in skills:
            assert skill in text
        for job in experience:
            assert job["title"] in text and job["company"] in text


def test_listed_skills_are_found_again_in_the_text() -> None:
    taxonomy = get_taxonomy()
    for profile in generate_profiles(40, seed=8):
        found = {match.name for match in taxonomy.find_skills(str(profile["text"]))}
        skills = profile["skills"]
        assert isinstance(skills, list)
        assert set(skills) <= found


def test_pool_leans_professional() -> None:
    profiles = list(generate_profiles(400, seed=2))
    computing = sum(str(p["onet_code"]).startswith("15-") for p in profiles)
    assert computing > 20  # a visible tech cluster...
    assert len({str(p["onet_code"])[:2] for p in profiles}) > 8  # ...in a varied pool


def test_write_jsonl(tmp_path: Path) -> None:
    target = tmp_path / "pool" / "sample.jsonl"
    assert write_jsonl(target, 7, seed=1) == 7
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(generate_profiles(7, seed=1))


def test_counts() -> None:
    assert list(generate_profiles(0)) == []
    with pytest.raises(ValueError):
        list(generate_profiles(-1))
