#!/usr/bin/env python3
"""Writes zlib_streams.json: raw DEFLATE streams made by zlib, for the inflater tests.

  make_zlib_streams.py     (re)writes zlib_streams.json beside this script

zlib is the reference encoder (it made the deflate data of nearly every .xlsx in the world), so the streams
cover what it emits: stored, fixed and dynamic blocks, every level and strategy, small windows, and sync and
full flushes in the middle of a stream. Each entry records the inflated size and CRC-32 to check against.
"""
import base64
import json
import os
import random
import zlib


def sheet_xml(rows):
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet><sheetData>']
    for i in range(rows):
        parts.append(f'<row r="{i + 1}"><c r="A{i + 1}"><v>{i}</v></c><c r="B{i + 1}" t="inlineStr"><is><t>企业{i}'
                     f'</t></is></c><c r="C{i + 1}"><v>{i * 1.5 + 4}</v></c></row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


def deflate(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY, wbits=-15, flush_every=None, flush=zlib.Z_SYNC_FLUSH):
    compressor = zlib.compressobj(level, zlib.DEFLATED, wbits, 8, strategy)
    if flush_every is None:
        return compressor.compress(data) + compressor.flush()
    out = b""
    for start in range(0, len(data), flush_every):
        out += compressor.compress(data[start:start + flush_every]) + compressor.flush(flush)
    return out + compressor.flush()


def main():
    rng = random.Random(2024)
    xml = sheet_xml(1500)
    noise = bytes(rng.getrandbits(8) for _ in range(12_000))
    mixed = b"".join(b"<t>" + bytes(rng.getrandbits(8) for _ in range(rng.randrange(60))) + b"</t>" * 3
                     for _ in range(300))
    cases = [
        ("empty", b"", {}),
        ("one byte", b"A", {}),
        ("sheet level 1", xml[:50_000], {"level": 1}),
        ("sheet level 6", xml, {"level": 6}),
        ("sheet level 9", xml[:50_000], {"level": 9}),
        ("sheet fixed codes", xml[:30_000], {"strategy": zlib.Z_FIXED}),
        ("sheet Huffman only", xml[:12_000], {"strategy": zlib.Z_HUFFMAN_ONLY}),
        ("sheet run-length", xml[:15_000], {"strategy": zlib.Z_RLE}),
        ("sheet stored", xml[:70_000], {"level": 0}),
        ("sheet 512-byte window", xml[:50_000], {"wbits": -9}),
        ("sheet sync flushes", xml[:40_000], {"flush_every": 997}),
        ("sheet full flushes", xml[:40_000], {"flush_every": 4096, "flush": zlib.Z_FULL_FLUSH}),
        ("incompressible", noise, {}),
        ("zeros", bytes(600_000), {"level": 9}),
        ("mixed", mixed, {}),
    ]
    streams = []
    for name, data, options in cases:
        streams.append({"name": name, "size": len(data), "crc32": zlib.crc32(data),
                        "deflate": base64.b64encode(deflate(data, **options)).decode()})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zlib_streams.json")
    with open(path, "w") as file:
        json.dump(streams, file, indent=0)
        file.write("\n")


if __name__ == "__main__":
    main()
