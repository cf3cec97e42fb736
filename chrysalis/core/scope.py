"""A user's scope: the organisation subtrees, departments and teams their roles reach.

Computed once per user object (cached on it) from role assignments; `restrict()` turns it into
filters. Models state their own rule in `scope_q(scope, action)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

ADMIN_ROLES = frozenset({"district_admin"})

# Each level of an org unit's materialised path is PATH_STEP base-36 characters: the district is
# path[:PATH_STEP], its zones path[:2 * PATH_STEP], and so on.
PATH_STEP = 4


def path_prefixes(path: str, *, include_self: bool = True) -> list[str]:
    """The paths of the unit's ancestors (district first), and of the unit itself unless told not to."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(PATH_STEP, end, PATH_STEP)]


@dataclass(frozen=True)
class Scope:
    user_id: int
    roles: frozenset[str]
    # role -> org-unit materialised paths the role was granted on (subtree reach)
    org_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    department_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    team_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    # The enterprises an enterprise user represents (filled by the enterprises app's scope extension).
    own_enterprises: frozenset[int] = frozenset()

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def paths(self, *roles: str) -> tuple[str, ...]:
        found: list[str] = []
        for role in roles or tuple(self.org_paths):
            found.extend(self.org_paths.get(role, ()))
        # drop paths already covered by an ancestor path
        found.sort()
        result: list[str] = []
        for path in found:
            if not any(path.startswith(p) for p in result):
                result.append(path)
        return tuple(result)

    def departments(self, *roles: str) -> frozenset[int]:
        return frozenset().union(
            *(self.department_ids.get(r, frozenset()) for r in roles or tuple(self.department_ids))
        )

    def teams(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.team_ids.get(r, frozenset()) for r in roles or tuple(self.team_ids)))

    def q_org(self, lookup: str, *roles: str) -> Q | None:
        """Q matching objects whose org-unit path (via `lookup`) lies in the roles' subtrees."""
        paths = self.paths(*roles)
        if not paths:
            return None
        return reduce(or_, (Q(**{f"{lookup}__startswith": p}) for p in paths))

    def q_within(self, lookup: str, *roles: str) -> Q | None:
        """Q matching objects whose org-unit path is one of the roles' units or an ancestor of one
        (e.g. the district whose departments a zone officer dispatches to)."""
        prefixes = {prefix for p in self.paths(*roles) for prefix in path_prefixes(p)}
        return Q(**{f"{lookup}__in": sorted(prefixes)}) if prefixes else None


def any_of(*qs: Q | None) -> Q | None:
    """OR the given filters, ignoring None (no reach); None when nothing reaches."""
    present = [q for q in qs if q is not None]
    return reduce(or_, present) if present else None
