#!/usr/bin/env bash
# The CHES-percentile experiment of Razin et al. 2024 (arXiv 2410.08847, Sec. 5) on Plumb's bundled data:
# DPO on subsets centred on the 0th..100th LN-CHES percentile, on all pairs, and on a random subset, each
# from the bundled tiny model with the quickstart's settings; prints the mean change in log π(chosen) over
# all training pairs. Results and reading: docs/repro-displacement.md, Result 5.
# Usage: scripts/ches-percentiles.sh [OUT_DIR] [KEEP_FRACTION]   (about two minutes on two cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/ches-percentiles}
keep=${2:-0.15}
data=assets/preferences/train.jsonl
mkdir -p "$out"
dotnet build src/Plumb.Cli -v q -nologo > /dev/null
plumb() { dotnet src/Plumb.Cli/bin/Debug/net10.0/Plumb.Cli.dll "$@"; }

total=$(grep -c . "$data")
subset=$(python3 -c "import math; print(math.ceil($keep * $total))" 2>/dev/null \
    || awk -v k="$keep" -v n="$total" 'BEGIN { x = k * n; print (x == int(x)) ? x : int(x) + 1 }')
all_steps=150   # the quickstart's DPO run: 150 steps of 16 pairs, lr 5e-4, linear decay after 10% warmup
sub_steps=$(( (all_steps * subset + total / 2) / total ))   # as many epochs as the run on all pairs

plumb ches --model assets/tiny --data "$data" --out "$out/scores.jsonl" > /dev/null 2>&1

train() { # name data steps
    rm -rf "$out/$1"
    plumb train dpo --model assets/tiny --data "$2" --output "$out/$1" --learning-rate 5e-4 \
        --per-device-train-batch-size 16 --max-steps "$3" --lr-scheduler-type linear --warmup-ratio 0.1 \
        --beta 0.1 --precompute-ref --cache-dir "$out/cache" --save-steps 0 --eval-split 0 --threads 1 \
        --seed 1 > "$out/$1.log" 2>&1
    plumb rank --model "$out/$1" --reference assets/tiny --data "$data" --run "$out/$1" > /dev/null 2>&1
    printf '%-22s %5s pairs %4s steps  ' "$1" "$(grep -c . "$2")" "$3"
    tr -d ' \n' < "$out/$1/rank.json" | grep -o '"displacement":{[^}]*}' | tr ',' ' '
}

train all "$data" "$all_steps"
for q in 0 0.25 0.5 0.75 1; do
    plumb filter --by ches --scores "$out/scores.jsonl" --data "$data" --keep-fraction "$keep" \
        --quantile "$q" --out "$out/kept-q$q.jsonl" > /dev/null
    train "ln-ches-q$q" "$out/kept-q$q.jsonl" "$sub_steps"
done
shuf -n "$subset" --random-source=<(yes) "$data" > "$out/random.jsonl"
train random "$out/random.jsonl" "$sub_steps"
