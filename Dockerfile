# syntax=docker/dockerfile:1
# Two stages. `build` installs every dependency, compiles the TypeScript into dist/ and writes the
# workflow bundle (npm run build). The runtime image holds production dependencies and dist/ only:
# no TypeScript, no ts-node, no bundling at start. The default command runs the HTTP API;
# docker-compose.yml runs the Temporal worker from the same image with `node dist/worker/main.js`.
# test/image/dockerfile-steps.test.ts runs these steps outside Docker.
# The Node release matches .nvmrc.
FROM node:24.21.0-bookworm-slim AS build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
# Dependencies first, so source edits do not invalidate the install layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY activities ./activities
COPY api ./api
COPY attachments ./attachments
COPY codec ./codec
COPY console ./console
COPY config ./config
COPY data ./data
COPY domain ./domain
COPY follow-up ./follow-up
COPY ledger ./ledger
COPY platform ./platform
COPY scripts ./scripts
COPY worker ./worker
COPY workflows ./workflows
RUN npm run build

FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
# The unprivileged `node` user (uid 1000) ships with the base image; give it the app directory so
# nothing below (install or runtime) needs root.
RUN chown node:node /app
USER node
COPY --chown=node:node package.json package-lock.json ./
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci --omit=dev
COPY --from=build --chown=node:node /app/dist ./dist
EXPOSE 3000
# node itself, not npm, as PID 1's child: SIGTERM reaches the process that drains.
CMD ["node", "dist/api/main.js"]
