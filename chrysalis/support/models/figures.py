"""Summary of requests for the service dashboard (no user reads these rows directly).

Kept by `services.figures`: the request services add each change incrementally (the difference
between a request's contribution before and after a move), `support_tick` rebuilds them fully.
Rows are keyed on the grid the enterprise was *attributed* to (`FigureEnterprise`); when an
enterprise has moved since, the dashboard computes live until the next rebuild, so a figure never
reflects a stale grid.
"""

from __future__ import annotations

from django.db import models


class FigureEnterprise(models.Model):
    """The grid an enterprise's requests are summarised under."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.org_unit_id}"


FIGURE_FIELDS = ("n", "answered", "on_time", "wd", "wd_n", "sat", "sat_n", "returned", "reopened", "overdue")


class RequestCounts(models.Model):
    """The counts and sums a request summary row holds (`FIGURE_FIELDS`), whatever its key."""

    n = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    wd = models.IntegerField(default=0)
    wd_n = models.IntegerField(default=0)
    sat = models.IntegerField(default=0)
    sat_n = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)

    class Meta:
        abstract = True


class RequestFigure(RequestCounts):
    """Per grid, year raised (Asia/Shanghai), category and current department."""

    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20)
    department_key = models.IntegerField()  # department id, 0: none (submitted, returned)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "year", "category", "department_key"], name="support_reqfig_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.year} {self.category} {self.department_key}: {self.n}"


class RequestMonthFigure(models.Model):
    """Per grid, month raised (first day, Asia/Shanghai) and status."""

    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month", "status"], name="support_monthfig_key")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month} {self.status}: {self.n}"


class DispatchFigure(models.Model):
    """Per grid, year the request was raised and department dispatched to: dispatches and returns."""

    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    department = models.ForeignKey("accounts.Department", on_delete=models.CASCADE, related_name="+")
    sent = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "department"], name="support_dispfig_key")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.year} {self.department_id}: {self.returned}/{self.sent}"


class Holder(models.IntegerChoices):
    """Whose requests a scope summary row counts: one firm's (a service officer's scope is the sum over
    their assigned firms) or one department's (a handler's: held now or before)."""

    FIRM = 1
    DEPARTMENT = 2


class ScopeFigure(RequestCounts):
    """Per holder (a firm, or a department that holds or held the request), year raised, category and
    current department: the same counts and sums as `RequestFigure`."""

    holder_kind = models.PositiveSmallIntegerField(choices=Holder.choices)
    holder = models.IntegerField()  # enterprise id or department id
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20)
    department_key = models.IntegerField()  # department id, 0: none (submitted, returned)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holder_kind", "holder", "year", "category", "department_key"],
                name="support_scopefig_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_kind}:{self.holder} {self.year} {self.category} {self.department_key}: {self.n}"


class ScopeMonthFigure(models.Model):
    """Per holder, month raised (first day, Asia/Shanghai) and status."""

    holder_kind = models.PositiveSmallIntegerField(choices=Holder.choices)
    holder = models.IntegerField()
    month = models.DateField()
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holder_kind", "holder", "month", "status"], name="support_scopemonth_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_kind}:{self.holder} {self.month} {self.status}: {self.n}"


class ScopeDispatchFigure(models.Model):
    """Per holder, year raised and department dispatched to: dispatches and returns."""

    holder_kind = models.PositiveSmallIntegerField(choices=Holder.choices)
    holder = models.IntegerField()
    year = models.PositiveSmallIntegerField()
    department = models.ForeignKey("accounts.Department", on_delete=models.CASCADE, related_name="+")
    sent = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holder_kind", "holder", "year", "department"], name="support_scopedisp_key"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.holder_kind}:{self.holder} {self.year} {self.department_id}: {self.returned}/{self.sent}"
        )
