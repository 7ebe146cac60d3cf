"""The work a job can ask for. Each task takes the job's input and its attempt number."""


class TaskError(Exception):
    """The task failed; the message is retried (and dead-lettered after the last attempt)."""


def reverse(text: str, attempt: int) -> str:
    return text[::-1]


def word_count(text: str, attempt: int) -> int:
    return len(text.split())


def flaky(text: str, attempt: int) -> str:
    """Fails on its first attempt, as a call to an unreliable upstream might."""
    if attempt == 1:
        raise TaskError("upstream timed out (first attempt)")
    return text.upper()


def fail(text: str, attempt: int) -> str:
    raise TaskError(f"cannot process {text!r}")


TASKS = {"reverse": reverse, "word_count": word_count, "flaky": flaky, "fail": fail}
