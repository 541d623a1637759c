"""The tfparse child process: a child that dies gives an outcome, never an exception."""

from __future__ import annotations

import pytest

from ecslint.loaders.terraform import isolate


class _ResetConnection:
    """A pipe whose other end was closed by a dying child with data still unread."""

    def __init__(self, error: Exception, fail_on: str):
        self.error = error
        self.fail_on = fail_on

    def send(self, _request):
        if self.fail_on == "send":
            raise self.error

    def poll(self, _timeout):
        return True

    def recv(self):
        raise self.error

    def close(self):
        pass


@pytest.fixture
def evaluator():
    child = isolate._Evaluator()
    yield child
    child.stop()


def test_killed_child_outcome(evaluator, tmp_path):
    evaluator.process.kill()
    evaluator.process.join()

    outcome = evaluator.evaluate(str(tmp_path), [])

    assert outcome.aborted
    assert "aborted (signal 9)" in outcome.failure


@pytest.mark.parametrize(
    ("error", "fail_on"),
    [(ConnectionResetError(104, "reset"), "recv"), (BrokenPipeError(32, "pipe"), "send")],
)
def test_closed_pipe_outcome(evaluator, tmp_path, error, fail_on):
    evaluator.connection = _ResetConnection(error, fail_on)

    outcome = evaluator.evaluate(str(tmp_path), [])

    assert outcome.aborted
    assert outcome.failure.startswith("the Terraform evaluator aborted")
