"""Permission matrix of the core pages: the recycle bin (see chrysalis.core.testing.matrix)."""

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


def _deleted_award(world) -> dict:
    """A soft-deleted award of ent_a1 (made once per world)."""
    from chrysalis.core.services import soft_delete
    from chrysalis.enterprises.models import Award

    if "deleted_award" not in world.extra:
        award = Award.objects.create(enterprise=world.extra["ent_a1"], kind="sci_tech", name="已删除的奖项")
        soft_delete(actor=None, obj=award, reason="矩阵测试")
        world.extra["deleted_award"] = award.pk
    return {"label": "enterprises.award", "pk": world.extra["deleted_award"]}


ENTRIES = [
    Entry("core:recycle_bin", row(200, 403, 403, 403, 403, 403, "login"), note="administrators only"),
    Entry(
        "core:recycle_restore",
        row(302, 403, 403, 403, 403, 403, "login"),
        kwargs=_deleted_award,
        method="post",
        data=lambda w: {"reason": "误删"},
        note="restored with a reason",
    ),
    Entry(
        "core:recycle_restore",
        row(404, 403, 403, 403, 403, 403, "login"),
        kwargs=lambda w: {"label": "accounts.user", "pk": w["district_admin"].pk},
        method="post",
        data=lambda w: {"reason": "误删"},
        note="a model without soft delete",
    ),
]
