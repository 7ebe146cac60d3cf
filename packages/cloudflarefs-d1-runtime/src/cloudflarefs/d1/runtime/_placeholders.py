"""How many parameters a D1 (SQLite) statement takes, read from its SQL text.

SQLite numbers parameters as it reads the statement: ``?NNN`` is parameter NNN and a bare ``?``
is one more than the largest number so far; the statement takes as many as the largest number.
``?`` inside string literals, quoted identifiers and comments is not a parameter. When the count
cannot be known for sure (named ``:a``/``@a``/``$a`` parameters, which D1 does not support,
several statements, unterminated quotes, ``?0``), :func:`parameter_count` returns ``None`` and
nothing is checked: D1 itself reports the problem when the statement runs.
"""

from __future__ import annotations

_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}
_NAMED = ":@$"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_$" or ord(ch) > 127


def _skip_quoted(sql: str, i: int) -> int | None:
    """The index after the quoted run starting at ``sql[i]``, or ``None`` if unterminated."""
    close = _CLOSERS[sql[i]]
    j = i + 1
    while True:
        k = sql.find(close, j)
        if k < 0:
            return None
        # A doubled quote is an escaped quote ('it''s'); brackets have no escape.
        if close != "]" and k + 1 < len(sql) and sql[k + 1] == close:
            j = k + 2
            continue
        return k + 1


def _skip_comment(sql: str, i: int) -> int | None:
    """The index after a comment starting at ``i``, or ``None`` if there is none there."""
    if sql.startswith("--", i):
        k = sql.find("\n", i)
        return len(sql) if k < 0 else k + 1
    if sql.startswith("/*", i):
        k = sql.find("*/", i + 2)
        return len(sql) if k < 0 else k + 2  # SQLite ends an open block comment at the end
    return None


def _only_trivia(sql: str, i: int) -> bool:
    """Whether only whitespace, comments and ``;`` remain from ``i``."""
    while i < len(sql):
        if sql[i].isspace() or sql[i] == ";":
            i += 1
            continue
        after = _skip_comment(sql, i)
        if after is None:
            return False
        i = after
    return True


def parameter_count(sql: str) -> int | None:
    """The number of parameters ``sql`` takes, or ``None`` when it cannot be known reliably."""
    largest = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        after = _skip_comment(sql, i)
        if after is not None:
            i = after
        elif ch in _CLOSERS:
            end = _skip_quoted(sql, i)
            if end is None:
                return None
            i = end
        elif ch == "?":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1:
                number = int(sql[i + 1 : j])
                if number < 1:
                    return None
                largest = max(largest, number)
            else:
                largest += 1
            i = j
        elif ch in _NAMED and (i == 0 or not _is_word(sql[i - 1])):
            if i + 1 < n and (_is_word(sql[i + 1]) or sql[i + 1] in _CLOSERS):
                return None  # a named parameter: D1 only supports ? and ?NNN
            i += 1
        elif ch == ";":
            return largest if _only_trivia(sql, i + 1) else None
        elif _is_word(ch):
            while i < n and _is_word(sql[i]):
                i += 1
        else:
            i += 1
    return largest
