#!/usr/bin/env python3
"""solr_standin.py -- a small stand-in for the part of Apache Solr's HTTP API
that CKAN (2.9 - 2.12) uses through pysolr.  stdlib only (optionally uses
`snowballstemmer` for the English stemming CKAN's schema asks for).

stadtdaten's copy for its CKAN *test* stack (scripts/ckan-stack/up.sh): it is
NOT Apache Solr and not meant for production; see README.md beside this file
for what it does and does not do.  Loopback addresses only.

Run:  python solr_standin.py --port 8983 --schema .../ckan/config/solr/schema.xml \
          [--data index.sqlite3]
CKAN: solr_url = http://127.0.0.1:8983/solr/ckan

What it serves (any path prefix before the handler is a "core"):
  GET  <core>/schema?wt=schema.xml, <core>/admin/file?file=schema.xml  -> the schema file
  GET  <core>/schema[/name|/version|/fields]                            -> JSON
  GET  <core>/admin/ping                                                -> {"status":"OK"}
  POST <core>/update[/json[/docs]]   JSON docs / JSON commands / XML <add>,<delete>,<commit>
  GET|POST <core>/select             q, fq*, rows, start, sort, fl, defType (lucene, dismax,
                                     edismax), qf, mm, tie, q.op, df, facet, facet.field*,
                                     facet.query*, facet.limit/mincount/sort/offset/prefix
                                     (also f.<field>.facet.*), wt=json

The field model (types, stored/indexed, multiValued, dynamic fields, copyField,
uniqueKey, required) is read from the schema.xml given with --schema, so it
follows the CKAN release it comes from.  Text analysis is an approximation of
Solr's (whitespace + word-delimiter + lowercase + Snowball English + ASCII
folding; n-grams for *_ngram).  Relevance is a simple BM25-like score.
Documents are visible right after /update (like autoSoftCommit); with --data
they are kept in SQLite and reloaded on start.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import logging
import math
import re
import sqlite3
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

log = logging.getLogger("solr-standin")

# --------------------------------------------------------------------------
# errors


class SolrError(Exception):
    def __init__(self, msg, code=400):
        super().__init__(msg)
        self.msg = msg
        self.code = code


def syntax_error(text, why):
    return SolrError("org.apache.solr.search.SyntaxError: Cannot parse '%s': %s"
                     % (text, why))


# --------------------------------------------------------------------------
# text analysis

try:  # Snowball "English" (Porter2), the same algorithm Solr's filter uses
    import snowballstemmer  # type: ignore
    _stemmer = snowballstemmer.stemmer("english")
    _stem_lock = threading.Lock()

    def stem(word):
        with _stem_lock:
            return _stemmer.stemWord(word)
    STEMMER = "snowballstemmer"
except ImportError:  # pragma: no cover - crude fallback
    def stem(word):
        for suf, rep in (("ies", "i"), ("sses", "ss"), ("ing", ""), ("ed", ""),
                         ("s", "")):
            if word.endswith(suf) and len(word) - len(suf) >= 3 and not word.endswith("ss"):
                return word[: len(word) - len(suf)] + rep
        return word
    STEMMER = "builtin-light"

_FOLD_EXTRA = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
                             "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe",
                             "Œ": "OE", "þ": "th", "ð": "d"})


def ascii_fold(s):
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s.translate(_FOLD_EXTRA))
    return "".join(c for c in s if not unicodedata.combining(c))


_RUN_RE = re.compile(r"[^\W_]+")


def _wdf_parts(token, split_case):
    """Word-delimiter: split on non-alphanumerics, letter<->digit changes and
    (optionally) lower->Upper changes.  Returns [(part, is_digit)]."""
    if token.endswith(("'s", "'S", "\u2019s")):
        token = token[:-2]
    parts = []
    for run in _RUN_RE.findall(token):
        cur = run[0]
        for prev, ch in zip(run, run[1:]):
            if (prev.isdigit() != ch.isdigit()) or (
                    split_case and prev.islower() and ch.isupper()):
                parts.append(cur)
                cur = ch
            else:
                cur += ch
        parts.append(cur)
    return [(p, p.isdigit()) for p in parts]


class Analyzer:
    """Text analysis for one side (index or query) of one field type."""

    def __init__(self, kind, split_case=True, catenate=False, lower=True,
                 stem=False, fold=False, wdf=True, ngram=(2, 10)):
        self.kind = kind  # 'text' | 'ngram' | 'ws'
        self.split_case, self.catenate = split_case, catenate
        self.lower, self.stem, self.fold, self.wdf = lower, stem, fold, wdf
        self.ngram = ngram

    def _norm(self, t):
        if self.lower:
            t = t.lower()
        if self.stem:
            t = stem(t)
        if self.fold:
            t = ascii_fold(t)
        return t

    def __call__(self, value):
        """-> list of (position, term)"""
        value = str(value)
        if self.kind == "ngram":
            s = value.lower()
            lo, hi = self.ngram
            return [(0, s[i:i + n]) for n in range(lo, hi + 1)
                    for i in range(0, max(len(s) - n + 1, 0))]
        out, pos = [], 0
        for tok in value.split():
            if not self.wdf:
                out.append((pos, self._norm(tok)))
                pos += 1
                continue
            parts = _wdf_parts(tok, self.split_case)
            base = pos
            for i, (p, _) in enumerate(parts):
                out.append((base + i, self._norm(p)))
            if self.catenate and len(parts) > 1:
                # catenateWords / catenateNumbers on runs of the same kind
                i = 0
                while i < len(parts):
                    j = i
                    while j + 1 < len(parts) and parts[j + 1][1] == parts[i][1]:
                        j += 1
                    if j > i:
                        out.append((base + i,
                                    self._norm("".join(p for p, _ in parts[i:j + 1]))))
                    i = j + 1
            pos = base + max(len(parts), 1)
        return out


# --------------------------------------------------------------------------
# dates (Solr's DatePointField: ISO-8601 UTC with a trailing Z, ms precision,
# plus date math: NOW, +1DAY, -2MONTHS, /DAY ...)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_DATE_RE = re.compile(
    r"(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(Z|[+-]\d{2}:\d{2}(?::\d{2})?)")
_MATH_RE = re.compile(r"([+-])(\d+)([A-Z]+)|/([A-Z]+)")
_UNITS = {"YEAR": "years", "YEARS": "years", "MONTH": "months", "MONTHS": "months",
          "DAY": "days", "DAYS": "days", "DATE": "days", "HOUR": "hours",
          "HOURS": "hours", "MINUTE": "minutes", "MINUTES": "minutes",
          "SECOND": "seconds", "SECONDS": "seconds", "MILLI": "ms",
          "MILLIS": "ms", "MILLISECOND": "ms", "MILLISECONDS": "ms"}


def _add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))


def parse_date(s):
    """-> epoch milliseconds (int); raises SolrError."""
    s = s.strip()
    if s.startswith("NOW"):
        d, rest = dt.datetime.now(dt.timezone.utc), s[3:]
        d = d.replace(microsecond=d.microsecond // 1000 * 1000)
    else:
        m = _DATE_RE.match(s)
        if not m:
            raise SolrError("Invalid Date String:'%s'" % s)
        y, mo, da, h, mi, se, frac, off = m.groups()
        try:
            d = dt.datetime(int(y), int(mo), int(da), int(h), int(mi), int(se),
                            int((frac or "0").ljust(9, "0")[:6]), dt.timezone.utc)
            if off != "Z":
                sign = 1 if off[0] == "+" else -1
                hh, mm = int(off[1:3]), int(off[4:6])
                d -= sign * dt.timedelta(hours=hh, minutes=mm)
        except ValueError:
            raise SolrError("Invalid Date String:'%s'" % s)
        d = d.replace(microsecond=d.microsecond // 1000 * 1000)
        rest = s[m.end():]
    pos = 0
    while pos < len(rest):
        m = _MATH_RE.match(rest, pos)
        if not m or (m.group(3) or m.group(4)) not in _UNITS:
            raise SolrError("Invalid Date Math String:'%s'" % s)
        pos = m.end()
        if m.group(4):  # rounding
            u = _UNITS[m.group(4)]
            fields = ["years", "months", "days", "hours", "minutes", "seconds", "ms"]
            keep = fields.index(u)
            d = d.replace(
                month=d.month if keep >= 1 else 1, day=d.day if keep >= 2 else 1,
                hour=d.hour if keep >= 3 else 0, minute=d.minute if keep >= 4 else 0,
                second=d.second if keep >= 5 else 0,
                microsecond=d.microsecond if keep >= 6 else 0)
        else:
            n = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
            u = _UNITS[m.group(3)]
            if u == "years":
                d = _add_months(d, 12 * n)
            elif u == "months":
                d = _add_months(d, n)
            elif u == "ms":
                d += dt.timedelta(milliseconds=n)
            else:
                d += dt.timedelta(**{u: n})
    return (d - _EPOCH) // dt.timedelta(milliseconds=1)


def format_date(ms):
    d = _EPOCH + dt.timedelta(milliseconds=ms)
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    return s + (".%03dZ" % (ms % 1000) if ms % 1000 else "Z")


# --------------------------------------------------------------------------
# schema


class FieldType:
    def __init__(self, name, kind, multi=False, index_an=None, query_an=None):
        self.name, self.kind, self.multi = name, kind, multi
        self.index_an, self.query_an = index_an, query_an

    @property
    def tokenized(self):
        return self.kind in ("text", "ngram")


class Field:
    def __init__(self, name, ftype, stored=True, indexed=True, multi=None,
                 required=False, default=None):
        self.name, self.type = name, ftype
        self.stored, self.indexed = stored, indexed
        self.multi = ftype.multi if multi is None else multi
        self.required, self.default = required, default


def _bool(v, default):
    return default if v is None else v.lower() == "true"


class Schema:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.raw = f.read()
        root = ET.fromstring(self.raw)
        self.name = root.get("name", "")
        self.version = root.get("version", "")
        self.types = {}
        for ft in root.iter("fieldType"):
            self.types[ft.get("name")] = self._field_type(ft)
        self.fields, self.dynamic = {}, []
        for el in root.iter("field"):
            self.fields[el.get("name")] = self._field(el)
        for el in root.iter("dynamicField"):
            self.dynamic.append((el.get("name"), self._field(el)))
        # Solr tries longer dynamic patterns first
        self.dynamic.sort(key=lambda p: -len(p[0]))
        self.copy = [(el.get("source"), el.get("dest")) for el in root.iter("copyField")]
        self.unique_key = (root.findtext("uniqueKey") or "id").strip()
        self._cache = {}

    @staticmethod
    def _field_type(ft):
        name, cls = ft.get("name"), ft.get("class", "")
        multi = _bool(ft.get("multiValued"), False)
        short = cls.rsplit(".", 1)[-1]
        if short == "StrField":
            return FieldType(name, "string", multi)
        if short == "BoolField":
            return FieldType(name, "bool", multi)
        if "Date" in short:
            return FieldType(name, "date", multi)
        if any(k in short for k in ("Int", "Long")):
            return FieldType(name, "int", multi)
        if any(k in short for k in ("Float", "Double")):
            return FieldType(name, "float", multi)
        if short in ("TextField", "SortableTextField"):
            ans = {}
            for an in ft.findall("analyzer"):
                ans[an.get("type") or "both"] = an
            ia = ans.get("index", ans.get("both"))
            qa = ans.get("query", ans.get("both", ia))
            index_an, query_an = _analyzer(ia, True), _analyzer(qa, False)
            kind = "ngram" if index_an.kind == "ngram" else "text"
            return FieldType(name, kind, multi, index_an, query_an)
        log.warning("field type %s (%s) treated as string", name, cls)
        return FieldType(name, "string", multi)

    def _field(self, el):
        ftype = self.types.get(el.get("type"))
        if ftype is None:
            raise ValueError("unknown field type %r" % el.get("type"))
        multi = el.get("multiValued")
        return Field(el.get("name"), ftype, stored=_bool(el.get("stored"), True),
                     indexed=_bool(el.get("indexed"), True),
                     multi=None if multi is None else multi == "true",
                     required=_bool(el.get("required"), False),
                     default=el.get("default"))

    def field(self, name):
        f = self._cache.get(name)
        if f is None:
            f = self.fields.get(name)
            if f is None:
                for pat, proto in self.dynamic:
                    if _glob_match(pat, name):
                        f = Field(name, proto.type, proto.stored, proto.indexed,
                                  proto.multi, proto.required, proto.default)
                        break
            if f is None:
                raise SolrError("undefined field %s" % name)
            self._cache[name] = f
        return f


def _analyzer(an, index_side):
    if an is None:
        return Analyzer("text", wdf=False)
    tok = an.find("tokenizer")
    tcls = tok.get("class", "") if tok is not None else ""
    if "NGram" in tcls:
        return Analyzer("ngram", ngram=(int(tok.get("minGramSize", 1)),
                                        int(tok.get("maxGramSize", 2))))
    filters = [(f.get("class", "").rsplit(".", 1)[-1], f) for f in an.findall("filter")]
    names = [n for n, _ in filters]
    wdf = next((f for n, f in filters if n.startswith("WordDelimiter")), None)
    return Analyzer(
        "text",
        wdf=wdf is not None,
        split_case=wdf is not None and wdf.get("splitOnCaseChange", "1") == "1",
        catenate=index_side and wdf is not None and (
            wdf.get("catenateWords") == "1" or wdf.get("catenateNumbers") == "1"),
        lower=any(n.startswith("LowerCase") for n in names),
        stem=any(n.startswith(("SnowballPorter", "PorterStem", "EnglishMinimalStem",
                               "KStem")) for n in names),
        fold=any(n.startswith("ASCIIFolding") for n in names))


def _glob_match(pat, name):
    if pat == "*":
        return True
    if pat.startswith("*"):
        return name.endswith(pat[1:])
    if pat.endswith("*"):
        return name.startswith(pat[:-1])
    return pat == name


# --------------------------------------------------------------------------
# documents


class IndexedValue:
    """Indexed form of all values of one field of one doc.  Term positions are not
    kept (phrase queries re-analyse the values); n-gram fields keep only the
    lower-cased values (a gram matches iff it is a substring of the right length)."""
    __slots__ = ("values", "terms", "lowered")

    def __init__(self, values, terms, lowered=None):
        self.values = values        # native values (str / int ms / int / float / bool)
        self.terms = terms          # Counter term -> tf  (empty for n-gram fields)
        self.lowered = lowered      # n-gram fields: lower-cased values

    def all_terms(self, field):
        if self.lowered is None:
            return self.terms
        return Counter(t for v in self.values for _, t in field.type.index_an(v))


class Doc:
    __slots__ = ("key", "stored", "idx", "seq", "source")

    def __init__(self, key, stored, idx, seq, source):
        self.key, self.stored, self.idx, self.seq = key, stored, idx, seq
        self.source = source  # doc as accepted (for persistence)


def _to_native(field, v, doc_key):
    kind = field.type.kind
    if isinstance(v, dict):
        raise SolrError("ERROR: [doc=%s] Atomic/child-document updates are not supported"
                        " by the stand-in (field %s)" % (doc_key, field.name))
    try:
        if kind == "date":
            return parse_date(str(v))
        if kind == "int":
            if isinstance(v, bool):
                raise ValueError
            return int(str(v).strip())
        if kind == "float":
            return float(v)
        if kind == "bool":
            return v if isinstance(v, bool) else str(v).strip().lower() == "true"
    except (ValueError, SolrError) as e:
        msg = e.msg if isinstance(e, SolrError) else "For input string: \"%s\"" % v
        raise SolrError("ERROR: [doc=%s] Error adding field '%s'='%s' msg=%s"
                        % (doc_key, field.name, v, msg))
    if isinstance(v, bool):
        return "true" if v else "false"
    return v if isinstance(v, str) else json.dumps(v) if isinstance(v, (list, dict)) else str(v)


def _stored_out(field, vals):
    kind = field.type.kind
    out = [format_date(v) if kind == "date" else v for v in vals]
    return out if field.multi else out[0]


# --------------------------------------------------------------------------
# queries: node classes with .score(doc, core) -> float | None


class MatchAll:
    boost = 1.0

    def score(self, doc, core):
        return self.boost


class MatchNone:
    def score(self, doc, core):
        return None


class FieldQuery:
    """term / phrase / wildcard / regex / fuzzy / exists / range on one field"""

    def __init__(self, field, kind, value=None, boost=1.0, op_and=True,
                 lo=None, hi=None, incl_lo=True, incl_hi=True, fuzzy=2):
        self.field, self.kind, self.value, self.boost = field, kind, value, boost
        self.op_and = op_and
        self.lo, self.hi, self.incl_lo, self.incl_hi = lo, hi, incl_lo, incl_hi
        self.fuzzy = fuzzy
        self.q_terms = None   # analysed query terms [(pos, term)] for text fields
        self.pattern = None

    def prepare(self):
        f, k = self.field, self.kind
        ft = f.type
        if k in ("term", "phrase") and ft.tokenized:
            self.q_terms = ft.query_an(self.value)
            if not self.q_terms:
                return None          # analysed to nothing -> clause is dropped
        elif k in ("term", "phrase"):
            self.value = _to_query_native(f, self.value)
        elif k == "wildcard":
            pat = self.value
            if ft.tokenized:
                pat = ascii_fold(pat.lower()) if ft.query_an.fold else pat.lower()
            self.pattern = re.compile(_wildcard_to_re(pat), re.S)
        elif k == "regex":
            try:
                self.pattern = re.compile(self.value, re.S)
            except re.error as e:
                raise SolrError("invalid regular expression %r: %s" % (self.value, e))
        elif k == "range":
            self.lo = None if self.lo is None else _to_query_native(f, self.lo)
            self.hi = None if self.hi is None else _to_query_native(f, self.hi)
        return self

    def _bm25(self, tf, core, term):
        df = core.df.get((self.field.name, term), 0) or 1
        n = max(len(core.docs), 1)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return self.boost * idf * tf * 2.2 / (tf + 1.2)

    def score(self, doc, core):
        iv = doc.idx.get(self.field.name)
        k = self.kind
        if iv is None:
            return None
        if k == "exists":
            return self.boost if (iv.values or iv.terms) else None
        tok = self.field.type.tokenized
        if self.field.type.kind == "ngram" and k in ("term", "phrase"):
            lo, hi = self.field.type.index_an.ngram
            n = 0
            for _, t in self.q_terms:
                c = sum(v.count(t) for v in iv.lowered) if lo <= len(t) <= hi else 0
                if not c and (k == "phrase" or self.op_and):
                    return None
                n += c
            return self.boost * n * 2.2 / (n + 1.2) if n else None
        if k == "term" and tok:
            found = [(t, iv.terms.get(t, 0)) for _, t in self.q_terms]
            hits = [x for x in found if x[1]]
            if not hits or (self.op_and and len(hits) < len(found)):
                return None
            return sum(self._bm25(tf, core, t) for t, tf in hits)
        if k == "phrase" and tok:
            found = [iv.terms.get(t, 0) for _, t in self.q_terms]
            if not all(found):
                return None
            if len(self.q_terms) == 1:
                return self._bm25(found[0], core, self.q_terms[0][1])
            # all terms present: re-analyse the values to check positions
            p0 = self.q_terms[0][0]
            rel = [(p - p0, t) for p, t in self.q_terms]
            n = 0
            for v in iv.values:
                posmap = {}
                for p, t in self.field.type.index_an(v):
                    posmap.setdefault(t, set()).add(p)
                for start in posmap.get(rel[0][1], ()):
                    if all(start + off in posmap.get(t, ()) for off, t in rel[1:]):
                        n += 1
            return self._bm25(n, core, rel[0][1]) * len(rel) if n else None
        if k in ("term", "phrase"):
            n = iv.values.count(self.value)
            return self._bm25(n, core, self.value) if n else None
        if k in ("wildcard", "regex"):
            pool = iv.all_terms(self.field) if tok else (
                [str(v) for v in iv.values] if self.field.type.kind == "string" else [])
            return self.boost if any(self.pattern.fullmatch(t) for t in pool) else None
        if k == "fuzzy":
            pool = iv.all_terms(self.field) if tok else [v for v in iv.values
                                                         if isinstance(v, str)]
            target = self.value.lower() if tok else self.value
            return self.boost if any(_lev(target, t, self.fuzzy) for t in pool) else None
        if k == "range":
            pool = iv.all_terms(self.field) if tok else iv.values
            for v in pool:
                if self.lo is not None and (v < self.lo or (v == self.lo and not self.incl_lo)):
                    continue
                if self.hi is not None and (v > self.hi or (v == self.hi and not self.incl_hi)):
                    continue
                return self.boost
            return None
        return None


def _to_query_native(field, v):
    kind = field.type.kind
    try:
        if kind == "date":
            return parse_date(v)
        if kind == "int":
            return int(v)
        if kind == "float":
            return float(v)
        if kind == "bool":
            return v.lower() == "true"
    except ValueError:
        raise SolrError("Invalid Number: %s" % v)
    return v


def _wildcard_to_re(pat):
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if c == "\\" and i + 1 < len(pat):
            out.append(re.escape(pat[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    return "".join(out)


def _lev(a, b, maxd):
    if abs(len(a) - len(b)) > maxd:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > maxd:
            return False
        prev = cur
    return prev[-1] <= maxd


MUST, SHOULD, MUST_NOT = "+", "", "-"


class BoolQuery:
    def __init__(self, clauses, min_should=0, boost=1.0):
        self.clauses, self.min_should, self.boost = clauses, min_should, boost

    def score(self, doc, core):
        total, matched, has_must, has_should = 0.0, 0, False, False
        for occur, node in self.clauses:
            s = node.score(doc, core)
            if occur == MUST:
                has_must = True
                if s is None:
                    return None
                total += s
            elif occur == MUST_NOT:
                if s is not None:
                    return None
            else:
                has_should = True
                if s is not None:
                    matched += 1
                    total += s
        need = self.min_should or (1 if has_should and not has_must else 0)
        if matched < need:
            return None
        if not has_must and not has_should:
            # pure negative query: Solr adds *:* (we do it at every level)
            if not self.clauses:
                return None
            return self.boost
        return total * self.boost


class DisMax:
    def __init__(self, nodes, tie=0.0, boost=1.0):
        self.nodes, self.tie, self.boost = nodes, tie, boost

    def score(self, doc, core):
        scores = [s for s in (n.score(doc, core) for n in self.nodes) if s is not None]
        if not scores:
            return None
        m = max(scores)
        return (m + self.tie * (sum(scores) - m)) * self.boost


# --------------------------------------------------------------------------
# Lucene "classic" query parser subset (+ dismax / edismax front ends)

_SPECIAL_END = set(" \t\r\n\u3000()[]{}:^\"~!/")
CONJ_AND, CONJ_OR = "AND", "OR"
MOD_REQ, MOD_NOT = "+", "-"


class QueryParser:
    def __init__(self, core, text, df=None, default_and=False, qf=None, tie=0.0):
        self.core, self.schema = core, core.schema
        self.text, self.pos = text, 0
        self.df, self.default_and = df, default_and
        self.qf, self.tie = qf, tie   # [(field, boost)] -> unfielded terms use DisMax

    # -- helpers
    def err(self, why):
        raise syntax_error(self.text, why)

    def peek(self, n=1):
        return self.text[self.pos:self.pos + n]

    def ws(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n\u3000":
            self.pos += 1

    def keyword(self, word):
        t, p = self.text, self.pos
        if t.startswith(word, p):
            e = p + len(word)
            if e == len(t) or t[e] in " \t\r\n\u3000(\"":
                self.pos = e
                return True
        return False

    # -- grammar
    def parse(self):
        self.ws()
        q = self.query(None, top=True)
        self.ws()
        if self.pos < len(self.text):
            self.err("Encountered \"%s\" at column %d" % (self.text[self.pos], self.pos))
        return q

    def query(self, field, top=False):
        clauses = []
        while True:
            self.ws()
            if self.pos >= len(self.text) or (not top and self.peek() == ")"):
                break
            conj = None
            if self.keyword("AND") or (self.peek(2) == "&&" and self._adv(2)):
                conj = CONJ_AND
            elif self.keyword("OR") or (self.peek(2) == "||" and self._adv(2)):
                conj = CONJ_OR
            self.ws()
            mods = None
            if self.keyword("NOT"):
                mods = MOD_NOT
            elif self.peek() in ("+", "-", "!"):
                mods = MOD_REQ if self.peek() == "+" else MOD_NOT
                self.pos += 1
            self.ws()
            if self.pos >= len(self.text) or self.peek() == ")":
                if conj or mods:
                    self.err("Encountered \"<EOF>\" after an operator")
                break
            node = self.clause(field)
            self._add_clause(clauses, conj, mods, node)
        if not clauses:
            return None
        if len(clauses) == 1 and clauses[0][0] in (MUST, SHOULD):
            return clauses[0][1]
        return BoolQuery(clauses)

    def _adv(self, n):
        self.pos += n
        return True

    def _add_clause(self, clauses, conj, mods, node):
        # port of Lucene QueryParserBase.addClause
        if clauses and conj == CONJ_AND and clauses[-1][0] != MUST_NOT:
            clauses[-1][0] = MUST
        if clauses and self.default_and and conj == CONJ_OR and clauses[-1][0] != MUST_NOT:
            clauses[-1][0] = SHOULD
        if node is None:
            return
        prohibited = mods == MOD_NOT
        if not self.default_and:
            required = mods == MOD_REQ or (conj == CONJ_AND and not prohibited)
        else:
            required = not prohibited and conj != CONJ_OR
        if prohibited:
            occur = MUST_NOT
        else:
            occur = MUST if required else SHOULD
        clauses.append([occur, node])

    def clause(self, field):
        self.ws()
        start = self.pos
        # fielded?
        fname = None
        if self.peek() not in ("(", "\"", "[", "{", "/"):
            raw, _ = self._read_term()
            save = self.pos
            self.ws()
            if raw and self.peek() == ":":
                fname = raw
                self.pos += 1
                self.ws()
            else:
                self.pos = start
                _ = save
        cur_field = fname if fname is not None else field
        c = self.peek()
        if c == "(":
            self.pos += 1
            q = self.query(cur_field)
            self.ws()
            if self.peek() != ")":
                self.err("Encountered \"<EOF>\", expected \")\"")
            self.pos += 1
            return self._boost(q)
        if c == "\"":
            text = self._read_quoted()
            self._tilde()  # phrase slop: accepted, treated as an exact phrase
            node = self.make(cur_field, "phrase", text)
            return self._boost(node)
        if c in ("[", "{"):
            return self._boost(self._range(cur_field))
        if c == "/":
            end = self.pos + 1
            while end < len(self.text) and self.text[end] != "/":
                end += 2 if self.text[end] == "\\" else 1
            if end >= len(self.text):
                self.err("Lexical error: unterminated regular expression at column %d"
                         % self.pos)
            rx = self.text[self.pos + 1:end]
            self.pos = end + 1
            return self._boost(self.make(cur_field, "regex", rx))
        raw, wild = self._read_term()
        if not raw and not wild:
            self.err("Encountered \"%s\" at column %d" % (c or "<EOF>", self.pos))
        fuzzy = self._tilde()
        if fname == "*" and raw == "*":
            return self._boost(MatchAll())
        if wild:
            if wild == "*":
                node = self.make(cur_field, "exists", None)
            else:
                node = self.make(cur_field, "wildcard", wild)
        elif fuzzy is not None:
            node = self.make(cur_field, "fuzzy", raw, fuzzy=fuzzy)
        else:
            node = self.make(cur_field, "term", raw)
        return self._boost(node)

    def _read_term(self):
        """-> (unescaped text, wildcard pattern or None)"""
        t, i = self.text, self.pos
        out, pat, wild = [], [], False
        first = True
        while i < len(t):
            c = t[i]
            if c == "\\" and i + 1 < len(t):
                out.append(t[i + 1])
                pat.append("\\" + t[i + 1])
                i += 2
                first = False
                continue
            if c in _SPECIAL_END or (first and c in "+-"):
                break
            if c in "*?":
                wild = True
            out.append(c)
            pat.append(c)
            i += 1
            first = False
        self.pos = i
        return "".join(out), ("".join(pat) if wild else None)

    def _read_quoted(self):
        t, i = self.text, self.pos + 1
        out = []
        while i < len(t) and t[i] != "\"":
            if t[i] == "\\" and i + 1 < len(t):
                out.append(t[i + 1])
                i += 2
            else:
                out.append(t[i])
                i += 1
        if i >= len(t):
            self.err("Lexical error: unterminated quoted string")
        self.pos = i + 1
        return "".join(out)

    def _tilde(self):
        if self.peek() != "~":
            return None
        self.pos += 1
        m = re.match(r"\d+(\.\d+)?", self.text[self.pos:])
        if m:
            self.pos += m.end()
            v = float(m.group())
            return int(v) if v >= 1 else 2
        return 2

    def _boost(self, node):
        if self.peek() == "^":
            m = re.match(r"\^(\d+(\.\d+)?)", self.text[self.pos:])
            if not m:
                self.err("bad boost at column %d" % self.pos)
            self.pos += m.end()
            if node is not None:
                node.boost = getattr(node, "boost", 1.0) * float(m.group(1))
        return node

    def _range(self, field):
        incl_lo = self.peek() == "["
        self.pos += 1
        self.ws()
        lo = self._range_val()
        self.ws()
        if not self.keyword("TO"):
            self.err("expected TO in range query at column %d" % self.pos)
        self.ws()
        hi = self._range_val()
        self.ws()
        c = self.peek()
        if c not in ("]", "}"):
            self.err("expected ] or } at column %d" % self.pos)
        self.pos += 1
        return self.make(field, "range", None, lo=None if lo == "*" else lo,
                         hi=None if hi == "*" else hi, incl_lo=incl_lo, incl_hi=c == "]")

    def _range_val(self):
        if self.peek() == "\"":
            return self._read_quoted()
        t, i = self.text, self.pos
        out = []
        while i < len(t) and t[i] not in " \t\r\n]}":
            if t[i] == "\\" and i + 1 < len(t):
                out.append(t[i + 1])
                i += 2
            else:
                out.append(t[i])
                i += 1
        self.pos = i
        return "".join(out)

    # -- node construction
    def make(self, fname, kind, value, **kw):
        if fname is None:
            if self.qf:
                nodes = [n for n in (self._one(self.schema.field(f), kind, value, boost=b, **kw)
                                     for f, b in self.qf) if n is not None]
                return DisMax(nodes, self.tie) if nodes else None
            if not self.df:
                raise SolrError("no field name specified in query and no default "
                                "specified via 'df' param")
            fname = self.df
        if fname == "*" and kind == "exists":
            return MatchAll()
        return self._one(self.schema.field(fname), kind, value, **kw)

    def _one(self, field, kind, value, boost=1.0, **kw):
        if not field.indexed:
            return MatchNone()
        return FieldQuery(field, kind, value, boost=boost, op_and=self.default_and,
                          **kw).prepare()


def _mm(n, spec):
    """Solr's SolrPluginUtils.calculateMinShouldMatch"""
    spec = (spec or "").strip()
    if not spec:
        return n
    if "<" in spec:
        result = n
        for part in spec.split():
            ub, _, val = part.partition("<")
            if n > int(ub):
                result = _mm(n, val)
        return result
    if spec.endswith("%"):
        p = int(spec[:-1])
        r = int(p * n / 100)
        r = n + r if p < 0 else r
    else:
        r = int(spec)
        r = n + r if r < 0 else r
    return n if r > n else max(r, 0)


