"""Read ``wrangler.toml`` / ``wrangler.json(c)`` into a plain dict (pure: no Node, no HTTP).

Shared by ``cloudflarefs deploy`` and the harness (``cloudflarefs.testing.wrangler``).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from cloudflarefs.cli.errors import ConfigError

CONFIG_NAMES = ("wrangler.jsonc", "wrangler.json", "wrangler.toml")


def strip_jsonc(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments and trailing commas, leaving strings intact.

    Raises:
        ValueError: an unterminated ``/*`` comment.
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end == -1:
                raise ValueError("unterminated /* comment in JSONC")
            i = end + 2
        elif c == ",":
            # A comma followed only by whitespace and a closer is a trailing comma: drop it.
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] in "]}":
                i += 1
                continue
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def find_config(path: str | Path) -> Path:
    """``path`` itself if it is a file, else the first wrangler config inside it.

    Raises:
        ConfigError: no config there.
    """
    p = Path(path)
    if p.is_file():
        return p
    for name in CONFIG_NAMES:
        if (p / name).is_file():
            return p / name
    raise ConfigError(p, None, f"no {'/'.join(CONFIG_NAMES)} here")


def read_raw(config: Path) -> dict[str, Any]:
    """Parse a wrangler config file into a plain dict.

    Raises:
        ConfigError: the file is not valid TOML / JSON(C), or its top level is not a table.
    """
    text = config.read_text()
    try:
        data: Any = (
            tomllib.loads(text) if config.suffix == ".toml" else json.loads(strip_jsonc(text))
        )
    except (tomllib.TOMLDecodeError, ValueError) as err:
        raise ConfigError(config, None, f"cannot be parsed: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(config, None, "the top level must be a table/object")
    return data  # pyright: ignore[reportUnknownVariableType]
