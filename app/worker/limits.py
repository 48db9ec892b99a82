"""Time limits every task carries: a soft limit to clean up in, a hard one to be killed at."""

from __future__ import annotations

from typing import Any

LONG_LIMITS: dict[str, Any] = {"soft_time_limit": 600, "time_limit": 660}
SHORT_LIMITS: dict[str, Any] = {"soft_time_limit": 60, "time_limit": 90}
