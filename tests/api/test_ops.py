"""Operations around every request: request ids, 404/405 of the API (never the static
files'), body limits, readiness, metrics, and the audit log with its export."""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.api.app import create_app
from matcher.api.middleware import BodyGuard
from matcher.config import Settings
from tests.api.conftest import Api
from tests.api.seed import BERLIN, KRAKOW


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", f"/api/v1/shortlists/{KRAKOW}/items/1", "GET, HEAD, PATCH"),
        ("GET", "/api/v1/consortia", "POST"),
        ("POST", f"/api/v1/towns/{KRAKOW}", "GET, HEAD"),
        ("PUT", "/api/v1/health", "GET, HEAD"),
    ],
)
def test_a_wrong_method_gets_the_apis_405_with_allow(
    api: Api, method: str, path: str, allow: str
) -> None:
    response = api.client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["detail"].startswith(f"{method} is not allowed here")


def test_options_lists_the_paths_methods(api: Api) -> None:
    response = api.client.options(f"/api/v1/towns/{KRAKOW}/profile")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, PUT"


def test_the_web_page_is_still_served(api: Api) -> None:
    assert api.client.get("/").status_code == 200
    assert api.client.post("/").status_code == 405  # the static files' own answer


def test_every_answer_carries_a_request_id(api: Api) -> None:
    first = api.client.get("/api/v1/themes")
    assert len(first.headers["X-Request-ID"]) == 32
    given = "0123456789abcdef0123456789abcdef"
    echoed = api.client.get("/api/v1/themes", headers={"X-Request-ID": given})
    assert echoed.headers["X-Request-ID"] == given


def test_a_body_declared_too_large_is_413(api: Api) -> None:
    response = api.client.post(
        f"/api/v1/shortlists/{KRAKOW}/items",
        content=b"{" + b" " * 300_000 + b"}",
        headers={**api.auth(api.keys.curator), "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "at most 262,144 bytes" in response.json()["detail"]


def _run_guard(chunks: list[tuple[float, bytes, bool]], **limits: Any) -> list[dict[str, Any]]:
    """Feed ``chunks`` (delay, data, more) to a BodyGuard; the messages it sent."""
    sent: list[dict[str, Any]] = []
    queue = list(chunks)

    async def receive() -> dict[str, Any]:
        delay, data, more = queue.pop(0)
        await asyncio.sleep(delay)
        return {"type": "http.request", "body": data, "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": message["body"]})

    guard = BodyGuard(app, **limits)
    scope = {"type": "http", "method": "POST", "headers": []}
    asyncio.run(guard(scope, receive, send))  # type: ignore[arg-type]
    return sent


def test_a_body_that_arrives_too_slowly_is_408() -> None:
    sent = _run_guard([(0, b"{", True), (5, b"}", False)], max_bytes=1000, seconds=0.2)
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]


def test_a_chunked_body_over_the_limit_is_413() -> None:
    sent = _run_guard([(0, b"x" * 600, True), (0, b"x" * 600, False)], max_bytes=1000, seconds=5)
    assert sent[0]["status"] == 413


def test_a_body_in_time_and_size_reaches_the_route_whole() -> None:
    sent = _run_guard([(0, b'{"a"', True), (0.05, b": 1}", False)], max_bytes=1000, seconds=5)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b'{"a": 1}'


def test_ready_when_the_service_is_loaded(api: Api) -> None:
    response = api.client.get("/api/v1/ready")
    assert response.status_code == 200 and response.json() == {"ready": True, "missing": []}


def test_not_ready_without_the_service(api_without_service: Api) -> None:
    response = api_without_service.client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["missing"] == ["service: ranker file missing"]


def test_not_ready_while_the_service_loads(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()

    def slow_load(settings: Settings, engine: Any) -> tuple[Any, str]:
        release.wait(10)
        return api.service, ""

    monkeypatch.setattr("matcher.api.app.load_match_service", slow_load)
    app = create_app(Settings(), engine=api.engine)
    with TestClient(app) as client:
        loading = client.get("/api/v1/ready")
        assert loading.status_code == 503 and loading.json()["missing"] == ["service: loading"]
        assert client.get("/api/v1/health").status_code == 200  # alive meanwhile
        release.set()
        for _ in range(100):
            if client.get("/api/v1/ready").status_code == 200:
                break
            threading.Event().wait(0.05)
        assert client.get("/api/v1/ready").status_code == 200


def test_metrics_count_requests_per_route(api: Api) -> None:
    api.client.get(f"/api/v1/towns/{KRAKOW}")
    api.client.get(f"/api/v1/towns/{BERLIN}")
    text = api.client.get("/metrics").text
    route = 'route="/api/v1/towns/{town_id}"'
    line = next(
        x
        for x in text.splitlines()
        if x.startswith("matcher_requests_total") and route in x and 'status="200"' in x
    )
    assert float(line.rsplit(" ", 1)[1]) >= 2
    assert "matcher_request_seconds_bucket" in text


def _write(api: Api) -> None:
    response = api.client.post(
        f"/api/v1/shortlists/{KRAKOW}/items",
        json={"candidate_id": BERLIN},
        headers=api.auth(api.keys.curator),
    )
    assert response.status_code == 201


def test_every_write_leaves_an_audit_line_an_admin_reads(api: Api) -> None:
    _write(api)
    refused = api.client.post(
        f"/api/v1/shortlists/{KRAKOW}/items",
        json={"candidate_id": BERLIN},
        headers=api.auth(api.keys.curator),
    )
    assert refused.status_code == 409
    body = api.client.get("/api/v1/audit", headers=api.auth(api.keys.admin)).json()
    lines = [(x["user"], x["action"], x["target"], x["status"]) for x in body["data"]]
    path = f"/api/v1/shortlists/{KRAKOW}/items"
    assert lines == [("curator", "POST", path, 409), ("curator", "POST", path, 201)]
    assert all(len(x["request_id"]) == 32 for x in body["data"])


def test_reads_leave_no_audit_line(api: Api) -> None:
    api.client.get(f"/api/v1/shortlists/{KRAKOW}", headers=api.auth(api.keys.curator))
    body = api.client.get("/api/v1/audit", headers=api.auth(api.keys.admin)).json()
    assert body["count"] == 0


def test_the_audit_log_exports_as_csv(api: Api) -> None:
    _write(api)
    response = api.client.get(
        "/api/v1/audit/export", params={"user": "curator"}, headers=api.auth(api.keys.admin)
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["user"], r["action"], r["status"]) for r in rows] == [("curator", "POST", "201")]


@pytest.mark.parametrize("who", ["curator", "editor", None])
def test_only_admins_read_the_audit_log(api: Api, who: str | None) -> None:
    headers = api.auth(getattr(api.keys, who)) if who else {}
    for path in ("/api/v1/audit", "/api/v1/audit/export"):
        assert api.client.get(path, headers=headers).status_code == (403 if who else 401)
