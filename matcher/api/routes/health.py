"""Health: is the database reachable, and are data, vectors and ranker loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, literal
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from matcher.api.deps import OptionalServiceDep, SessionDep
from matcher.models import Partnership, Town

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """What is loaded; ``status`` is 'ok' only when database, data, vectors and ranker are."""

    status: str = Field(description="'ok' or 'degraded'")
    database: bool
    towns: int
    partnerships: int
    vectors: int
    ranker: bool
    model_id: str
    missing: list[str] = Field(default_factory=list, description="What is not loaded, and why")


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@router.get("/health")
def health(*, session: SessionDep, service: OptionalServiceDep, request: Request) -> Health:
    """Report whether the database, the data, the vectors and the ranker are loaded."""
    missing: list[str] = []
    try:  # the loaded service knows the counts; without it, the database says them
        if service is None:
            towns = session.exec(select(func.count()).select_from(Town)).one()
            partnerships = session.exec(select(func.count()).select_from(Partnership)).one()
        else:
            session.exec(select(literal(1))).one()
            towns = partnerships = 0
        database = True
    except SQLAlchemyError as exc:
        towns = partnerships = 0
        database = False
        missing.append(f"database: {type(exc).__name__} (run `matcher db upgrade`)")
    vectors, ranker, model_id = 0, False, ""
    if service is None:
        missing.append(f"service: {request.app.state.service_error or 'not loaded'}")
    else:
        status = service.status()
        towns = _int(status.get("towns")) or towns
        partnerships = _int(status.get("partnerships")) or partnerships
        vectors = _int(status.get("vectors"))
        ranker = bool(status.get("ranker"))
        model_id = str(status.get("model_id") or service.model_id)
    if database and towns == 0:
        missing.append("data: no towns loaded (run `matcher db load`)")
    if service is not None and vectors == 0:
        missing.append("vectors: none loaded (run `matcher embed`)")
    if service is not None and not ranker:
        missing.append("ranker: not trained (run `matcher train`)")
    return Health(
        status="ok" if not missing else "degraded",
        database=database,
        towns=towns,
        partnerships=partnerships,
        vectors=vectors,
        ranker=ranker,
        model_id=model_id,
        missing=missing,
    )
