"""How many enterprises there are per combination of the list's cheap filters (PostgreSQL).

The registry list shows the exact number of firms it found. At a million firms a `COUNT(*)` over a
district's scope reads a million index entries (≈ 100–300 ms) on every page view; this table holds
the same number per (grid, industry class, size-standard category, size class, the four flags), so
the count of any list whose filters are only those (or none) is a sum over a few hundred rows.

The table is maintained by PostgreSQL itself: statement-level triggers on `enterprises_enterprise`
(INSERT — COPY included —, UPDATE, DELETE, TRUNCATE) add the net difference of each statement in the
same transaction (migration 0007), so no write path — service, import, bulk load, raw SQL — can
bypass it and the sum is always the live count (checked in `tests/test_list_counts.py`). On other
databases the table stays empty and unused: the list counts live.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from chrysalis.core.querysets import RestrictedManager
from chrysalis.core.scope import Scope
from chrysalis.enterprises.models.enterprise import enterprise_q

# The list filters the table can answer for (the enterprise fields it keeps, in the same names).
DIMENSIONS = (
    "org_unit",
    "industry_code",
    "size_category",
    "size_class",
    "above_scale",
    "high_growth",
    "key_firm",
    "key_project",
)


class EnterpriseCount(models.Model):
    """Number of enterprises with these values (rows may hold 0 after moves and deletions)."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    industry_code = models.CharField(max_length=5)
    # the enterprise's size_category, NULL kept as -1 (a plain unique key on every PostgreSQL version)
    size_category = models.SmallIntegerField()
    size_class = models.CharField(max_length=10)
    above_scale = models.BooleanField()
    high_growth = models.BooleanField()
    key_firm = models.BooleanField()
    key_project = models.BooleanField()
    n = models.BigIntegerField(default=0)

    objects = RestrictedManager()

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=DIMENSIONS, name="ent_count_key")]

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.industry_code}/{self.size_class}: {self.n}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        """The enterprises' own rule, read on this table's grid: the table answers only for scopes
        made of org subtrees (`answers_for`)."""
        return enterprise_q(scope, action) if action == "view" and not scope.own_enterprises else None


# a title valid for ever (valid_until NULL) as TitleHolderCount stores it
FOREVER = dt.date(9999, 12, 31)


class TitleHolderCount(models.Model):
    """Number of firms of a grid whose latest valid title of `kind` (not soft-deleted) runs until
    `until` (for ever: `FOREVER`); the holders of a valid title on a day are the sum over
    `until >= day`. Kept by PostgreSQL triggers on titles and enterprises (migration 0009)."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=30)
    until = models.DateField()
    n = models.BigIntegerField(default=0)

    objects = RestrictedManager()

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["org_unit", "kind", "until"], name="ent_holders_key")]

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.kind}/{self.until}: {self.n}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        """As `EnterpriseCount`: the enterprises' own rule, read on this table's grid."""
        return enterprise_q(scope, action) if action == "view" and not scope.own_enterprises else None
