#!/usr/bin/env bash
# Makes sure `kubectl kustomize` works, so that KubernetesManifestsTest renders k8s/ instead of
# failing. This machine kind ships kubectl (Debian package "kubectl" from the Kubernetes/Google
# Cloud apt repository); where it is missing, apt-get installs it if such a repository is set up.
# Nothing else can be fetched here (no download of release binaries): the script then stops with
# one line naming the fix.
set -euo pipefail

works() { kubectl kustomize --help >/dev/null 2>&1; }
works && exit 0

if command -v apt-get >/dev/null 2>&1; then
  echo "ensure-kubectl: kubectl is missing; trying the package manager"
  apt-get update -q >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q kubectl >/dev/null 2>&1 || true
fi
works && exit 0

echo "ensure-kubectl: kubectl with 'kustomize' is not installed and no configured package source has it;" \
  "install kubectl (1.14 or newer) on the PATH, then run the tests again" >&2
exit 1