def _parse_qf(qf):
    out = []
    for part in (qf or "").split():
        f, _, b = part.partition("^")
        out.append((f, float(b) if b else 1.0))
    return out


_DISMAX_ESCAPE = re.compile(r"([\\!():^\[\]{}~*?/])")


def _local_params(text, params):
    """'{!type=x k=v k2='a b'}rest' -> ({key: [values]}, rest).  A bare first word is
    the parser type; $name dereferences a request parameter."""
    i, n, out, first = 2, len(text), {}, True
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            raise syntax_error(text, "unterminated local params")
        if text[i] == "}":
            return out, text[i + 1:]
        j = i
        while j < n and text[j] not in "= \t\r\n}":
            j += 1
        key = text[i:j]
        if j < n and text[j] == "=":
            j += 1
            if j < n and text[j] in "'\"":
                quote, j, val = text[j], j + 1, []
                while j < n and text[j] != quote:
                    if text[j] == "\\" and j + 1 < n:
                        j += 1
                    val.append(text[j])
                    j += 1
                value, j = "".join(val), j + 1
            else:
                k = j
                while j < n and text[j] not in " \t\r\n}":
                    j += 1
                value = text[k:j]
            if value.startswith("$"):
                value = params.get(value[1:], "")
            out.setdefault(key, []).append(value)
        elif first:
            out["type"] = [key]
        first = False
        i = j


