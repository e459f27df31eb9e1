# liveupdate control client: POSIX sh, busybox-compatible, no bash. The protocol is specified in the
# package documentation of dev.liveupdate.supervisor (liveupdate-supervisor.jar).
# usage: sh -c "$THIS_SCRIPT" liveupdate-KIND ID WAIT_SECONDS [CONTROL_DIR]
#   KIND: restart, devtools, or hotswap (its class list, NAME PATH lines, comes on standard input)
# Prints one line, STATUS MILLIS MESSAGE; exits 0 ok, 1 other result, 2 usage, 3 unavailable, 124 timeout.
kind=${0#liveupdate-} id=${1-} wait=${2-} dir=${3:-/opt/liveupdate/control}
case $kind in
  restart | devtools | hotswap) ;;
  *) echo "usage 0 bad command name '$0': liveupdate-restart, liveupdate-devtools or liveupdate-hotswap"; exit 2 ;;
esac
case $id in
  '' | *[!A-Za-z0-9_-]*) echo "usage 0 bad request id '$id': 1 to 64 of A-Z a-z 0-9 _ -"; exit 2 ;;
esac
case $wait in
  '' | *[!0-9]*) echo "usage 0 bad wait '$wait': whole seconds expected"; exit 2 ;;
esac
if [ ${#id} -gt 64 ]; then echo "usage 0 bad request id '$id': 1 to 64 of A-Z a-z 0-9 _ -"; exit 2; fi
taker=supervisor
if [ "$kind" = hotswap ]; then
  taker=agent pid=
  if ! { IFS= read -r pid < "$dir/agent.pid"; } 2> /dev/null; then
    echo "unavailable 0 no hot-swap agent: $dir/agent.pid is missing (the app runs without -javaagent:liveupdate-supervisor.jar, or has not started)"
    exit 3
  fi
  case $pid in
    '' | *[!0-9]*) pid=0 ;;
  esac
  if [ ! -d "/proc/$pid" ]; then
    echo "unavailable 0 no hot-swap agent: its JVM (pid $pid) is gone; the app is not running"
    exit 3
  fi
fi
if [ -e "$dir/$id.result" ]; then rm -f "$dir/$id.result"; fi
request="$dir/$id.$kind"
if [ "$kind" = hotswap ]; then
  # the class list is written whole under a hidden name, then renamed: the agent never reads half of it
  if ! { while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done > "$dir/.$id.hotswap.tmp"; } 2> /dev/null \
    || ! mv -f "$dir/.$id.hotswap.tmp" "$request" 2> /dev/null; then
    echo "unavailable 0 cannot create $request: is the liveupdate supervisor running?"
    exit 3
  fi
# true, not ':', so that a failed redirection does not end the shell (':' is a special built-in)
elif ! true 2> /dev/null > "$request"; then
  echo "unavailable 0 cannot create $request: is the liveupdate supervisor running?"
  exit 3
fi
i=0 taken= limit=$((wait * 20))
while [ ! -e "$dir/$id.result" ]; do
  if [ -z "$taken" ] && [ ! -e "$request" ]; then taken=1; fi
  if [ -z "$taken" ] && { [ "$i" -ge 100 ] || [ "$i" -ge "$limit" ]; }; then
    if mv "$request" "$dir/.$id.withdrawn" 2> /dev/null; then
      rm -f "$dir/.$id.withdrawn"
      echo "unavailable $((i * 50)) nobody took $request within $((i / 20)) s: is the liveupdate $taker running?"
      exit 3
    fi
    taken=1
  fi
  if [ "$i" -ge "$limit" ]; then
    echo "timeout $((i * 50)) no result for $kind $id within $wait s"
    exit 124
  fi
  sleep 0.05 2> /dev/null || sleep 1
  i=$((i + 1))
done
line=
IFS= read -r line < "$dir/$id.result"
rm -f "$dir/$id.result"
echo "$line"
case $line in
  'ok '*) exit 0 ;;
  *) exit 1 ;;
esac
