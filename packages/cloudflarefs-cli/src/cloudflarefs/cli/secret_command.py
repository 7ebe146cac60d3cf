"""``cloudflarefs secret put|list|delete``: a Worker's secrets.

The vendored Workers spec slice predates the secrets endpoints, so the workers management
client has no resource for them yet; these are sent through the same shared
:class:`~cloudflarefs.core.http.HttpClient` (credentials, retries, envelope errors).
The value of ``put`` is read from standard input (never from argv, where it would be visible).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any
from urllib.parse import quote

from cloudflarefs.cli.account import Account, add_account_arguments
from cloudflarefs.cli.errors import CliError, ConfigError
from cloudflarefs.cli.project import load_project
from cloudflarefs.core import ApiRequest, parse_envelope


def _path(account: Account, script: str, *rest: str) -> str:
    account_id = quote(account.http.resolve_account_id(None), safe="")
    tail = "".join(f"/{quote(p, safe='')}" for p in rest)
    return f"/accounts/{account_id}/workers/scripts/{quote(script, safe='')}/secrets{tail}"


def put_secret(account: Account, script: str, name: str, value: str) -> None:
    """Create or replace secret ``name`` of ``script``."""
    if not name.isidentifier():
        raise CliError(f"{name!r} is not a valid secret name")
    body = {"name": name, "text": value, "type": "secret_text"}
    parse_envelope(account.http.send(ApiRequest("PUT", _path(account, script), json=body)))


def list_secrets(account: Account, script: str) -> list[str]:
    """Names of ``script``'s secrets (values are never returned)."""
    env = parse_envelope(account.http.send(ApiRequest("GET", _path(account, script))))
    items: list[Any] = list(env.result or [])
    return [str(item["name"]) for item in items]


def delete_secret(account: Account, script: str, name: str) -> None:
    """Delete secret ``name`` of ``script``."""
    parse_envelope(account.http.send(ApiRequest("DELETE", _path(account, script, name))))


def _script(args: argparse.Namespace) -> str:
    if args.name_of_worker:
        return str(args.name_of_worker)
    try:
        return load_project(args.path).name
    except ConfigError as err:
        raise CliError(f"pass --name or run in a Worker project ({err})") from None


def run(args: argparse.Namespace) -> int:
    """Dispatch put/list/delete."""
    with Account.from_args(args) as account:
        script = _script(args)
        if args.action == "put":
            value = getpass.getpass("secret value: ") if sys.stdin.isatty() else sys.stdin.read()
            put_secret(account, script, args.key, value.rstrip("\n"))
            print(f"[cloudflarefs secret] set {args.key} on {script}")
        elif args.action == "list":
            for name in list_secrets(account, script):
                print(name)
        else:
            delete_secret(account, script, args.key)
            print(f"[cloudflarefs secret] deleted {args.key} from {script}")
    return 0


def register(sub: Any) -> None:
    """Add ``secret`` to the ``cloudflarefs`` parser."""
    p: argparse.ArgumentParser = sub.add_parser("secret", help="put, list or delete secrets")
    actions = p.add_subparsers(dest="action", required=True)
    for action in ("put", "list", "delete"):
        a = actions.add_parser(action)
        if action != "list":
            a.add_argument("key", help="the secret's name")
        a.add_argument("--name", dest="name_of_worker", default=None, help="Worker name")
        a.add_argument("--path", default=".", help="Worker project (for its name)")
        add_account_arguments(a)
    p.set_defaults(run=run)
