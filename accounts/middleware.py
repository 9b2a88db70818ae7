from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .languages import session_language


class PreferredLanguageMiddleware:
    """The language of a request whose URL does not say one (see languages.py).

    After LocaleMiddleware and AuthenticationMiddleware. With English pages unprefixed
    (`prefix_default_language=False`), LocaleMiddleware takes an address without a
    prefix for English. Here, a page that has an address in each language is redirected
    to the one in the visitor's language (their preferred one when signed in, else the
    switcher's cookie, else Accept-Language) when that is not English; anything else
    (the admin, the API, the switcher's target) is answered in that language: the API in
    the language of Accept-Language (or the cookie), ignoring the profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if translation.get_language_from_path(path):
            return self.get_response(request)
        api = path.startswith("/api/")
        wanted = (not api and session_language(request)) or translation.get_language_from_request(
            request
        )
        full_path = request.get_full_path()
        in_each_language = translate_url(full_path, _another_language()) != full_path
        if in_each_language:
            if request.method in ("GET", "HEAD") and wanted != settings.LANGUAGE_CODE:
                response = HttpResponseRedirect(translate_url(full_path, wanted))
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
            return self.get_response(request)
        translation.activate(wanted)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def _another_language() -> str:
    return next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
