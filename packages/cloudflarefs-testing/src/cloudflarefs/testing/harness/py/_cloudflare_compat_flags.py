"""Stand-in for workerd's ``_cloudflare_compat_flags`` module (harness only).

workerd exposes compatibility flags to the workers SDK through this module. Offline, no flag is
enabled, so every lookup answers ``False``.
"""


def __getattr__(name: str) -> bool:
    return False
