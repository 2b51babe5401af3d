# The Angular app served by nginx as a non-root user; nginx proxies /api, /ws, /metrics and /docs
# to the API (API_UPSTREAM, default api:3000).
#   docker build -f docker/frontend.Dockerfile .
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY backend/package.json backend/
COPY functions/package.json functions/
COPY ops/package.json ops/
COPY frontend/package.json frontend/
RUN npm ci -w frontend --no-audit --no-fund
COPY frontend frontend
RUN npm run build -w frontend

FROM ${NGINX_IMAGE}
# The image's entrypoint renders templates with envsubst into /etc/nginx/conf.d at start.
ENV API_UPSTREAM=api:3000 DNS_RESOLVER=127.0.0.11
COPY docker/nginx.conf /etc/nginx/templates/default.conf.template
COPY --from=build /src/frontend/dist/ims/browser /usr/share/nginx/html
COPY --from=build /src/frontend/dist/ims/security-headers.conf /etc/nginx/security-headers.conf
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
