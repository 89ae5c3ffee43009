#!/bin/sh
# The image's /velero (and /velero-restore-helper, a link to it): runs the entry point with the
# name it was called by, which picks the program (agent, node-agent or restore helper).
exec node --enable-source-maps "${VELERO_APP_DIR:-/app}/dist/image/entrypoint.js" "$0" "$@"
