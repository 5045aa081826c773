#!/usr/bin/env python3
"""Prints the characters the embedded UI font keeps: printable ASCII, all of
GB 2312 (the characters names mostly use) and every CJK character or
full-width sign in the product's Go sources given as arguments."""
import pathlib
import sys

chars = {chr(c) for c in range(0x20, 0x7F)}
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for root in sys.argv[1:]:
    for path in pathlib.Path(root).rglob("*.go"):
        if path.name.endswith("_test.go"):
            continue
        for ch in path.read_text(encoding="utf-8"):
            o = ord(ch)
            if 0x2E80 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F:
                chars.add(ch)
sys.stdout.write("".join(sorted(chars)))
