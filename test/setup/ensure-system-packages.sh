#!/bin/sh
# Installs the Debian packages the tests need when they are missing: kubectl (the real client the
# local test cluster is tested with), Ceph RGW (a real S3 server), restic (the benchmark peer) and
# bubblewrap (the sandbox the local kubelet runs pod processes in).
set -eu
missing=""
command -v kubectl >/dev/null 2>&1 || missing="$missing kubernetes-client"
command -v radosgw >/dev/null 2>&1 || missing="$missing ceph-mon ceph-osd radosgw ceph-common"
command -v restic >/dev/null 2>&1 || missing="$missing restic"
command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
[ -z "$missing" ] && exit 0
echo "installing Debian packages the tests need:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
