# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Noto for Arabic and Chinese: the browser tests and screenshots run in this image too,
# and a page in those languages must not fall back to boxes. Pango (with HarfBuzz) is
# what WeasyPrint typesets the country report's PDF with; poppler-utils' pdftoppm
# renders its first page in the tests.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        poppler-utils \
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
