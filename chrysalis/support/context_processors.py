from chrysalis.support.models import Notification


def notifications(request):
    """Unread notification count for the navbar badge (one indexed COUNT per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"support_unread": Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()}
