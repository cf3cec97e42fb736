"""The enterprise page (企业一户一档) gathers what every module knows about one firm.

Modules above the registry (service, cultivation, screening…) provide a panel; the registry never
imports them: the providers are listed, in order, in settings.CHRYSALIS_ENTERPRISE_PANELS. A provider
is `(enterprise, user) -> dict | None`; the dict carries `template` (rendered with `panel` in the
context), `order`, optional `actions` (buttons: label, url, id) and whatever the template needs.
Providers read through `restrict(user, "view")`, so a panel shows only what the user may see.
"""

from __future__ import annotations

from chrysalis.core.extensions import callables

ENTERPRISE_PANELS = "CHRYSALIS_ENTERPRISE_PANELS"


def panels_for(enterprise, user) -> list[dict]:
    panels = [p for p in (provider(enterprise, user) for provider in callables(ENTERPRISE_PANELS)) if p]
    return sorted(panels, key=lambda p: p.get("order", 50))


def actions_for(panels: list[dict]) -> list[dict]:
    """The buttons the panels offer (登记走访, 登记诉求, 梯度评价…), in panel order."""
    return [action for panel in panels for action in panel.get("actions", ())]
