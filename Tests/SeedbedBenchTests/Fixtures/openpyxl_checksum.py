#!/usr/bin/env python3
"""openpyxl's side of the xlsx benchmark test.

  openpyxl_checksum.py FILE  the benchmark checksum in openpyxl's read-only mode: the sum of column 1 plus the
                             length of every text cell, header row excluded, as {"rows": N, "checksum": C}
"""
import json
import sys

from openpyxl import load_workbook


def checksum(path):
    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    total = 0
    rows = 0
    for values in ws.iter_rows(min_row=2, values_only=True):
        rows += 1
        for value in values:
            if isinstance(value, str):
                total += len(value)
        total += int(values[0])
    print(json.dumps({"rows": rows, "checksum": total}))


if __name__ == "__main__":
    if len(sys.argv) == 2:
        checksum(sys.argv[1])
    else:
        sys.exit(__doc__)
