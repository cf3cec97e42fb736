import pytest

from chrysalis.enterprises.models import Contact, Enterprise, YearFigures


def names(user, model=Enterprise, action="view"):
    qs = model.objects.restrict(user, action)
    if model is Enterprise:
        return sorted(qs.values_list("uscc", flat=True))
    return sorted(qs.order_by().values_list("enterprise__uscc", flat=True).distinct())


@pytest.mark.parametrize(
    "persona,view,change,export",
    [
        (
            "district_admin",
            {"ent_a1", "ent_a2", "ent_b1"},
            {"ent_a1", "ent_a2", "ent_b1"},
            {"ent_a1", "ent_a2", "ent_b1"},
        ),
        ("zone_a_officer", {"ent_a1", "ent_a2"}, {"ent_a1", "ent_a2"}, set()),
        ("grid_a1_worker", {"ent_a1"}, set(), set()),
        ("zone_b_officer", {"ent_b1"}, {"ent_b1"}, set()),
        ("auditor", set(), set(), set()),
        ("enterprise_user", {"ent_a1"}, {"ent_a1"}, set()),
        ("finance_handler", set(), set(), set()),
        ("system_admin", set(), set(), set()),
    ],
)
def test_enterprise_scope(world, ents, persona, view, change, export):
    user = world[persona]
    code = {e.uscc: k for k, e in ents.items()}
    assert {code[c] for c in names(user)} == view
    assert {code[c] for c in names(user, action="change")} == change
    assert {code[c] for c in names(user, action="export")} == export
    assert {code[c] for c in names(user, YearFigures)} == view


def test_child_records_follow_the_enterprise(world, ents):
    officer = world["zone_a_officer"]
    assert {code for code in names(officer, Contact, "change")} == {ents["ent_a1"].uscc, ents["ent_a2"].uscc}
    assert names(officer, YearFigures, "change") == []  # officers change profiles and contacts, not figures
    assert names(world["enterprise_user"], YearFigures, "change") == [ents["ent_a1"].uscc]
    assert names(officer, Contact, "unmask") == []
    assert len(names(world["district_admin"], Contact, "unmask")) == 3
