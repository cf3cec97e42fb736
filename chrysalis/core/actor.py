"""Explicit actor context: who is acting, through which path (request, command, job).

Services take the acting user as an argument; this context adds what the service cannot know by
itself (request id, job id, client IP, the path) so that audit records carry it on every path.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ActorContext:
    source: str = "system"  # request | command | job | system
    request_id: str = ""
    job_id: str = ""
    ip: str | None = None
    label: str = ""  # e.g. the management command's name


_DEFAULT = ActorContext()  # frozen dataclass: safe to share as the default
_current: contextvars.ContextVar[ActorContext] = contextvars.ContextVar("chrysalis_actor", default=_DEFAULT)


def current_context() -> ActorContext:
    return _current.get()


@contextmanager
def actor_context(**fields: str | None) -> Iterator[ActorContext]:
    """Run a block with the given context fields (source, request_id, job_id, ip, label)."""
    ctx = replace(_current.get(), **fields)  # type: ignore[arg-type]
    if ctx.source in {"command", "job"} and not (ctx.request_id or ctx.job_id):
        ctx = replace(ctx, request_id=uuid.uuid4().hex)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
