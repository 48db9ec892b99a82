""" "Show me everyone": a request to see the whole candidate list, not a change.

The default list holds those meeting at least one required qualification; the others stay
in the project and are never rejected. Asked for everyone, the assistant says where the
full list is and how many each part holds, and changes nothing.
"""

from __future__ import annotations

import re
import uuid

from agents.deps import AgentDeps
from app.projects import service as projects
from app.unit_of_work import transaction

# The whole message asks for the full list ("show me everyone", "can you list all the
# candidates?"); a longer message ("show me everyone with Kubernetes") is something else.
_EVERYONE = re.compile(
    r"^\W*(?:(?:please|can\s+you|could\s+you|can\s+i|could\s+i|i\s+want\s+to|i'd\s+like\s+to)\s+)?"
    r"(?:show|list|see|display|give)\s+(?:me\s+)?(?:us\s+)?"
    r"(?:everyone|everybody|all(?:\s+of)?(?:\s+the)?(?:\s+(?:candidates|people|profiles))?"
    r"|the\s+(?:full|whole|complete)\s+(?:list|candidate\s+list))"
    r"(?:\s+please)?\W*$",
    re.IGNORECASE,
)


def asks_for_everyone(text: str) -> bool:
    return bool(_EVERYONE.match(text))


def _people(n: int) -> str:
    return f"{n} candidate" if n == 1 else f"{n} candidates"


def everyone_reply(deps: AgentDeps, project_id: uuid.UUID) -> str:
    with transaction(deps.sessions) as session:
        shown, hidden = projects.list_counts(session, project_id)
    where = (
        'To see everyone, choose "Show everyone" above the candidate list '
        "(in scout chat, type /candidates all)."
    )
    if not shown and not hidden:
        return "There are no candidates in this project yet. Ask me to find more."
    if not hidden:
        return (
            f"The list already shows everyone: {_people(shown)}, each meeting at least one "
            "required qualification. Nothing changed."
        )
    verb = "meets" if hidden == 1 else "meet"
    return (
        f"The project has {_people(shown + hidden)}. The list shows the {shown} who meet at "
        f"least one required qualification; {hidden} more {verb} none of them and are not "
        f"rejected. {where} Nothing changed."
    )
