"""Permission matrix of the programmes module.

Columns: district_admin, zone_a_officer, grid_a1_worker, zone_b_officer, auditor, enterprise_user,
anonymous. Readers are administrators and service officers (their subtree); writers administrators.
Grid workers, auditors and enterprise users get 403; another zone's objects answer 404.
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


def pk(name, key="pk", **more):
    return lambda w: {key: w.extra[name].pk, **more}


def child(name, parent="programme_a"):
    return lambda w: {"programme": w.extra[parent].pk, "pk": w.extra[name].pk}


READERS = row(200, 200, 403, 200, 403, 403, "login")
WRITERS = row(200, 403, 403, 403, 403, 403, "login")
IN_A = row(200, 200, 403, 404, 403, 403, "login")
WRITE_A = row(200, 404, 403, 404, 403, 403, "login")
API_ALL = row(200, 200, 200, 200, 200, 200, 401)
API_A = row(200, 200, 404, 404, 404, 404, 401)

ENTRIES: list[Entry] = [
    Entry("programmes:cockpit", READERS),
    Entry("programmes:cockpit", READERS, query="status=behind&year=2026", note="filtered"),
    Entry("programmes:programme_list", READERS),
    Entry("programmes:programme_list", READERS, query="export=xlsx", note="export"),
    Entry("programmes:programme_add", WRITERS),
    Entry("programmes:programme_detail", IN_A, pk("programme_a")),
    Entry("programmes:programme_edit", WRITE_A, pk("programme_a")),
    Entry("programmes:measure_add", WRITE_A, pk("programme_a", key="programme")),
    Entry("programmes:measure_edit", WRITE_A, child("measure_a")),
    Entry("programmes:target_add", WRITE_A, pk("programme_a", key="programme")),
    Entry("programmes:target_edit", WRITE_A, child("target_a")),
    Entry("programmes:target_detail", IN_A, pk("target_a")),
    Entry("programmes:target_detail", IN_A, pk("manual_a"), note="manual target"),
    Entry("programmes:target_records", IN_A, pk("target_a")),
    Entry("programmes:target_records", IN_A, pk("target_a"), query="export=xlsx", note="export"),
    Entry(
        "programmes:target_value_add",
        row(302, 404, 403, 404, 403, 403, "login"),
        pk("manual_a"),
        method="post",
        data=lambda w: {
            "value": "11",
            "as_of": w.extra["manual_a"].starts_on.isoformat(),
            "evidence": "月报",
        },
    ),
    Entry("programmes:metric_list", READERS),
    Entry("programmes:report_list", READERS),
    Entry("programmes:report_list", READERS, query="export=xlsx", note="export"),
    Entry("programmes:report_add", WRITERS),
    Entry("programmes:report_detail", IN_A, pk("report_a")),
    Entry("programmes:report_edit", WRITE_A, pk("report_a")),
    Entry(
        "programmes:report_issue", row(302, 404, 403, 404, 403, 403, "login"), pk("report_a"), method="post"
    ),
    Entry("programmes:report_download", IN_A, pk("report_a", fmt="docx")),
    Entry("programmes:report_download", IN_A, pk("report_a", fmt="xlsx"), note="excel"),
    Entry("programmes:listing_list", READERS),
    Entry("programmes:listing_add", WRITERS),
    Entry("programmes-programme-list", API_ALL),
    Entry("programmes-programme-detail", API_A, pk("programme_a")),
    Entry("programmes-target-list", API_ALL),
    Entry("programmes-target-detail", API_A, pk("target_a")),
    Entry(
        "programmes-target-values",
        row(201, 404, 404, 404, 404, 404, 401),
        pk("manual_a"),
        method="post",
        data=lambda w: {
            "value": "11",
            "as_of": w.extra["manual_a"].starts_on.isoformat(),
            "evidence": "月报",
        },
    ),
]
