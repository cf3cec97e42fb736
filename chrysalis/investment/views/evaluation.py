"""Quarterly evaluation pages: quarters, the league table with the working behind each number,
indicator set, leader scores, closing, and the Excel export."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.models import OrgUnit, TeamMembership, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.views import ObjectFormView, ObjectListView
from chrysalis.investment import evaluation, forms, tables
from chrysalis.investment.choices import Metric, Subject
from chrysalis.investment.evaluation import indicator_lines, sees_all_cadres, visible_results, working
from chrysalis.investment.models import LateChange, Quarter
from chrysalis.investment.services import cadres as cadre_services
from chrysalis.investment.services import evaluation as services


class QuarterListView(ObjectListView):
    model = Quarter
    table_class = tables.QuarterTable
    title = gettext_lazy("Quarterly evaluation")
    add_url_name = "investment:quarter_add"
    export_name = "evaluation-quarters"

    def get_filterset_class(self):

        class F(django_filters.FilterSet):
            class Meta:
                model = Quarter
                fields = ["year", "status"]

        return F

    def optimise(self, qs):
        return qs.select_related("org_unit", "closed_by").order_by(*Quarter._meta.ordering)

    def can_create(self):
        return get_scope(self.request.user).has(Role.DISTRICT_ADMIN)


def admin_districts(user):
    paths = get_scope(user).paths(Role.DISTRICT_ADMIN)
    units = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)
    return [u for u in units if any(u.path.startswith(p) for p in paths)]


class QuarterCreateView(ObjectFormView):
    form_class = forms.QuarterForm
    title = gettext_lazy("Open a quarter for evaluation")
    success_message = gettext_lazy("%(object)s was opened with the default indicator set.")

    def can_create(self):
        return bool(admin_districts(self.request.user))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def cancel_url(self):
        return reverse("investment:quarter_list")

    def save(self, form, instance):
        return services.quarter_open(
            actor=self.request.user,
            district=admin_districts(self.request.user)[0],
            year=form.cleaned_data["year"],
            number=form.cleaned_data["number"],
        )


class QuarterDetailView(LoginRequiredMixin, TemplateView):
    template_name = "investment/quarter_detail.html"

    def get_quarter(self):
        return get_object_or_404(
            Quarter.objects.restrict(self.request.user, "view").select_related("org_unit", "closed_by"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q = self.quarter = self.get_quarter()
        user = self.request.user
        results = visible_results(user, q)
        lines = indicator_lines(q)
        for subject in (Subject.TEAM, Subject.CADRE):
            for r in results[subject]:
                r.working = working(r, lines)
        ctx.update(
            title=str(q),
            quarter=q,
            teams=results[Subject.TEAM],
            cadres=results[Subject.CADRE],
            all_cadres=sees_all_cadres(user, q),
            indicators=[
                {"subject": Subject(s).label, "label": Metric(m).label, "weight": w, "cap": c}
                for s, m, w, c in lines
            ],
            is_admin=Quarter.objects.restrict(user, "manage").filter(pk=q.pk).exists(),
            late_changes=LateChange.objects.filter(quarter=q).select_related("actor", "project")[:50],
            indicator_form=forms.IndicatorForm(user=user),
            score_form=forms.LeaderScoreForm(user=user, choices=self.score_choices(q)),
            export_form=forms.ExportReasonForm(user=user),
        )
        return ctx

    def score_choices(self, q):
        """What the user may score: teams they mentor (or all, as district admin); cadres of the teams they
        mentor (or all, as organisation department)."""
        user = self.request.user
        out = []
        for team in evaluation.quarter_teams(q).select_related("task_force"):
            if services.may_score(user, q, Subject.TEAM, team):
                out.append((f"team:{team.pk}", f"{_('Task force')} · {team.name}"))
        members = (
            TeamMembership.objects.filter(team__in=evaluation.quarter_teams(q))
            .select_related("user", "team")
            .order_by("team__name", "user__display_name")
        )
        for m in members:
            if services.may_score(user, q, Subject.CADRE, m.user):
                out.append((f"cadre:{m.user_id}", f"{_('Cadre')} · {m.team.name} · {m.user}"))
        return out


class QuarterActionView(LoginRequiredMixin, View):
    """POST-only actions on a quarter: set an indicator, give a leader's score, close."""

    def post(self, request, pk, action):
        q = get_object_or_404(Quarter.objects.restrict(request.user, "view"), pk=pk)
        try:
            if action == "indicator":
                form = forms.IndicatorForm(request.POST, user=request.user)
                if not form.is_valid():
                    raise ValidationError(
                        _("Choose the indicator and give its points per unit and highest points.")
                    )
                services.indicator_set(actor=request.user, quarter=q, **form.cleaned_data)
                messages.success(request, _("The indicator was saved."))
            elif action == "score":
                target = request.POST.get("target", "")
                kind, _sep, key = target.partition(":")
                if kind not in Subject.values or not key.isdigit():
                    raise ValidationError(_("Choose the task force or cadre to score."))
                obj = self._target(q, kind, int(key))
                services.leader_score_set(
                    actor=request.user,
                    quarter=q,
                    subject=kind,
                    target=obj,
                    score=request.POST.get("score", ""),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("The leader's score was saved."))
            elif action == "close":
                services.quarter_close(actor=request.user, quarter=q)
                messages.success(request, _("The quarter was closed; its figures are frozen."))
            else:
                raise PermissionDenied
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("This is outside your scope."))
        return redirect(q.get_absolute_url())

    def _target(self, q, kind, key):

        if kind == Subject.TEAM:
            return get_object_or_404(evaluation.quarter_teams(q), pk=key)
        return get_object_or_404(User, pk=key, team_memberships__team__in=evaluation.quarter_teams(q))


