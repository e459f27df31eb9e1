#!/usr/bin/env bash
# Try the plugin on Tilt's tutorial api, as root on Debian 12:
#   1. installs the prerequisites and builds the plugin,
#   2. starts the test cluster (a real registry, podman containers, the Kubernetes API double),
#   3. builds the tutorial image, deploys it with two replicas,
#   4. runs `mvn liveupdate:dev` on a copy of the sample in it/target/try-it/ and says what to edit.
# Ctrl-C stops the goal and the cluster.
set -euo pipefail

IT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$IT_DIR")"
WORK="$IT_DIR/target/try-it"
KUBECONFIG_FILE="$WORK/kubeconfig"
PODMAN=(podman --runtime runc --cgroup-manager=cgroupfs)
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
sed -i "s/@project.version@/$VERSION/" "$PROJECT/pom.xml"

IMAGE="$REGISTRY/tilt-avatar-api:1"
echo "Building $IMAGE from $BASE_IMAGE with the sample's api/ in /app/api..."
cat > "$WORK/Containerfile" <<CONTAINERFILE
FROM $BASE_IMAGE
COPY api /app/api
CMD ["httpd", "-f", "-p", "5734", "-h", "/app"]
CONTAINERFILE
"${PODMAN[@]}" build -q --tls-verify=false -f "$WORK/Containerfile" -t "$IMAGE" "$PROJECT" >/dev/null
"${PODMAN[@]}" push -q --tls-verify=false "$IMAGE"

cat > "$WORK/deployment.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tilt-avatar-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: tilt-avatar-api
  template:
    metadata:
      labels:
        app: tilt-avatar-api
    spec:
      containers:
      - name: api
        image: $IMAGE
YAML
KUBECTL=(kubectl --kubeconfig "$KUBECONFIG_FILE")
"${KUBECTL[@]}" apply -f "$WORK/deployment.yaml"
for _ in $(seq 1 120); do
  running="$("${KUBECTL[@]}" get pods -l app=tilt-avatar-api --field-selector=status.phase=Running --no-headers 2>/dev/null | wc -l)"
  [ "$running" -ge 2 ] && break
  sleep 0.5
done
"${KUBECTL[@]}" get pods -l app=tilt-avatar-api
POD="$("${KUBECTL[@]}" get pods -l app=tilt-avatar-api --no-headers | awk 'NR==1 {print $1}')"

cat <<MSG

================================================================================
The tutorial api runs in 2 pods. In another terminal:

  1. Edit   $PROJECT/api/app.py
            (uncomment the line  # 'other': ['accessory']  and save)
  2. Look   kubectl --kubeconfig $KUBECONFIG_FILE exec $POD -- cat /app/api/app.py
  3. Edit   $PROJECT/api/requirements.txt  (add a line) to see the run step run
  4. Delete a file under $PROJECT/api/ and look again with kubectl exec ... ls /app/api

Ctrl-C here stops the goal and the test cluster.
================================================================================

MSG
cd "$PROJECT"
"$ROOT_DIR/mvnw" -B -o -f "$PROJECT/pom.xml" liveupdate:dev -Dliveupdate.kubeconfig="$KUBECONFIG_FILE" || true
