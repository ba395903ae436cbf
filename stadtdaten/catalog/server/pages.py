"""The human-readable catalogue: search, dataset pages with the data dictionary, latest report, MQA score.

Plain server-rendered HTML: semantic landmarks, a skip link, labelled search, tables with captions and
``scope``d headers, visible focus, WCAG 2.1 AA colours, no JavaScript needed. German or English.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from stadtdaten.catalog.local import CatalogEntry, SearchHit
from stadtdaten.core.i18n import Translator
from stadtdaten.core.report import DatasetResult

CSS = """
:root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#ffffff;--accent:#00557a;--line:#c8c8c8;--ok:#1b5e20;--warn:#7a4a00;--err:#b00020}
*{box-sizing:border-box}body{font:1rem/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0}
a{color:var(--accent)}a:focus,button:focus,input:focus{outline:3px solid #ffbf47;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,footer{max-width:64rem;margin:0 auto;padding:1rem}header{border-bottom:1px solid var(--line)}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}.muted{color:var(--muted)}
form.search{display:flex;gap:.5rem;margin:1rem 0}form.search input{flex:1;padding:.5rem;border:2px solid var(--muted);font-size:1rem}
form.search button{padding:.5rem 1rem;background:var(--accent);color:#fff;border:0;font-size:1rem}
ul.results{list-style:none;padding:0}ul.results li{border-bottom:1px solid var(--line);padding:.75rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}
.badge{display:inline-block;padding:.1rem .5rem;border:1px solid currentColor;border-radius:.25rem;font-size:.9rem}
.passed{color:var(--ok)}.warning{color:var(--warn)}.failed{color:var(--err)}mark{background:#fff3b0;color:var(--fg)}
nav.lang{float:right}
"""


def _t(translator: Translator, text: str) -> str:
    return escape(translator.pgettext("server", text))


def layout(translator: Translator, title: str, body: str, *, alternates: dict[str, str] | None = None, query: str = "") -> str:
    lang = translator.language
    other = "en" if lang == "de" else "de"
    links = "".join(
        f'<link rel="alternate" type="{escape(media)}" href="{escape(href)}">' for media, href in (alternates or {}).items()
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>{links}<style>{CSS}</style></head>
<body>
<a class="skip" href="#main">{_t(translator, "Skip to content")}</a>
<header>
<nav class="lang" aria-label="{_t(translator, "Language")}"><a href="?{urlencode({"lang": other, **({"q": query} if query else {})})}" hreflang="{other}" lang="{other}">{"English" if other == "en" else "Deutsch"}</a></nav>
<p><a href="/">{_t(translator, "Open data catalogue")}</a></p>
<form class="search" role="search" action="/" method="get">
<label for="q">{_t(translator, "Search datasets")}</label>
<input id="q" name="q" type="search" value="{escape(query)}">
<input type="hidden" name="lang" value="{lang}">
<button type="submit">{_t(translator, "Search")}</button>
</form>
</header>
<main id="main">
{body}
</main>
<footer class="muted"><p>{_t(translator, "Machine-readable")}: <a href="/catalog.ttl">DCAT (Turtle)</a> · <a href="/catalog.rdf">RDF/XML</a> · <a href="/catalog.jsonld">JSON-LD</a></p></footer>
</body></html>
"""


def _marked(text: str | None) -> str:
    """Escape, then turn the search sentinels into <mark>."""
    return escape(text or "").replace("\x02", "<mark>").replace("\x03", "</mark>")


def home(
    translator: Translator, title: str, entries: list[CatalogEntry], hits: list[SearchHit] | None, query: str, lang: str
) -> str:
    if hits is not None:
        heading = translator.pgettext("server", "{count} results for “{query}”").format(count=len(hits), query=query)
        items = "".join(
            f'<li><h2><a href="/dataset/{quote(h.name)}?lang={lang}">{_marked(h.title_marked or h.title or h.name)}</a></h2>'
            f"<p>{_marked(h.snippet)}</p></li>"
            for h in hits
        )
        if not hits:
            items = f"<li>{_t(translator, 'No dataset matches. Try a shorter word.')}</li>"
        body = f'<h1>{escape(heading)}</h1><ul class="results">{items}</ul>'
    else:
        items = "".join(
            f'<li><h2><a href="/dataset/{quote(e.name)}?lang={lang}">{escape(e.title or e.name)}</a></h2>'
            f"<p>{escape((e.description or '')[:240])}</p>"
            f'<p class="muted">{escape(", ".join(e.keywords[:8]))}</p></li>'
            for e in entries
        )
        count = translator.pgettext("server", "{count} datasets").format(count=len(entries))
        body = f'<h1>{escape(title)}</h1><p class="muted">{escape(count)}</p><ul class="results">{items}</ul>'
    return layout(translator, title, body, alternates={"text/turtle": "/catalog.ttl"}, query=query)


def _label(kind: str, code: str, lang: str) -> str:
    """The vocabulary label of a theme or frequency code (the code itself when unknown)."""
    from stadtdaten.dcat import vocab

    try:
        iri = vocab.theme_iri(code) if kind == "theme" else vocab.frequency_iri(code)
        return vocab.label(iri, lang) or code
    except Exception:  # unknown codes are shown as they are
        return code


def _row(label: str, value: str) -> str:
    return f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' if value else ""


def dataset_page(
    translator: Translator,
    entry: CatalogEntry,
    report: DatasetResult | None,
    report_time: str | None,
    mqa: dict[str, Any] | None,
) -> str:
    d = entry.descriptor
    dcat = d.get("dcat") if isinstance(d.get("dcat"), dict) else {}
    assert isinstance(dcat, dict)
    lang = translator.language
    title = (dcat.get("title_en") if lang == "en" else None) or entry.title or entry.name
    description = (dcat.get("description_en") if lang == "en" else None) or entry.description or ""
    licenses = ", ".join(
        escape(str(x.get("title") or x.get("name") or x.get("path"))) for x in d.get("licenses") or [] if isinstance(x, dict)
    )
    publisher = dcat.get("publisher", {}).get("name", "") if isinstance(dcat.get("publisher"), dict) else ""
    contact = dcat.get("contact_point") if isinstance(dcat.get("contact_point"), dict) else {}
    assert isinstance(contact, dict)
    contact_html = ""
    if contact.get("email"):
        contact_html = f'<a href="mailto:{escape(contact["email"])}">{escape(contact["email"])}</a>'
    elif contact.get("url"):
        contact_html = f'<a href="{escape(contact["url"])}">{escape(contact["url"])}</a>'
    temporal = dcat.get("temporal") if isinstance(dcat.get("temporal"), dict) else {}
    assert isinstance(temporal, dict)
    period = " – ".join(str(temporal.get(k, "")) for k in ("start", "end") if temporal.get(k))
    spatial = dcat.get("spatial") if isinstance(dcat.get("spatial"), dict) else {}
    assert isinstance(spatial, dict)
    meta = "".join(
        [
            _row(_t(translator, "Publisher"), escape(publisher)),
            _row(_t(translator, "Contact"), contact_html),
            _row(_t(translator, "Licence"), licenses),
            _row(_t(translator, "Themes"), escape(", ".join(_label("theme", str(t), lang) for t in dcat.get("themes") or []))),
            _row(_t(translator, "Keywords"), escape(", ".join(entry.keywords))),
            _row(_t(translator, "Time period"), escape(period)),
            _row(
                _t(translator, "Area"),
                escape(" ".join(str(spatial.get(k, "")) for k in ("label", "geocoding") if spatial.get(k))),
            ),
            _row(
                _t(translator, "Update frequency"),
                escape(_label("frequency", str(dcat["accrual_periodicity"]), lang) if dcat.get("accrual_periodicity") else ""),
            ),
            _row(_t(translator, "Last modified"), escape(str(dcat.get("modified", "")))),
            _row(_t(translator, "Provenance"), escape(str(dcat.get("provenance", "")))),
        ]
    )
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(description)}</p>"]
    body.append(f"<table><caption>{_t(translator, 'About this dataset')}</caption><tbody>{meta}</tbody></table>")
    if mqa:
        score = translator.pgettext("server", "Metadata quality (MQA): {score} of {max} points, {rating}").format(**mqa)
        body.append(f"<h2>{_t(translator, 'Metadata quality')}</h2><p>{escape(score)}</p>")
    body.append(f"<h2>{_t(translator, 'Data and data dictionary')}</h2>")
    for resource in d.get("resources") or []:
        if not isinstance(resource, dict):
            continue
        name = escape(str(resource.get("title") or resource.get("name")))
        path = str(resource.get("path", ""))
        filename = path.replace("\\", "/").rsplit("/", 1)[-1]
        local = f"/dataset/{quote(entry.name)}/resource/{quote(str(resource.get('name', '')))}/download/{quote(filename)}"
        link = escape(path) if "://" in path else local
        body.append(f'<h3>{name}</h3><p><a href="{link}">{escape(path)}</a> ({escape(str(resource.get("format", "")))})</p>')
        schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else None
        if schema and isinstance(schema.get("fields"), list):
            rows = "".join(
                "<tr>"
                + f'<th scope="row">{escape(str(f.get("name", "")))}</th>'
                + "".join(f"<td>{escape(str(f.get(k, '')))}</td>" for k in ("type", "unit", "title", "description"))
                + "</tr>"
                for f in schema["fields"]
                if isinstance(f, dict)
            )
            head = "".join(
                f'<th scope="col">{_t(translator, h)}</th>' for h in ("Column", "Type", "Unit", "Title", "Description")
            )
            caption = translator.pgettext("server", "Data dictionary of {name}").format(
                name=resource.get("title") or resource.get("name")
            )
            body.append(f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    body.append(f"<h2>{_t(translator, 'Latest validation report')}</h2>")
    if report is None:
        body.append(f"<p>{_t(translator, 'This dataset has not been validated yet.')}</p>")
    else:
        counts = report.counts()
        result = "failed" if counts["error"] else ("warning" if counts["warning"] else "passed")
        summary = translator.pgettext("server", "{errors} errors, {warnings} warnings, {infos} notes ({when})").format(
            errors=counts["error"], warnings=counts["warning"], infos=counts["info"], when=report_time or ""
        )
        body.append(f'<p><span class="badge {result}">{_t(translator, result)}</span> {escape(summary)}</p>')
        if report.findings:
            rows = "".join(
                f"<tr><td>{escape(f.severity.value)}</td><td>{escape(f.code)}</td><td>{escape(f.location.describe())}</td>"
                f"<td>{escape(f.message(translator))}</td></tr>"
                for f in report.findings[:50]
            )
            head = "".join(f'<th scope="col">{_t(translator, h)}</th>' for h in ("Severity", "Code", "Where", "Message"))
            body.append(
                f"<table><caption>{_t(translator, 'Findings (first 50)')}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
    alternates = {
        "text/turtle": f"/dataset/{quote(entry.name)}.ttl",
        "application/rdf+xml": f"/dataset/{quote(entry.name)}.rdf",
        "application/ld+json": f"/dataset/{quote(entry.name)}.jsonld",
    }
    links = " · ".join(f'<a href="{href}">{escape(media)}</a>' for media, href in alternates.items())
    body.append(f'<p class="muted">DCAT-AP.de: {links}</p>')
    return layout(translator, title, "\n".join(body), alternates=alternates)


def not_found(translator: Translator, what: str) -> str:
    body = f'<h1>{_t(translator, "Not found")}</h1><p>{escape(what)}</p><p><a href="/">{_t(translator, "Back to the catalogue")}</a></p>'
    return layout(translator, "404", body)
