"""Checks the scorer's summary (the last line of truth_eval.py's output, JSON) against the
targets the issues set, and says which one fails. Reads the summary on stdin."""

import json
import sys

# (key, comparison, bound, the issue that sets it); a key "a/b" is the ratio of two counts.
TARGETS = [
    ("task_recall", ">=", 0.95, "precision (10)"),
    ("false_errors", "<=", 0, "precision (10)"),
    ("diag_precision", ">=", 0.9, "precision (10)"),
    ("edge_recall", ">=", 0.97, "ordering (15)"),
    ("edge_precision", ">=", 0.98, "ordering (15)"),
    ("ordering_honoured", ">=", 0.95, "ordering (15)"),
    ("false_claims_found", ">=", 0.8, "claims (11)"),
    ("true_claims_flagged/claims_true", "<=", 0.02, "claims (11)"),
]


def main() -> int:
    lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
    if not lines:
        print("error: the scorer printed nothing", file=sys.stderr)
        return 1
    summary = json.loads(lines[-1])
    print(lines[-1])
    failed = []
    for key, op, bound, issue in TARGETS:
        if "/" in key:
            numerator, denominator = (summary.get(part) for part in key.split("/"))
            value = None if numerator is None or not denominator else numerator / denominator
        else:
            value = summary.get(key)
        if value is None:
            failed.append(f"{key} is missing from the summary")
            continue
        ok = value >= bound if op == ">=" else value <= bound
        if not ok:
            failed.append(f"{key} = {value} misses the target {op} {bound} of the {issue} issue")
    for line in failed:
        print(f"error: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
