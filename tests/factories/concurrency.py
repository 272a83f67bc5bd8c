"""Test data builders and fixtures shared by several test modules (concurrency)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import requests

from mla_tool.extensions import db
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    Pair,
    approved_case,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
    refusals,
    sealed_bytes,
)

CLIENTS = 8


def at_once(count: int, call: Callable[[int], requests.Response]) -> list[requests.Response]:
    """`count` threads make their call at the same moment; their answers in thread order."""
    barrier = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = call(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def statuses(answers: list[requests.Response]) -> list[int]:
    return sorted(answer.status_code for answer in answers)


def detached(instance: Any) -> Any:
    """The instance as this session read it, with its transaction over: what a user's form
    holds while someone else saves (the next write compares against what was read)."""
    db.session.expunge(instance)
    db.session.rollback()
    return instance
