# syntax=docker/dockerfile:1
# Image for both app processes. Default command runs the HTTP API; docker-compose.yml runs the
# Temporal worker from the same image with `command: ["npm", "run", "worker"]`.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app
# The unprivileged `node` user (uid 1000) ships with the base image; give it the app directory so
# nothing below (install or runtime) needs root.
RUN chown node:node /app
USER node

# Dependencies first, so source edits do not invalidate the install layer.
# ts-node and typescript are runtime dependencies (the scripts run `ts-node --transpile-only`),
# so devDependencies (jest, swc/jest, @types) are left out.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node . .

EXPOSE 3000
CMD ["npm", "run", "api"]
