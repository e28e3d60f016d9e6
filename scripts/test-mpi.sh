#!/usr/bin/env bash
# `make test-mpi`: an MPI run writes the same bytes as a single process.
#
# Builds dixian with the MPI trait into .build-mpi (apart from the plain build in .build),
# runs a small scenario (400 households, 8 replications, two variants) once without mpirun
# and under `mpirun -n 2` and `-n 3`, and compares every CSV byte for byte. Also checks that
# an adaptive plan and --shard are refused under mpirun, and that a failure on one rank only
# stops the whole job, with a message, no output and no hang.
# Needs libopenmpi-dev and openmpi-bin (scripts/ensure-deps.sh installs them as root).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
CONFIG=${CONFIG:-release}

$SWIFT build -c "$CONFIG" --traits MPI --scratch-path .build-mpi --product dixian
BIN=$PWD/.build-mpi/$CONFIG/dixian

# Open MPI refuses root without these; --oversubscribe lets 3 ranks share fewer cores.
MPIRUN=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && MPIRUN+=(--allow-run-as-root)
# No network interfaces to probe on one machine (quiets Open MPI warnings in containers).
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
    echo "id,county,township,village,size,laborers,migrants,status,wage_migrant,transfer,prod_tea"
    counties=(cangyuan gengma shuangjiang zhenkang)
    for i in $(seq 0 399); do
        c=${counties[$((i % 4))]}
        echo "h$i,$c,t$((i % 5)),v$((i % 23)),$((2 + i % 4)),2,$((i % 2)),exited,$(( i % 2 ? 8000 + 97 * i : 0 )),$((500 + 13 * (i % 50))),$((3000 + 41 * i))"
    done
} > "$work/households.csv"
cat > "$work/small.yaml" <<'YAML'
name: mpi-check
population: {file: households.csv}
replications: 8
seed: 20260101
variants:
  - name: current
  - name: no-monitoring
    set: {policies.monitoring.enabled: false}
YAML

cd "$work"
"$BIN" run small.yaml --out single --quiet
status=0
for n in 2 3; do
    "${MPIRUN[@]}" -n "$n" "$BIN" run small.yaml --out "mpi-$n" --quiet
    grep -q "\"processes\" *: *$n" "mpi-$n/manifest.json" || { echo "FAIL: mpi-$n/manifest.json lacks processes: $n"; status=1; }
    count=0
    for f in single/*.csv; do
        name=$(basename "$f")
        if cmp -s "$f" "mpi-$n/$name"; then count=$((count + 1)); else echo "FAIL: $name differs under mpirun -n $n"; status=1; fi
    done
    [ "$count" -gt 5 ] || { echo "FAIL: only $count CSV files compared"; status=1; }
    echo "mpirun -n $n: $count CSV files identical to the single-process run"
done

# Refusals: exit status 2 from every rank, a message, and no hang (timeout).
expect_refusal() {
    local what=$1; shift
    set +e
    local program=("$BIN")
    [[ $1 == ./* ]] && program=()
    out=$(timeout 120 "${MPIRUN[@]}" -n 2 "${program[@]}" "$@" 2>&1)
    rc=$?
    set -e
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || ! grep -q "$what" <<<"$out"; then
        echo "FAIL: expected a refusal mentioning '$what' (exit $rc):"; echo "$out"; status=1
    else
        echo "refused as expected: $(grep -m1 "$what" <<<"$out")"
    fi
}
expect_refusal "shard" run small.yaml --shard 1/2 --out refused-shard --quiet
sed 's/^replications: 8/replications: {min: 4, max: 8, until: {relative_se: 0.05}}/' small.yaml > adaptive.yaml
"$BIN" validate adaptive.yaml >/dev/null
expect_refusal "fixed number of replications" run adaptive.yaml --out refused-adaptive --quiet
# A failure on one rank only (its scenario file is missing) stops every rank: no hang, no output.
cat > one-fails.sh <<SH
#!/bin/sh
if [ "\$OMPI_COMM_WORLD_RANK" = 1 ]; then exec "$BIN" run missing.yaml --out one-fails --quiet; fi
exec "$BIN" run small.yaml --out one-fails --quiet
SH
chmod +x one-fails.sh
expect_refusal "missing.yaml" ./one-fails.sh
[ ! -e one-fails/manifest.json ] || { echo "FAIL: a failed MPI run wrote results"; status=1; }
[ ! -e refused-shard/manifest.json ] && [ ! -e refused-adaptive/manifest.json ] || { echo "FAIL: a refused run wrote results"; status=1; }

[ "$status" -eq 0 ] && echo "test-mpi: OK" || echo "test-mpi: FAILED"
exit "$status"
