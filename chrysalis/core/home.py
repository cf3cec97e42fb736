"""Home-page cards: the providers (callables user -> list of cards) are listed, in order, in
settings.CHRYSALIS_HOME_CARD_PROVIDERS."""

from __future__ import annotations

from chrysalis.core.access import may_open_path
from chrysalis.core.extensions import HOME_CARD_PROVIDERS, callables


def home_cards(user) -> list[dict]:
    """Every provider's cards, minus any whose link the user may not open (same rule as the page)."""
    cards: list[dict] = []
    for provider in callables(HOME_CARD_PROVIDERS):
        for card in provider(user):
            if card.get("url") and not may_open_path(user, card["url"]):
                continue
            if card.get("links"):
                card = {**card, "links": [k for k in card["links"] if may_open_path(user, k["url"])]}
            cards.append(card)
    return cards
