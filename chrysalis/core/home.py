"""Registry of home-page cards. Each module registers a callable user -> list of cards."""

from __future__ import annotations

from collections.abc import Callable

HOME_CARD_PROVIDERS: list[Callable] = []


def home_cards(user) -> list[dict]:
    cards: list[dict] = []
    for provider in HOME_CARD_PROVIDERS:
        cards.extend(provider(user))
    return cards
