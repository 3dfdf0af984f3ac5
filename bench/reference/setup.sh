#!/bin/sh
# Installs the Debian packages the Python reference needs (idempotent; run as root).
#   sh bench/reference/setup.sh               numpy + torch + OpenBLAS
#   sh bench/reference/setup.sh --numpy-only  just numpy (enough for lws_numpy.py)
# Debian's torch falls back to the reference BLAS (about 10x slower) unless
# libopenblas0-pthread is installed, so it is part of the full set.
set -eu

PKGS="python3-numpy python3-torch libopenblas0-pthread"
if [ "${1:-}" = "--numpy-only" ]; then
    PKGS="python3-numpy"
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "setup: already installed:$(printf ' %s' $PKGS)"
else
    export DEBIAN_FRONTEND=noninteractive
    # Only refresh the package lists when a plain install fails (stale or empty lists).
    if ! apt-get install -y --no-install-recommends $missing; then
        apt-get update
        apt-get install -y --no-install-recommends $missing
    fi
fi

/usr/bin/python3 -c 'import numpy; print("numpy", numpy.__version__)'
if [ "${1:-}" != "--numpy-only" ]; then
    /usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
fi
