"""DRF authentication and permission for personal API tokens (settings REST_FRAMEWORK).

Kept apart from `accounts.tokens` (its models are loaded with the accounts app; DRF loads these
classes later, when the URLconf imports the views).

    Authorization: Bearer chr_1a2b3c4d_…
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from chrysalis.accounts.tokens import ApiToken, authenticate_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        found = authenticate_token(header[1].decode(errors="replace"))
        if found is None:
            raise exceptions.AuthenticationFailed(
                _("The API token is unknown, expired or revoked, or its account may not use tokens now.")
            )
        return found

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlyTokenPermission(permissions.BasePermission):
    """A read-only token may only read."""

    message = _("This API token is read-only.")

    def has_permission(self, request, view):
        token = request.auth
        return not (
            isinstance(token, ApiToken) and token.read_only and request.method not in permissions.SAFE_METHODS
        )


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme for personal API tokens (HTTP bearer)."""

    target_class = "chrysalis.accounts.token_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (chr_…) from the account page: Bearer <token>.",
        }
