"""A multiprocessing pool's two methods the bulk loader uses, run in this process."""

from __future__ import annotations

from typing import Any


class InlinePool:
    """The pool's two methods, in this process (tests, tiny loads)."""

    def __enter__(self) -> InlinePool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def apply_async(self, fn: Any, args: tuple[Any, ...]) -> Done:
        return Done(fn(*args))


class Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value
