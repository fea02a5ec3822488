# The wirefeed worker image (used by docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install . && useradd --create-home wirefeed && mkdir -p /data && chown wirefeed /data
USER wirefeed
ENV WIREFEED_DATA_DIR=/data
CMD ["wirefeed", "worker"]
