"""Home-page cards: the providers (callables user -> list of cards) are listed, in order, in
settings.CHRYSALIS_HOME_CARD_PROVIDERS."""

from __future__ import annotations

from chrysalis.core.extensions import HOME_CARD_PROVIDERS, callables


def home_cards(user) -> list[dict]:
    cards: list[dict] = []
    for provider in callables(HOME_CARD_PROVIDERS):
        cards.extend(provider(user))
    return cards
