"""ETMUN: memberships of European municipal networks (Covenant of Mayors, Cittaslow, UBC, ...).

Two files from the pgourdongeo thesis data: ``MembersETMUNGeocode.csv`` (one row per member,
``;``-separated, decimal-comma coordinates) and ``BD_ETMUN_OrganizationsWithMembersCities.csv``
(network metadata, cp1252). Only municipal members count as town evidence: the rows whose
``EntitySimplified`` is City or Municipality. Regions, counties, intermunicipal bodies,
associations and state bodies are skipped, because their seat is not the member.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from matcher.data.coop_io import (
    MalformedSourceError,
    parse_coordinates,
    parse_year,
    read_source_csv,
    text,
)

MEMBERS_FILE = "MembersETMUNGeocode.csv"
NETWORKS_FILE = "BD_ETMUN_OrganizationsWithMembersCities.csv"
MUNICIPAL_ENTITIES = frozenset({"City", "Municipality"})
_COUNTRY_FIXES = {"RKS": "XK", "UK": "GB", "EL": "GR"}

MEMBER_COLUMNS = [
    "network_code",
    "network_name",
    "full_name",
    "locality",
    "country_code",
    "entity",
    "entity_simplified",
    "status",
    "year",
    "latitude",
    "longitude",
    "municipal",
    "row",
]
NETWORK_COLUMNS = [
    "code",
    "name",
    "acronym",
    "main_keyword",
    "additional_keyword",
    "aims",
    "activities",
    "founded",
    "row",
]


def clean_country(value: str) -> str:
    """ISO2 code as written, stripped, upper-cased, with the source's odd codes fixed."""
    code = value.replace("\u00a0", "").strip().upper()
    return _COUNTRY_FIXES.get(code, code)


def parse_members(path: Path) -> pd.DataFrame:
    """One row per membership, with ``municipal`` telling whether it counts as a town."""
    raw = read_source_csv(
        path,
        [
            "Full_Name",
            "Locality_Siege",
            "CountryCode",
            "Statut",
            "Entity",
            "Year_of_Joining",
            "Network_Name",
            "Code_Network",
            "EntitySimplified",
            "lon",
            "lat",
        ],
    )
    rows = []
    for r in raw.to_dict("records"):
        row = int(r["_row"])
        if not r["Code_Network"] or not (r["Locality_Siege"] or r["Full_Name"]):
            raise MalformedSourceError(path, row, "a member needs Code_Network and a name")
        lat, lon = parse_coordinates(r["lat"], r["lon"], path, row)
        simplified = text(r["EntitySimplified"])
        rows.append(
            {
                "network_code": r["Code_Network"],
                "network_name": text(r["Network_Name"]),
                "full_name": text(r["Full_Name"]),
                "locality": text(r["Locality_Siege"]),
                "country_code": clean_country(r["CountryCode"]),
                "entity": text(r["Entity"]),
                "entity_simplified": simplified,
                "status": text(r["Statut"]),
                "year": parse_year(r["Year_of_Joining"]),
                "latitude": lat,
                "longitude": lon,
                "municipal": simplified in MUNICIPAL_ENTITIES,
                "row": row,
            }
        )
    frame = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def parse_networks(path: Path) -> pd.DataFrame:
    """Network metadata keyed by ETMUN ``code`` (the members file's ``Code_Network``)."""
    raw = read_source_csv(
        path,
        ["Name", "Acronym", "Code", "Main Key-word", "Additional Key-Word", "Aims", "Activities"],
        encoding="cp1252",
    )
    rows = [
        {
            "code": r["Code"],
            "name": text(r["Name"]),
            "acronym": text(r["Acronym"]),
            "main_keyword": text(r["Main Key-word"]),
            "additional_keyword": text(r["Additional Key-Word"]),
            "aims": text(r["Aims"]),
            "activities": text(r["Activities"]),
            "founded": parse_year(r.get("Date", "")),
            "row": int(r["_row"]),
        }
        for r in raw.to_dict("records")
    ]
    frame = pd.DataFrame(rows, columns=NETWORK_COLUMNS)
    frame["founded"] = frame["founded"].astype("Int64")
    return frame
