"""The facts of a town as messages: periods, indicator groups, NUTS 3 figures, region names
with their fallback."""

from __future__ import annotations

from sqlmodel import Session

from matcher.i18n import translator
from matcher.indicators import GROUPS, INDICATORS
from matcher.models import GminaIndicator, Nuts3Region, Region, RegionName, Town
from matcher.town_facts import (
    SOURCE_KEYS,
    indicator_groups,
    nuts3_facts,
    period_message,
    region_facts,
    source_message,
)


def test_period_is_the_year_or_the_date_of_the_data_set() -> None:
    pl, de = translator("pl"), translator("de")
    assert pl.render(period_message(2025, "2026-10-04")) == "2025"
    assert pl.render(period_message(None, "2026-10-03")) == (
        "rok niepodany w źródle (zestaw danych z 3 października 2026)"
    )
    assert de.render(period_message(None, "2026-10-03")) == (
        "Jahr in der Quelle nicht angegeben (Datenstand 3. Oktober 2026)"
    )
    assert translator("en").render(period_message(None, "")) == "year not recorded"


def test_every_indicator_belongs_to_a_group() -> None:
    groups = {g.code for g in GROUPS}
    assert {i.group for i in INDICATORS} == groups
    assert len({i.code for i in INDICATORS}) == len(INDICATORS)


def test_indicator_groups_keep_the_officers_order() -> None:
    rows = [
        GminaIndicator(
            town_id="PL-1", indicator=code, value=1.0, edition="2026-10-03", source="gus_bdl"
        )
        for code in ("sewerage", "unemployment", "forest_cover")
    ]
    groups = indicator_groups(rows)
    assert [g.code for g in groups] == ["labour_market", "environment", "infrastructure"]
    assert translator("en").render(groups[2].indicators[0].text) == "1.0% of the population"


def test_nuts3_figures_and_typology_only_where_known() -> None:
    region = Nuts3Region(
        code="XX001",
        country_code="XX",
        name="X",
        name_latn="X",
        mountain=3,
        urban_rural=None,
        coastal=2,
        population=None,
        population_change=22,
        density=None,
        fertility=None,
        gdp_index=71.0,
        edition="2021",
    )
    facts = nuts3_facts(region, "within")
    assert [f.code for f in facts.figures] == ["gdp_index", "population_change"]
    assert [t.code for t in facts.typology] == ["mountain", "coastal"]
    pl = translator("pl")
    assert pl.render(facts.figures[1].text) == "+22 osoby"
    assert pl.render(facts.typology[0].text) == "Region górski"
    assert pl.render(facts.method_text) == "Miejscowość leży w granicach regionu"


def test_every_source_key_is_named_in_every_language() -> None:
    for key in SOURCE_KEYS:
        message = source_message(key)
        assert message is not None
        for lang in ("en", "pl", "de"):
            assert translator(lang).render(message)
    assert source_message("nowhere") is None


def test_region_name_falls_back_to_english(session: Session) -> None:
    session.add(Region(id="IS.38", country_code="IS", admin1_code="38", name="East"))
    session.add(RegionName(region_id="IS.38", lang="en", name="East", source="geonames"))
    session.commit()
    town = Town(
        id="GN-1",
        name="Egilsstaðir",
        name_ascii="egilsstadir",
        kind="place",
        country_code="IS",
        region_code="38",
    )
    facts = region_facts(session, town, "pl")
    assert facts is not None and (facts.name, facts.name_source) == ("East", "geonames")
    assert region_facts(session, town.model_copy(update={"region_code": "99"}), "pl") is None
