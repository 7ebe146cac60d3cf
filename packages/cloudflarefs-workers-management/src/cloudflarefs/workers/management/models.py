"""Request and response models of the Workers API (attrs classes).

Response models are frozen and keep unknown keys in ``extra``; request models default
optional fields to ``UNSET`` (omitted on the wire).
"""

# A mirror of the generated models module, so the list never needs keeping in step by hand:
# type checkers see every name through the star import, and at run time a model is looked up
# (and so built, see core.lazy_classes) only when a program first uses it.
from typing import TYPE_CHECKING, Any

from cloudflarefs.workers.management._generated import models as _generated

if TYPE_CHECKING:
    from ._generated.models import *  # noqa: F403  (relative: a local module, not a library)

__all__: list[str] = []
__all__ += _generated.__all__


def __getattr__(name: str) -> Any:
    if name in _generated.__all__:
        return getattr(_generated, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
