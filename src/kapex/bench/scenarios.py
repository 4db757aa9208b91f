"""Behaviour scenarios run against a KAPEX server over HTTP (``kapex bench scenarios``).

A scenario file is a JSON list of ``{"name", "tests", "steps"}`` (``docs/scenarios.md``). The
runner works as any tenant would:

- one tenant for the whole file: a trial signed up for the run, or the API key it is given;
  an operator may lift the tenant's limits first (``upgrade``), otherwise the runner paces
  itself to the rate limit the server reports (``X-RateLimit-*``, ``Retry-After``);
- fresh end users for every scenario (``A``, ``B``… become ids unique to the run), deleted
  when the scenario ends, so a trial's 25-user limit is never in the way;
- steps in order; three or more consecutive ingests of one user go as one
  ``POST /ingest/batch`` (in chunks of at most 100 items), fewer as single ``POST /ingest``;
- every query and ingest response is checked with ``scenario_checks``; a scenario passes
  when no step gave a reason to fail.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kapex.bench.paced import Paced
from kapex.bench.scenario_checks import Memory, QueryOutcome, check_ingest, check_query
from kapex.errors import ConfigurationError

BATCH_LIMIT = 100
#: Families in the order of the format's table; two rows each group two name prefixes.
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cold_start", ("cold_start",)),
    ("processing_decay", ("processing_decay",)),
    ("topic_domination", ("topic_domination",)),
    ("recency", ("recency",)),
    ("knowledge_update", ("knowledge_update",)),
    ("assistant", ("assistant",)),
    ("injection", ("injection",)),
    ("suppress_pin + constraint_pin", ("suppress_pin", "constraint_pin")),
    ("clock", ("clock",)),
    ("salience", ("salience",)),
    ("certainty", ("certainty",)),
    ("crisis", ("crisis",)),
    ("empty_user + isolation", ("empty_user", "isolation")),
)


def family_of(name: str) -> str:
    """The family row a scenario counts in, from its name's prefix (``other`` if unknown)."""
    for family, prefixes in FAMILIES:
        if any(name.startswith(prefix + "_") for prefix in prefixes):
            return family
    return "other"


def load_scenarios(path: Path) -> list[dict[str, Any]]:
    """The scenarios of ``path``, with a message that says what is wrong if it is not a file
    of scenarios."""
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigurationError(f"cannot read the scenario file {path}: {exc}") from None
    if not isinstance(data, list) or not all(
        isinstance(s, dict) and {"name", "steps"} <= s.keys() for s in data
    ):
        raise ConfigurationError(
            f"{path} is not a scenario file: expected a JSON list of "
            '{"name", "tests", "steps"} objects (docs/scenarios.md)'
        )
    return data


def section_name(path: Path) -> str:
    """The ``docs/benchmarks.md`` section of a scenario file: ``scenarios-<file stem>``."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "file"
    return f"scenarios-{stem}"


@dataclass
class ScenarioResult:
    name: str
    family: str
    reasons: list[str] = field(default_factory=list)
    failing_queries: list[dict[str, Any]] = field(default_factory=list)
    """Each failing query's step, request and response (for ``--verbose`` and diagnosis)."""

    @property
    def passed(self) -> bool:
        return not self.reasons


def signup(http: Paced, *, label: str) -> tuple[str, str]:
    """A fresh trial tenant for this run: (tenant_id, api_key)."""
    token = uuid.uuid4().hex[:10]
    response = http.call(
        "POST",
        "/trial/signup",
        {
            "company_name": f"KAPEX scenarios {label}",
            "email": f"scenarios-{token}@example.com",
            "name": "Scenario runner",
        },
    )
    if response.status_code != 201:
        raise ConfigurationError(
            f"trial signup answered {response.status_code}: {response.text[:300]}. "
            "Pass --api-key KEY to run with an existing tenant."
        )
    body = response.json()
    return str(body["tenant_id"]), str(body["api_key"])


