"""Containment: whatever a native parser does in the child, the parent gets a value or one InputError."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from catalogtool.contain import Budget, Contained, ContainedBug, Send
from catalogtool.errors import InputError

WHAT = Path("book.xlsx")


def test_messages_stream_back_in_order_and_the_child_is_reaped() -> None:
    def job(send: Send) -> None:
        for i in range(3):
            send([i] * 10_000)  # larger than a pipe buffer

    contained = Contained(job, WHAT)
    assert [m[0] for m in contained] == [0, 1, 2]
    assert contained.pid is None


def test_an_abort_in_the_child_is_one_input_error() -> None:
    with pytest.raises(InputError) as err:
        list(Contained(lambda send: os.abort(), WHAT))
    assert err.value.message_en.startswith("book.xlsx: the file makes the spreadsheet parser fail")
    assert err.value.message_zh.startswith("book.xlsx：该文件使表格解析器无法处理")


def test_memory_beyond_the_budget_is_one_input_error() -> None:
    def job(send: Send) -> None:
        send(len(bytearray(256 * 2**20)))

    with pytest.raises(InputError, match="needs more than 64 MiB of memory"):
        list(Contained(job, WHAT, Budget(memory_bytes=64 * 2**20)))


def test_a_child_that_spins_is_stopped_by_its_cpu_limit() -> None:
    def job(send: Send) -> None:
        while True:
            pass

    with pytest.raises(InputError, match="more than 1 s of processing"):
        list(Contained(job, WHAT, Budget(cpu_seconds=1)))


def test_a_child_that_hangs_without_using_cpu_is_killed_after_the_wait_limit() -> None:
    with pytest.raises(InputError, match="did not finish reading within 1 s"):
        list(Contained(lambda send: time.sleep(60), WHAT, Budget(wait_seconds=1)))


def test_an_input_error_in_the_child_arrives_in_both_languages() -> None:
    def job(send: Send) -> None:
        raise InputError("book.xlsx: no table", "book.xlsx：没有表格")

    with pytest.raises(InputError) as err:
        list(Contained(job, WHAT))
    assert (err.value.message_en, err.value.message_zh) == ("book.xlsx: no table", "book.xlsx：没有表格")


def test_a_bug_in_the_child_stays_a_bug_with_its_traceback() -> None:
    def job(send: Send) -> None:
        {}["missing"]

    with pytest.raises(ContainedBug, match="KeyError: 'missing'") as err:
        list(Contained(job, WHAT))
    assert "Traceback" in "".join(getattr(err.value, "__notes__", []))


def test_a_consumer_that_stops_early_leaves_no_child_behind() -> None:
    def job(send: Send) -> None:
        while True:
            send(b"x" * 100_000)

    contained = Contained(job, WHAT)
    with contained:
        stream = iter(contained)
        next(stream)
        pid = contained.pid
    assert pid is not None and contained.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)
