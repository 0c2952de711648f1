#!/usr/bin/env python3
"""Summarize Surefire XML reports of an RCK run.

Usage: summarize.py [--label 'RCK 1.11.0'] [--counts FILE] <surefire-reports-dir> [excluded-tests.txt]
Prints `<label>: <run> run, <passed> passed, <failed> failed, <skipped> skipped` (label
default `RCK`), then one line per failed test (`Class#method: first message line`); with
--counts also writes `<run> <passed> <failed> <skipped>` to FILE (run.sh adds the versions
up). Exit status 0 when nothing failed and at least one test ran, 1 otherwise.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET


def first_line(text, limit=300):
    """The message as one line: AssertJ spreads one message over several short lines
    ("Expecting actual:", "<value>", "to start with:", ...), so join the leading
    non-empty lines up to the first stack frame."""
    parts = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith("at ") or line.startswith("Caused by"):
            break
        if line:
            parts.append(line)
        if sum(len(p) + 1 for p in parts) >= limit:
            break
    joined = " ".join(parts)
    return joined if len(joined) <= limit else joined[: limit - 3] + "..."


def main():
    args = sys.argv[1:]
    label, counts_file = "RCK", None
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--label":
            label = args.pop(0)
        elif opt == "--counts":
            counts_file = args.pop(0)
        else:
            sys.exit(f"summarize.py: unknown option {opt}")
    reports = args[0]
    excluded_file = args[1] if len(args) > 1 else None
    files = sorted(glob.glob(os.path.join(reports, "TEST-*.xml")))
    if not files:
        print(f"{label}: no Surefire reports in {reports} (the build failed before tests ran?)")
        return 1

    run = passed = failed = skipped = 0
    failures = []
    seen = set()
    for path in files:
        root = ET.parse(path).getroot()
        for tc in root.iter("testcase"):
            cls = (tc.get("classname") or "").rsplit(".", 1)[-1]
            name = tc.get("name") or "(class setup)"
            seen.add(f"{cls}#{re.sub(r'[(].*$', '', name)}")
            run += 1
            problem = tc.find("failure")
            if problem is None:
                problem = tc.find("error")
            if problem is not None:
                failed += 1
                msg = first_line(problem.get("message")) or first_line(problem.text)
                kind = (problem.get("type") or "").rsplit(".", 1)[-1]
                failures.append(f"{cls}#{name}: {kind}: {msg}" if kind else f"{cls}#{name}: {msg}")
            elif tc.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1

    print(f"{label}: {run} run, {passed} passed, {failed} failed, {skipped} skipped")
    if counts_file:
        with open(counts_file, "w", encoding="utf-8") as out:
            out.write(f"{run} {passed} {failed} {skipped}\n")
    if failures:
        print("Failed tests:")
        for f in failures:
            print(f"  - {f}")

    # An exclusion that still shows up in the reports means the -Dtest filter did not apply.
    if excluded_file and os.path.exists(excluded_file):
        for line in open(excluded_file, encoding="utf-8"):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            spec = stripped.split()[0]
            if spec in seen:
                print(f"WARNING: excluded test {spec} ran anyway")
    return 0 if failed == 0 and run > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
