#!/usr/bin/env bash
# Waits for a Kubernetes Job to end, whichever way it ends:
#   wait-job.sh NAMESPACE JOB [TIMEOUT_SECONDS]
# exit 0 when the Job's Complete condition is True; exit 1 when its Failed condition is True (after printing the
# reason and the last log lines of the Job's pods), or when TIMEOUT_SECONDS (default 21600) pass first.
# Complete and Failed are a Job's two terminal conditions (Kubernetes: Jobs, "Job termination and cleanup"); the
# interim ones of 1.31+ (SuccessCriteriaMet, FailureTarget) are not waited for. Nothing here depends on the Job's
# containers, so a Job with more than one (e.g. the backup's locking step) is waited for the same way.
# `kubectl wait --for=condition=complete` alone would sit out the whole timeout on a Job that already failed.
set -euo pipefail

ns=$1
job=$2
timeout=${3:-21600}
interval=${WAIT_JOB_INTERVAL_SECONDS:-15}
deadline=$((SECONDS + timeout))

logs() {
  # every pod of the Job (a retried Job has several), every container, the tail of each
  kubectl -n "$ns" logs -l "job-name=$job" --all-containers --prefix --tail=100 >&2 || true
}

while :; do
  json=$(kubectl -n "$ns" get "job/$job" -o json)
  true_conditions=$(jq -r '.status.conditions // [] | .[] | select(.status == "True") | .type' <<<"$json")
  if grep -qx Complete <<<"$true_conditions"; then
    echo "job/$job complete"
    exit 0
  fi
  if grep -qx Failed <<<"$true_conditions"; then
    why=$(jq -r '.status.conditions[] | select(.type == "Failed") | "\(.reason // "no reason"): \(.message // "")"' \
      <<<"$json")
    echo "job/$job failed ($why); the last log lines of its pods:" >&2
    logs
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "job/$job neither completed nor failed within ${timeout} s; the last log lines of its pods:" >&2
    logs
    exit 1
  fi
  sleep "$interval"
done
