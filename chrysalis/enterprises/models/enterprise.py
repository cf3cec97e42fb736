"""The enterprise record (企业档案) and its scope rule."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope, any_of
from chrysalis.enterprises.choices import RdInstitutionLevel, SizeClass
from chrysalis.enterprises.uscc import django_validator

DA, SO, GW = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER

MONEY = {"max_digits": 18, "decimal_places": 4}


def enterprise_q(scope: Scope, action: str, prefix: str = "", *, part: str = "profile") -> Q | None:
    """Who reaches which enterprises (and, with `prefix="enterprise__"`, their child records).

    part: "profile" (the enterprise row), "records" (figures, IP, titles …), "contacts".
    - view: district admins, service officers and grid workers in their subtree; enterprise users their
      own firm;
    - change: district admins; service officers for profile and contacts; enterprise users their own firm;
    - add / delete of child records: as change; of enterprises, import, export, unmask: district admins only.
    """
    own_ids = scope.own_enterprises
    own = (
        Q(**{f"{prefix}pk__in" if not prefix else f"{prefix[:-2]}_id__in": sorted(own_ids)})
        if own_ids
        else None
    )
    path = f"{prefix}org_unit__path"
    if action == "view":
        return any_of(scope.q_org(path, DA, SO, GW), own)
    if action == "change" or (part != "profile" and action in {"add", "delete"}):
        roles = (DA, SO) if part in {"profile", "contacts"} else (DA,)
        return any_of(scope.q_org(path, *roles), own)
    if action in {"add", "import", "export", "delete", "unmask"}:
        return scope.q_org(path, DA)
    return None


class Enterprise(VersionedModel):
    """One firm, keyed on its 统一社会信用代码. Field names follow facts-format.md."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[django_validator]
    )
    name = models.CharField(_("name"), max_length=120, db_index=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("grid")
    )
    industry_code = models.CharField(_("industry (GB/T 4754-2017)"), max_length=5, blank=True, db_index=True)
    size_category = models.PositiveSmallIntegerField(
        _("size-standard industry category"), null=True, blank=True, editable=False
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, default=SizeClass.UNKNOWN, db_index=True
    )
    province = models.CharField(_("province"), max_length=20, blank=True, default="浙江省")
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (10k yuan)"), null=True, blank=True, **MONEY
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    independent_legal_person = models.BooleanField(_("independent legal person"), null=True, blank=True)
    niche_since = models.DateField(_("in its niche market since"), null=True, blank=True)
    # leading product (主导产品)
    leading_product_name = models.CharField(_("leading product"), max_length=120, blank=True)
    lp_strategic_emerging = models.BooleanField(_("strategic emerging industry"), null=True, blank=True)
    lp_six_foundations = models.BooleanField(_("industrial foundations (六基)"), null=True, blank=True)
    lp_key_field = models.BooleanField(_("key field of manufacturing"), null=True, blank=True)
    lp_chain_gap_filling = models.BooleanField(_("fills a supply-chain gap"), null=True, blank=True)
    lp_serves_key_chain_leader = models.BooleanField(_("supplies a key chain leader"), null=True, blank=True)
    lp_time_honoured_brand = models.BooleanField(_("time-honoured brand"), null=True, blank=True)
    own_brand = models.BooleanField(_("own brand"), null=True, blank=True)
    core_business_it_supported = models.BooleanField(
        _("core business supported by IT systems"), null=True, blank=True
    )
    management_system_certified = models.BooleanField(_("management system certified"), null=True, blank=True)
    developed_market_product_certified = models.BooleanField(
        _("product certified in developed markets"), null=True, blank=True
    )
    quality_award_provincial_or_higher = models.BooleanField(
        _("provincial or higher quality award"), null=True, blank=True
    )
    drafted_standards = models.PositiveIntegerField(_("standards drafted"), null=True, blank=True)
    rd_institution_level = models.CharField(
        _("R&D institution level"), max_length=20, choices=RdInstitutionLevel.choices, blank=True
    )
    # credit (信用)
    credit_abnormal_list = models.BooleanField(_("on the abnormal operations list"), null=True, blank=True)
    credit_serious_dishonesty = models.BooleanField(
        _("on the serious dishonesty list"), null=True, blank=True
    )
    credit_prohibited_product = models.BooleanField(_("makes prohibited products"), null=True, blank=True)
    # service flags
    above_scale = models.BooleanField(_("above designated size (规上)"), default=False, db_index=True)
    high_growth = models.BooleanField(_("high growth (升规潜力)"), default=False, db_index=True)
    key_firm = models.BooleanField(_("key firm"), default=False, db_index=True)
    key_project = models.BooleanField(_("key project under construction"), default=False, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    # latest yearly figures, kept by the figure services for fast lists (never edited directly)
    latest_year = models.PositiveSmallIntegerField(_("latest year"), null=True, blank=True, editable=False)
    latest_revenue = models.DecimalField(
        _("revenue (latest year)"), null=True, blank=True, editable=False, db_index=True, **MONEY
    )
    latest_rd_expense = models.DecimalField(
        _("R&D expense (latest year)"), null=True, blank=True, editable=False, **MONEY
    )
    latest_employees = models.PositiveIntegerField(
        _("employees (latest year)"), null=True, blank=True, editable=False
    )
    latest_tax_paid = models.DecimalField(
        _("taxes (latest year)"), null=True, blank=True, editable=False, **MONEY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    import_batch = models.ForeignKey(
        "enterprises.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_enterprises",
        editable=False,
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["org_unit", "name"], name="ent_unit_name"),
            # the list's default order (name, pk) and its other sort keys: a page is read in index order
            models.Index(fields=["name", "id"], name="ent_name_id"),
            models.Index(fields=["latest_employees"], name="ent_latest_employees"),
            models.Index(fields=["latest_tax_paid"], name="ent_latest_tax"),
            # a revenue range counted from the index alone (the scope joins on the grid)
            models.Index(fields=["latest_revenue", "org_unit"], name="ent_latest_revenue_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return enterprise_q(scope, action)

    @property
    def rd_ratio(self):
        if self.latest_revenue and self.latest_rd_expense is not None:
            return (self.latest_rd_expense / self.latest_revenue).quantize(Decimal("0.0001"))
        return None


class EnterpriseChild(models.Model):
    """Base of the records that belong to one enterprise; scoped through it."""

    scope_part = "records"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.enterprise_id])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return enterprise_q(scope, action, "enterprise__", part=cls.scope_part)
