# syntax=docker/dockerfile:1
# One image for every in-cluster program: the agent (`/velero server`), the node-agent
# (`/velero node-agent server`) and the restore helper (`/velero-restore-helper`).
#   docker build -t ghcr.io/kubectl-velero/velero:v0.1.0 .
ARG NODE_IMAGE=node:20-bookworm

# Compile the programs (not the CLI, not the tests) and keep only production dependencies.
# zstd-napi builds natively here, so this stage has the compilers the slim image lacks.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# .dockerignore lets through only the sources the programs are built from.
COPY . .
RUN npx tsc -p image/tsconfig.build.json \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --chmod=0755 image/velero.sh /velero
RUN ln -s /velero /velero-restore-helper
# Non-root like Velero's image; the node-agent DaemonSet runs as root through runAsUser: 0.
USER 65532:65532
ENTRYPOINT ["/velero"]
