#!/usr/bin/env python3
"""Turn a Grip NDJSON delivery into plain CSV tables for the sqlite3 peer.

    bench/ndjson_to_csv.py city.ndjson OUTDIR

Writes OUTDIR/activity.csv (the rows timed by the peer's `.import`) and the
small tables its SQL needs to place an activity in an area and to count a
person once per BSN: person.csv, address.csv, location.csv, area.csv. One
header row each; an absent field is an empty cell; `attributes` is kept as
compact JSON text; booleans are `true`/`false` as in the exchange format.
Other kinds (organisation, aggregate, motion, ...) are not needed and skipped.

Python 3 standard library only.
"""

import csv
import json
import os
import sys

COLUMNS = {
    "activity": ["id", "type", "date", "end_date", "person", "address", "organisation", "location", "area",
                 "parent", "count", "attributes"],
    "person": ["id", "bsn", "nationality", "birth_year", "brp"],
    "address": ["id", "postcode", "house_number", "suffix", "street", "city", "area"],
    "location": ["id", "type", "name", "area", "capacity", "opened", "closed"],
    "area": ["code", "name", "level", "parent", "priority", "inhabitants"],
}


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: ndjson_to_csv.py FILE.ndjson OUTDIR\n")
        return 2
    source, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    files, writers, counts = {}, {}, {}
    try:
        for kind, cols in COLUMNS.items():
            f = open(os.path.join(outdir, kind + ".csv"), "w", newline="", encoding="utf-8")
            files[kind] = f
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            writers[kind] = w
            counts[kind] = 0
        with open(source, "r", encoding="utf-8") as src:
            for number, line in enumerate(src, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    sys.stderr.write(f"{source}:{number}: not JSON: {e}\n")
                    return 1
                kind = record.get("kind")
                cols = COLUMNS.get(kind)
                if cols is None or record.get("deleted"):
                    continue
                writers[kind].writerow([cell(record.get(c)) for c in cols])
                counts[kind] += 1
    finally:
        for f in files.values():
            f.close()
    sys.stderr.write("ndjson_to_csv: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" -> {outdir}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
