"""Builds a user's Scope from their role assignments (cached on the user object)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from chrysalis.core.scope import Scope

_CACHE_ATTR = "_chrysalis_scope"
# Later apps register callables (user, scope) -> {Scope field: value} (e.g. own_enterprises).
SCOPE_EXTENSIONS: list = []


def get_scope(user) -> Scope:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from chrysalis.accounts.models import RoleAssignment

    roles: set[str] = set()
    org_paths: dict[str, list[str]] = defaultdict(list)
    departments: dict[str, set[int]] = defaultdict(set)
    teams: dict[str, set[int]] = defaultdict(set)
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role", "org_unit__path", "org_unit__is_active", "department_id", "team_id"
    )
    for role, path, unit_active, department_id, team_id in rows:
        roles.add(role)
        if path and unit_active:
            org_paths[role].append(path)
        if department_id:
            departments[role].add(department_id)
        if team_id:
            teams[role].add(team_id)
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(roles),
        org_paths={k: tuple(v) for k, v in org_paths.items()},
        department_ids={k: frozenset(v) for k, v in departments.items()},
        team_ids={k: frozenset(v) for k, v in teams.items()},
    )
    for extension in SCOPE_EXTENSIONS:
        if fields := extension(user, scope):
            scope = replace(scope, **fields)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def clear_scope_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
