"""The screening agent as a graph: read the candidate's turns (either brain, then the
verbatim check), then compare with the profile's verdicts to propose changes.

Built here, compiled by the caller; it holds no transaction and writes nothing, so the
supervisor step that runs it can be re-run safely."""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.llm.gateway import LLMGateway
from agents.schemas import Qualification
from agents.screening.changes import changes_of
from agents.screening.skill import analyse_screen
from agents.screening.state import ScreenState


def build_screen_graph(gateway: LLMGateway) -> StateGraph[ScreenState]:
    def quals(state: ScreenState) -> list[Qualification]:
        return [Qualification.model_validate(q) for q in state["qualifications"]]

    def analyse(state: ScreenState) -> dict[str, Any]:
        analysis, engine, degraded = analyse_screen(gateway, state["speech"], quals(state))
        return {"analysis": analysis, "engine": engine, "degraded": degraded}

    def propose(state: ScreenState) -> dict[str, Any]:
        return {"changes": changes_of(state.get("result"), state["analysis"], quals(state))}

    graph: StateGraph[ScreenState] = StateGraph(ScreenState)
    graph.add_node("analyse", analyse)
    graph.add_node("propose", propose)
    graph.add_edge(START, "analyse")
    graph.add_edge("analyse", "propose")
    graph.add_edge("propose", END)
    return graph
