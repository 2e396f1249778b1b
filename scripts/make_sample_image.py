#!/usr/bin/env python3
"""Draws static/sample.png: the built-in input image of Groupwise.

A 128x128 synthetic scene made for convolution filters: a smooth sky gradient
(blur leaves it, Sobel y sees a gentle slope), a sun disk (round edges in every
direction), a red square (straight vertical and horizontal edges: Sobel x vs y),
a green triangle (diagonal edges), vertical and horizontal stripes (one Sobel
each), a checkerboard (Laplacian lights up) and a darker ground. Every colour
channel differs, so the R, G and B input channels look different.

Pure Python (zlib only), deterministic: running it again gives the same bytes.
The project made this image; it may be used freely (CC0).

    python3 scripts/make_sample_image.py   # writes static/sample.png
"""
import os
import struct
import zlib

W = H = 128


def pixel(x, y):
    """RGB of pixel (x, y), later shapes drawn over earlier ones."""
    # Sky: blue at the top fading to pale near the horizon; ground below.
    t = y / 80
    r, g, b = int(60 + 150 * t), int(110 + 110 * t), int(220 + 30 * t)
    if y >= 88:
        r, g, b = 70 + (x // 2) % 8, 120 - (y - 88), 50
    # Sun: a yellow disk.
    if (x - 98) ** 2 + (y - 24) ** 2 <= 14 ** 2:
        r, g, b = 250, 210, 40
    # Red square.
    if 14 <= x < 46 and 40 <= y < 72:
        r, g, b = 210, 40, 50
    # Green triangle (apex up).
    if 60 <= y < 96 and abs(x - 78) <= (y - 60) * 0.6:
        r, g, b = 40, 170, 80
    # Vertical stripes (white/navy): strong Sobel x.
    if 8 <= x < 40 and 100 <= y < 122:
        r, g, b = (240, 240, 240) if (x // 4) % 2 == 0 else (30, 30, 90)
    # Horizontal stripes (orange/purple): strong Sobel y.
    if 48 <= x < 80 and 100 <= y < 122:
        r, g, b = (250, 150, 30) if (y // 4) % 2 == 0 else (110, 40, 140)
    # Checkerboard: edges in both directions, the Laplacian's favourite.
    if 88 <= x < 120 and 100 <= y < 122:
        v = 230 if ((x // 4) + (y // 4)) % 2 == 0 else 20
        r, g, b = v, v, v
    return r, g, b


def png(width, height, rows):
    """A minimal RGB PNG; each row uses the Sub filter, which suits gradients."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = bytearray()
    for row in rows:
        raw.append(1)  # filter type 1: Sub
        prev = (0, 0, 0)
        for px in row:
            raw.extend((c - p) & 0xFF for c, p in zip(px, prev))
            prev = px
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def main():
    rows = [[pixel(x, y) for x in range(W)] for y in range(H)]
    out = os.path.join(os.path.dirname(__file__), "..", "static", "sample.png")
    data = png(W, H, rows)
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {os.path.normpath(out)}: {W}x{H}, {len(data)} bytes")


if __name__ == "__main__":
    main()
