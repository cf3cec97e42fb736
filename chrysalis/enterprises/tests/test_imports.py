import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from chrysalis.audit.models import ChangeRecord
from chrysalis.enterprises.choices import ImportStatus
from chrysalis.enterprises.imports.mapping import propose
from chrysalis.enterprises.imports.reader import HostileFileError, read_sheet
from chrysalis.enterprises.models import Enterprise, FigureRevision, ImportBatch, YearFigures
from chrysalis.enterprises.services import imports
from chrysalis.enterprises.tests.helpers import HEADER, csv_bytes, xlsx
from chrysalis.enterprises.uscc import make_uscc
from chrysalis.jobs.runner import run as run_job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def code(i: int) -> str:
    return make_uscc("330110", f"MA2D{i:04d}")


def good_rows(n=30, revenue="1000"):
    rows = []
    for i in range(n):
        grid = "T-A1" if i % 2 else "A2网格"
        for year in (2024, 2025):
            rows.append(
                (
                    code(i),
                    f"杭州测试{i}号科技有限公司",
                    grid,
                    year,
                    str(Decimal(revenue) + i + (year - 2024) * 100),
                    "50.5",
                    20 + i,
                )
            )
    return rows


def run(world, data, name="名录.xlsx", commit=True):
    admin = world["district_admin"]
    batch = imports.import_upload(actor=admin, file_name=name, data=data, default_source="statistics")
    batch = imports.import_validate(actor=admin, batch=batch)
    if commit and batch.status == ImportStatus.VALIDATED:
        batch = imports.import_commit(actor=admin, batch=batch)
    return batch


def test_mapping_recognises_chinese_headers():
    headers = [
        "统一社会信用代码",
        "企业名称",
        "所属网格",
        "年度",
        "营业收入(万元)",
        "研发费用（万元）",
        "从业人员",
        "2024年纳税总额（万元）",
        "家庭住址",
    ]
    m = propose(headers)
    assert m == {
        "0": "uscc",
        "1": "name",
        "2": "grid",
        "3": "year",
        "4": "revenue",
        "5": "rd_expense",
        "6": "employees",
        "7": "tax_paid@2024",
    }


def test_good_file_imports_everything(world, ents):
    batch = run(world, xlsx(good_rows()))
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert batch.stats["enterprises_new"] == 30 and batch.stats["figures_new"] == 60
    ent = Enterprise.objects.get(uscc=code(3))
    assert ent.org_unit == world.grid_a1 and ent.latest_year == 2025 and ent.latest_revenue == Decimal("1103")
    assert ent.size_class == "unknown"  # no industry code in this file: never a guess
    y = YearFigures.objects.get(enterprise=ent, year=2024)
    assert y.rd_expense == Decimal("50.5") and y.source == "statistics" and y.import_batch == batch
    assert not batch.stored_path  # the raw file is not kept after commit
    assert ChangeRecord.objects.filter(action="import", object_id=str(batch.pk)).exists()


def test_csv_in_gb18030_and_utf8(world, ents):
    assert (
        run(world, csv_bytes(good_rows(3), encoding="gb18030"), name="名录.csv").status
        == ImportStatus.COMMITTED
    )
    assert run(world, csv_bytes(good_rows(4)), name="名录.csv").stats["enterprises_new"] == 1


def test_reimport_changes_nothing_and_later_file_updates_with_history(world, ents):
    run(world, xlsx(good_rows(10)))
    n_revisions = FigureRevision.objects.count()
    again = run(world, xlsx(good_rows(10)))
    assert (
        again.stats["enterprises_new"] == 0
        and again.stats["enterprises_changed"] == 0
        and again.stats["enterprises_unchanged"] == 10
    )
    assert again.stats["values_changed"] == 0 and FigureRevision.objects.count() == n_revisions
    later = run(world, xlsx(good_rows(10, revenue="2000")))
    assert later.stats["enterprises_changed"] == 10 and later.stats["values_changed"] == 20
    rev = FigureRevision.objects.get(enterprise__uscc=code(1), year=2025, field="revenue")
    assert (rev.old_value, rev.new_value, rev.batch_id, rev.actor) == (
        "1101",
        "2101",
        later.pk,
        world["district_admin"],
    )
    assert Enterprise.objects.get(uscc=code(1)).latest_revenue == Decimal("2101")


