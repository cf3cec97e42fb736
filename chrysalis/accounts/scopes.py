"""Builds a user's Scope from their role assignments (cached on the user object)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from chrysalis.accounts.models import RoleAssignment
from chrysalis.core.extensions import SCOPE_EXTENSIONS, callables
from chrysalis.core.scope import Scope

_CACHE_ATTR = "_chrysalis_scope"


def get_scope(user) -> Scope:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
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
    # Domain apps add Scope fields (callables (user, scope) -> {field: value}, e.g. own_enterprises),
    # listed in order in settings.CHRYSALIS_SCOPE_EXTENSIONS.
    for extension in callables(SCOPE_EXTENSIONS):
        if fields := extension(user, scope):
            scope = replace(scope, **fields)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def clear_scope_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
