"""Full-text search: German folding, compounds, ranking (bm25), snippets, and safety against FTS syntax."""

from __future__ import annotations

import pytest

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.catalog.local.folding import collapse, shadow_terms
from tests.catalog.conftest import MakeDataset


@pytest.fixture
def filled(catalog: LocalCatalog, make_dataset: MakeDataset) -> LocalCatalog:
    catalog.upsert_dataset(
        make_dataset(
            "stadtbaeume",
            title="Stadtbäume Bielefeld",
            description="Das Baumkataster: Standort, Gattung und Pflanzjahr aller Straßenbäume.",
            keywords=["Umwelt", "Grünflächen"],
            fields=[
                {"name": "baum_id", "type": "string", "description": "Nummer des Baums"},
                {"name": "gattung", "type": "string", "title": "Gattung", "description": "Botanische Gattung (lateinisch)"},
                {"name": "stammumfang_cm", "type": "integer", "description": "Stammumfang in Zentimetern"},
            ],
        )
    )
    catalog.upsert_dataset(
        make_dataset(
            "bevoelkerung",
            title="Bevölkerung nach statistischen Bezirken",
            description="Einwohnerinnen und Einwohner nach Geschlecht und Altersgruppe je Bezirk.",
            keywords=["Bevölkerung", "Statistik"],
            fields=[
                {"name": "bezirk", "type": "string", "description": "Statistischer Bezirk"},
                {"name": "altersgruppe", "type": "string"},
                {"name": "anzahl", "type": "integer", "description": "Zahl der Personen"},
            ],
            extra={"dcat": {"title_en": "Population by statistical district"}},
        )
    )
    catalog.upsert_dataset(
        make_dataset(
            "parken",
            title="Parkplatzbelegung (LoRaWAN)",
            description="Belegung der Parkplätze in der Innenstadt, gemessen von Sensoren; Bäume am Straßenrand "
            "werden nicht erfasst.",
            keywords=["Verkehr"],
            fields=[{"name": "zeitpunkt", "type": "datetime"}, {"name": "belegt", "type": "boolean"}],
        )
    )
    catalog.upsert_dataset(
        make_dataset(
            "strassenverzeichnis",
            title="Straßenverzeichnis",
            description="Alle Straßen Bielefelds mit Schlüssel.",
            fields=[{"name": "strasse", "type": "string"}, {"name": "baumbestand", "type": "integer"}],
        )
    )
    return catalog


def names(catalog: LocalCatalog, text: str) -> list[str]:
    return [hit.name for hit in catalog.search(text)]


def test_collapse_meets_every_spelling() -> None:
    assert collapse("Bäume") == collapse("Baeume") == collapse("BAUME") == collapse("baeume") == "baume"
    assert collapse("Straße") == collapse("Strasse") == "strasse"
    assert collapse("Grünflächen") == collapse("Gruenflaechen")
    # folding keeps prefixes prefixes, so prefix queries on folded text still work
    for word in ("Stadtbäume", "Bevölkerung", "Mauer", "Gruenflaechen"):
        for cut in range(1, len(word)):
            assert collapse(word).startswith(collapse(word[:cut])), (word, cut)


def test_shadow_terms_hold_compound_parts() -> None:
    terms = shadow_terms(["Stadtbäume"]).split()
    assert "stadtbaume" in terms and "baume" in terms
    assert not any(len(t) < 4 for t in terms)
    assert shadow_terms(["05711000"]).split() == ["05711000"]  # codes are not cut into parts


@pytest.mark.parametrize("query", ["bäume", "baeume", "Baeume", "BÄUME", "baume", "baum"])
def test_umlaut_spellings_and_compounds_find_the_trees(filled: LocalCatalog, query: str) -> None:
    assert names(filled, query)[0] == "stadtbaeume"


def test_eszett_and_ss_meet(filled: LocalCatalog) -> None:
    assert set(names(filled, "strasse")) == set(names(filled, "straße")) >= {"strassenverzeichnis", "stadtbaeume"}
    assert names(filled, "Straßenverzeichnis")[0] == "strassenverzeichnis"


def test_compound_part_inside_a_word(filled: LocalCatalog) -> None:
    assert "stadtbaeume" in names(filled, "kataster")  # Baumkataster
    assert "parken" in names(filled, "belegung")  # Parkplatzbelegung in the title


