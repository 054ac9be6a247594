#!/usr/bin/env bash
# Builds mk's test images offline (no registry is reachable): `mk/busybox:1`, a root
# filesystem holding the static busybox, and `mk/pause:3.9`, the pod sandbox image.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "build-images: $busybox not found (apt-get install busybox-static)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! docker image inspect mk/busybox:1 >/dev/null 2>&1; then
  mkdir -p "$work/busybox/bin" "$work/busybox/tmp" "$work/busybox/etc" "$work/busybox/proc" "$work/busybox/sys" "$work/busybox/dev" "$work/busybox/var/www"
  cp "$busybox" "$work/busybox/bin/busybox"
  for app in $("$busybox" --list); do
    [ "$app" = busybox ] || ln -sf busybox "$work/busybox/bin/$app"
  done
  chmod 1777 "$work/busybox/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$work/busybox/etc/passwd"
  echo 'root:x:0:' > "$work/busybox/etc/group"
  tar -C "$work/busybox" -c . | docker import \
    -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - mk/busybox:1 >/dev/null
  echo "built mk/busybox:1"
fi

if ! docker image inspect mk/pause:3.9 >/dev/null 2>&1; then
  mkdir -p "$work/pause"
  cc -static -Os -o "$work/pause/pause" "$here/images/pause/pause.c"
  strip "$work/pause/pause" || true
  tar -C "$work/pause" -c pause | docker import -c 'ENTRYPOINT ["/pause"]' - mk/pause:3.9 >/dev/null
  echo "built mk/pause:3.9"
fi
