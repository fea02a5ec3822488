# The wirefeed worker image (used by docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install . && useradd --create-home wirefeed && mkdir -p /data && chown wirefeed /data
USER wirefeed
# the web server (/metrics, /healthz, /readyz) listens on all interfaces inside the container
ENV WIREFEED_DATA_DIR=/data WIREFEED_WEB_PORT=6066 WIREFEED_WEB_BIND=0.0.0.0
EXPOSE 6066
# liveness: the worker's event loop answers (readiness, /readyz, is what compose waits for)
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:6066/healthz', timeout=2)" || exit 1
CMD ["wirefeed", "worker"]