def parse_query(core, text, params, default_type="lucene"):
    """Parse q/fq/facet.query text.  `params` = request params (last value wins).
    Local params ({!...}) are honoured when the default parser is lucene, as in Solr."""
    local = {}
    if default_type in ("lucene", "standard") and text.lstrip().startswith("{!"):
        local, text = _local_params(text.lstrip(), params)
        if "v" in local:
            text = local["v"][-1]
    p = dict(params)
    p.update({k: v[-1] for k, v in local.items()})
    qtype = p.get("type", default_type) if local else default_type
    default_and = p.get("q.op", "OR").upper() == "AND"
    df = p.get("df")
    if qtype == "bool":
        clauses = []
        for key, occur in (("must", MUST), ("filter", MUST), ("should", SHOULD),
                           ("must_not", MUST_NOT)):
            for v in local.get(key, []):
                node = QueryParser(core, v, df, default_and).parse()
                if node is not None:
                    clauses.append([occur, node])
        return BoolQuery(clauses) if clauses else MatchNone()
    if qtype in ("dismax", "edismax"):
        return _dismax(core, text, p, qtype)
    if qtype not in ("lucene", "standard"):
        raise SolrError("Unknown query parser '%s' (the stand-in knows lucene, dismax, "
                        "edismax, bool)" % qtype)
    node = QueryParser(core, text, df, default_and).parse()
    return node if node is not None else MatchNone()


