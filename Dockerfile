# partnerlens serve as a container (docs/serve.md, "In a container"). test/deploy/dockerfile.test.ts reads this file:
# it runs the ENTRYPOINT and CMD below, with the ENV below, from a folder holding only what the runtime stage copies,
# against a local org; and checks the base image against package.json's Node and that the user is not root.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the postinstall installs the browser preview's own packages, which serve does not use
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY messages ./messages
COPY force-app ./force-app
COPY --from=build /app/lib ./lib
# /data holds the config, the sf CLI's stored login (HOME) and .partnerlens/ (checkpoints, serve.jsonl)
RUN mkdir /data && chown node:node /data
USER node
ENV HOME=/data SF_USE_GENERIC_UNIX_KEYCHAIN=true
WORKDIR /data
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:6110/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/run.js", "serve"]
CMD ["--log-format", "json"]
