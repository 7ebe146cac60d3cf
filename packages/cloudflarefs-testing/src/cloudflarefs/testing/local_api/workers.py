"""placeholder"""

from cloudflarefs.testing.local_api._account import LocalAccount
from cloudflarefs.testing.local_api._wire import Router


def register(router: Router, account: LocalAccount) -> None:
    """Nothing yet."""
