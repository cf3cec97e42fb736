"""The standard persona world used by permission matrices across apps.

District D ─┬─ zone A ─┬─ grid A1
            │          └─ grid A2
            └─ zone B ─── grid B1
Personas: district_admin (D), zone_a_officer (A), grid_a1_worker (A1), zone_b_officer (B),
auditor (D), enterprise_user (no staff role), anonymous; plus system_admin and security_admin (D)
and a finance department handler for the modules that need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chrysalis.accounts.choices import DepartmentKind, OrgUnitKind, Role, TeamKind
from chrysalis.accounts.models import Department, OrgUnit, Team, User
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services import users as user_services
from chrysalis.core.extensions import TEST_WORLD_EXTENSIONS, callables

PASSWORD = "Persona#2026x"

# Apps add their own objects to the world: callables world -> None listed, in order, in
# settings.CHRYSALIS_TEST_WORLD_EXTENSIONS (e.g. the enterprise registry creates one enterprise per
# grid and links the enterprise user). An extension whose objects are costly and used by few tests
# may instead announce them with `world.defer(build, extra=(...), users=(...))`: `build(world)` then
# runs the first time a test reads one of those keys (`world.extra[key]` or `world[persona]`), so
# the other apps' tests (and their permission-matrix rows) never pay for it.

MATRIX_PERSONAS = (
    "district_admin",
    "zone_a_officer",
    "grid_a1_worker",
    "zone_b_officer",
    "auditor",
    "enterprise_user",
    "anonymous",
)


class _Deferred(dict):
    """A dict whose missing key is built by the world's deferred extension that announced it."""

    def __init__(self, world: World, kind: str):
        super().__init__()
        self._world, self._kind = world, kind

    def __missing__(self, key):
        if self._world.build_deferred(self._kind, key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


@dataclass
class World:
    district: OrgUnit
    zone_a: OrgUnit
    grid_a1: OrgUnit
    grid_a2: OrgUnit
    zone_b: OrgUnit
    grid_b1: OrgUnit
    finance: Department
    team_a: Team
    team_b: Team
    users: dict[str, User] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # objects added by the world extensions
    pending: list = field(default_factory=list)  # deferred extensions: (build, extra keys, user keys)
    # callables run for every test that receives the world, for state outside the database that a
    # rolled-back transaction does not restore (a cache); see core.testing.shared
    per_test: list = field(default_factory=list)

    def __post_init__(self) -> None:
        users, extra = self.users, self.extra
        self.users, self.extra = _Deferred(self, "users"), _Deferred(self, "extra")
        self.users.update(users)
        self.extra.update(extra)

    def __getitem__(self, persona: str) -> User | None:
        return None if persona == "anonymous" else self.users[persona]

    def defer(self, build, *, extra=(), users=()) -> None:
        """Announce objects that `build(world)` adds when a test first reads one of them."""
        self.pending.append((build, frozenset(extra), frozenset(users)))

    def build_deferred(self, kind: str, key: str) -> bool:
        for item in self.pending:
            build, extra, users = item
            if key in (extra if kind == "extra" else users):
                self.pending.remove(item)
                build(self)
                return True
        return False


def make_user(username: str, home: OrgUnit | None, role: str | None = None, **target) -> User:
    user = user_services.user_create(
        actor=None, username=username, password=PASSWORD, display_name=username, home_unit=home
    )
    if role:
        user_services.role_grant(actor=None, user=user, role=role, **target)
    return user


def build_world() -> World:
    create = org_services.org_unit_create
    district = create(actor=None, parent=None, kind=OrgUnitKind.DISTRICT, name="D区", code="T-D")
    zone_a = create(actor=None, parent=district, kind=OrgUnitKind.ZONE, name="A园区", code="T-A")
    grid_a1 = create(actor=None, parent=zone_a, kind=OrgUnitKind.GRID, name="A1网格", code="T-A1")
    grid_a2 = create(actor=None, parent=zone_a, kind=OrgUnitKind.GRID, name="A2网格", code="T-A2")
    zone_b = create(actor=None, parent=district, kind=OrgUnitKind.ZONE, name="B园区", code="T-B")
    grid_b1 = create(actor=None, parent=zone_b, kind=OrgUnitKind.GRID, name="B1网格", code="T-B1")
    finance = org_services.department_create(
        actor=None, district=district, kind=DepartmentKind.FINANCE, name="金融办", code="T-FIN"
    )
    team_a = org_services.team_create(actor=None, org_unit=zone_a, kind=TeamKind.SERVICE_TEAM, name="A小分队")
    team_b = org_services.team_create(actor=None, org_unit=zone_b, kind=TeamKind.SERVICE_TEAM, name="B小分队")
    world = World(district, zone_a, grid_a1, grid_a2, zone_b, grid_b1, finance, team_a, team_b)
    world.users.update(
        {
            "district_admin": make_user("p_district_admin", district, Role.DISTRICT_ADMIN, org_unit=district),
            "zone_a_officer": make_user("p_zone_a_officer", zone_a, Role.SERVICE_OFFICER, org_unit=zone_a),
            "grid_a1_worker": make_user("p_grid_a1_worker", grid_a1, Role.GRID_WORKER, org_unit=grid_a1),
            "zone_b_officer": make_user("p_zone_b_officer", zone_b, Role.SERVICE_OFFICER, org_unit=zone_b),
            "auditor": make_user("p_auditor", district, Role.AUDITOR, org_unit=district),
            "enterprise_user": make_user("p_enterprise_user", None),
            "system_admin": make_user("p_system_admin", district, Role.SYSTEM_ADMIN, org_unit=district),
            "security_admin": make_user("p_security_admin", district, Role.SECURITY_ADMIN, org_unit=district),
            "finance_handler": make_user(
                "p_finance_handler", district, Role.DEPARTMENT_HANDLER, department=finance
            ),
        }
    )
    for extension in callables(TEST_WORLD_EXTENSIONS):
        extension(world)
    return world
