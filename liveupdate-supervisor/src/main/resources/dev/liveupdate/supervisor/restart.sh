# liveupdate restart client: POSIX sh, busybox-compatible, no bash. The protocol is specified in the
# package documentation of dev.liveupdate.supervisor (liveupdate-supervisor.jar).
# usage: sh -c "$THIS_SCRIPT" liveupdate-restart ID WAIT_SECONDS [CONTROL_DIR]
# Prints one line, STATUS MILLIS MESSAGE; exits 0 ok, 1 other result, 2 usage, 3 unavailable, 124 timeout.
id=${1-} wait=${2-} dir=${3:-/opt/liveupdate/control}
case $id in
  '' | *[!A-Za-z0-9_-]*) echo "usage 0 bad request id '$id': 1 to 64 of A-Z a-z 0-9 _ -"; exit 2 ;;
esac
case $wait in
  '' | *[!0-9]*) echo "usage 0 bad wait '$wait': whole seconds expected"; exit 2 ;;
esac
if [ ${#id} -gt 64 ]; then echo "usage 0 bad request id '$id': 1 to 64 of A-Z a-z 0-9 _ -"; exit 2; fi
if [ -e "$dir/$id.result" ]; then rm -f "$dir/$id.result"; fi
# true, not ':', so that a failed redirection does not end the shell (':' is a special built-in)
if ! true 2> /dev/null > "$dir/$id.restart"; then
  echo "unavailable 0 cannot create $dir/$id.restart: is the liveupdate supervisor running?"
  exit 3
fi
i=0 taken= limit=$((wait * 20))
while [ ! -e "$dir/$id.result" ]; do
  if [ -z "$taken" ] && [ ! -e "$dir/$id.restart" ]; then taken=1; fi
  if [ -z "$taken" ] && { [ "$i" -ge 100 ] || [ "$i" -ge "$limit" ]; }; then
    if mv "$dir/$id.restart" "$dir/.$id.withdrawn" 2> /dev/null; then
      rm -f "$dir/.$id.withdrawn"
      echo "unavailable $((i * 50)) nobody took $dir/$id.restart within $((i / 20)) s: is the liveupdate supervisor running?"
      exit 3
    fi
    taken=1
  fi
  if [ "$i" -ge "$limit" ]; then
    echo "timeout $((i * 50)) no result for restart $id within $wait s"
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