class QuarterExportView(LoginRequiredMixin, View):
    """Excel: the league table and the working (value × points per unit, capped) per indicator.
    Team figures: GET, audited. Cadre figures are personnel data: POST with a reason, audited with it."""

    def get(self, request, pk):
        return self.export(request, pk, with_cadres=False)

    def post(self, request, pk):
        return self.export(request, pk, with_cadres=True)

    def export(self, request, pk, *, with_cadres):
        q = get_object_or_404(Quarter.objects.restrict(request.user, "export"), pk=pk)
        results = visible_results(request.user, q)
        lines = indicator_lines(q)
        subjects = [Subject.TEAM]
        if with_cadres:
            if not sees_all_cadres(request.user, q):
                raise PermissionDenied
            try:
                cadre_services.personnel_export_audit(
                    actor=request.user,
                    what=" ".join((str(q), _("evaluation of cadres"))),
                    count=len(results[Subject.CADRE]),
                    reason=request.POST.get("reason", ""),
                    query=f"quarter={q.pk}",
                )
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
                return redirect(q.get_absolute_url())
            subjects.append(Subject.CADRE)
        else:
            record_change(actor=request.user, action="export", obj=q, object_repr=f"{q}: {_('league table')}")
        sheets = []
        for subject in subjects:
            metric_list = [m for s, m, _w, _c in lines if s == subject]
            header = [_("rank"), _("name"), _("task force")]
            header += [str(Metric(m).label) for m in metric_list]
            header += [_("leader's score"), _("reason"), _("total score")]
            rows = [
                [r.rank, r.name, r.team_name]
                + [r.points.get(m) for m in metric_list]
                + [r.qualitative, r.qualitative_reason, r.total]
                for r in results[subject]
            ]
            work_header = [
                _("name"),
                _("indicator"),
                _("value"),
                _("points per unit"),
                _("highest points"),
                _("points"),
            ]
            work = [
                [r.name, str(w["label"]), w["value"], w["weight"], w["cap"], w["points"]]
                for r in results[subject]
                for w in working(r, lines)
            ]
            label = str(Subject(subject).label)
            sheets += [(label, header, rows), (" ".join((label, _("working"))), work_header, work)]
        inputs = [(str(Subject(s).label), str(Metric(m).label), w, c) for s, m, w, c in lines]
        first, *rest = sheets
        content = rows_to_xlsx(
            first[0],
            first[1],
            first[2],
            sheets=[
                *rest,
                (
                    _("indicators"),
                    [_("evaluated"), _("indicator"), _("points per unit"), _("highest points")],
                    inputs,
                ),
            ],
        )
        response = attachment(content, fmt="xlsx", filename=f"evaluation-{q.year}-q{q.number}")
        return response
