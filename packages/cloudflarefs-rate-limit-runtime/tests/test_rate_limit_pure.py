"""Host-CPython unit tests for the rate limiter's validation and result structuring."""

import pytest

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.rate_limit.runtime import RateLimiter, RateLimitOutcome
from cloudflarefs.rate_limit.runtime._limiter import check_key, outcome_from_py


def test_key_validation() -> None:
    assert check_key("1.2.3.4") == "1.2.3.4"
    for bad in ("", None, 1, b"k"):
        with pytest.raises(InvalidInputError, match="key"):
            check_key(bad)


def test_outcome_structuring() -> None:
    assert outcome_from_py({"success": False}) == RateLimitOutcome(success=False)
    assert not RateLimitOutcome(success=False)
    for bad in (None, {}, {"success": "yes"}, [True]):
        with pytest.raises(ResponseDecodeError):
            outcome_from_py(bad)


def test_constructor_needs_a_binding() -> None:
    with pytest.raises(InvalidInputError, match="binding"):
        RateLimiter(None)
    assert repr(RateLimiter(object())) == "RateLimiter(<binding>)"