def _dismax(core, q, p, deftype):
    if q is None or not q.strip():
        alt = p.get("q.alt")
        return parse_query(core, alt, p) if alt else MatchNone()
    text = q
    if deftype == "dismax":
        if text.count("\"") % 2:
            text = text.replace("\"", "")
        text = _DISMAX_ESCAPE.sub(r"\\\1", text)
        text = re.sub(r"(^|\s)[+-]+(\s|$)", " ", text)
        text = re.sub(r"\s+(AND|OR|NOT)\s*$", "", text).strip()
    qf = _parse_qf(p.get("qf")) or [(p.get("df") or "text", 1.0)]
    node = QueryParser(core, text, p.get("df"), default_and=False, qf=qf,
                       tie=float(p.get("tie", 0) or 0)).parse()
    if node is None:
        return MatchNone()
    if isinstance(node, BoolQuery):
        optional = sum(1 for o, _ in node.clauses if o == SHOULD)
        if optional:
            node.min_should = _mm(optional, p.get("mm", "100%"))
    return node


def parse_main_query(core, params):
    q = params.get("q")
    deftype = params.get("defType", "lucene") or "lucene"
    if deftype in ("lucene", "standard") and q is None:
        raise SolrError("missing query string (q)")
    return parse_query(core, q or "", params, deftype)


