"""In-app notifications to a firm's users, through enterprise service's notification model."""

from __future__ import annotations

from django.utils import timezone

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import RoleAssignment
from chrysalis.support.choices import NotificationKind
from chrysalis.support.models import Notification


def firm_users(enterprise_ids) -> dict[int, list[int]]:

    result: dict[int, list[int]] = {}
    rows = RoleAssignment.objects.filter(
        role=Role.ENTERPRISE_USER, enterprise_id__in=list(enterprise_ids), user__is_active=True
    ).values_list("enterprise_id", "user_id")
    for ent_id, user_id in rows:
        result.setdefault(ent_id, []).append(user_id)
    return result


def notify_firm_users(*, enterprise_id: int, key: str, title: str, body: str, url: str) -> int:
    """One notification per person and key (a re-run never sends it twice). Returns how many were told."""
    return notify_many([(enterprise_id, key, title, body, url)])


def notify_many(rows) -> int:

    rows = list(rows)
    users = firm_users({r[0] for r in rows})
    notes = []
    for enterprise_id, key, title, body, url in rows:
        for user_id in users.get(enterprise_id, []):
            notes.append(
                Notification(
                    user_id=user_id,
                    key=key[:120],
                    kind=NotificationKind.INFO,
                    title=str(title)[:200],
                    body=str(body),
                    url=url,
                    updated_at=timezone.now(),
                )
            )
    Notification.objects.bulk_create(notes, ignore_conflicts=True)
    return len(notes)
