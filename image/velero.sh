#!/bin/sh
# The image's /velero (and /velero-restore-helper, a link to it): runs the entry point with the
# name it was called by, which picks the program (agent, node-agent or restore helper). The agent
# (`/velero server`) runs with a V8 old-space cap (VELERO_AGENT_HEAP_MB, default 192) so that its
# memory stays flat at any cluster size (bench/resources/README.md); a cap in NODE_OPTIONS wins.
heap=""
if [ "${1:-}" = "server" ]; then
  case "${NODE_OPTIONS:-}" in
    *max-old-space-size*) ;;
    *) heap="--max-old-space-size=${VELERO_AGENT_HEAP_MB:-192}" ;;
  esac
fi
exec node --enable-source-maps $heap "${VELERO_APP_DIR:-/app}/dist/image/entrypoint.js" "$0" "$@"