# --------------------------------------------------------------------------
# core (one index)


class Core:
    def __init__(self, name, schema, store=None):
        self.name, self.schema, self.store = name, schema, store
        self.docs = {}          # key -> Doc, insertion order == Lucene doc order
        self.df = Counter()     # (field, term) -> doc freq (for scoring)
        self.seq = 0
        self.version = int(time.time() * 1000) << 20

    # -- indexing
    def build(self, src):
        s = self.schema
        src = {k: v for k, v in src.items() if v is not None}
        key = src.get(s.unique_key)
        if isinstance(key, list):
            key = key[0] if key else None
        if key in (None, ""):
            raise SolrError("Document is missing mandatory uniqueKey field: %s"
                            % s.unique_key)
        key = str(key)
        values = {}
        for name, v in src.items():
            f = s.field(name)
            vals = v if isinstance(v, list) else [v]
            # null is skipped; "" is a real term for string fields, skipped for others
            vals = [x for x in vals if x is not None and
                    (x != "" or f.type.kind in ("string", "text"))]
            values[name] = (f, [_to_native(f, x, key) for x in vals])
        # copyField (sources are the doc's own fields only; no chaining)
        for srcpat, dest in s.copy:
            for name in list(src.keys()):
                if _glob_match(srcpat, name) and name in values:
                    sf, svals = values[name]
                    df = s.field(dest)
                    raw = [format_date(x) if sf.type.kind == "date" else x for x in svals]
                    conv = [_to_native(df, x, key) for x in raw]
                    if dest in values:
                        values[dest][1].extend(conv)
                    else:
                        values[dest] = (df, conv)
        # defaults and required
        for name, f in s.fields.items():
            if name not in values and f.default is not None:
                values[name] = (f, [_to_native(f, f.default, key)])
                src[name] = f.default if f.type.kind != "date" else format_date(
                    values[name][1][0])
            if f.required and not values.get(name, (None, []))[1]:
                raise SolrError("[doc=%s] missing required field: %s" % (key, name))
        stored, idx = {}, {}
        for name, (f, vals) in values.items():
            if len(vals) > 1 and not f.multi:
                raise SolrError("ERROR: [doc=%s] multiple values encountered for non "
                                "multiValued field %s: %s" % (key, name, vals))
            if f.stored and vals:
                stored[name] = _stored_out(f, vals)
            if f.indexed and vals:
                terms = Counter()
                if f.type.kind == "ngram":
                    idx[name] = IndexedValue(vals, terms, [str(v).lower() for v in vals])
                    continue
                if f.type.tokenized:
                    for v in vals:
                        terms.update(t for _, t in f.type.index_an(v))
                else:
                    for v in vals:
                        terms[v if not isinstance(v, bool) else str(v).lower()] += 1
                idx[name] = IndexedValue(vals, terms)
        return key, stored, idx, src

    def add(self, src, persist=True):
        key, stored, idx, src = self.build(src)
        if "_version_" in self.schema.fields:
            self.version += 1
            stored["_version_"] = str(self.version) if \
                self.schema.fields["_version_"].type.kind == "string" else self.version
        self._remove(key)
        self.seq += 1
        doc = Doc(key, stored, idx, self.seq, src)
        self.docs[key] = doc
        for name, iv in idx.items():
            for t in iv.terms:
                self.df[(name, t)] += 1
        if persist and self.store:
            self.store.put(self.name, key, self.seq, src)

    def _remove(self, key):
        doc = self.docs.pop(key, None)
        if doc is None:
            return False
        for name, iv in doc.idx.items():
            for t in iv.terms:
                k = (name, t)
                self.df[k] -= 1
                if self.df[k] <= 0:
                    del self.df[k]
        return True

    def delete_ids(self, ids):
        gone = [str(i) for i in ids if self._remove(str(i))]
        if gone and self.store:
            self.store.delete(self.name, gone)

    def delete_query(self, q):
        node = parse_query(self, q, {})
        self.delete_ids([d.key for d in list(self.docs.values())
                         if node.score(d, self) is not None])

    # -- searching
    def select(self, params):
        t0 = time.time()
        p1 = {k: v[-1] for k, v in params.items()}
        node = parse_main_query(self, p1)
        filters = []
        for fq in params.get("fq", []):
            if fq.strip():
                filters.append(parse_query(self, fq, p1))
        hits = []
        for d in self.docs.values():
            if any(f.score(d, self) is None for f in filters):
                continue
            s = node.score(d, self)
            if s is not None:
                hits.append((s, d))
        hits = self._sort(hits, p1.get("sort", "").strip())
        try:
            start = int(p1.get("start", 0) or 0)
            rows = int(p1.get("rows", 10) if p1.get("rows", "") != "" else 10)
        except ValueError as e:
            raise SolrError(str(e))
        if start < 0 or rows < 0:
            raise SolrError("'start' and 'rows' must not be negative")
        fl = self._fl(p1.get("fl", "*"))
        docs = [self._project(d, s, fl) for s, d in hits[start:start + rows]]
        resp = {"numFound": len(hits), "start": start, "numFoundExact": True,
                "docs": docs}
        if fl[1]:
            resp["maxScore"] = max((s for s, _ in hits), default=0.0)
        out = {"responseHeader": {"status": 0, "QTime": int((time.time() - t0) * 1000),
                                  "params": {k: (v if len(v) > 1 else v[0])
                                             for k, v in params.items()}},
               "response": resp}
        if p1.get("facet", "false").lower() in ("true", "on", "yes"):
            out["facet_counts"] = self._facets(params, p1, [d for _, d in hits])
        return out

    def _sort(self, hits, spec):
        hits.sort(key=lambda h: h[1].seq)       # Lucene doc order as final tiebreak
        if not spec:
            hits.sort(key=lambda h: -h[0])
            return hits
        crit = []
        for part in spec.split(","):
            bits = part.split()
            if not bits:
                continue
            if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
                raise SolrError("Can't determine a Sort Order (asc or desc) in sort spec "
                                "'%s', pos=%d" % (spec, len(part)))
            name, desc = bits[0], bits[1].lower() == "desc"
            if name != "score":
                if "(" in name:
                    raise SolrError("function sorts are not supported by the stand-in: %s"
                                    % name)
                f = self.schema.field(name)
                if f.multi:
                    raise SolrError("can not sort on multivalued field: %s" % name)
                if f.type.tokenized:
                    raise SolrError("can not sort on a field w/o docValues unless it is "
                                    "indexed=true uninvertible=true and the type supports "
                                    "Uninversion: %s" % name)
            crit.append((name, desc))
        for name, desc in reversed(crit):
            if name == "score":
                hits.sort(key=lambda h: h[0], reverse=desc)
                continue

            def val(h, name=name):
                iv = h[1].idx.get(name)
                return iv.values[0] if iv and iv.values else None
            present = [h for h in hits if val(h) is not None]
            missing = [h for h in hits if val(h) is None]
            present.sort(key=val, reverse=desc)
            hits = present + missing            # sortMissingLast
        return hits

    def _fl(self, fl):
        names = [n for n in re.split(r"[\s,]+", fl or "*") if n]
        want_score = "score" in names
        names = [n for n in names if n != "score"] or (["*"] if not want_score else [])
        return names, want_score

    def _project(self, doc, score, fl):
        names, want_score = fl
        out = {}
        for n in names:
            if n == "*" or "*" in n or "?" in n:
                rx = re.compile(_wildcard_to_re(n))
                for k, v in doc.stored.items():
                    if rx.fullmatch(k):
                        out[k] = v
            elif n in doc.stored:
                out[n] = doc.stored[n]
        if want_score:
            out["score"] = score
        return out

    def _facets(self, params, p1, docs):
        res = {"facet_queries": {}, "facet_fields": {}, "facet_ranges": {},
               "facet_intervals": {}, "facet_heatmaps": {}}
        for fq in params.get("facet.query", []):
            n = parse_query(self, fq, p1)
            res["facet_queries"][fq] = sum(1 for d in docs if n.score(d, self) is not None)
        for spec in params.get("facet.field", []):
            key, name = spec, spec
            m = re.match(r"\{!([^}]*)\}(.*)", spec)
            if m:
                name = key = m.group(2).strip()
                km = re.search(r"key=(\S+)", m.group(1))
                if km:
                    key = km.group(1)
            f = self.schema.field(name)

            def opt(o, default, name=name):
                return p1.get("f.%s.facet.%s" % (name, o), p1.get("facet." + o, default))
            limit = int(opt("limit", 100))
            mincount = int(opt("mincount", 0))
            offset = int(opt("offset", 0))
            sort = opt("sort", "count" if limit > 0 else "index")
            prefix = opt("prefix", None)
            counts = Counter()
            for d in docs:
                iv = d.idx.get(name)
                if iv:
                    counts.update(set(iv.all_terms(f)))
            if mincount <= 0:
                for other in self.docs.values():
                    iv = other.idx.get(name)
                    if iv:
                        for t in iv.all_terms(f):
                            counts.setdefault(t, 0)
            items = [(t, c) for t, c in counts.items() if c >= mincount and
                     (prefix is None or str(t).startswith(prefix))]
            if sort == "index":
                items.sort(key=lambda x: x[0])
            else:
                items.sort(key=lambda x: (-x[1], x[0]))
            items = items[offset:] if limit < 0 else items[offset:offset + limit]
            flat = []
            for t, c in items:
                if f.type.kind == "date":
                    t = format_date(t)
                elif f.type.kind == "bool":
                    t = str(t).lower()
                flat += [str(t) if not isinstance(t, str) else t, c]
            res["facet_fields"][key] = flat
        return res


