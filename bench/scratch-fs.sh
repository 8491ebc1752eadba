#!/bin/sh
# A scratch ext4 file system with a journal, for the benchmarks' node folders (root only).
#
#   bench/scratch-fs.sh mount [DIR] [SIZE]   make DIR.img (default /var/tmp/geocluster-scratch, 8G) and mount it on DIR
#   bench/scratch-fs.sh unmount [DIR]        unmount DIR and delete its image
#
# Then run a benchmark with TMPDIR=DIR (and BENCH_DIR=DIR/geocluster-bench for generated data
# directories). Why: an ext4 mounted without a journal, as some sandboxes mount their disk, skips
# every inode freed in the last minutes each time it makes a file, so that the cost of a new file
# grows with what earlier runs deleted (BENCHMARKS.md, "The file system under the benchmarks").
set -eu
action=${1:-}
dir=${2:-/var/tmp/geocluster-scratch}
case "$action" in
  mount)
    size=${3:-8G}
    if mountpoint -q "$dir"; then echo "$dir is already mounted"; exit 0; fi
    mkdir -p "$dir"
    truncate -s "$size" "$dir.img"
    mkfs.ext4 -q -F "$dir.img"
    mount -o loop "$dir.img" "$dir"
    chmod 1777 "$dir"
    echo "mounted a journaled ext4 of $size on $dir: run benchmarks with TMPDIR=$dir"
    ;;
  unmount)
    umount "$dir"
    rm -f "$dir.img"
    rmdir "$dir"
    ;;
  *)
    echo "usage: $0 mount [DIR] [SIZE] | unmount [DIR]" >&2
    exit 2
    ;;
esac
