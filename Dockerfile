# syntax=docker/dockerfile:1
# Meshlens: the Next.js standalone server on a slim Node 20, as a non-root user, happy with a
# read-only root filesystem (mount an emptyDir at /app/.next/cache and /tmp, as deploy/ does).
# No HEALTHCHECK: Kubernetes probes /api/healthz and /api/readyz.

FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# Playwright's browsers are for the tests only.
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# A URL prefix such as /meshlens is baked into the build (see README, BASE_PATH).
ARG BASE_PATH=
ENV BASE_PATH=${BASE_PATH}
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# The standalone output holds the server, its node_modules subset, static assets and public/.
COPY --from=build --chown=65532:65532 /src/.next/standalone ./
USER 65532:65532
EXPOSE 3000
CMD ["node", "--require", "./peer-address.cjs", "server.js"]
