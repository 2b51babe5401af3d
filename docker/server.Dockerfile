# The API and the function's local host: two small non-root images from one file.
#   docker build -f docker/server.Dockerfile --target api .
#   docker build -f docker/server.Dockerfile --target function .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY backend/package.json backend/
COPY functions/package.json functions/
COPY ops/package.json ops/
COPY frontend/package.json frontend/
COPY docker/install-runtime-deps.sh /usr/local/bin/

FROM manifests AS function-build
RUN npm ci -w functions --include-workspace-root --no-audit --no-fund
COPY tsconfig.base.json ./
COPY functions functions
RUN npm run build -w functions

FROM manifests AS function-deps
RUN install-runtime-deps.sh . functions

FROM ${NODE_IMAGE} AS function
ENV NODE_ENV=production PORT=3100
WORKDIR /app
# Root-owned, so read-only for the `node` user the process runs as.
COPY --from=function-deps /out/ ./
COPY --from=function-build /src/functions/dist ./functions/dist
COPY docker/healthcheck.mjs ./docker/
USER node
EXPOSE 3100
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "docker/healthcheck.mjs", "/health"]
CMD ["node", "functions/dist/src/local-host.main.js"]

FROM manifests AS api-build
RUN npm ci -w db -w backend -w functions -w ops --include-workspace-root --no-audit --no-fund
COPY nest-cli.json tsconfig.base.json tsconfig.build.json ./
COPY db db
COPY backend backend
COPY functions functions
COPY ops ops
RUN npm run build:server

FROM manifests AS api-deps
RUN install-runtime-deps.sh dist db backend functions ops

FROM ${NODE_IMAGE} AS api
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=api-deps /out/ ./
COPY --from=api-build /src/dist ./dist
# The compiled API imports @ims/functions, which node_modules links to ./functions.
COPY --from=api-build /src/functions/package.json ./functions/
COPY --from=api-build /src/functions/dist ./functions/dist
COPY docker/healthcheck.mjs ./docker/
# The chain anchor's volume (IMS_CHAIN_ANCHOR_PATH): a new named volume takes this directory's owner.
RUN mkdir -p /var/lib/ims && chown node:node /var/lib/ims
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "docker/healthcheck.mjs"]
CMD ["node", "dist/backend/src/main.js"]
