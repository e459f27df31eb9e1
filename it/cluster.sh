#!/usr/bin/env bash
# Runs the liveupdate test cluster standalone: a local docker-registry and the Kubernetes API
# double (pods are podman containers), in the background, for kubectl or a manual plugin run.
#
#   it/cluster.sh start <kubeconfig-path>   start both, write the kubeconfig there
#   it/cluster.sh stop                      stop both, remove their containers and images
#   it/cluster.sh status                    say whether it runs, and where
#
# State (pids, ports, log, registry storage) lives in it/target/cluster/ unless
# LIVEUPDATE_CLUSTER_STATE names another directory. Test infrastructure: never shipped.
set -euo pipefail

IT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$IT_DIR")"
STATE_DIR="${LIVEUPDATE_CLUSTER_STATE:-$IT_DIR/target/cluster}"
PODMAN=(podman --runtime runc --cgroup-manager=cgroupfs)
INSTALL="apt-get install -y podman runc docker-registry busybox-static"

die() { echo "cluster.sh: $*" >&2; exit 1; }

running_pid() {
  [[ -f "$STATE_DIR/pid" ]] || return 1
  local pid; pid="$(cat "$STATE_DIR/pid")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

classpath() {
  local jar cp_file="$IT_DIR/target/cluster-classpath.txt"
  jar="$(ls "$IT_DIR"/target/liveupdate-it-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -1 || true)"
  if [[ -z "$jar" || ! -f "$cp_file" ]]; then
    echo "Building the it module first (./mvnw -B -q -pl it -am install -DskipTests)..." >&2
    (cd "$ROOT_DIR" && ./mvnw -B -q -pl it -am install -DskipTests) >&2
    jar="$(ls "$IT_DIR"/target/liveupdate-it-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -1)"
  fi
  echo "$jar:$(cat "$cp_file")"
}

start() {
  local kubeconfig="${1:-}"
  [[ -n "$kubeconfig" ]] || die "usage: $0 start <kubeconfig-path>"
  if pid="$(running_pid)"; then
    die "already running (pid $pid); run '$0 stop' first"
  fi
  for tool in podman runc docker-registry java; do
    command -v "$tool" >/dev/null || die "$tool is missing; install with: $INSTALL"
  done
  [[ -x /bin/busybox ]] || die "/bin/busybox is missing; install with: $INSTALL"
  mkdir -p "$STATE_DIR" "$(dirname "$kubeconfig")"
  kubeconfig="$(cd "$(dirname "$kubeconfig")" && pwd)/$(basename "$kubeconfig")"
  rm -f "$STATE_DIR/cluster.env"
  local cp; cp="$(classpath)"
  nohup java -cp "$cp" dev.liveupdate.it.cluster.ClusterMain "$STATE_DIR" "$kubeconfig" \
    >"$STATE_DIR/cluster.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/pid"
  local pid; pid="$(cat "$STATE_DIR/pid")"
  for _ in $(seq 1 600); do
    [[ -f "$STATE_DIR/cluster.env" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$STATE_DIR/cluster.log" >&2; die "the cluster failed to start"; }
    sleep 0.1
  done
  [[ -f "$STATE_DIR/cluster.env" ]] || { cat "$STATE_DIR/cluster.log" >&2; stop; die "the cluster did not start within 60 s"; }
  # shellcheck disable=SC1091
  source "$STATE_DIR/cluster.env"
  cat <<MSG
liveupdate test cluster running (pid $pid)
  API server  $SERVER   (a test double; pods are podman containers)
  registry    $REGISTRY (push with --tls-verify=false / allowInsecureRegistries)
  base image  $BASE_IMAGE
  JRE images  $JRE_IMAGE, $DISTROLESS_JRE_IMAGE (no shell)
  kubeconfig  $KUBECONFIG_PATH  (context liveupdate-test, namespace default)
  log         $STATE_DIR/cluster.log
Try:  kubectl --kubeconfig $KUBECONFIG_PATH get pods
      sed "s|BASE_IMAGE|$BASE_IMAGE|" $IT_DIR/cluster-sample/deployment.yaml | kubectl --kubeconfig $KUBECONFIG_PATH apply -f -
Stop: $0 stop
MSG
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster.sh: pid $pid did not stop in 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if [[ -f "$STATE_DIR/cluster.env" ]]; then
    # Normally the JVM removed all of this on SIGTERM; this covers a JVM that was killed.
    # shellcheck disable=SC1091
    source "$STATE_DIR/cluster.env"
    kill "$REGISTRY_PID" 2>/dev/null || true
    ids="$("${PODMAN[@]}" ps -aq --filter "label=liveupdate.double=$DOUBLE_ID" || true)"
    [[ -z "$ids" ]] || "${PODMAN[@]}" rm -f -t 0 --ignore --depend $ids >/dev/null
    images="$("${PODMAN[@]}" images --format '{{.Repository}}:{{.Tag}}' | grep "^$REGISTRY/" || true)"
    [[ -z "$images" ]] || "${PODMAN[@]}" rmi -f $images >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE_DIR/pid" "$STATE_DIR/cluster.env" "$STATE_DIR/registry" "$STATE_DIR/images"
  echo "liveupdate test cluster stopped"
}

status() {
  local pid
  if pid="$(running_pid)" && [[ -f "$STATE_DIR/cluster.env" ]]; then
    echo "running (pid $pid):"; cat "$STATE_DIR/cluster.env"
  else
    echo "not running"; return 1
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start <kubeconfig-path> | stop | status" >&2; exit 2 ;;
esac
