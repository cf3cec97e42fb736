"""Permission matrix of the enterprise registry (see chrysalis.core.testing.matrix).

The world has ent_a1 (grid A1, the enterprise user's firm), ent_a2 (grid A2) and ent_b1 (grid B1).
Out-of-scope objects answer 404, exactly like missing ones.
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


def row(*codes):
    return dict(zip(P, codes, strict=True))


def ent(key):
    return lambda w: {"pk": w.extra[key].pk}


def child(key, kind, model):
    def kwargs(w):
        e = w.extra[key]
        return {
            "pk": e.pk,
            "kind": kind,
            "record_pk": model.objects.filter(enterprise=e).values_list("pk", flat=True).first(),
        }

    return kwargs


def _ip():
    from chrysalis.enterprises.models import IPRight

    return IPRight


def _contact():
    from chrysalis.enterprises.models import Contact

    return Contact


def _figures():
    from chrysalis.enterprises.models import YearFigures

    return YearFigures


def contact_kwargs(key, field):
    return lambda w: {
        "pk": _contact().objects.filter(enterprise=w.extra[key]).values_list("pk", flat=True).first(),
        "field": field,
    }


def figures_kwargs(key):
    return lambda w: {
        "pk": w.extra[key].pk,
        "year_pk": _figures().objects.filter(enterprise=w.extra[key]).values_list("pk", flat=True).first(),
    }


def lazy_child(key, kind, model_fn):
    def kwargs(w):
        e = w.extra[key]
        return {
            "pk": e.pk,
            "kind": kind,
            "record_pk": model_fn().objects.filter(enterprise=e).values_list("pk", flat=True).first()
            or 999999,
        }

    return kwargs


def batch_kwargs(w):
    from chrysalis.enterprises.tests.helpers import make_batch

    return {"pk": make_batch(w).pk}


ENTRIES = [
    # list, create
    Entry(
        "enterprises:enterprise_list",
        row(200, 200, 200, 200, 200, 200, "login"),
        note="each sees only the enterprises in reach",
    ),
    Entry(
        "enterprises:enterprise_list",
        row(200, 200, 200, 200, 200, 200, "login"),
        query="export=xlsx",
        note="export: empty unless cleared",
    ),
    Entry("enterprises:enterprise_add", row(200, 404, 404, 404, 404, 404, "login")),
    # detail
    Entry(
        "enterprises:enterprise_detail",
        row(200, 200, 200, 404, 404, 200, "login"),
        kwargs=ent("ent_a1"),
        note="grid A1, own firm of the enterprise user",
    ),
    Entry(
        "enterprises:enterprise_detail",
        row(200, 200, 404, 404, 404, 404, "login"),
        kwargs=ent("ent_a2"),
        note="grid A2",
    ),
    Entry(
        "enterprises:enterprise_detail",
        row(200, 404, 404, 200, 404, 404, "login"),
        kwargs=ent("ent_b1"),
        note="zone B",
    ),
    # profile edit
    Entry("enterprises:enterprise_edit", row(200, 200, 404, 404, 404, 200, "login"), kwargs=ent("ent_a1")),
    Entry(
        "enterprises:enterprise_edit",
        row(200, 404, 404, 200, 404, 404, "login"),
        kwargs=ent("ent_b1"),
        note="zone B",
    ),
    # figures
    Entry(
        "enterprises:figures_add",
        row(200, 404, 404, 404, 404, 200, "login"),
        kwargs=ent("ent_a1"),
        note="officers do not edit figures",
    ),
    Entry(
        "enterprises:figures_add",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=ent("ent_b1"),
        note="zone B",
    ),
    Entry(
        "enterprises:figures_edit",
        row(200, 404, 404, 404, 404, 200, "login"),
        kwargs=figures_kwargs("ent_a1"),
    ),
    Entry(
        "enterprises:figures_edit",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=figures_kwargs("ent_b1"),
        note="zone B",
    ),
    # records
    Entry(
        "enterprises:record_add",
        row(200, 404, 404, 404, 404, 200, "login"),
        kwargs=lambda w: {"pk": w.extra["ent_a1"].pk, "kind": "ip"},
    ),
    Entry(
        "enterprises:record_add",
        row(200, 200, 404, 404, 404, 200, "login"),
        kwargs=lambda w: {"pk": w.extra["ent_a1"].pk, "kind": "contact"},
        note="officers may add contacts",
    ),
    Entry(
        "enterprises:record_add",
        row(404, 404, 404, 404, 404, 404, "login"),
        kwargs=lambda w: {"pk": w.extra["ent_a1"].pk, "kind": "nonsense"},
        note="unknown kind",
    ),
    Entry(
        "enterprises:record_edit",
        row(200, 404, 404, 404, 404, 403, "login"),
        kwargs=lazy_child("ent_a1", "ip", _ip),
        note="recorded by staff: read-only to the firm (issue 13)",
    ),
    Entry(
        "enterprises:record_add",
        row(200, 404, 404, 404, 404, 403, "login"),
        kwargs=lambda w: {"pk": w.extra["ent_a1"].pk, "kind": "title"},
        note="titles come from the authorities: not reported by the firm",
    ),
    Entry(
        "enterprises:record_edit",
        row(200, 404, 404, 200, 404, 404, "login"),
        kwargs=lazy_child("ent_b1", "contact", _contact),
        note="zone B contact",
    ),
    Entry(
        "enterprises:record_delete",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=lazy_child("ent_b1", "ip", _ip),
        method="post",
    ),
    Entry(
        "enterprises:contact_unmask",
        row(200, 404, 404, 404, 404, 404, "login"),
        kwargs=contact_kwargs("ent_a1", "phone"),
        method="post",
        note="only the clearance (district admin) reveals",
    ),
    # imports (district administrators only)
    Entry("enterprises:import_list", row(200, 404, 404, 404, 404, 404, "login")),
    Entry("enterprises:import_upload", row(200, 404, 404, 404, 404, 404, "login")),
    Entry("enterprises:import_template", row(200, 404, 404, 404, 404, 404, "login")),
    Entry("enterprises:import_detail", row(200, 404, 404, 404, 404, 404, "login"), kwargs=batch_kwargs),
    Entry(
        "enterprises:import_mapping",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=batch_kwargs,
        method="post",
        data=lambda w: {
            "col_0": "uscc",
            "col_1": "name",
            "col_2": "grid",
            "col_3": "year",
            "col_4": "revenue",
        },
    ),
    Entry(
        "enterprises:import_validate",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=batch_kwargs,
        method="post",
    ),
    Entry(
        "enterprises:import_layout",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=batch_kwargs,
        method="post",
        data=lambda w: {"header_row": "1"},
        note="the district admin's batch is read again; others get 404",
    ),
    Entry(
        "enterprises:import_commit",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=batch_kwargs,
        method="post",
        note="refused with a message: not checked yet",
    ),
    Entry(
        "enterprises:import_rollback",
        row(302, 404, 404, 404, 404, 404, "login"),
        kwargs=batch_kwargs,
        method="post",
        note="refused with a message: not committed",
    ),
    Entry("enterprises:import_report", row(200, 404, 404, 404, 404, 404, "login"), kwargs=batch_kwargs),
    # REST API (token or session); anonymous → 401
    Entry("api-enterprises:enterprise-list", row(200, 200, 200, 200, 200, 200, 401)),
    Entry("api-enterprises:enterprise-detail", row(200, 200, 200, 404, 404, 200, 401), kwargs=ent("ent_a1")),
    Entry(
        "api-enterprises:enterprise-detail",
        row(200, 404, 404, 200, 404, 404, 401),
        kwargs=ent("ent_b1"),
        note="zone B",
    ),
    Entry("api-enterprises:enterprise-facts", row(200, 200, 200, 404, 404, 200, 401), kwargs=ent("ent_a1")),
    Entry("api-enterprises:figures-list", row(200, 200, 200, 200, 200, 200, 401)),
    Entry(
        "api-enterprises:figures-detail",
        row(200, 404, 404, 200, 404, 404, 401),
        kwargs=lambda w: {"pk": figures_kwargs("ent_b1")(w)["year_pk"]},
    ),
]
for prefix in ("ip-rights", "titles", "awards", "contests", "equity-rounds", "incidents", "contacts"):
    ENTRIES.append(Entry(f"api-enterprises:{prefix}-list", row(200, 200, 200, 200, 200, 200, 401)))
ENTRIES += [
    Entry(
        "api-enterprises:ip-rights-detail",
        row(200, 200, 200, 404, 404, 200, 401),
        kwargs=lambda w: {
            "pk": _ip().objects.filter(enterprise=w.extra["ent_a1"]).values_list("pk", flat=True).first()
        },
    ),
    Entry(
        "api-enterprises:contacts-detail",
        row(200, 404, 404, 200, 404, 404, 401),
        kwargs=lambda w: {
            "pk": _contact().objects.filter(enterprise=w.extra["ent_b1"]).values_list("pk", flat=True).first()
        },
    ),
]
for prefix in ("titles", "awards", "contests", "equity-rounds", "incidents"):
    ENTRIES.append(
        Entry(
            f"api-enterprises:{prefix}-detail",
            row(404, 404, 404, 404, 404, 404, 401),
            kwargs=lambda w: {"pk": 999999},
            note="missing",
        )
    )

EXEMPT: dict[str, str] = {}
