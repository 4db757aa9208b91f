"""The inspector end to end: a real KAPEX server on a local port, a real headless Chromium.

The server runs uvicorn in a thread on the first free port of 8150–8159 (``KAPEX_TEST_UI_PORTS``
changes the range), on SQLite, with a clock fixed at ``START`` so salience values and dates on
the page are the same on every run. Chromium is Debian's (``apt-get install chromium``; path in
``KAPEX_TEST_CHROMIUM``), driven by Playwright's Python package. Without a browser the tests
skip, saying how to install one; with ``KAPEX_TEST_REQUIRE_SERVICES=1`` (CI) they fail.

Screenshots of the main views go to ``var/screenshots`` on every run; set
``KAPEX_SCREENSHOTS=docs/screenshots`` to refresh the ones the documentation shows.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from kapex.api.app import create_app
from kapex.clock import ManualClock
from kapex.services.container import Services
from kapex.services.models import LocalModels
from tests.conftest import REQUIRE, START, make_settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KAPEX_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PORTS = os.environ.get("KAPEX_TEST_UI_PORTS", "8150-8159")
SCREENSHOTS = ROOT / os.environ.get("KAPEX_SCREENSHOTS", "var/screenshots")
#: A laptop screen.
VIEWPORT = {"width": 1366, "height": 768}

# One user's life in memories, in the user's own words: dates are days before START.
LIFE: list[tuple[int, str, str]] = [
    (60, "user", "My sister Maya is getting married in Porto in June."),
    (58, "user", "Maya asked me to give a speech at the wedding and I'm nervous about it."),
    (55, "user", "I started learning the cello last month and practise every evening."),
    (50, "user", "My work email is jordan.park@dataflow.io if you need to reach me."),
    (45, "user", "My husband hit me again last night and he says he'll kill me if I tell anyone."),
    (40, "user", "I'm worried about my thesis defense on Friday."),
    (
        37,
        "user",
        "I realise now I was worried about my thesis defense because I felt unprepared; "
        "I talked it through with my advisor and I feel at peace with it.",
    ),
    (30, "user", "I am severely allergic to peanuts."),
    (20, "user", "The cello teacher says my bowing is improving a lot."),
    (12, "user", "We moved to Lisbon last year and I love the light here."),
    (11, "assistant", "That sounds like a big step, congratulations on the move."),
    (3, "user", "My dog Biscuit hurt his paw on the beach in Cascais."),
    (70, "user", "I work at Dataflow as a data engineer."),
    (2, "user", "I work at Northwind now."),
]
#: The older of two statements of where the user works: the newer one supersedes it.
SUPERSEDED = LIFE[-2][2]


def _unavailable(message: str) -> None:
    if REQUIRE:
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    first, last = (int(p) for p in PORTS.split("-"))
    for port in range(first, last + 1):
        with socket.socket() as probe:
            # As uvicorn binds: a port another run just closed (TIME_WAIT) is free to reuse.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS} for the inspector's test server")


@dataclass
class Server:
    """The running server: its address, services and clock."""

    url: str
    services: Services
    clock: ManualClock

    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"X-API-Key": key} if key else {}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=60)


@pytest.fixture(scope="session")
def server(models: LocalModels, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    backend = {"data_dir": tmp_path_factory.mktemp("ui-server"), "database_url": None}
    services = Services.build(make_settings({**backend, "redis_url": None}), models=models)
    clock = ManualClock(START)
    port = _free_port()
    config = uvicorn.Config(
        create_app(services, clock=clock),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, name="kapex-ui-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not runner.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the inspector's test server did not start on port {port}")
        time.sleep(0.05)
    yield Server(url=f"http://127.0.0.1:{port}", services=services, clock=clock)
    runner.should_exit = True
    thread.join(timeout=10)
    services.close()


@dataclass
class Tenant:
    """A tenant with one seeded user (``user_001``) and a second, quiet one."""

    tenant_id: str
    key: str
    user: str = "user_001"
    node_ids: dict[str, str] = field(default_factory=dict)


def seed(server: Server, *, company: str = "Acme Health") -> Tenant:
    anonymous = server.client()
    signup = anonymous.post(
        "/trial/signup",
        json={
            "company_name": company,
            "email": f"ops-{uuid.uuid4().hex[:8]}@example.com",
            "name": "Jordan Park",
        },
    )
    assert signup.status_code == 201, signup.text
    body = signup.json()
    # A paid plan: walking every view costs more requests a minute than a trial allows.
    server.services.accounts.set_tier(body["tenant_id"], "scale")
    tenant = Tenant(tenant_id=body["tenant_id"], key=body["api_key"])
    with server.client(tenant.key) as api:
        # In the order it was said, as a conversation arrives.
        for days, role, text in sorted(LIFE, key=lambda turn: -turn[0]):
            made = api.post(
                "/ingest",
                json={
                    "user_id": tenant.user,
                    "content": text,
                    "role": role,
                    "session_id": f"s{days // 10}",
                    "timestamp": (START - timedelta(days=days)).isoformat(),
                },
            )
            assert made.status_code == 201, made.text
            tenant.node_ids[text] = made.json()["node_id"]
        quiet = api.post(
            "/ingest",
            json={
                "user_id": "user_002",
                "content": "Where is my order 1234?",
                "timestamp": START.isoformat(),
            },
        )
        assert quiet.status_code == 201, quiet.text
    return tenant


@pytest.fixture
def tenant(server: Server) -> Tenant:
    """A tenant of the test's own, for tests that change what is stored."""
    return seed(server)


@pytest.fixture(scope="session")
def shared(server: Server) -> Tenant:
    """One tenant for the tests that only read: seeding costs a second or more each time."""
    return seed(server, company="Shared Readers")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: ./scripts/install --dev")
    if not Path(CHROMIUM).exists():
        _unavailable(
            f"No Chromium at {CHROMIUM}: apt-get install chromium "
            "(or set KAPEX_TEST_CHROMIUM to a Chromium executable)"
        )
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        yield launched
        launched.close()


@dataclass
class Page:
    """A browser tab on the inspector, with what it saw: requests, errors, CSP violations."""

    page: Any
    server: Server
    requests: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str = "/ui") -> Any:
        self.page.goto(f"{self.server.url}{path}")
        return self.page

    def enter_key(self, key: str, *, keep_for_tab: bool = True) -> Any:
        page = self.open()
        page.get_by_label("API key").fill(key)
        keep = page.get_by_label("Keep the key until this tab closes", exact=False)
        if keep.is_checked() != keep_for_tab:
            keep.click()
        page.get_by_role("button", name="Open the inspector").click()
        page.get_by_role("heading", name="Users", level=1).wait_for()
        return page

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


# Recorded before any of the page's own scripts run: a blocked resource or script shows here.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB")
    context.add_init_script(_CSP_WATCH)
    page = context.new_page()
    page.clock.set_fixed_time(START)
    page.set_default_timeout(20_000)
    seen = Page(page=page, server=server)
    page.on("request", lambda request: seen.requests.append(request))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    yield seen
    violations = seen.violations() if not page.is_closed() else []
    context.close()
    assert seen.errors == [], "the page threw"
    assert violations == [], "the page broke its Content-Security-Policy"