def test_title_hit_outranks_description_and_column_hits(filled: LocalCatalog) -> None:
    # "baum": in the trees' title (Stadtbäume), a column of the street list (baumbestand), the parking description
    assert names(filled, "baum") == ["stadtbaeume", "strassenverzeichnis", "parken"]
    # "bäume": a compound in the trees' title beats the whole word in the parking description
    assert names(filled, "bäume") == ["stadtbaeume", "parken"]
    scores = [hit.score for hit in filled.search("baum")]
    assert scores == sorted(scores, reverse=True)


def test_column_names_and_column_descriptions_are_searched(filled: LocalCatalog) -> None:
    assert names(filled, "stammumfang") == ["stadtbaeume"]
    assert names(filled, "zentimetern") == ["stadtbaeume"]
    assert names(filled, "lateinisch") == ["stadtbaeume"]
    hit = filled.search("altersgruppe")[0]
    assert hit.name == "bevoelkerung" and "columns" in hit.matched


def test_english_title_and_keywords(filled: LocalCatalog) -> None:
    assert names(filled, "population district") == ["bevoelkerung"]
    assert names(filled, "grünflächen") == ["stadtbaeume"]
    assert names(filled, "Gruenflaechen") == ["stadtbaeume"]


def test_every_word_must_match_else_any_word(filled: LocalCatalog) -> None:
    assert names(filled, "bäume innenstadt") == ["parken"]
    hits = filled.search("gattung lorawan")
    assert {h.name for h in hits} == {"stadtbaeume", "parken"} and not any(h.all_terms for h in hits)
    assert all(h.all_terms for h in filled.search("gattung"))


def test_prefixes(filled: LocalCatalog) -> None:
    assert names(filled, "bevö") == ["bevoelkerung"]
    assert names(filled, "bevoe") == ["bevoelkerung"]
    assert "bevoelkerung" in names(filled, "einw")


def test_snippets_mark_the_match_in_context(filled: LocalCatalog) -> None:
    hit = filled.search("pflanzjahr", mark=("<", ">"))[0]
    assert hit.snippet is not None and "<Pflanzjahr>" in hit.snippet
    hit = filled.search("baum", mark=("[", "]"))[0]
    assert hit.title_marked == "[Stadtbäume] Bielefeld"
    assert "[Baumkataster]" in (hit.snippet or "") and "[Straßenbäume]" in (hit.snippet or "")
    assert hit.to_dict()["matched"][0] == "title"


def test_snippet_keeps_punctuation_at_the_edges() -> None:
    from stadtdaten.catalog.local.folding import snippet

    assert snippet("Stadtbäume (Baumkataster)", ["baum"], ("[", "]"), width=4) == "[Stadtbäume] ([Baumkataster])"
    assert snippet("a b c d e f g h i j k Baum l m n o p", ["baum"], ("[", "]"), width=6) == "…j k [Baum] l m n…"
    assert snippet("nichts", ["baum"], ("[", "]")) is None


def test_fts_syntax_in_the_query_is_harmless(filled: LocalCatalog) -> None:
    for query in [
        '"',
        "*",
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "bäume*",
        "-bäume",
        "title:bäume",
        "'; DROP TABLE datasets; --",
        "{",
        "^",
    ]:
        filled.search(query)  # never raises
    assert names(filled, "bäume*")[0] == "stadtbaeume"
    assert filled.search("   ") == [] and filled.search("!!!") == []
    assert filled.count() == 4


def test_exact_id_comes_first(filled: LocalCatalog) -> None:
    assert names(filled, "parken")[0] == "parken"
    assert names(filled, "strassenverzeichnis")[0] == "strassenverzeichnis"


def test_limit_offset_and_origin(filled: LocalCatalog) -> None:
    everything = names(filled, "bäume")
    assert [h.name for h in filled.search("bäume", 1, offset=1)] == everything[1:2]
    assert filled.search("bäume", origin="harvested") == []


def test_index_follows_updates_and_reindex(filled: LocalCatalog, make_dataset: MakeDataset) -> None:
    filled.upsert_dataset(make_dataset("parken", title="Ladesäulen", description="E-Mobilität"), replace=True)
    assert "parken" not in names(filled, "parkplatz")
    assert names(filled, "ladesaeulen") == ["parken"]
    filled._conn.execute("DELETE FROM search")
    assert filled.search("ladesäulen") == []
    assert filled.reindex() == 4
    assert names(filled, "ladesäulen") == ["parken"]
    assert filled.check() == []
