"""The text of a PDF written by fpdf2 (govtech.core.pdf), read back through each font's ToUnicode map.

fpdf2 writes text with an embedded subset TrueType font: the content streams hold glyph codes, not
characters, so a plain ``b"Łódź" in pdf`` proves nothing. This reads the file the way a viewer's "copy
text" does: inflate the streams, follow ``/Fn size Tf`` to the font's ``/ToUnicode`` CMap, decode each
``(...) Tj`` string with it. It is only for the PDFs this portal writes (no xref streams, no TJ arrays).
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream$", re.S)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for number, body in OBJECT.findall(pdf):
        match = STREAM.match(body)
        if match is None:
            objects[int(number)] = (body, None)
            continue
        head, data = match.group(1), match.group(2)
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        objects[int(number)] = (head, data)
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    simple = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while i < len(raw):
        byte = raw[i]
        if byte != 0x5C:  # backslash
            out.append(byte)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt in simple:
            out += simple[nxt]
            i += 2
        elif 0x30 <= nxt <= 0x37:
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            assert digits is not None
            out.append(int(digits.group(0), 8) & 0xFF)
            i += 1 + len(digits.group(0))
        else:
            out.append(nxt)
            i += 2
    return bytes(out)


TOKEN = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)


def pdf_text(pdf: bytes) -> str:
    """Every string the pages show, one per line, in the order they are drawn."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _data in objects.values():
        for entries in re.findall(rb"/Font\s*<<(.*?)>>", head, re.S):
            for name, ref in re.findall(rb"/(\w+)\s+(\d+)\s+0\s+R", entries):
                font = objects[int(ref)][0]
                to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font)
                if to_unicode:
                    fonts[name] = _cmap(objects[int(to_unicode.group(1))][1] or b"")
    lines: list[str] = []
    for head, data in objects.values():
        if data is None or b"/Type /XObject" in head or b"begincmap" in data or b"/Length1" in head:
            continue
        current: dict[int, str] = {}
        for match in TOKEN.finditer(data):
            if match.group(1) is not None:
                current = fonts.get(match.group(1), {})
                continue
            raw = _unescape(match.group(2))
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            lines.append("".join(current.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)
