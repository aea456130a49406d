# StatQueue image: build the TypeScript in one stage, run the compiled JS on a slim Node 20 in the next.
# Configuration: /etc/statqueue/statqueue.json (docker/statqueue.json is baked in; mount your own over it).

FROM node:20-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY metrics ./metrics
COPY filters ./filters
COPY bench ./bench
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY docker/statqueue.json /etc/statqueue/statqueue.json
# The base image's unprivileged user; the engine needs no root (ports above 1024, no files written).
USER node
# 2012: JSON-RPC over raw TCP; 2080: JSON-RPC over HTTP (/jsonrpc).
EXPOSE 2012 2080
# Exec form: node is the process that receives SIGTERM and runs the graceful stop (final store flush).
CMD ["node", "dist/src/cli.js", "serve", "--config", "/etc/statqueue/statqueue.json"]
