from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    ZONE = "zone", _("Zone / park")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


# Which kinds may sit under which (the organisation tree's shape).
ALLOWED_CHILDREN = {
    OrgUnitKind.DISTRICT: {OrgUnitKind.ZONE, OrgUnitKind.STREET},
    OrgUnitKind.ZONE: {OrgUnitKind.COMMUNITY, OrgUnitKind.GRID},
    OrgUnitKind.STREET: {OrgUnitKind.COMMUNITY, OrgUnitKind.GRID},
    OrgUnitKind.COMMUNITY: {OrgUnitKind.GRID},
    OrgUnitKind.GRID: set(),
}


class DepartmentKind(models.TextChoices):
    ECONOMY = "economy", _("Economy and information technology")
    ENTERPRISE_SERVICE = "enterprise_service", _("Enterprise service")
    FINANCE = "finance", _("Finance")
    LEGAL = "legal", _("Justice / legal")
    SAFETY = "safety", _("Emergency management / safety")
    ENVIRONMENT = "environment", _("Ecology and environment")
    DIGITAL = "digital", _("Digital reform")
    LAND = "land", _("Natural resources and planning")
    TALENT = "talent", _("Human resources and talent")
    MARKET = "market", _("Market supervision")
    TAX = "tax", _("Taxation")
    SCIENCE = "science", _("Science and technology")
    COMMERCE = "commerce", _("Commerce")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    OTHER = "other", _("Other")


class TeamKind(models.TextChoices):
    SERVICE_TEAM = "service_team", _("Enterprise service team")
    TASK_FORCE = "task_force", _("Investment task force")
    COHORT = "cohort", _("Training cohort")
    VILLAGE_TEAM = "village_team", _("Village operation team")


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District / zone administrator")
    SERVICE_OFFICER = "service_officer", _("Service officer")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    GRID_WORKER = "grid_worker", _("Grid worker")
    TASK_FORCE_MEMBER = "task_force_member", _("Task-force member")
    VILLAGE_OPERATOR = "village_operator", _("Village operator")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    ORG_DEPARTMENT = "org_department", _("Organisation department (personnel records)")


# 三权分立: one person cannot hold two of these.
SEPARATED_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})

# Every role that does the platform's work (business data, firms, requests, personnel records), as
# opposed to administering the platform or reviewing it.
OPERATIONAL_ROLES = frozenset(r for r in Role if r not in SEPARATED_ROLES)

# Accounts only the security administrator administers (password reset, deactivation, two-factor
# reset, roles), never their holder: the three powers, and the district/zone administrator, whose
# reach over business data the system administrator must not be able to borrow by a reset.
PRIVILEGED_ROLES = SEPARATED_ROLES | {Role.DISTRICT_ADMIN}


def _incompatible_pairs():
    """Separation of duties, one rule per line (docs/roles.md and docs/operators/security.md)."""
    # 1. 三权分立: the system administrator, security administrator and auditor are three people.
    for a in SEPARATED_ROLES:
        for b in SEPARATED_ROLES - {a}:
            yield a, b, _("Separation of duties (三权分立)")
    # 2. The auditor reviews what operational roles do: it holds none of them.
    # 3. The security administrator is a full-time post that grants the others' roles.
    # 4. The system administrator keeps accounts and the tree but reads no business data.
    for admin, reason in (
        (Role.AUDITOR, _("The auditor reviews operational work and holds no operational role")),
        (Role.SECURITY_ADMIN, _("The security administrator is a full-time post and holds no other role")),
        (
            Role.SYSTEM_ADMIN,
            _("The system administrator reads no business data and holds no operational role"),
        ),
    ):
        for role in OPERATIONAL_ROLES:
            yield admin, role, reason
            yield role, admin, reason
    # 5. A firm's contact person is not staff of the administration that assesses the firm.
    for role in OPERATIONAL_ROLES - {Role.ENTERPRISE_USER}:
        yield Role.ENTERPRISE_USER, role, _("An enterprise user holds no staff role")
        yield role, Role.ENTERPRISE_USER, _("An enterprise user holds no staff role")


# (role, held role) -> why they cannot go together. Symmetric; enforced by accounts.services.users.role_grant.
INCOMPATIBLE_ROLES = {(Role(a).value, Role(b).value): reason for a, b, reason in _incompatible_pairs()}

# What each role is granted on.
ROLE_TARGET = {
    Role.DISTRICT_ADMIN: "org_unit",
    Role.SERVICE_OFFICER: "org_unit",
    Role.GRID_WORKER: "org_unit",
    Role.VILLAGE_OPERATOR: "org_unit",
    Role.AUDITOR: "org_unit",
    Role.SYSTEM_ADMIN: "org_unit",
    Role.SECURITY_ADMIN: "org_unit",
    Role.ORG_DEPARTMENT: "org_unit",
    Role.DEPARTMENT_HANDLER: "department",
    Role.TASK_FORCE_MEMBER: "team",
    Role.ENTERPRISE_USER: "enterprise",
}

STAFF_ROLES = frozenset(r for r in Role if r != Role.ENTERPRISE_USER)


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")
