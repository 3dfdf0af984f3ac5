# Sourced by ./lws, run-tests, bench/ and deploy/ scripts: CPU settings for ND4J's OpenBLAS and OpenMP.
#
# OpenBLAS 0.3.19 (the one ND4J 1.0.0-M2.1 ships) falls back to a generic kernel on CPUs newer than it knows, at a
# fraction of the GEMM rate. Pick the kernel from the CPU flags unless the user already chose one; never pick one
# the CPU cannot run (that would crash with an illegal instruction). bench/gemm-kernel shows which kernel OpenBLAS
# picks with and without this (bench/results/gemm-kernel.md: on the development machine it now finds SkylakeX itself).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  if grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif grep -qw avx2 /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
  fi
fi
# OpenMP threads that spin-wait fight OpenBLAS on small machines (docs/dl4j-java17.md): let them sleep.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# glibc's malloc raises its mmap threshold to the size of each large block freed (up to 32 MiB), after which blocks
# below it come from arenas that keep freed memory. DL4J's first training step allocates every workspace array one
# by one before sizing its workspaces, so that step's arrays stayed resident beside the workspaces: a tiny crown-18
# worker (16 x 128) measured 2.9x its planned off-heap (bench/results/resource-plan.md). A fixed threshold (128 KiB,
# glibc's own starting value) keeps large blocks mmapped and returned when freed: 1.04x.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
