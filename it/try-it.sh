#!/usr/bin/env bash
# Try the plugin on Tilt's tutorial api, as root on Debian 12:
#   1. installs the prerequisites and builds the plugin,
#   2. starts the test cluster (a real registry, podman containers, the Kubernetes API double),
#   3. runs `mvn liveupdate:dev` on a copy of the sample in it/target/try-it/, which builds the
#      tutorial image, applies the sample's k8s/ (two replicas) and watches; it says what to edit.
# Ctrl-C stops the goal and the cluster.
set -euo pipefail

IT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$IT_DIR")"
WORK="$IT_DIR/target/try-it"
KUBECONFIG_FILE="$WORK/kubeconfig"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT_DIR/pom.xml" | head -1)"

echo "Checking the prerequisites (it/prerequisites.sh)..."
bash "$IT_DIR/prerequisites.sh"
# Progress, not minutes of silence: one line per module Maven builds, and whatever goes wrong.
echo "Building the plugin and the test cluster (./mvnw install -DskipTests): about a minute,"
echo "  several the first time while Maven downloads the dependencies..."
(cd "$ROOT_DIR" && ./mvnw -B -ntp install -DskipTests) \
  | grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]|^\[(ERROR|WARNING)\]|BUILD|Total time'

echo "Starting the test cluster: a registry, the Kubernetes API double (it/cluster.sh)..."
started=$SECONDS
"$IT_DIR/cluster.sh" stop >/dev/null 2>&1 || true
rm -rf "$WORK"
mkdir -p "$WORK"
"$IT_DIR/cluster.sh" start "$KUBECONFIG_FILE" >/dev/null
echo "  up in $((SECONDS - started)) s"
trap '"$IT_DIR/cluster.sh" stop' EXIT
# shellcheck disable=SC1091
source "$IT_DIR/target/cluster/cluster.env"    # REGISTRY, BASE_IMAGE

PROJECT="$WORK/tilt-avatar-api"
cp -r "$IT_DIR/src/it/projects/tutorial-api" "$PROJECT"
sed -i -e "s|@project.version@|$VERSION|" -e "s|@base.image@|$BASE_IMAGE|" \
  -e "s|@registry@|$REGISTRY|" "$PROJECT/pom.xml"
KUBECTL="kubectl --kubeconfig $KUBECONFIG_FILE"

cat <<MSG

================================================================================
liveupdate:dev now builds the tutorial image, applies $PROJECT/k8s/
(a Deployment with 2 replicas and the Service tilt-avatar-api, port 5734) and
waits until both replicas are Ready; then it watches. No kubectl step is needed.

The app (busybox httpd) serves the files of /app; liveupdate:dev forwards it to
localhost and prints the URL at start ("Forwarding http://localhost:5735 -> pod/..."):
  open http://localhost:5735/api/app.py in a browser, or
  curl http://localhost:5735/api/app.py
The app's log (each request it serves) streams into the same console, one column per pod.

In another terminal, once it prints "Watching":
  1. Edit   $PROJECT/api/app.py
            (uncomment the line  # 'other': ['accessory']  and save), then reload the page
  2. Edit   $PROJECT/api/requirements.txt  (add a line) to see the run step run
  3. Delete a file under $PROJECT/api/ and look with
            $KUBECTL exec <pod> -- ls /app/api

Ctrl-C here stops the goal and the test cluster.
Afterwards, mvn liveupdate:down in $PROJECT deletes what k8s/ describes.
================================================================================

MSG
cd "$PROJECT"
"$ROOT_DIR/mvnw" -B -o -f "$PROJECT/pom.xml" liveupdate:dev -Dliveupdate.kubeconfig="$KUBECONFIG_FILE" || true
