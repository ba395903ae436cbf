"""Check digits that turn a pattern match into a confident detection (fewer false positives)."""

from __future__ import annotations

import ipaddress
import math
from collections import Counter


def iban_valid(value: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    text = value.replace(" ", "").upper()
    if len(text) < 15 or len(text) > 34 or not text[:2].isalpha() or not text[2:4].isdigit():
        return False
    if text.startswith("DE") and len(text) != 22:
        return False
    rearranged = text[4:] + text[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def steuer_id_valid(value: str) -> bool:
    """Steuer-Identifikationsnummer: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit, and in the
    first ten digits exactly one digit occurs two or three times (§139b AO, layout since 2016)."""
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    counts = Counter(digits[:10])
    repeated = [d for d, n in counts.items() if n > 1]
    if len(repeated) != 1 or counts[repeated[0]] not in (2, 3):
        return False
    product = 10
    for char in digits[:10]:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    return check == int(digits[10])


def ip_kind(value: str) -> str | None:
    """``public`` / ``private`` for a valid IPv4/IPv6 address, else None."""
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
        return "private"
    return "public"


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    length = len(value)
    return -sum(n / length * math.log2(n / length) for n in counts.values())


def high_entropy(value: str) -> bool:
    """A token: long, mixed character classes with digits, close to the maximal entropy for its length.

    Plain words, hex hashes and placeholders (``0000…==``) stay below the bar; base64 keys do not.
    """
    if len(value) < 20:
        return False
    classes = sum((any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value)))
    if classes < 3:
        return False
    ceiling = math.log2(min(len(value), 64))
    return entropy(value) >= 0.8 * ceiling