# --------------------------------------------------------------------------
# persistence


class Store:
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS docs (core TEXT, key TEXT, seq INTEGER,"
                        " doc TEXT, PRIMARY KEY (core, key))")
        self.db.commit()

    def load(self):
        return self.db.execute("SELECT core, doc FROM docs ORDER BY core, seq").fetchall()

    def put(self, core, key, seq, doc):
        # seq is global and only grows, so reloading keeps Lucene-like doc order
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0)"
                        " + 1 FROM docs), ?)", (core, key, json.dumps(doc)))
        self.db.commit()

    def delete(self, core, keys):
        self.db.executemany("DELETE FROM docs WHERE core=? AND key=?",
                            [(core, k) for k in keys])
        self.db.commit()


# --------------------------------------------------------------------------
# HTTP


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, schema, store):
        super().__init__(addr, Handler)
        self.schema, self.store = schema, store
        self.cores = {}
        self.lock = threading.RLock()
        if store:
            for core, doc in store.load():
                self.core(core).add(json.loads(doc), persist=False)
            log.info("loaded %d docs from %s", sum(len(c.docs) for c in self.cores.values()),
                     "sqlite")

    def core(self, name):
        c = self.cores.get(name)
        if c is None:
            c = self.cores[name] = Core(name, self.schema, self.store)
            log.info("core %r created", name)
        return c


