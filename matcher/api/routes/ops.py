"""Operations: readiness, Prometheus metrics, and the audit log (admins only)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import col, select

from matcher.api import metrics
from matcher.api.auth import check_role
from matcher.api.deps import CurrentUser, SessionDep
from matcher.api.errors import error_responses
from matcher.models import AuditEntry

router = APIRouter(tags=["operations"])
metrics_router = APIRouter()


class Readiness(BaseModel):
    """Whether this server process can answer suggestions now."""

    ready: bool
    missing: list[str] = Field(default_factory=list, description="What is still loading")


def readiness(request: Request) -> Readiness:
    """Ready once the match service (ranker and vectors) is loaded and warmed up."""
    state = request.app.state
    missing: list[str] = []
    if state.service is None:
        missing.append(f"service: {state.service_error or 'not loaded'}")
    elif not getattr(state, "warm", True):
        missing.append("encoder: loading")
    else:
        status = state.service.status()
        if not status.get("ranker"):
            missing.append("ranker: not loaded")
        if not status.get("vectors"):
            missing.append("vectors: none loaded")
    return Readiness(ready=not missing, missing=missing)


@router.get("/ready", responses={503: {"model": Readiness, "description": "Not ready yet"}})
def ready(request: Request, response: Response) -> Readiness:
    """200 once the ranker and vectors are loaded; 503 (with what is missing) until then."""
    answer = readiness(request)
    metrics.set_ready(answer.ready)
    if not answer.ready:
        response.status_code = 503
    return answer


@metrics_router.get("/metrics", include_in_schema=False)
def prometheus_metrics() -> Response:
    """Prometheus exposition: requests and latencies per route, cache, readiness."""
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


class AuditLine(BaseModel):
    """One write: who, what, when, and its HTTP status (0 for a command)."""

    at: datetime
    user: str
    role: str
    action: str
    target: str
    status: int
    request_id: str


class AuditLines(BaseModel):
    data: list[AuditLine]
    count: int


AUDIT_FIELDS = list(AuditLine.model_fields)


def _audit_lines(
    session: SessionDep, user: str | None, since: datetime | None, limit: int
) -> list[AuditLine]:
    stmt = select(AuditEntry)
    if user:
        stmt = stmt.where(col(AuditEntry.user) == user)
    if since is not None:
        stmt = stmt.where(col(AuditEntry.at) >= since)
    rows = session.exec(stmt.order_by(col(AuditEntry.id).desc()).limit(limit)).all()
    return [AuditLine.model_validate(r, from_attributes=True) for r in rows]


UserFilter = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
SinceFilter = Annotated[datetime | None, Query(description="Only lines at or after this time")]


@router.get("/audit", responses=error_responses(401, 403, 422))
def read_audit(
    *,
    session: SessionDep,
    caller: CurrentUser,
    user: UserFilter = None,
    since: SinceFilter = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditLines:
    """The audit log, newest first: every write with who, what, when (admins only)."""
    check_role(caller, ("admin",))
    lines = _audit_lines(session, user, since, limit)
    return AuditLines(data=lines, count=len(lines))


@router.get(
    "/audit/export",
    response_class=Response,
    responses={
        200: {
            "description": "The audit log as CSV, oldest first",
            "content": {"text/csv; charset=utf-8": {"schema": {"type": "string"}}},
        },
        **error_responses(401, 403, 422),
    },
)
def export_audit(
    *,
    session: SessionDep,
    caller: CurrentUser,
    user: UserFilter = None,
    since: SinceFilter = None,
    format: Annotated[Literal["csv"], Query(description="File format")] = "csv",
) -> Response:
    """The whole audit log (or one user's, or since a time) as CSV (admins only)."""
    check_role(caller, ("admin",))
    lines = list(reversed(_audit_lines(session, user, since, 10_000_000)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUDIT_FIELDS)
    for line in lines:
        writer.writerow([getattr(line, f) for f in AUDIT_FIELDS])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
