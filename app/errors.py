"""One error type for expected failures: a status code and a message a person can act on."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    def __init__(self, message: str, status_code: int = 400, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.details = details


class NotFound(AppError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found", status_code=404)


class RateLimited(AppError):
    """429 with `Retry-After`: the seconds until the caller's window has room again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message, status_code=429, retry_after_s=retry_after_s)
        self.headers = {"Retry-After": str(retry_after_s)}
