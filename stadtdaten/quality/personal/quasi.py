"""Quasi-identifiers (DS-PRIV-003): which columns locate, time and describe a person.

Roles come from column names and, where names are silent, from the values (street suffixes, house
numbers, clock times). A table is flagged when an exact location (street + house number, or point
coordinates) meets an exact time and at least one person attribute that is actually filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from stadtdaten.quality.personal.dictionary import matches

STREET_NAME = r"strasse|str|street|strassenname|vu_ort|unfallort|tatort|ort_strasse|adresse|anschrift|address"
HOUSE_NAME = r"hausnummer|hausnr|hnr|house_number|housenumber|vu_hoehe|hoehe_hausnummer"
TIME_NAME = r"uhrzeit|zeit|zeitpunkt|time|timestamp|zeitstempel|datetime|datum_uhrzeit"
DATE_NAME = r"datum|date|tag|unfalldatum|day"
AGE_NAME = r"alter|age|lebensalter|alter_in_jahren|\d+_alter_in_jahren|geburtsjahr|birth_year|jahrgang"
SEX_NAME = r"geschlecht|sex|gender"
NATIONALITY_NAME = r"staatsangehoerigkeit|nationalitaet|nationality|herkunftsland"
LAT_NAME = r"lat|latitude|breite|breitengrad|y_wgs84"
LON_NAME = r"lon|lng|long|longitude|laenge|laengengrad|x_wgs84"
EAST_NAME = r"rechtswert|easting|x_utm|ostwert|utm_x|x_koordinate|koordinate_x"
NORTH_NAME = r"hochwert|northing|y_utm|nordwert|utm_y|y_koordinate|koordinate_y"
STREET_VALUE = r"(?i)(stra(ss|ß)e|str\.?|weg|platz|allee|ring|gasse|damm|ufer|chaussee)\s*\d*[a-z]?$"
HOUSE_VALUE = r"^[0-9]{1,4} ?[a-zA-Z]?$"
CLOCK_VALUE = r"^[0-2]?[0-9]:[0-5][0-9](:[0-5][0-9])?$"


@dataclass
class Roles:
    street: list[str] = field(default_factory=list)
    house: list[str] = field(default_factory=list)
    time: list[str] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    traits: list[str] = field(default_factory=list)
    """Person attributes other than age (sex, nationality): age alone may describe an object (a turbine's age)."""
    coordinates: list[str] = field(default_factory=list)

    def address(self) -> bool:
        return bool(self.street and self.house)


def _share(series: pl.Series, pattern: str) -> float:
    if series.dtype != pl.String:
        return 0.0
    values = series.drop_nulls()
    if values.len() == 0:
        return 0.0
    sample = values.head(5000)
    share = sample.str.contains(pattern).mean()
    return float(share) if isinstance(share, int | float) else 0.0


def detect_roles(frame: pl.DataFrame) -> Roles:
    roles = Roles()
    for name in frame.columns:
        if name == "_row":
            continue
        series = frame[name]
        if series.null_count() == series.len():
            continue
        if matches(name, STREET_NAME) or _share(series, STREET_VALUE) >= 0.5:
            roles.street.append(name)
        elif matches(name, HOUSE_NAME) or (roles.street and _share(series, HOUSE_VALUE) >= 0.2):
            roles.house.append(name)
        elif (
            matches(name, TIME_NAME)
            or _share(series, CLOCK_VALUE) >= 0.8
            or (isinstance(series.dtype, pl.Datetime) and series.dt.minute().drop_nulls().n_unique() > 1)
        ):
            roles.time.append(name)
        elif matches(name, DATE_NAME) or series.dtype == pl.Date:
            roles.date.append(name)
        elif matches(name, AGE_NAME) or matches(name, SEX_NAME) or matches(name, NATIONALITY_NAME):
            roles.person.append(name)
            if not matches(name, AGE_NAME):
                roles.traits.append(name)
        elif matches(name, LAT_NAME) or matches(name, LON_NAME) or matches(name, EAST_NAME) or matches(name, NORTH_NAME):
            roles.coordinates.append(name)
    # a house-number column may come before the street column in the file
    if roles.street and not roles.house:
        for name in frame.columns:
            if (
                name not in roles.street
                and name != "_row"
                and _share(frame[name], HOUSE_VALUE) >= 0.2
                and not re.search(r"\d{5}", name)
            ):
                if name in roles.person or name in roles.time or name in roles.date or name in roles.coordinates:
                    continue
                roles.house.append(name)
                break
    return roles
