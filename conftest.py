import pytest


@pytest.fixture
def world(db):
    from chrysalis.core.testing.personas import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
