"""Import pages: list, upload, mapping + preview + report, dry run, commit, rollback, report download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.accounts.scopes import get_scope
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.views import ObjectListView
from chrysalis.enterprises import filtersets, tables
from chrysalis.enterprises.choices import FIGURE_FIELDS, FIGURES_BY_NAME, ImportStatus
from chrysalis.enterprises.forms import ImportUploadForm
from chrysalis.enterprises.imports.mapping import target_choices
from chrysalis.enterprises.imports.reader import MAX_BYTES, limit
from chrysalis.enterprises.models import ImportBatch
from chrysalis.enterprises.services import imports as services


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _can_import(user) -> bool:
    """District or zone administrators import (the reach of `services.import_unit`), asked of the
    scope without a query: the menu asks on every page."""
    return bool(get_scope(user).paths("district_admin"))


class ImportListView(PageRuleMixin, ObjectListView):
    model = ImportBatch
    filterset_class = filtersets.ImportBatchFilterSet
    table_class = tables.ImportBatchTable
    title = gettext_lazy("Imports")
    add_url_name = "enterprises:import_upload"
    export_name = "imports"
    page_rule = staticmethod(_can_import)
    page_refusal = Http404

    def optimise(self, qs):
        return qs.select_related("created_by")


class ImportUploadView(PageRuleMixin, LoginRequiredMixin, View):
    template_name = "enterprises/import_upload.html"
    page_rule = staticmethod(_can_import)
    page_refusal = Http404

    def get(self, request):
        return render(
            request,
            self.template_name,
            {
                "form": ImportUploadForm(user=request.user),
                "title": _("Import enterprises"),
                "figure_fields": FIGURE_FIELDS,
            },
        )

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > limit(MAX_BYTES, 50 * 1024 * 1024):
                form.add_error(
                    "file",
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": limit(MAX_BYTES, 50 * 1024 * 1024) // (1024 * 1024)},
                )
            else:
                try:
                    batch = services.import_upload(
                        actor=request.user,
                        file_name=upload.name,
                        data=upload.read(),
                        default_source=form.cleaned_data["default_source"],
                        as_of=form.cleaned_data.get("as_of"),
                    )
                    return redirect(batch)
                except ValidationError as exc:
                    form.add_error("file", _errors(exc))
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
        return render(
            request,
            self.template_name,
            {"form": form, "title": _("Import enterprises"), "figure_fields": FIGURE_FIELDS},
            status=400,
        )


class BatchMixin(LoginRequiredMixin):
    def get_batch(self, pk):
        return get_object_or_404(
            ImportBatch.objects.restrict(self.request.user, "view").select_related("created_by", "job"), pk=pk
        )


class ImportDetailView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.get_batch(pk)
        choices = target_choices(batch.headers)
        columns = [
            {"index": str(i), "header": h, "target": batch.mapping.get(str(i), "")}
            for i, h in enumerate(batch.headers)
        ]
        preview = [
            {
                **p,
                "figures": {
                    y: {FIGURES_BY_NAME[k].headers[0] if k in FIGURES_BY_NAME else k: v for k, v in f.items()}
                    for y, f in p.get("figures", {}).items()
                },
            }
            for p in (batch.stats or {}).get("preview", [])
        ]
        return render(
            request,
            "enterprises/import_detail.html",
            {
                "batch": batch,
                "title": _("Import %(file)s") % {"file": batch.file_name},
                "columns": columns,
                "choices": choices,
                "preview": preview,
                "layout": services.batch_layout(batch),
                "warnings": (batch.stats or {}).get("warning_list", []),
                "skipped_rows": (batch.stats or {}).get("skipped_rows", []),
                "errors": batch.errors[:500],
                "error_total": len(batch.errors),
                "stats": batch.stats or {},
                "editable": batch.status
                in {ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.INVALID},
                "can_commit": batch.status == ImportStatus.VALIDATED,
                "can_rollback": batch.status == ImportStatus.COMMITTED,
                "job": batch.job if batch.job and not batch.job.is_finished else None,
            },
        )


class ImportMappingView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.get_batch(pk)
        mapping = {str(i): request.POST.get(f"col_{i}", "") for i in range(len(batch.headers))}
        version = request.POST.get("version")
        try:
            services.import_set_mapping(
                actor=request.user,
                batch=batch,
                mapping=mapping,
                expected_version=int(version) if version and version.isdigit() else None,
            )
            messages.success(request, _("The column mapping was saved. Check the file next."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect(batch)


class ImportValidateView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.get_batch(pk)
        try:
            job = services.start(actor=request.user, batch=batch, step="validate")
            if job is not None:
                messages.info(request, _("The file is being checked in the background."))
            else:
                batch.refresh_from_db()
                if batch.status == ImportStatus.VALIDATED:
                    messages.success(request, _("No errors found. Review the preview, then commit."))
                else:
                    messages.error(
                        request,
                        _("%(n)d problem(s) found; nothing was imported. Fix the file and upload it again.")
                        % {"n": batch.stats.get("errors", len(batch.errors))},
                    )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect(batch)


class ImportLayoutView(BatchMixin, View):
    """The user's correction of the detected sheet, header row and year."""

    def post(self, request, pk):
        batch = self.get_batch(pk)
        header_row = request.POST.get("header_row", "").strip()
        year = request.POST.get("year", "").strip()
        if (header_row and not header_row.isdigit()) or (year and not year.isdigit()):
            messages.error(request, _("The header row and the year are whole numbers."))
            return redirect(batch)
        try:
            services.import_set_layout(
                actor=request.user,
                batch=batch,
                sheet_name=request.POST.get("sheet") or None,
                header_row=int(header_row) if header_row else None,
                year=int(year) if year else None,
            )
            messages.success(
                request, _("The layout was saved and the columns read again. Check the file next.")
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect(batch)


class ImportCommitView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.get_batch(pk)
        try:
            if (batch.stats or {}).get("warnings") and request.POST.get("confirm_warnings") == "1":
                batch = services.import_confirm_warnings(actor=request.user, batch=batch)
            job = services.start(actor=request.user, batch=batch, step="commit")
            if job is not None:
                messages.info(request, _("The import is running in the background."))
            else:
                batch.refresh_from_db()
                if batch.status == ImportStatus.COMMITTED:
                    s = batch.stats
                    messages.success(
                        request,
                        _("Imported: %(new)d new, %(changed)d changed, %(same)d unchanged enterprises.")
                        % {
                            "new": s.get("enterprises_new", 0),
                            "changed": s.get("enterprises_changed", 0),
                            "same": s.get("enterprises_unchanged", 0),
                        },
                    )
                else:
                    messages.error(request, _("Nothing was imported: the file has errors."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect(batch)


class ImportRollbackView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.get_batch(pk)
        try:
            services.import_rollback(
                actor=request.user, batch=batch, reason=request.POST.get("reason", "")[:500]
            )
            messages.success(request, _("The import was rolled back."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        return redirect(batch)


class ImportReportView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.get_batch(pk)
        response = attachment(services.report_xlsx(batch), fmt="xlsx", filename=f"import-{batch.pk}-report")
        return response


class ImportTemplateView(LoginRequiredMixin, View):
    """An empty workbook with the recognised Chinese headers (one row per enterprise and year)."""

    def get(self, request):
        if not _can_import(request.user):
            raise Http404
        header = [
            "统一社会信用代码",
            "企业名称",
            "所属网格",
            "行业代码",
            "注册地址",
            "法定代表人",
            "成立日期",
            "是否规上",
            "年度",
        ] + [f.headers[0] for f in FIGURE_FIELDS]
        response = attachment(
            rows_to_xlsx("企业名录", header, []), fmt="xlsx", filename="enterprise-import-template"
        )
        return response
