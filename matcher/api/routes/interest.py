"""Interest threads: "we are interested" from one town to another, the inbox of each town,
answers and declines. The rules are :mod:`matcher.interest`'s; a path's ``town_id`` is the
side the caller acts for (its editor, or staff), checked by the one ``TownUser`` rule.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from matcher import interest, notify
from matcher.api.auth import STAFF_ROLES, check_role
from matcher.api.deps import CurrentUser, SessionDep, TownDep, TownUser
from matcher.api.errors import error_responses
from matcher.api.messages import LangDep
from matcher.i18n import translator
from matcher.interest import Inbox, InterestInput, InterestReply, ThreadList, ThreadPublic

router = APIRouter(tags=["interest"])
ThreadId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The thread's number")]


def _kick(request: Request) -> None:
    worker = getattr(request.app.state, "outbox", None)
    if worker is not None:
        worker.kick()


@router.post(
    "/towns/{town_id}/interest",
    status_code=201,
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def express_interest(
    *,
    request: Request,
    session: SessionDep,
    town: TownDep,
    user: TownUser,
    lang: LangDep,
    body: InterestInput,
) -> ThreadPublic:
    """Tell another town that this town is interested (opens the pair's thread)."""
    written = interest.express_interest(session, town.id, body, user.name)
    notify.enqueue(session, written, request.app.state.settings)
    session.commit()
    _kick(request)
    return interest.thread_public(session, written.thread, town.id, translator(lang).render)


@router.get("/towns/{town_id}/interest", responses=error_responses(401, 403, 404))
def get_inbox(*, session: SessionDep, town: TownDep, user: TownUser, lang: LangDep) -> Inbox:
    """The town's threads: those other towns started, and its own."""
    return interest.inbox(session, town.id, translator(lang).render)


@router.get("/towns/{town_id}/interest/{interest_id}", responses=error_responses(401, 403, 404))
def get_thread(
    *, session: SessionDep, town: TownDep, user: TownUser, lang: LangDep, interest_id: ThreadId
) -> ThreadPublic:
    """One thread as this town's side reads it (opening it marks it seen for the receiver)."""
    thread = interest.get_thread(session, interest_id, town.id)
    interest.mark_seen(session, thread, town.id)
    return interest.thread_public(session, thread, town.id, translator(lang).render)


@router.post(
    "/towns/{town_id}/interest/{interest_id}/messages",
    status_code=201,
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def post_message(
    *,
    request: Request,
    session: SessionDep,
    town: TownDep,
    user: TownUser,
    lang: LangDep,
    interest_id: ThreadId,
    body: InterestReply,
) -> ThreadPublic:
    """Answer, reply or decline in a thread; send the thread version you read."""
    written = interest.add_message(session, interest_id, town.id, body, user.name)
    notify.enqueue(session, written, request.app.state.settings)
    session.commit()
    _kick(request)
    thread = interest.get_thread(session, interest_id)
    return interest.thread_public(session, thread, town.id, translator(lang).render)


@router.get("/interest", responses=error_responses(401, 403, 422))
def list_threads(
    *,
    session: SessionDep,
    user: CurrentUser,
    lang: LangDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ThreadList:
    """Every thread of every member town (curators and admins)."""
    check_role(user, STAFF_ROLES)
    return interest.all_threads(session, translator(lang).render, limit=limit, offset=offset)
