"""URBACT: the EU's city-network programme, its networks (with keywords and texts) and members.

``UrbactNetworks_complete_V2.csv`` has one row per network with ``Main.Key.Word``,
``Additionnal.key.words`` (slash-separated), Description, Aims and Activities;
``URBACT_Membership_GNidCorr_complete_V2.csv`` has one row per (network, city) with the
city's GeoNames id (``geonameId``), which links directly to GeoNames towns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from matcher.data.coop_io import (
    MalformedSourceError,
    is_missing,
    parse_coordinates,
    parse_year,
    read_source_csv,
    text,
)

NETWORKS_FILE = "UrbactNetworks_complete_V2.csv"
MEMBERS_FILE = "URBACT_Membership_GNidCorr_complete_V2.csv"
_COUNTRY_FIXES = {"UK": "GB", "EL": "GR"}
_NO_GEONAMEID = re.compile(r"^(GN)?0+$")

NETWORK_COLUMNS = [
    "code",
    "name",
    "main_keyword",
    "additional_keywords",
    "description",
    "aims",
    "activities",
    "start_year",
    "end_year",
    "phase",
    "row",
]
MEMBER_COLUMNS = [
    "network_code",
    "name",
    "ascii_name",
    "country_code",
    "role",
    "start_year",
    "geonameid",
    "latitude",
    "longitude",
    "row",
]


def parse_networks(path: Path) -> pd.DataFrame:
    """One row per URBACT network keyed by ``code`` (``Code_Network``), which must be unique."""
    raw = read_source_csv(
        path,
        [
            "Main.Key.Word",
            "Additionnal.key.words",
            "Name",
            "Code_Network",
            "Description",
            "Aims",
            "Activities",
            "Start",
            "End",
        ],
    )
    rows = []
    seen: set[str] = set()
    for r in raw.to_dict("records"):
        row = int(r["_row"])
        code = r["Code_Network"]
        if not code or not r["Name"]:
            raise MalformedSourceError(path, row, "a network needs Code_Network and Name")
        if code in seen:
            raise MalformedSourceError(path, row, f"duplicate Code_Network {code!r}")
        seen.add(code)
        rows.append(
            {
                "code": code,
                "name": r["Name"],
                "main_keyword": text(r["Main.Key.Word"]),
                "additional_keywords": text(r["Additionnal.key.words"]),
                "description": text(r["Description"]),
                "aims": text(r["Aims"]),
                "activities": text(r["Activities"]),
                "start_year": parse_year(r["Start"]),
                "end_year": parse_year(r["End"]),
                "phase": text(r.get("Phase", "")),
                "row": row,
            }
        )
    frame = pd.DataFrame(rows, columns=NETWORK_COLUMNS)
    for col in ("start_year", "end_year"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _geonameid(value: str, path: Path, row: int) -> int | None:
    """The GeoNames id; the source writes "GN00" where it found none."""
    if is_missing(value) or _NO_GEONAMEID.match(value):
        return None
    if not value.isdigit():
        raise MalformedSourceError(path, row, f"geonameId is not a number: {value!r}")
    return int(value)


def parse_members(path: Path) -> pd.DataFrame:
    """One row per (network, city); ``role`` is 'lead' or 'partner'."""
    raw = read_source_csv(
        path,
        [
            "Code_Network",
            "NameCity",
            "Country",
            "City.Statut",
            "Start",
            "geonameId",
            "asciiName",
            "lng_GN",
            "lat_GN",
        ],
    )
    rows = []
    for r in raw.to_dict("records"):
        row = int(r["_row"])
        if not r["Code_Network"] or not r["NameCity"] or not r["Country"]:
            raise MalformedSourceError(path, row, "a member needs Code_Network, NameCity, Country")
        status = r["City.Statut"].strip().lower()
        if status not in {"lead partner", "partner"}:
            raise MalformedSourceError(path, row, f"unknown City.Statut {r['City.Statut']!r}")
        lat, lon = parse_coordinates(r["lat_GN"], r["lng_GN"], path, row)
        country = r["Country"].strip().upper()
        rows.append(
            {
                "network_code": r["Code_Network"],
                "name": r["NameCity"],
                "ascii_name": text(r["asciiName"]),
                "country_code": _COUNTRY_FIXES.get(country, country),
                "role": "lead" if status == "lead partner" else "partner",
                "start_year": parse_year(r["Start"]),
                "geonameid": _geonameid(r["geonameId"], path, row),
                "latitude": lat,
                "longitude": lon,
                "row": row,
            }
        )
    frame = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    for col in ("start_year", "geonameid"):
        frame[col] = frame[col].astype("Int64")
    return frame