class ScenarioRunner:
    """Runs scenarios for one tenant; ``explain`` asks ``/query`` for its explanation."""

    def __init__(self, http: Paced, *, run_id: str | None = None, explain: bool = False) -> None:
        self.http = http
        self.explain = explain
        self._run_id = run_id or uuid.uuid4().hex[:8]
        self._count = 0

    def run(self, scenario: Mapping[str, Any]) -> ScenarioResult:
        self._count += 1
        name = str(scenario["name"])
        result = ScenarioResult(name=name, family=family_of(name))
        users: dict[str, str] = {}
        try:
            _Play(self, scenario, result, users).play()
        finally:
            for user_id in users.values():
                self.http.call("DELETE", f"/users/{user_id}")
        return result

    def user_id(self, letter: str) -> str:
        return f"scn-{self._run_id}-{self._count:03d}-{letter}"[:128]


class _Play:
    """One scenario's run: its users, the text ingested per node, the previous queries."""

    def __init__(
        self,
        runner: ScenarioRunner,
        scenario: Mapping[str, Any],
        result: ScenarioResult,
        users: dict[str, str],
    ) -> None:
        self._runner, self._http = runner, runner.http
        self._steps: list[dict[str, Any]] = list(scenario["steps"])
        self._result = result
        self._users = users
        self._ingested: dict[str, str] = {}
        self._previous: dict[str, list[Memory]] = {}

    def play(self) -> None:
        for kind, indices in _grouped(self._steps):
            if kind == "batch":
                self._batch(indices)
            elif kind == "ingest":
                self._ingest(indices[0])
            elif kind == "pin":
                self._pin(indices[0])
            elif kind == "query":
                self._query(indices[0])
            else:
                self._fail(indices[0], f"unknown step {sorted(self._steps[indices[0]])}")

    def _user(self, index: int) -> str:
        letter = str(self._steps[index].get("user", "A"))
        if letter not in self._users:
            self._users[letter] = self._runner.user_id(letter)
        return self._users[letter]

    def _fail(self, index: int, reason: str) -> None:
        self._result.reasons.append(f"step {index + 1}: {reason}")

    def _ingest(self, index: int) -> None:
        step = self._steps[index]
        response = self._http.call(
            "POST", "/ingest", {"user_id": self._user(index), **step["ingest"]}
        )
        if response.status_code != 201:
            self._fail(index, f"ingest answered {response.status_code}: {response.text[:200]}")
            return
        self._record(index, response.json())

    def _batch(self, indices: list[int]) -> None:
        user = self._user(indices[0])
        for start in range(0, len(indices), BATCH_LIMIT):
            chunk = indices[start : start + BATCH_LIMIT]
            items = [self._steps[i]["ingest"] for i in chunk]
            response = self._http.call(
                "POST", "/ingest/batch", {"user_id": user, "items": items}, cost=len(items)
            )
            if response.status_code != 201:
                self._fail(
                    chunk[0], f"batch ingest answered {response.status_code}: {response.text[:200]}"
                )
                continue
            for index, answer in zip(chunk, response.json()["results"], strict=True):
                self._record(index, answer)

    def _record(self, index: int, answer: Mapping[str, Any]) -> None:
        if answer.get("node_id"):
            self._ingested[str(answer["node_id"])] = str(self._steps[index]["ingest"]["content"])
        for reason in check_ingest(self._steps[index].get("expect") or {}, answer):
            self._fail(index, reason)

    def _pin(self, index: int) -> None:
        response = self._http.call(
            "POST", f"/users/{self._user(index)}/pins", self._steps[index]["pin"]
        )
        if response.status_code != 201:
            self._fail(index, f"pin answered {response.status_code}: {response.text[:200]}")

    def _query(self, index: int) -> None:
        step, user = self._steps[index], self._user(index)
        request = {"user_id": user, **step["query"]}
        if self._runner.explain:
            request["explain"] = True
        response = self._http.call("POST", "/query", request)
        try:
            body = response.json()
        except ValueError:
            body = {"text": response.text[:200]}
        outcome = QueryOutcome(
            status=response.status_code,
            body=body,
            max_tokens=int(step["query"].get("max_tokens") or 10**9),
            ingested=self._ingested,
            previous=self._previous.get(user),
        )
        reasons = check_query(step.get("expect") or {}, outcome)
        if response.status_code == 200:
            self._previous[user] = outcome.memories
        for reason in reasons:
            self._fail(index, f"{step['query']['current_input'][:40]!r}: {reason}")
        if reasons:
            self._result.failing_queries.append(
                {
                    "step": index + 1,
                    "request": request,
                    "reasons": reasons,
                    "response": body,
                    "ingested": dict(self._ingested),
                }
            )


