# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The PostgreSQL server's major version (docker-compose.yml: postgres:16): `manage.py
# backup` and `restore` run its pg_dump and pg_restore, which must not be older than the
# server. Debian's own client is another version, so it comes from PostgreSQL's (PGDG)
# apt repository, its key checked by fingerprint.
ARG PG_MAJOR=16
ARG PGDG_KEY_FINGERPRINT=B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8

# Noto for Arabic and Chinese: the browser tests and screenshots run in this image too,
# and a page in those languages must not fall back to boxes. Pango (with HarfBuzz) is
# what WeasyPrint typesets the country report's PDF with; poppler-utils' pdftoppm
# renders its first page in the tests.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        ca-certificates curl gnupg \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && gpg --show-keys --with-colons /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        | grep -q "^fpr:::::::::${PGDG_KEY_FINGERPRINT}:" \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        fonts-noto-core fonts-noto-cjk "postgresql-client-${PG_MAJOR}" \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
    && pg_dump --version | grep -q " ${PG_MAJOR}\." \
    && apt-get purge -y -qq curl gnupg && apt-get autoremove -y -qq \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY gcm_tracker ./gcm_tracker
COPY objectives ./objectives
COPY pledges ./pledges
COPY reviews ./reviews
RUN pip install .
COPY . .
# collectstatic needs a key but no database.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --create-home --uid 1000 gcm && mkdir -p /app/media && chown gcm /app/media
USER gcm
EXPOSE 8000
CMD ["gunicorn", "gcm_tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
