#!/usr/bin/env python3
"""Builds the kiosk's CJK font subsets from Noto Sans CJK SC (SIL OFL 1.1).

The subset holds every character of GB 2312 (6,763 hanzi and its symbols), ASCII,
common punctuation and every character used in assets/forms/ and assets/text/,
so everything the kiosk ships renders from a small font. Rare name characters
outside it (the 生僻字 candidates) come from the full system font at run time
(fonts-noto-cjk), bold text from its bold face NotoSansCJK-Bold.ttc, so they
are as heavy as the rest (app/ui/core/text.c; tests/ui/test_text.c checks it).

Usage (needs fonts-noto-cjk and python3-fonttools):
    python3 assets/fonts/make-subset.py
Rerun after adding text to forms or strings; tests/ui checks the coverage.
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.dirname(HERE)
SOURCES = {
    "cunzhan-sc-regular.otf": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "cunzhan-sc-bold.otf": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}
SC_INDEX = 2  # "Noto Sans CJK SC" inside the collection


def gb2312_chars():
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def asset_chars():
    out = set()
    for pattern in ("forms/**/*.json", "text/**/*.txt", "forms/**/*.md"):
        for path in glob.glob(os.path.join(ASSETS, pattern), recursive=True):
            with open(path, encoding="utf-8") as f:
                out.update(f.read())
    return out


def main():
    chars = gb2312_chars() | asset_chars()
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    chars |= set("·•—–…‘’“”、。，．：；？！（）《》〈〉【】「」『』〔〕￥×÷±≤≥℃°％＋－＝／＼～　"
                 "①②③④⑤⑥⑦⑧⑨⑩←→↑↓✓✔✗✘★☆●○◎◆◇■□▲△▼▽")
    chars = sorted(c for c in chars if c.isprintable() or c == "\u3000")
    text_file = os.path.join(HERE, ".subset-chars.txt")
    with open(text_file, "w", encoding="utf-8") as f:
        f.write("".join(chars))
    for out, src in SOURCES.items():
        subprocess.run(["pyftsubset", src, "--font-number=%d" % SC_INDEX,
                        "--text-file=" + text_file, "--output-file=" + os.path.join(HERE, out),
                        "--layout-features=*", "--no-hinting",
                        "--name-IDs=*", "--name-languages=*"], check=True)
        print(out, os.path.getsize(os.path.join(HERE, out)), "bytes")
    os.unlink(text_file)
    print(len(chars), "characters")


if __name__ == "__main__":
    sys.exit(main())
