# syntax=docker/dockerfile:1
#
# Switchboard in a container. Build and run with PostgreSQL: `docker compose up --build`.
# Another Swift toolchain: `docker build --build-arg SWIFT_VERSION=6.1 .`
# The image runs `switchboard serve`; any other verb works too, e.g.
#   docker compose run --rm switchboard bootstrap --account Demo --email admin@example.org --json

ARG SWIFT_VERSION=6.2

# --- build ------------------------------------------------------------------------------------
FROM swift:${SWIFT_VERSION}-bookworm AS build

RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libcurl4-openssl-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

# The build folder is a cache mount, so the binary and its resource bundles (the SQL migrations)
# are copied out in the same step.
RUN --mount=type=cache,target=/src/.build \
    swift build -c release --product switchboard --static-swift-stdlib \
    && bin_path="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
    && mkdir -p /staging \
    && cp "$bin_path/switchboard" /staging/switchboard \
    && find "$bin_path" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/ \; \
    && ls -la /staging

# --- run --------------------------------------------------------------------------------------
FROM debian:bookworm-slim

RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libcurl4 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --home-dir /app --shell /usr/sbin/nologin switchboard

WORKDIR /app
COPY --from=build /staging/ /app/
USER switchboard:switchboard

EXPOSE 8080
ENTRYPOINT ["/app/switchboard"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
