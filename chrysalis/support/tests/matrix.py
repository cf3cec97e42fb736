"""Permission matrix of enterprise service (see chrysalis.core.testing.matrix).

Columns: district_admin, zone_a_officer, grid_a1_worker, zone_b_officer, auditor, enterprise_user,
anonymous; plus finance_handler (department handler of the finance department) on every row.
req_a1 is ent_a1's (grid A1) request dispatched to finance; req_b1 is ent_b1's (zone B).
"""

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


def row(*codes, fin):
    return dict(zip(P, codes, strict=True)), {"finance_handler": fin}


class QEntry(Entry):
    """An entry whose query string depends on the world (`query` formatted with world ids)."""

    def url(self, world) -> str:
        from django.urls import reverse

        ids = {"b1": world.grid_b1.pk, "fin": world.finance.pk}
        return (
            reverse(self.url_name, kwargs=self.kwargs(world) if self.kwargs else None)
            + "?"
            + self.query.format(**ids)
        )


def entry(url_name, codes, kwargs=None, **kw):
    expect, extra = codes
    cls = QEntry if "{" in kw.get("query", "") else Entry
    return cls(url_name, expect, kwargs=kwargs, extra_personas=extra, **kw)


def pk(name):
    return lambda w: {"pk": w.extra[name].pk}


ALL = row(200, 200, 200, 200, 200, 200, "login", fin=200)
STAFF_ONLY = row(200, 200, 200, 200, 403, 403, "login", fin=403)
ADMIN_ONLY = row(200, 403, 403, 403, 403, 403, "login", fin=403)
REQ_A1 = row(200, 200, 200, 404, 404, 200, "login", fin=200)

ENTRIES: list[Entry] = [
    entry("support:request_list", ALL),
    entry("support:request_list", ALL, query="export=xlsx", note="export"),
    entry("support:request_list", ALL, query="stage=open&department={fin}", note="drill-down"),
    entry("support:request_add", row(200, 200, 200, 200, 403, 200, "login", fin=403)),
    entry("support:request_detail", REQ_A1, pk("req_a1")),
    entry("support:request_firm", REQ_A1, pk("req_a1"), note="the requesting firm, read-only"),
    entry(
        "support:request_detail",
        row(200, 404, 404, 200, 404, 404, "login", fin=200),
        pk("req_b1"),
        note="zone B",
    ),
    entry("support:request_transition", REQ_A1, lambda w: {"pk": w.extra["req_a1"].pk, "event": "sign"}),
    entry(
        "support:request_transition",
        row(200, 200, 200, 404, 404, 200, "login", fin=302),
        lambda w: {"pk": w.extra["req_a1"].pk, "event": "sign"},
        method="post",
        data=lambda w: {"version": w.extra["req_a1"].version},
        note="sign; only the handler succeeds (302), last",
    ),
    entry(
        "support:request_transition",
        row(404, 404, 404, 404, 404, 404, "login", fin=404),
        lambda w: {"pk": w.extra["req_a1"].pk, "event": "fly"},
        note="unknown event",
    ),
    entry(
        "support:attachment_add",
        row(302, 302, 302, 404, 404, 302, "login", fin=302),
        pk("req_a1"),
        method="post",
    ),
    entry("support:attachment_download", REQ_A1, pk("attachment_a1")),
    entry("support:visit_list", ALL),
    entry("support:visit_add", STAFF_ONLY),
    entry("support:visit_detail", row(200, 200, 200, 404, 404, 404, "login", fin=404), pk("visit_a1")),
    entry("support:coverage", STAFF_ONLY),
    entry("support:assignment_list", ALL),
    entry("support:assignment_add", ADMIN_ONLY),
    entry(
        "support:assignment_end",
        row(302, 404, 404, 404, 404, 404, "login", fin=404),
        pk("assignment_a1"),
        method="post",
        data=lambda w: {"reason": "调岗"},
    ),
    entry("support:handover_list", ALL),
    entry("support:notification_list", ALL),
    entry(
        "support:notification_read",
        row(302, 404, 404, 404, 404, 404, "login", fin=404),
        pk("notification"),
        method="post",
    ),
    entry(
        "support:notification_read_all", row(302, 302, 302, 302, 302, 302, "login", fin=302), method="post"
    ),
    entry("support:holiday_list", ALL),
    entry("support:holiday_add", ADMIN_ONLY),
    entry(
        "support:holiday_delete",
        row(302, 404, 404, 404, 404, 404, "login", fin=404),
        pk("holiday"),
        method="post",
    ),
    entry("support:timelimit_list", ALL),
    entry("support:timelimit_add", ADMIN_ONLY),
    entry("dashboards:service", row(200, 200, 200, 200, 403, 403, "login", fin=200)),
    entry(
        "dashboards:service",
        row(200, 403, 403, 200, 403, 403, "login", fin=403),
        query="area={b1}",
        note="explicit other scope",
    ),
    entry("dashboards:service_export", row(200, 200, 200, 200, 403, 403, "login", fin=200)),
]
EXEMPT: dict[str, str] = {}
