"""Language selection: Simplified Chinese unless the user chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header; a government intranet's
browsers are often set to English, and the product must open in Chinese. So only an explicit
choice (the language cookie set by the switcher) overrides LANGUAGE_CODE.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
