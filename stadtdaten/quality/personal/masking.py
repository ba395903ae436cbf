"""Masking of samples: findings show *that* a value is personal, never the value itself."""

from __future__ import annotations

import re


def mask(value: object, kind: str = "generic") -> str:
    text = str(value)
    if kind == "email" and "@" in text:
        local, _, domain = text.partition("@")
        host, _, tld = domain.rpartition(".")
        return f"{local[:1]}***@{host[:1]}***.{tld}" if host else f"{local[:1]}***@***"
    if kind in ("person-name", "name"):
        return " ".join(part[:1].upper() + "." for part in text.split())
    if kind == "token" or len(text) > 32:
        return text[:4] + "…" + f"({len(text)})"
    if kind in ("iban", "tax-id", "phone", "plate", "ip", "mac", "eui", "birth-date"):
        keep = 2 if len(text) > 6 else 1
        return text[:keep] + re.sub(r"[A-Za-z0-9]", "*", text[keep:-2]) + text[-2:] if len(text) > 6 else text[:1] + "***"
    if len(text) <= 4:
        return text[:1] + "***"
    return text[:3] + "…" + f"({len(text)})"
