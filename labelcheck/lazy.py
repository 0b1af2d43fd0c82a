"""A computed attribute kept on first read, without functools.cached_property's lock (Python 3.11 takes one on
every first read; a name's annotation and context are built for every title, from one thread)."""
from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class cached_attribute(Generic[T]):
    """Like functools.cached_property (what Python 3.12 made it): the value goes into the instance's __dict__,
    where later reads find it without calling this descriptor."""

    def __init__(self, func: Callable[[Any], T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self          # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.func(obj)
        return value