class Pairs(list):
    """a JSON object as its (key, value) pairs (keeps repeated keys)"""


def _multidict(pairs):
    out = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "solr-standin/0.1"

    def log_message(self, fmt, *args):
        log.debug("%s " + fmt, self.address_string(), *args)

    def _send(self, code, body, ctype="application/json;charset=utf-8"):
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, code, msg):
        log.warning("%s %s -> %d %s", self.command, self.path[:200], code, msg[:300])
        self._send(code, {"responseHeader": {"status": code, "QTime": 0},
                          "error": {"metadata": ["error-class",
                                                 "org.apache.solr.common.SolrException"],
                                    "msg": msg, "code": code}})

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._dispatch(b"")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self._dispatch(self.rfile.read(n) if n else b"")

    def _dispatch(self, body):
        url = urlsplit(self.path)
        path = url.path.rstrip("/")
        params = _multidict(parse_qsl(url.query, keep_blank_values=True))
        ctype = (self.headers.get("Content-Type") or "").lower()
        try:
            for suffix, fn in (("/admin/file", self.h_file), ("/admin/ping", self.h_ping),
                               ("/schema/name", self.h_schema), ("/schema/version", self.h_schema),
                               ("/schema/fields", self.h_schema), ("/schema", self.h_schema),
                               ("/select", self.h_select), ("/query", self.h_select),
                               ("/update/json/docs", self.h_update), ("/update/json", self.h_update),
                               ("/update", self.h_update)):
                if path.endswith(suffix):
                    core = path[: -len(suffix)] or "/"
                    with self.server.lock:
                        return fn(core, suffix, params, body, ctype)
            if path.endswith("/admin/cores"):
                return self._send(200, {"responseHeader": {"status": 0},
                                        "status": {c: {"name": c} for c in self.server.cores}})
            self._error(404, "no handler for %s" % url.path)
        except SolrError as e:
            self._error(e.code, e.msg)
        except Exception as e:  # pragma: no cover
            log.exception("internal error")
            self._error(500, "%s: %s" % (type(e).__name__, e))

    # -- handlers
    def h_file(self, core, suffix, params, body, ctype):
        if params.get("file", [""])[0] not in ("schema.xml", "managed-schema",
                                               "managed-schema.xml"):
            raise SolrError("Can not find: %s" % params.get("file", [""])[0], 404)
        self._send(200, self.server.schema.raw, "application/xml;charset=utf-8")

    def h_ping(self, core, suffix, params, body, ctype):
        self._send(200, {"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"})

    def h_schema(self, core, suffix, params, body, ctype):
        s = self.server.schema
        if params.get("wt", ["json"])[0] == "schema.xml":
            return self._send(200, s.raw, "application/xml;charset=utf-8")
        hdr = {"status": 0, "QTime": 0}
        if suffix == "/schema/name":
            return self._send(200, {"responseHeader": hdr, "name": s.name})
        if suffix == "/schema/version":
            return self._send(200, {"responseHeader": hdr, "version": float(s.version or 0)})
        fields = [{"name": n, "type": f.type.name, "stored": f.stored, "indexed": f.indexed,
                   "multiValued": f.multi} for n, f in s.fields.items()]
        if suffix == "/schema/fields":
            return self._send(200, {"responseHeader": hdr, "fields": fields})
        self._send(200, {"responseHeader": hdr, "schema": {
            "name": s.name, "version": float(s.version or 0), "uniqueKey": s.unique_key,
            "fields": fields,
            "dynamicFields": [{"name": p, "type": f.type.name} for p, f in s.dynamic],
            "copyFields": [{"source": a, "dest": b} for a, b in s.copy]}})

    def h_select(self, core, suffix, params, body, ctype):
        if body:
            for k, v in _multidict(parse_qsl(body.decode("utf-8"),
                                             keep_blank_values=True)).items():
                params.setdefault(k, []).extend(v)
        wt = params.get("wt", ["json"])[-1]
        if wt != "json":
            raise SolrError("the stand-in only answers wt=json (got wt=%s)" % wt)
        self._send(200, self.server.core(core).select(params))

    def h_update(self, core, suffix, params, body, ctype):
        t0 = time.time()
        c = self.server.core(core)
        text = body.decode("utf-8").strip() if body else ""
        if text.startswith("<"):
            self._update_xml(c, text)
        elif text:
            try:
                data = json.loads(text, object_pairs_hook=Pairs)
            except ValueError as e:
                raise SolrError("Cannot parse provided JSON: %s" % e)
            self._update_json(c, data, docs_only=suffix == "/update/json/docs")
        self._send(200, {"responseHeader": {"status": 0,
                                            "QTime": int((time.time() - t0) * 1000)}})

    @staticmethod
    def _obj(v):
        if isinstance(v, Pairs):
            return {k: Handler._obj(x) for k, x in v}
        if isinstance(v, list):
            return [Handler._obj(x) for x in v]
        return v

    def _update_json(self, c, data, docs_only=False):
        is_obj = isinstance(data, Pairs)
        if isinstance(data, list) and not is_obj:
            for d in data:
                if not isinstance(d, Pairs):
                    raise SolrError("unexpected JSON update body: list of non-objects")
                c.add(self._obj(d))
            return
        if not is_obj:
            raise SolrError("unexpected JSON update body")
        commands = {"add", "delete", "commit", "optimize", "rollback", "softCommit"}
        if docs_only or not all(k in commands for k, _ in data):
            c.add(self._obj(data))
            return
        for cmd, arg in data:
            arg = self._obj(arg)
            if cmd == "add":
                c.add(arg.get("doc", {}))
            elif cmd == "delete":
                for item in (arg if isinstance(arg, list) else [arg]):
                    if isinstance(item, dict):
                        if "id" in item:
                            c.delete_ids([item["id"]])
                        if "query" in item:
                            c.delete_query(item["query"])
                    else:
                        c.delete_ids([item])

    def _update_xml(self, c, text):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            raise SolrError("Invalid XML update: %s" % e)
        els = list(root) if root.tag == "update" else [root]
        for el in els:
            if el.tag == "add":
                for d in el.findall("doc"):
                    doc = {}
                    for fe in d.findall("field"):
                        if fe.get("update"):
                            raise SolrError("atomic updates are not supported by the "
                                            "stand-in")
                        doc.setdefault(fe.get("name"), []).append(fe.text or "")
                    c.add({k: (v if len(v) > 1 else v[0]) for k, v in doc.items()})
            elif el.tag == "delete":
                ids = [i.text for i in el.findall("id") if i.text]
                if ids:
                    c.delete_ids(ids)
                for q in el.findall("query"):
                    if q.text:
                        c.delete_query(q.text)
            elif el.tag in ("commit", "optimize", "rollback"):
                pass
            else:
                raise SolrError("Unexpected XML tag /%s" % el.tag)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8983)
    ap.add_argument("--schema", required=True, help="CKAN's ckan/config/solr/schema.xml")
    ap.add_argument("--data", help="SQLite file to keep the index in (default: memory only)")
    ap.add_argument("--log-level", default="INFO")
    a = ap.parse_args(argv)
    if not (a.host.startswith("127.") or a.host in ("localhost", "::1")):
        ap.error("the Solr stand-in serves loopback addresses only")
    logging.basicConfig(level=a.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    schema = Schema(a.schema)
    srv = Server((a.host, a.port), schema, Store(a.data) if a.data else None)
    log.info("schema %s (version %s), stemmer=%s, listening on http://%s:%d/solr/<core>",
             schema.name, schema.version, STEMMER, a.host, srv.server_address[1])
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
