"""Project.plan and Project.sourcing: one typed writer each, the stored shape unchanged."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.models import Project
from app.projects.plan import StepStatus, plan_of, sourcing_of, update_plan, update_sourcing
from app.projects.states import CandidateStage, ProjectStatus

STEP = {"id": "p1.s1", "agent": "intake", "goal": "Turn the ad into a spec", "status": "pending"}


def test_plan_is_stored_with_only_the_keys_written() -> None:
    project = Project(plan={})
    update_plan(project, steps=[{**STEP, "note": ""}], plan_no=2, phase="sourcing")
    assert project.plan == {
        "steps": [{**STEP, "note": ""}],
        "plan_no": 2,
        "phase": "sourcing",
    }
    update_plan(project, artifacts={"p1.s1": "qset-1"})
    assert project.plan["artifacts"] == {"p1.s1": "qset-1"} and project.plan["plan_no"] == 2
    plan = plan_of(project)
    assert plan.steps[0].status is StepStatus.PENDING and plan.finished is False


def test_a_misspelt_or_malformed_field_fails_where_it_is_written() -> None:
    project = Project(plan={"plan_no": 1})
    with pytest.raises(ValidationError):
        update_plan(project, sugestions=[])
    with pytest.raises(ValidationError):
        update_plan(project, steps=[{**STEP, "note": "", "status": "half-done"}])
    # Nothing half-written: the row keeps what it had.
    assert project.plan == {"plan_no": 1}


def test_sourcing_reads_back_typed() -> None:
    project = Project(sourcing={})
    assert sourcing_of(project).boolean is None
    update_sourcing(project, boolean='"python" AND "django"', semantic="python web")
    assert project.sourcing == {"boolean": '"python" AND "django"', "semantic": "python web"}
    assert sourcing_of(project).boolean == '"python" AND "django"'


def test_states_are_the_strings_stored() -> None:
    assert ProjectStatus.CALIBRATION_READY == "calibration_ready"
    assert f"{CandidateStage.ARCHIVED}" == "archived"
