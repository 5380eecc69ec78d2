ARG PYTHON_IMAGE=python:3.12-slim
FROM ${PYTHON_IMAGE} AS build
# runs-emulator: every vendor under /<vendor> on port 8080, GET /_emulator/health.
#   docker build -t runs-emulator .
#   docker run --rm -p 8080:8080 runs-emulator
# Settings are EMULATOR_* variables (README: "Running it"); flags after the image name also work:
#   docker run --rm -p 8080:8080 runs-emulator serve --seed 7 --runs 1000
#
# Build stage: the wheel, built from the checkout as a release would build it, installed with
# its dependencies into a virtual environment in /opt/venv; the final stage copies that
# environment and nothing else (the specs and fixtures are package data inside it).

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

# binutils' strip, for this stage only: the extension modules of aiohttp, multidict, yaml...
# ship with debug info (13 MB of .so files, 2.5 MB stripped). Libraries that wheels vendor in a
# `<name>.libs` folder (numpy's OpenBLAS) are left as they are: patchelf laid them out, and
# strip breaks their program headers. Without a Debian mirror the build still succeeds, with a
# bigger image.
RUN (apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null) \
    || echo "warning: no binutils; extension modules stay unstripped" \
 && rm -rf /var/lib/apt/lists/*

RUN python3 -m venv /opt/venv
WORKDIR /src

# Dependencies first, in their own layer (rebuilt only when pyproject.toml changes), read from
# pyproject.toml so that the ranges live in one place. Then the slimming: debug info, C sources
# and stubs go. Byte code is compiled here: the non-root user cannot
# write it and start-up needs it; it is hash-based, so copies that change file times keep it
# valid.
COPY pyproject.toml ./
RUN python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && /opt/venv/bin/python3 -m pip install --quiet --no-compile -r /tmp/requirements.txt \
 && site=$(/opt/venv/bin/python3 -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") \
 && if command -v strip >/dev/null; then find "$site" -name '*.so' -not -path '*.libs/*' -exec strip --strip-unneeded {} +; fi \
 && find "$site" \( -name '*.c' -o -name '*.h' -o -name '*.pyx' -o -name '*.pxd' -o -name '*.pyi' \) -delete \
 && /opt/venv/bin/python3 -m compileall -q -j 0 --invalidation-mode unchecked-hash "$site"

# Then the project: its wheel (pip builds it with the build backend pyproject.toml names, in an
# isolated environment), installed without touching the dependencies above; then pip and
# setuptools out: the final image has no installer.
COPY setup.py README.md LICENSE ./
COPY emulator ./emulator
COPY fixtures ./fixtures
COPY openapi ./openapi
RUN /opt/venv/bin/python3 -m pip wheel --quiet --no-deps --wheel-dir /tmp/dist . \
 && /opt/venv/bin/python3 -m pip install --quiet --no-compile --no-deps /tmp/dist/runs_emulator-*.whl \
 && /opt/venv/bin/python3 -m pip uninstall --quiet --yes pip setuptools \
 && site=$(/opt/venv/bin/python3 -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") \
 && /opt/venv/bin/python3 -m compileall -q -j 0 --invalidation-mode unchecked-hash "$site"/emulator

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="runs-emulator" \
      org.opencontainers.image.description="Emulator of the run-history and usage APIs of Dograh, B3OS, StackAI and Dynamiq" \
      org.opencontainers.image.licenses="Apache-2.0"

# A fixed numeric user, so that Kubernetes' runAsNonRoot can check it and mounted fixtures can be
# made readable for it; it owns nothing in the image (code and data are read-only to it).
RUN groupadd --gid 10001 emulator \
 && useradd --uid 10001 --gid emulator --no-create-home --home-dir /app \
      --shell /usr/sbin/nologin emulator

COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=8080

# An empty directory of root's: `python3 -m` puts the working directory first on sys.path.
WORKDIR /app
USER 10001:10001
EXPOSE 8080

# Python, not curl (slim images have none). Health is open even with EMULATOR_ADMIN_TOKEN set.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/_emulator/health' % os.environ.get('EMULATOR_PORT', '8080'), timeout=2)"]

# Exec form: the emulator is PID 1 and gets docker stop's SIGTERM itself.
ENTRYPOINT ["python3", "-m", "emulator"]
CMD ["serve"]
