"""SQL literals, written one way for every engine and module of the batch engine."""

from __future__ import annotations


def quote(text: str) -> str:
    """A string literal: ``'it''s'``."""
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    """A quoted identifier (inner double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def literal(v: object) -> str:
    """A value as a literal: NULL, TRUE/FALSE, an integer, otherwise a quoted string."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    return quote(str(v))
