"""Checksums and range rules that decide whether a digit run is really PII (spec 03 §9.1).

Pure functions over digit strings: Luhn for cards, Verhoeff for Aadhaar, the SSA rules for US SSNs,
the NANP rule for North American phone numbers and the prefix rules of UK National Insurance numbers.
"""

from __future__ import annotations

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def digits_of(text: str) -> str:
    """Only the digits of `text`, in order."""
    return "".join(ch for ch in text if ch.isdigit())


def luhn_ok(digits: str) -> bool:
    """True when the Luhn (mod 10) checksum of a digit string passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def verhoeff_ok(digits: str) -> bool:
    """True when the Verhoeff checksum passes (the last digit is the check digit)."""
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(ch)]]
    return check == 0


def card_ok(digits: str) -> bool:
    """13–19 digits, first digit 2–6, not one repeated digit, Luhn passes."""
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1 and luhn_ok(digits)


def aadhaar_ok(digits: str) -> bool:
    """12 digits, first digit 2–9, Verhoeff passes."""
    return len(digits) == 12 and digits[0] in "23456789" and verhoeff_ok(digits)


def ssn_ok(digits: str) -> bool:
    """US SSN rules: area ∉ {000, 666, 900–999}, group ≠ 00, serial ≠ 0000."""
    if len(digits) != 9:
        return False
    area, group, serial = int(digits[:3]), digits[3:5], digits[5:]
    return area not in (0, 666) and area < 900 and group != "00" and serial != "0000"


def nanp_ok(digits: str) -> bool:
    """A 10-digit North American number (optionally with a leading 1): area and exchange start 2–9."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def ni_prefix_ok(prefix: str) -> bool:
    """The two letters of a UK National Insurance number are an allowed pair."""
    return prefix.upper() not in _NI_BAD_PREFIXES
