# The app in one container: `docker build -t optimizer-playground .` then
# `docker run -p 8501:8501 optimizer-playground`; for a class, many of them: deploy/compose.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
# The code belongs to root and is read-only for the user that serves it; a numeric USER lets an orchestrator
# check that it is not root (Kubernetes' runAsNonRoot).
RUN pip install -r requirements.txt \
    && groupadd --gid 10001 playground \
    && useradd --uid 10001 --gid 10001 --create-home playground
COPY . .
USER 10001:10001

EXPOSE 8501
# python:3.11-slim has no curl: Python asks Streamlit's own health route.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# Headless on all interfaces; no file watcher (the code never changes inside the image).
# PLAYGROUND_BUDGET_S unset: the hosting budget per rerun (docs/hosting.md).
CMD ["streamlit", "run", "streamlit_app.py", "--server.headless", "true", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.fileWatcherType", "none"]
