"""The memo of a result list: the same query as the suggestions, answered as clean text
(the page's "copy the list"), XLSX or PDF in the reader's language. Contacts only for
signed-in readers."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlmodel import col, select

from matcher.api.deps import OptionalUser, ServiceDep, SessionDep
from matcher.api.errors import error_responses
from matcher.api.messages import LangDep
from matcher.api.params import CountriesParam, ThemesParam, check_themes, normalise_countries
from matcher.api.routes.suggestions import (
    DistanceParam,
    LimitParam,
    PopulationParam,
    TextParam,
    build_query,
)
from matcher.documents.memo import build_memo, contact_line, memo_pdf, memo_text, memo_xlsx
from matcher.i18n import msg, translator
from matcher.models import Theme, TownProfile, utcnow
from matcher.service import BadQuery

router = APIRouter(tags=["memo"])

MEDIA = {
    "text": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@router.get(
    "/memo",
    responses={
        **error_responses(404, 422, 503),
        200: {"content": {m: {} for m in MEDIA.values()}, "description": "The memo"},
    },
    response_class=Response,
)
def get_memo(
    *,
    service: ServiceDep,
    session: SessionDep,
    user: OptionalUser,
    lang: LangDep,
    format: Annotated[Literal["text", "xlsx", "pdf"], Query(description="text, xlsx or pdf")],
    town_id: Annotated[str | None, Query(max_length=16, pattern=r"^[^\x00]*$")] = None,
    country: CountriesParam = [],  # noqa: B006  (FastAPI copies the default)
    theme: ThemesParam = [],  # noqa: B006
    min_population: PopulationParam = None,
    max_population: PopulationParam = None,
    max_distance_km: DistanceParam = None,
    q: TextParam = None,
    include_same_country: bool = False,
    limit: LimitParam = 10,
    link: Annotated[str, Query(max_length=2000, pattern=r"^[^\x00]*$")] = "",
) -> Response:
    """A result list with its strongest reasons as text, XLSX or PDF (the memo)."""
    text = q.strip() if q and q.strip() else None
    if not town_id and not text:
        raise BadQuery(msg("error.query.nothing"))
    query = build_query(
        town_id=town_id or None,
        query=text,
        target_countries=normalise_countries(country),
        themes=check_themes(session, theme),
        min_population=min_population,
        max_population=max_population,
        max_distance_km=max_distance_km,
        include_same_country=include_same_country or not town_id,
        limit=limit,
    )
    answer = service.suggest(query)
    themes = {t.code: (t.name_en, t.name_pl) for t in session.exec(select(Theme)).all()}
    contacts = None
    if user is not None:
        ids = [s.id for s in answer.suggestions]
        profiles = session.exec(select(TownProfile).where(col(TownProfile.town_id).in_(ids)))
        contacts = {
            p.town_id: contact_line(
                [p.contact_name, p.contact_role, p.contact_email, p.contact_phone]
            )
            for p in profiles
        }
    t = translator(lang)
    memo = build_memo(
        t, query, answer, today=utcnow().date(), themes=themes, contacts=contacts, link=link
    )
    stem = f"memo-{town_id or 'search'}-{utcnow().date().isoformat()}"
    if format == "text":
        return Response(memo_text(memo, t), media_type=MEDIA["text"])
    data = memo_xlsx(memo) if format == "xlsx" else memo_pdf(memo)
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{format}"'}
    return Response(data, media_type=MEDIA[format], headers=headers)
