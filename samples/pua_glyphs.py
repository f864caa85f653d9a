"""The Private Use Area variant of a sample: Thai marks as the positioned-glyph code points
old Windows typesetting wrote."""

from __future__ import annotations


# ---------------------------------------------------------------------------
# Private Use Area variant: the positioned-glyph code points (U+F700-F71A) that old
# Windows Thai typesetting wrote into files instead of relying on the shaper.
# Printed it looks the same; the text layer then carries PUA characters.
# ---------------------------------------------------------------------------

ASCENDER = set("ปฝฟฬ")
DESCENDER_CUT = {"ญ": "\uf70f", "ฐ": "\uf700"}  # drop their tail above a lower vowel
DESCENDER_LOWER = set("ฎฏฤฦ")  # lower vowels go further down below these
UPPER_LEFT = {"\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703", "\u0e37": "\uf704",
              "\u0e31": "\uf710", "\u0e4d": "\uf711", "\u0e47": "\uf712"}
TONE_LEFT_LOW = {"\u0e48": "\uf705", "\u0e49": "\uf706", "\u0e4a": "\uf707", "\u0e4b": "\uf708", "\u0e4c": "\uf709"}
TONE_LOW = {"\u0e48": "\uf70a", "\u0e49": "\uf70b", "\u0e4a": "\uf70c", "\u0e4b": "\uf70d", "\u0e4c": "\uf70e"}
TONE_LEFT = {"\u0e48": "\uf713", "\u0e49": "\uf714", "\u0e4a": "\uf715", "\u0e4b": "\uf716", "\u0e4c": "\uf717"}
LOWER_LOW = {"\u0e38": "\uf718", "\u0e39": "\uf719", "\u0e3a": "\uf71a"}
UPPER_VOWELS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")
LOWER_VOWELS = set("\u0e38\u0e39\u0e3a")


def to_pua(text: str) -> str:
    out = list(text)
    base = None  # index of the consonant the marks sit on
    upper_seen = False
    for i, ch in enumerate(text):
        if "\u0e01" <= ch <= "\u0e2e":
            base, upper_seen = i, False
            continue
        if base is None:
            continue
        b = text[base]
        if ch in UPPER_VOWELS:
            if b in ASCENDER:
                out[i] = UPPER_LEFT[ch]
            upper_seen = True
        elif ch in TONE_LOW:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if upper_seen:
                if b in ASCENDER:
                    out[i] = TONE_LEFT[ch]
            elif nxt == "\u0e33":  # sara am's nikhahit takes the low slot; the tone stays high
                if b in ASCENDER:
                    out[i] = TONE_LEFT[ch]
            else:
                out[i] = TONE_LEFT_LOW[ch] if b in ASCENDER else TONE_LOW[ch]
        elif ch in LOWER_VOWELS:
            if b in DESCENDER_LOWER:
                out[i] = LOWER_LOW[ch]
            elif b in DESCENDER_CUT:
                out[base] = DESCENDER_CUT[b]
        else:
            base = None
    return "".join(out)


FROM_PUA = {v: k for table in (UPPER_LEFT, TONE_LEFT_LOW, TONE_LOW, TONE_LEFT, LOWER_LOW) for k, v in table.items()}
FROM_PUA.update({"\uf70f": "ญ", "\uf700": "ฐ"})