@pytest.mark.parametrize(
    "bad,column,fragment",
    [
        (
            (make_uscc("330110", "MA2D0001")[:-1] + "0", "某公司", "T-A1", 2025, "1", "1", 1),
            "统一社会信用代码",
            "校验",
        ),
        (("", "某公司", "T-A1", 2025, "1", "1", 1), "统一社会信用代码", ""),
        (
            (code(900), "某公司", "T-B1", 2025, "1", "1", 1),
            "所属网格",
            "",
        ),  # another admin's grid? (admin is district-wide: exists)
        ((code(901), "某公司", "不存在网格", 2025, "1", "1", 1), "所属网格", ""),
        ((code(902), "某公司", "T-A1", 2025, "一千", "1", 1), "营业收入（万元）", ""),
        ((code(903), "某公司", "T-A1", 2025, "-5", "1", 1), "营业收入（万元）", ""),
        ((code(904), "某公司", "T-A1", 2025, "10", "20", 1), "研发费用", ""),  # R&D above revenue
        ((code(905), "某公司", "T-A1", 1850, "10", "1", 1), "年度", ""),
        ((code(906), "某公司", "T-A1", 2025, "10", "1", 1.5), "从业人员", ""),
        ((code(907), "", "", 2025, "10", "1", 1), "", "name"),  # new enterprise without name and grid
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(world, ents, bad, column, fragment):
    rows = good_rows(5) + [bad]
    before = (Enterprise.objects.count(), YearFigures.objects.count())
    batch = run(world, xlsx(rows))
    if bad[2] == "T-B1":  # the district admin reaches zone B: this row is fine
        assert batch.status == ImportStatus.COMMITTED
        return
    assert batch.status == ImportStatus.INVALID
    assert (Enterprise.objects.count(), YearFigures.objects.count()) == before
    assert [e["row"] for e in batch.errors] == [len(rows) + 1]
    assert batch.errors[0]["message"]


def test_row_outside_the_importers_scope_blocks_the_whole_file(world, ents):
    from chrysalis.accounts.services import users as user_services
    from chrysalis.core.testing.personas import make_user

    zone_admin = make_user("p_zone_a_admin", world.zone_a)
    user_services.role_grant(actor=None, user=zone_admin, role="district_admin", org_unit=world.zone_a)
    rows = good_rows(5) + [(code(950), "乙园区企业", "T-B1", 2025, "10", "1", 1)]
    batch = imports.import_upload(actor=zone_admin, file_name="x.xlsx", data=xlsx(rows), default_source="tax")
    batch = imports.import_validate(actor=zone_admin, batch=batch)
    assert batch.status == ImportStatus.INVALID and batch.errors[0]["row"] == 12
    # an existing enterprise of zone B cannot be touched either
    rows = [(ents["ent_b1"].uscc, ents["ent_b1"].name, "", 2025, "99999", "1", 1)]
    batch = imports.import_validate(
        actor=zone_admin,
        batch=imports.import_upload(
            actor=zone_admin, file_name="y.xlsx", data=xlsx(rows), default_source="tax"
        ),
    )
    assert batch.status == ImportStatus.INVALID
    assert Enterprise.objects.get(pk=ents["ent_b1"].pk).latest_revenue == Decimal("12000.5")


def test_duplicate_rows_in_one_file(world, ents):
    rows = good_rows(2) + [good_rows(2)[0]]
    batch = run(world, xlsx(rows))
    assert (
        batch.status == ImportStatus.INVALID
        and "twice" in batch.errors[0]["message"]
        or "两次" in batch.errors[0]["message"]
    )


def test_commit_of_a_changed_file_is_refused(world, ents, settings):
    admin = world["district_admin"]
    batch = imports.import_validate(
        actor=admin,
        batch=imports.import_upload(
            actor=admin, file_name="a.xlsx", data=xlsx(good_rows(2)), default_source="tax"
        ),
    )
    from pathlib import Path

    (Path(settings.MEDIA_ROOT) / "imports" / batch.stored_path).write_bytes(xlsx(good_rows(3)))
    with pytest.raises(ValidationError):
        imports.import_commit(actor=admin, batch=batch)
    assert not Enterprise.objects.filter(uscc=code(0)).exists()


def test_database_failure_mid_commit_writes_nothing(world, ents, monkeypatch):
    from django.db import OperationalError

    from chrysalis.enterprises.imports import engine

    admin = world["district_admin"]
    monkeypatch.setattr(engine, "CHUNK", 10)
    batch = imports.import_validate(
        actor=admin,
        batch=imports.import_upload(
            actor=admin, file_name="a.xlsx", data=xlsx(good_rows(30)), default_source="tax"
        ),
    )
    calls = {"n": 0}
    original = engine.derived_fields

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 25:  # in the third chunk, after two chunks were written
            raise OperationalError("connection lost")
        return original(*args)

    monkeypatch.setattr(engine, "derived_fields", failing)
    with pytest.raises(OperationalError):
        imports.import_commit(actor=admin, batch=batch)
    assert not Enterprise.objects.filter(uscc__in=[code(i) for i in range(30)]).exists()


def test_rollback_restores_values_and_removes_created_records(world, ents):
    first = run(world, xlsx(good_rows(4)))
    second = run(
        world, xlsx(good_rows(4, revenue="5000") + [(code(60), "新增公司", "T-A1", 2025, "1", "1", 1)])
    )
    assert second.stats["enterprises_new"] == 1
    imports.import_rollback(actor=world["district_admin"], batch=second)
    assert not Enterprise.objects.filter(uscc=code(60)).exists()
    assert YearFigures.objects.get(enterprise__uscc=code(1), year=2025).revenue == Decimal("1101")
    assert Enterprise.objects.get(uscc=code(1)).latest_revenue == Decimal("1101")
    second.refresh_from_db()
    assert second.status == ImportStatus.ROLLED_BACK
    # the first batch can now be rolled back as well: everything it created disappears
    imports.import_rollback(actor=world["district_admin"], batch=first)
    assert not Enterprise.objects.filter(uscc=code(1)).exists()


def test_rollback_is_refused_when_values_were_changed_afterwards(world, ents):
    from chrysalis.enterprises.services import figures as fig_services

    batch = run(world, xlsx(good_rows(2, revenue="1000")))
    run(world, xlsx(good_rows(2, revenue="3000")))
    ent = Enterprise.objects.get(uscc=code(1))
    fig_services.figures_save(
        actor=None, enterprise=ent, year=2025, values={"revenue": Decimal("70000")}, source="tax"
    )
    with pytest.raises(ValidationError):
        imports.import_rollback(actor=world["district_admin"], batch=batch)
    assert Enterprise.objects.filter(uscc=code(1)).exists()


def test_dropped_columns_are_reported_and_not_stored(world, ents):
    header = HEADER + ["家庭住址", "身份证照片链接"]
    rows = [r + ("浙江省杭州市某路1号", "http://example.invalid/id.jpg") for r in good_rows(2)]
    batch = run(world, xlsx(rows, header=header))
    assert batch.dropped_columns == ["家庭住址", "身份证照片链接"]
    assert "某路" not in str(ImportBatch.objects.filter(pk=batch.pk).values().get())


def test_report_is_an_excel_without_formulas(world, ents):
    batch = run(
        world,
        csv_bytes(good_rows(2) + [('=HYPERLINK("http://x","y")', "x", "T-A1", 2025, "1", "1", 1)]),
        name="a.csv",
    )
    wb = openpyxl.load_workbook(io.BytesIO(imports.report_xlsx(batch)))
    cells = [c for row in wb.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(isinstance(c.value, str) and c.value.startswith("'=HYPERLINK") for c in cells)


# --- hostile files (C-09) -------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_part(name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx(good_rows(1))))
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts[name] = data
    return _zip(parts)


ENTITY_SHEET = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
)


@pytest.mark.parametrize(
    "name,data",
    [
        ("bomb.xlsx", lambda: _with_part("xl/worksheets/sheet1.xml", ENTITY_SHEET)),
        ("zipbomb.xlsx", lambda: _with_part("xl/media/big.bin", b"0" * (30 * 1024 * 1024))),
        (
            "many.xlsx",
            lambda: _zip({f"x/{i}.xml": b"<a/>" for i in range(400)} | {"[Content_Types].xml": b"<Types/>"}),
        ),
        ("macro.xlsm", lambda: xlsx(good_rows(1))),
        ("vba.xlsx", lambda: _with_part("xl/vbaProject.bin", b"\x00" * 100)),
        ("csv.xlsx", lambda: csv_bytes(good_rows(1))),
        ("page.csv", lambda: b"<!DOCTYPE html><html><body>hi</body></html>"),
        ("old.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("links.xlsx", lambda: _with_part("xl/externalLinks/externalLink1.xml", b"<externalLink/>")),
        ("notes.txt", lambda: b"hello"),
        ("empty.csv", lambda: b""),
    ],
)
def test_hostile_files_are_refused_with_a_message_and_no_writes(world, ents, name, data):
    admin = world["district_admin"]
    batches = ImportBatch.objects.count()
    with pytest.raises(ValidationError) as exc:
        batch = imports.import_upload(actor=admin, file_name=name, data=data(), default_source="tax")
        imports.import_validate(actor=admin, batch=batch)
        raise AssertionError("accepted")
    assert exc.value.messages[0]
    assert ImportBatch.objects.count() == batches


def test_row_column_and_cell_limits(settings):
    settings.ENTERPRISE_IMPORT_MAX_ROWS = 3
    with pytest.raises(HostileFileError):
        list(read_sheet(xlsx(good_rows(3)), "a.xlsx").rows)
    settings.ENTERPRISE_IMPORT_MAX_ROWS = 1000
    settings.ENTERPRISE_IMPORT_MAX_CELL_CHARS = 10
    with pytest.raises(HostileFileError):
        list(read_sheet(xlsx([(code(1), "名" * 11, "T-A1", 2025, "1", "1", 1)]), "a.xlsx").rows)
    settings.ENTERPRISE_IMPORT_MAX_COLUMNS = 3
    with pytest.raises(HostileFileError):
        read_sheet(xlsx([]), "a.xlsx")


def test_openpyxl_uses_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_big_file_runs_as_a_job_with_progress(world, ents, settings):

    settings.ENTERPRISE_IMPORT_SYNC_ROWS = 10
    admin = world["district_admin"]
    batch = imports.import_upload(
        actor=admin, file_name="big.xlsx", data=xlsx(good_rows(20)), default_source="tax"
    )
    job = imports.start(actor=admin, batch=batch, step="validate")
    assert job is not None and job.status == "queued" and job.function.endswith("imports.import_step")
    job = run_job(job.pk)  # what the task worker does
    assert job.status == "succeeded" and job.progress == 40
    assert job.result["url"] == batch.get_absolute_url()
    batch.refresh_from_db()
    job = imports.start(actor=admin, batch=batch, step="commit")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING and batch.job_id == job.pk
    job = run_job(job.pk)
    batch.refresh_from_db()
    assert job.status == "succeeded" and batch.status == ImportStatus.COMMITTED
    # the commit's audit rows carry the job id (the runner's actor context)
    rows = ChangeRecord.objects.filter(job_id=str(job.pk))
    assert rows.exists() and {r.source for r in rows} == {"job"}


def test_import_pages_flow(client, world, ents, settings):
    client.force_login(world["district_admin"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/enterprises/imports/upload/",
        {"file": SimpleUploadedFile("名录.xlsx", xlsx(good_rows(2))), "default_source": "tax"},
    )
    assert r.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    assert client.post(f"/enterprises/imports/{batch.pk}/validate/").status_code == 302
    page = client.get(f"/enterprises/imports/{batch.pk}/")
    assert page.status_code == 200 and "preview-table" in page.content.decode()
    client.post(f"/enterprises/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    r = client.post(
        "/enterprises/imports/upload/",
        {"file": SimpleUploadedFile("x.xlsx", b"not a zip"), "default_source": "tax"},
    )
    assert r.status_code == 400


def test_bulk_write_path_keeps_every_guarantee(world, ents, monkeypatch):
    """The COPY path (PostgreSQL; bulk_create elsewhere) forced on for a small file: new rows, idempotent
    re-import, revisions for changed values, profile updates, rollback."""
    from chrysalis.enterprises.imports import bulk

    monkeypatch.setattr(bulk, "COPY_MIN", 1)
    first = run(world, csv_bytes(good_rows(6)), name="a.csv")
    assert first.status == ImportStatus.COMMITTED, first.errors
    ent = Enterprise.objects.get(uscc=code(3))
    assert ent.import_batch == first and ent.latest_revenue == Decimal("1103") and ent.created_at is not None
    y = YearFigures.objects.get(enterprise=ent, year=2024)
    assert (
        y.import_batch == first
        and y.version == 1
        and y.field_sources == {}
        and y.rd_expense == Decimal("50.5")
    )
    again = run(world, csv_bytes(good_rows(6)), name="a.csv")
    assert (
        again.stats["enterprises_new"],
        again.stats["enterprises_changed"],
        again.stats["enterprises_unchanged"],
    ) == (0, 0, 6)
    rows = [
        (u, n + "（新）" if u == code(1) else n, g, y, r, e, s)
        for (u, n, g, y, r, e, s) in good_rows(6, revenue="2000")
    ]
    changed = run(world, csv_bytes(rows), name="b.csv")
    assert changed.stats["values_changed"] == 12 and changed.stats["profile_values_changed"] == 1
    assert FigureRevision.objects.filter(batch=changed).count() == 13
    assert Enterprise.objects.get(uscc=code(1)).name.endswith("（新）")
    assert YearFigures.objects.get(enterprise=ent, year=2025).version == 2
    imports.import_rollback(actor=world["district_admin"], batch=changed)
    assert YearFigures.objects.get(enterprise=ent, year=2025).revenue == Decimal("1103")
    assert Enterprise.objects.get(uscc=code(3)).latest_revenue == Decimal("1103")
    assert not Enterprise.objects.get(uscc=code(1)).name.endswith("（新）")


def test_rollback_sees_changes_by_its_content_not_by_timestamps(world, ents):
    """An edit made while the import ran (its revision time is before the batch's commit time, as a
    transaction running alongside or a clock step gives) still blocks the rollback: the check compares
    the current values with what the batch wrote."""
    import datetime as dt

    run(world, xlsx(good_rows(2, revenue="1000")))
    second = run(world, xlsx(good_rows(2, revenue="3000")))
    ent = Enterprise.objects.get(uscc=code(1))
    YearFigures.objects.filter(enterprise=ent, year=2025).update(revenue=Decimal("777"))
    rev = FigureRevision.objects.create(
        enterprise=ent,
        year=2025,
        field="revenue",
        old_value="3101",
        new_value="777",
        source="tax",
        actor_repr="x",
    )
    FigureRevision.objects.filter(pk=rev.pk).update(changed_at=second.committed_at - dt.timedelta(seconds=5))
    with pytest.raises(ValidationError):
        imports.import_rollback(actor=world["district_admin"], batch=second)
    assert YearFigures.objects.get(enterprise=ent, year=2025).revenue == Decimal("777")
    # put back what the batch wrote: nothing else stands in the way
    YearFigures.objects.filter(enterprise=ent, year=2025).update(revenue=Decimal("3101"))
    imports.import_rollback(actor=world["district_admin"], batch=second)
    assert YearFigures.objects.get(enterprise=ent, year=2025).revenue == Decimal("1101")


def test_chunks_written_while_the_next_is_parsed_keep_all_or_nothing(world, ents, monkeypatch):
    """A commit writes chunk k while it parses chunk k+1 (in a worker thread on the same connection on
    PostgreSQL; in turn elsewhere): a write failing in a later chunk fails the commit and leaves nothing;
    a clean run writes every chunk, firms spanning two chunks included, and reports its progress."""
    from django.db import OperationalError

    from chrysalis.enterprises.imports import bulk, engine

    monkeypatch.setattr(engine, "CHUNK", 7)  # odd: a firm's two yearly rows straddle chunk boundaries
    monkeypatch.setattr(bulk, "COPY_MIN", 1)
    admin = world["district_admin"]

    def validated(rows):
        batch = imports.import_upload(
            actor=admin, file_name="a.csv", data=csv_bytes(rows), default_source="tax"
        )
        return imports.import_validate(actor=admin, batch=batch)

    original = bulk.insert_objects
    calls = {"n": 0}

    def failing(model, objs, *args, **kwargs):
        if model is Enterprise:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OperationalError("connection lost")
        return original(model, objs, *args, **kwargs)

    monkeypatch.setattr(bulk, "insert_objects", failing)
    with pytest.raises(OperationalError):
        imports.import_commit(actor=admin, batch=validated(good_rows(30)))
    assert calls["n"] == 3
    assert not Enterprise.objects.filter(uscc__in=[code(i) for i in range(30)]).exists()
    assert not YearFigures.objects.filter(enterprise__uscc__in=[code(i) for i in range(30)]).exists()

    monkeypatch.setattr(bulk, "insert_objects", original)
    seen: list[int] = []
    batch = imports.import_commit(actor=admin, batch=validated(good_rows(30)), progress=seen.append)
    assert batch.status == ImportStatus.COMMITTED, batch.errors
    assert seen == sorted(seen) and seen[-1] == 60 and len(seen) >= 9
    assert batch.stats["enterprises_new"] == 30 and batch.stats["figures_new"] == 60
    assert YearFigures.objects.filter(enterprise__uscc__in=[code(i) for i in range(30)]).count() == 60
    ent = Enterprise.objects.get(uscc=code(5))
    assert ent.latest_year == 2025 and ent.latest_revenue == Decimal("1105") and ent.import_batch == batch


def test_repeated_details_and_figure_fast_path_report_every_bad_cell(world, ents):
    """A firm's rows repeat its details (parsed once) and plain figures take a one-pass read: a detail
    that differs is still reported on every row that gives it, and a row with two bad figures reports
    both, in column order, as the cell-by-cell parse does."""
    rows = good_rows(2) + [
        (code(1), "杭州测试1号科技有限公司", "A2网格", 2023, "5", "1", 3),
        (code(1), "杭州测试1号科技有限公司", "A2网格", 2022, "5", "1", 3),
        (code(5), "杭州测试5号科技有限公司", "T-A1", 2025, "一千", "1", "x"),
    ]
    batch = run(world, csv_bytes(rows), name="名录.csv")
    assert batch.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (6, HEADER[2]),
        (7, HEADER[2]),
        (8, HEADER[4]),
        (8, HEADER[6]),
    ]
