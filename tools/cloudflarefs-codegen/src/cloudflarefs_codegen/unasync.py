"""Derive sync modules from async ones by a table of token replacements (after httpcore's unasync).

The async module is the only hand-written copy. Its sync twin is produced mechanically:

* the keywords ``async`` and ``await`` are deleted (with the whitespace after them), so
  ``async def`` becomes ``def``, ``async with`` becomes ``with``, ``async for`` becomes ``for``
  and ``await x`` becomes ``x``;
* every name, or dotted name, found in the replacement table is replaced: ``AsyncIterator`` ->
  ``Iterator``, ``__aenter__`` -> ``__enter__``, ``asyncio.sleep`` -> ``time.sleep``,
  ``cloudflarefs.core.http.aio`` -> ``cloudflarefs.core.http.client``. The longest dotted match
  wins, so a module path can be mapped as a whole;
* in strings and comments, each pair's ``text`` table (literal substrings) is applied first, then
  the names of the replacement table as whole words, so docstrings name the sync types;
* lines between ``# unasync: async-only`` and ``# unasync: end`` are dropped; a line
  ``# unasync: sync-only <code>`` becomes ``<code>`` (same indentation) in the sync module;
* a header says the file is generated and from what; imports are then sorted, unused ones
  removed, and the result formatted with ruff (the repository's configuration), so derived files
  pass ``ruff check``/``ruff format --check`` as they are.

The pairs and tables live in ``tools/unasync.toml`` (see :func:`load_config`). ``tools/generate``
rewrites every pair; ``tools/generate check`` reports any derived file that differs.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_REPLACEMENTS",
    "Pair",
    "check",
    "derive",
    "load_config",
    "rewrite",
    "run",
    "unasync_source",
]

CONFIG_NAME = "tools/unasync.toml"

# Applied to every pair; a pair's own ``replacements`` extend or override it.
DEFAULT_REPLACEMENTS: Mapping[str, str] = {
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "anext": "next",
    "aiter": "iter",
    "aclose": "close",
    "StopAsyncIteration": "StopIteration",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "AsyncContextManager": "ContextManager",
    "AbstractAsyncContextManager": "AbstractContextManager",
    "asynccontextmanager": "contextmanager",
    "AsyncExitStack": "ExitStack",
    "asyncio.sleep": "time.sleep",
    "httpx.AsyncClient": "httpx.Client",
    "httpx.AsyncBaseTransport": "httpx.BaseTransport",
    "httpx.AsyncByteStream": "httpx.SyncByteStream",
    "httpx.AsyncHTTPTransport": "httpx.HTTPTransport",
    "AsyncClient": "Client",
    "AsyncByteStream": "SyncByteStream",
    "AsyncBaseTransport": "BaseTransport",
    "AsyncHTTPTransport": "HTTPTransport",
    "aiter_bytes": "iter_bytes",
    "aiter_raw": "iter_raw",
    "aiter_lines": "iter_lines",
    "aiter_text": "iter_text",
    "aread": "read",
    "handle_async_request": "handle_request",
}

_PRAGMA = re.compile(
    r"^(?P<indent>[ \t]*)# unasync: (?P<what>async-only|end|sync-only)(?: (?P<code>.*))?$"
)


@dataclass(frozen=True)
class Pair:
    """One async source and the sync module derived from it (paths relative to the root)."""

    source: str
    target: str
    replacements: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_REPLACEMENTS))
    text: Mapping[str, str] = field(default_factory=dict[str, str])


def load_config(root: Path) -> list[Pair]:
    """The pairs of ``root/tools/unasync.toml``.

    ``[replacements]`` and ``[text]`` at the top level apply to every pair; each ``[[pair]]`` has
    ``source``, ``target`` and optional ``replacements``/``text`` tables of its own.
    """
    path = root / CONFIG_NAME
    if not path.exists():
        return []
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    common = {**DEFAULT_REPLACEMENTS, **data.get("replacements", {})}
    common_text: dict[str, str] = dict(data.get("text", {}))
    pairs: list[Pair] = []
    for entry in data.get("pair", []):
        unknown = set(entry) - {"source", "target", "replacements", "text"}
        if unknown:
            raise ValueError(f"{path}: unknown keys in [[pair]]: {sorted(unknown)}")
        pairs.append(
            Pair(
                source=entry["source"],
                target=entry["target"],
                replacements={**common, **entry.get("replacements", {})},
                text={**common_text, **entry.get("text", {})},
            )
        )
    return pairs


# -- the rewrite -------------------------------------------------------------------------------


def _apply_pragmas(source: str) -> str:
    out: list[str] = []
    dropping = False
    for line in source.splitlines(keepends=True):
        match = _PRAGMA.match(line.rstrip("\r\n"))
        if match is None:
            if not dropping:
                out.append(line)
            continue
        what = match["what"]
        if what == "async-only":
            dropping = True
        elif what == "end":
            dropping = False
        else:
            newline = line[len(line.rstrip("\r\n")) :]
            out.append(f"{match['indent']}{match['code'] or ''}{newline}")
    if dropping:
        raise ValueError("'# unasync: async-only' without a matching '# unasync: end'")
    return "".join(out)


def _word_pattern(replacements: Mapping[str, str]) -> re.Pattern[str] | None:
    if not replacements:
        return None
    keys = sorted(replacements, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")


def _rewrite_text(value: str, pair: Pair, words: re.Pattern[str] | None) -> str:
    for old, new in pair.text.items():
        value = value.replace(old, new)
    if words is not None:
        value = words.sub(lambda m: pair.replacements[m.group(1)], value)
    return value


_TEXT_TOKENS = {tokenize.STRING, tokenize.COMMENT}
_FSTRING_MIDDLE: int | None = getattr(tokenize, "FSTRING_MIDDLE", None)
if _FSTRING_MIDDLE is not None:  # Python >= 3.12 splits f-strings into tokens
    _TEXT_TOKENS.add(_FSTRING_MIDDLE)


def rewrite(source: str, pair: Pair) -> str:
    """The token rewrite of ``source`` (pragmas, keywords, names, strings), before formatting."""
    source = _apply_pragmas(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos: tuple[int, int]) -> int:
        return starts[pos[0] - 1] + pos[1]

    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits: list[tuple[int, int, str]] = []
    words = _word_pattern(pair.replacements)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == tokenize.NAME and tok.string in ("async", "await"):
            # Drop the keyword and the blanks up to the next token on the same line.
            nxt = tokens[i + 1]
            end = offset(nxt.start) if nxt.start[0] == tok.end[0] else offset(tok.end)
            edits.append((offset(tok.start), end, ""))
            i += 1
            continue
        if tok.type == tokenize.NAME:
            # The longest dotted name starting here that the table knows.
            j = i
            parts = [tok.string]
            best: tuple[int, str] | None = None
            while True:
                dotted = ".".join(parts)
                if dotted in pair.replacements:
                    best = (j, dotted)
                if (
                    j + 2 < len(tokens)
                    and tokens[j + 1].string == "."
                    and tokens[j + 2].type == tokenize.NAME
                ):
                    j += 2
                    parts.append(tokens[j].string)
                else:
                    break
            if best is not None:
                last, dotted = best
                edits.append(
                    (offset(tok.start), offset(tokens[last].end), pair.replacements[dotted])
                )
                i = last + 1
                continue
        elif tok.type in _TEXT_TOKENS:
            new = _rewrite_text(tok.string, pair, words)
            if new != tok.string:
                edits.append((offset(tok.start), offset(tok.end), new))
        i += 1
    for start, end, new in reversed(edits):
        source = source[:start] + new + source[end:]
    return source


def _header(pair: Pair) -> str:
    return (
        f"# Generated by tools/generate (unasync) from {pair.source}.\n"
        "# Do not edit: change the async source (or tools/unasync.toml) and run tools/generate.\n"
    )


def _ruff_stdin(root: Path, filename: str, text: str, *args: str) -> str:
    config = str(root / "pyproject.toml")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            *args,
            "--config",
            config,
            "--stdin-filename",
            filename,
            "-",
        ],
        input=text,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ruff {' '.join(args)} failed on derived {filename}:\n{proc.stderr}")
    return proc.stdout


def unasync_source(source: str, pair: Pair, *, root: Path) -> str:
    """The complete derived module: header, rewrite, import fix-up and ruff format."""
    text = _header(pair) + rewrite(source, pair)
    compile(text, pair.target, "exec")  # a broken rewrite fails here, naming the target
    text = _ruff_stdin(
        root, pair.target, text, "check", "--fix-only", "--select", "F401,I", "--exit-zero"
    )
    return _ruff_stdin(root, pair.target, text, "format")


def derive(pair: Pair, *, root: Path) -> str:
    """What ``pair.target`` must contain, from the current ``pair.source``."""
    source_path = root / pair.source
    if not source_path.is_file():
        raise FileNotFoundError(f"{CONFIG_NAME}: async source {pair.source} does not exist")
    return unasync_source(source_path.read_text(encoding="utf-8"), pair, root=root)


def run(root: Path) -> list[Path]:
    """Rewrite every pair of the configuration; returns the targets written."""
    written: list[Path] = []
    for pair in load_config(root):
        target = root / pair.target
        text = derive(pair, root=root)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def check(root: Path) -> list[str]:
    """One line per derived file that is missing or differs from a fresh rewrite."""
    problems: list[str] = []
    for pair in load_config(root):
        target = root / pair.target
        expected = derive(pair, root=root)
        if not target.exists():
            problems.append(f"{pair.target}: missing (derived from {pair.source})")
        elif target.read_text(encoding="utf-8") != expected:
            problems.append(
                f"{pair.target}: differs from the unasync rewrite of {pair.source} "
                "(edit the async source, not the derived file)"
            )
    return problems
