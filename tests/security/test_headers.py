"""Security headers (issue 12, defect 6), and production's defaults.

Every response carries a Content-Security-Policy without 'unsafe-inline', nosniff, a
Referrer-Policy, frame denial and COOP; over HTTPS also HSTS. The project's templates
hold no inline script or style, and /api/docs/ loads nothing from another site.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

ROUTES = [
    "/",
    "/pledges/",
    "/objectives/",
    "/countries/",
    "/reviews/",
    "/dashboard/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/admin/login/",
    "/api/v1/",
    "/api/v1/pledges/",
    "/api/v1/pledges/?format=csv",
    "/api/schema/",
    "/api/docs/",
    "/api/docs/?script=",
    "/healthz",
    "/no-such-page/",
]


def _csp_directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ROUTES)
def test_every_response_carries_the_security_headers(path):
    response = Client().get(path, secure=True)

    assert response.status_code < 500
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    directives = _csp_directives(csp)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_api_docs_load_nothing_from_another_site():
    html = Client().get("/api/docs/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert any("swagger-ui-bundle.js" in s for s in sources)
    # No inline script or style: the policy would block it.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html


def _templates() -> list[Path]:
    return [
        p
        for p in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    ]


def test_project_templates_hold_no_inline_style_or_script():
    offenders = []
    for template in _templates():
        text = template.read_text()
        if re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(f"{template.relative_to(ROOT)}: inline style")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", text):
            offenders.append(f"{template.relative_to(ROOT)}: inline script")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template.relative_to(ROOT)}: event handler attribute")

    assert _templates()
    assert offenders == []


# --- Production's defaults, in a fresh interpreter (settings are read once) -----------

SHOW = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "otp_admin": settings.OTP_ADMIN_REQUIRED,
    "cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
}))
"""


def _production_env(tmp_path, **variables) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "API_THROTTLE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gcm_tracker.settings",
        DJANGO_ENV_FILE=str(tmp_path / "no.env"),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="gcm-tracker.example.org",
        PYTHONPATH=str(ROOT),
    )
    env.update(variables)
    return env


def _show(tmp_path, **variables) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=_production_env(tmp_path, **variables),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_to_https_with_hsts_and_asks_staff_for_a_second_factor(tmp_path):
    shown = _show(tmp_path)

    assert shown == {
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "proxy_header": ["HTTP_X_FORWARDED_PROTO", "https"],
        "otp_admin": True,
        "cookies": True,
    }


def test_a_proxy_that_terminates_tls_can_turn_the_redirect_off(tmp_path):
    shown = _show(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_PROXY_SSL_HEADER="")

    assert shown["ssl_redirect"] is False
    assert shown["proxy_header"] is None
    assert shown["hsts"] == 31_536_000


def test_check_deploy_with_production_settings_has_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