def _grouped(steps: Sequence[Mapping[str, Any]]) -> Iterator[tuple[str, list[int]]]:
    """Steps in order as (kind, indices): runs of 3+ ingests of one user become one batch."""
    index = 0
    while index < len(steps):
        step = steps[index]
        if "ingest" in step:
            user = step.get("user", "A")
            end = index
            while (
                end < len(steps) and "ingest" in steps[end] and steps[end].get("user", "A") == user
            ):
                end += 1
            run = list(range(index, end))
            if len(run) >= 3:
                yield "batch", run
            else:
                for single in run:
                    yield "ingest", [single]
            index = end
            continue
        kind = next((k for k in ("pin", "query") if k in step), "unknown")
        yield kind, [index]
        index += 1


@dataclass
class Run:
    """A whole file's run: every scenario's result, and how the tenant was obtained."""

    results: list[ScenarioResult]
    seconds: float
    tenant: str
    """How the run got its tenant and its limits, in words for the record."""
    requests: int


def run_file(
    scenarios: Sequence[Mapping[str, Any]],
    *,
    client: httpx.Client,
    api_key: str | None = None,
    upgrade: Callable[[str], None] | None = None,
    explain: bool = False,
    on_result: Callable[[ScenarioResult], None] = lambda _result: None,
    notify: Callable[[str], None] | None = None,
) -> Run:
    """Run ``scenarios`` for one tenant through ``client`` (whose base URL is the server's
    origin): the tenant of ``api_key``, or a trial signed up now, which ``upgrade`` (given the
    tenant id) may lift out of the trial's limits. ``on_result`` hears each scenario as it ends.
    """
    started = time.perf_counter()
    http = Paced(client, api_key=api_key, notify=notify)
    if api_key:
        tenant = "the tenant of the given API key"
    else:
        tenant_id, key = signup(http, label=uuid.uuid4().hex[:6])
        http.use_key(key)
        tenant = "a trial tenant signed up for the run"
        if upgrade is not None:
            upgrade(tenant_id)
            tenant += ", lifted to enterprise limits by the operator"
    runner = ScenarioRunner(http, explain=explain)
    results = []
    for scenario in scenarios:
        result = runner.run(scenario)
        results.append(result)
        on_result(result)
    if http.waited_s >= 1:
        tenant += f", paced to its rate limit (waited {http.waited_s:.0f} s)"
    return Run(
        results=results,
        seconds=time.perf_counter() - started,
        tenant=tenant,
        requests=http.requests,
    )


#: Limits an operator-upgraded run gets: far above what any scenario file asks for.
RUN_LIMITS = {"rate_limit_rpm": 1_000_000, "rate_limit_daily": 100_000_000, "max_users": 100_000}


def operator_upgrade(data_dir: Path | None) -> Callable[[str], None]:
    """Lift a tenant to enterprise limits as ``kapex admin upgrade`` does, on the storage the
    server uses: its ``KAPEX_DATA_DIR`` (``data_dir``) or ``KAPEX_DATABASE_URL``."""
    from kapex.services.operator import OperatorConsole
    from kapex.settings import Settings

    def upgrade(tenant_id: str) -> None:
        settings = Settings(data_dir=data_dir) if data_dir is not None else Settings()
        console = OperatorConsole.open(settings)
        try:
            console.accounts.set_tier(tenant_id, "enterprise", custom_limits=dict(RUN_LIMITS))
        finally:
            console.engine.dispose()

    return upgrade
