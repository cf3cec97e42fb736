"""Permission matrix of the organisation pages (see chrysalis.core.testing.matrix)."""

from chrysalis.core.testing.matrix import Entry

P = (
    "district_admin",
    "zone_a_officer",
    "grid_a1_worker",
    "zone_b_officer",
    "auditor",
    "enterprise_user",
    "anonymous",
)


def row(*codes):
    return dict(zip(P, codes, strict=True))


ENTRIES = [
    Entry("home", row(200, 200, 200, 200, 200, 200, "login")),
    Entry("login", row(302, 302, 302, 302, 302, 302, 200), note="signed-in users are sent home"),
    Entry(
        "logout",
        row("login", "login", "login", "login", "login", "login", "login"),
        method="post",
        note="back to the login page",
    ),
    Entry("health", row(200, 200, 200, 200, 200, 200, 200)),
    Entry("favicon", row(301, 301, 301, 301, 301, 301, 301), note="to the vendored icon"),
    Entry("api-schema", row(200, 200, 200, 200, 200, 200, 401)),
    Entry("api-docs", row(200, 200, 200, 200, 200, 200, 401)),
    Entry(
        "set_language",
        row(302, 302, 302, 302, 302, 302, 302),
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
    ),
    Entry("javascript-catalog", row(200, 200, 200, 200, 200, 200, 200)),
    # organisation units
    Entry("accounts:orgunit_list", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:orgunit_detail",
        row(200, 200, 404, 404, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.zone_a.pk},
        note="a grid worker's reach is the grid",
    ),
    Entry(
        "accounts:orgunit_detail",
        row(200, 404, 404, 200, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.zone_b.pk},
        note="zone B unit",
    ),
    Entry(
        "accounts:orgunit_detail",
        row(200, 200, 200, 404, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.grid_a1.pk},
        note="grid A1",
    ),
    Entry(
        "accounts:orgunit_add",
        row(200, 200, 200, 200, 200, 200, "login"),
        note="the form opens; its parent list offers only units the user may add under",
    ),
    Entry(
        "accounts:orgunit_edit",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.zone_a.pk},
    ),
    # departments
    Entry("accounts:department_list", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:department_detail",
        row(200, 200, 200, 200, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.finance.pk},
    ),
    Entry("accounts:department_add", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:department_edit",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.finance.pk},
    ),
    # teams
    Entry("accounts:team_list", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:team_detail",
        row(200, 200, 404, 404, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.team_a.pk},
    ),
    Entry(
        "accounts:team_detail",
        row(200, 404, 404, 200, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.team_b.pk},
        note="team B",
    ),
    Entry("accounts:team_add", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:team_edit", row(200, 404, 404, 404, 404, 404, "login"), kwargs=lambda w: {"pk": w.team_a.pk}
    ),
    Entry(
        "accounts:team_member_add",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.team_a.pk},
        method="post",
        data=lambda w: {"user": w.users["zone_a_officer"].pk, "role": "member"},
    ),
    Entry(
        "accounts:team_member_remove",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.team_a.pk, "membership_pk": 999999},
        method="post",
    ),
    # people
    Entry(
        "accounts:user_list",
        row(200, 200, 200, 200, 200, 200, "login"),
        note="each sees only people in reach (at least themselves)",
    ),
    Entry(
        "accounts:user_detail",
        row(200, 200, 404, 404, 200, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
    ),
    Entry(
        "accounts:user_add",
        row(200, 200, 200, 200, 200, 200, "login"),
        note="the form opens; only system admins have a home unit to choose",
    ),
    Entry(
        "accounts:user_edit",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        extra_personas={"system_admin": 200},
    ),
    Entry(
        "accounts:role_grant",
        row(302, 302, 404, 404, 302, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        method="post",
        data=lambda w: {"role": "grid_worker", "org_unit": w.grid_a2.pk},
        note="out-of-reach grants are refused with a message (no change)",
    ),
    Entry(
        "accounts:role_revoke",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].role_assignments.get().pk},
        method="post",
        data=lambda w: {"reason": "test"},
        extra_personas={"security_admin": 302},
    ),
    Entry("password_change", row(200, 200, 200, 200, 200, 200, "login")),
    Entry(
        "accounts:user_password_reset",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        method="post",
        data=lambda w: {"new_password1": "Temp-Pass-2026", "new_password2": "Temp-Pass-2026"},
        extra_personas={"system_admin": 302},
    ),
    Entry(
        "twofactor_setup",
        row(200, 200, 200, 200, 200, 200, "login"),
        note="optional enrolment while REQUIRE_STAFF_2FA is off",
    ),
    Entry(
        "twofactor_verify", row(302, 302, 302, 302, 302, 302, "login"), note="no device yet: sent to set-up"
    ),
    Entry(
        "accounts:user_2fa_reset",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        method="post",
        extra_personas={"security_admin": 302},
    ),
    Entry(
        "accounts:user_set_active",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        method="post",
        data=lambda w: {"active": "0", "reason": "test"},
        extra_personas={"system_admin": 302, "security_admin": 302},
        note="an ordinary account: the system admin deactivates it; the security admin is told why not",
    ),
    Entry(
        "accounts:user_set_active",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["auditor"].pk},
        method="post",
        data=lambda w: {"active": "0", "reason": "test"},
        extra_personas={"system_admin": 302, "security_admin": 302},
        note="a privileged account: only the security admin deactivates it (the system admin is told why)",
    ),
    Entry(
        "accounts:locked_list",
        row(404, 404, 404, 404, 404, 404, "login"),
        extra_personas={"security_admin": 200, "system_admin": 404},
    ),
    Entry(
        "accounts:user_unlock",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.users["zone_a_officer"].pk},
        method="post",
        extra_personas={"security_admin": 302, "system_admin": 404},
        note="not locked: the security admin is told so",
    ),
    # audit and jobs
    Entry("audit:record_list", row(404, 404, 404, 404, 200, 404, "login")),
    Entry(
        "audit:record_detail",
        row(404, 404, 404, 404, 200, 404, "login"),
        kwargs=lambda w: {"pk": _first_audit_pk()},
    ),
    Entry(
        "jobs:job_detail",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": "00000000-0000-0000-0000-000000000000"},
    ),
]

EXEMPT: dict[str, str] = {}


def _first_audit_pk():
    from chrysalis.audit.models import ChangeRecord

    return ChangeRecord.objects.order_by("pk").values_list("pk", flat=True).first()


# The personal API token pages have their own list (matrix_tokens).
from chrysalis.accounts.tests import matrix_tokens  # noqa: E402

ENTRIES += matrix_tokens.ENTRIES
