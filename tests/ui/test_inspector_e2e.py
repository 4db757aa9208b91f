"""The memory inspector driven in headless Chromium against a running KAPEX server.

Tests that only read share one seeded tenant; tests that change what is stored get their own
(``tests/ui/conftest.py``). Each asserts what the operator sees on the page and, where it
acts, what the server then holds.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import START
from tests.ui.conftest import LIFE, SUPERSEDED, Page, Server, Tenant

pytestmark = pytest.mark.slow

CRISIS = LIFE[4][2]
MATCHING = re.compile(r"match(es)? the filters")
THESIS = LIFE[5][2]


def rows(page: Any, table: str = "table.memories-table") -> list[str]:
    return page.locator(f"{table} tbody tr").all_inner_texts()


def first_row_has(page: Any, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('.memories-table tbody tr')?.innerText.includes(text)",
        arg=text,
    )


def open_user(tab: Page, tenant: Tenant) -> Any:
    page = tab.enter_key(tenant.key)
    page.get_by_role("link", name=tenant.user, exact=True).click()
    page.get_by_role("heading", name=re.compile(f"^{tenant.user}")).wait_for()
    page.locator("table.memories-table tbody tr").first.wait_for()
    return page


def test_an_operator_opens_a_user_then_sorts_and_filters_their_memories(
    tab: Page, shared: Tenant
) -> None:
    page = tab.enter_key(shared.key)
    page.get_by_role("link", name="user_002").wait_for()
    page.get_by_label("Search users by id").fill("001")
    page.get_by_text("1 user matches “001”").wait_for()
    assert page.get_by_role("link", name="user_002").count() == 0
    tab.screenshot("users")
    page.get_by_role("link", name="user_001").click()
    page.get_by_text(f"{len(LIFE)} memories").wait_for()

    salience = page.get_by_role("columnheader", name=re.compile("^Salience"))
    expect(salience).to_have_attribute("aria-sort", "descending")
    values = [
        float(v)
        for v in page.locator("table.memories-table tbody tr td:nth-child(3)").all_inner_texts()
    ]
    assert values == sorted(values, reverse=True)

    page.get_by_role("button", name=re.compile("^Time")).click()
    time_header = page.get_by_role("columnheader", name=re.compile("^Time"))
    expect(time_header).to_have_attribute("aria-sort", "descending")
    first_row_has(page, min(LIFE)[2])  # the fewest days before now
    page.get_by_role("button", name=re.compile("^Time")).click()
    first_row_has(page, max(LIFE)[2])
    expect(time_header).to_have_attribute("aria-sort", "ascending")
    tab.screenshot("memories")

    page.get_by_label("Crisis").check()
    page.get_by_text("1 memory matches the filters").wait_for()
    (only,) = rows(page)
    assert CRISIS in only and "Crisis" in only
    page.get_by_label("Crisis").uncheck()
    page.get_by_label("Superseded").check()
    page.get_by_text("1 memory matches the filters").wait_for()
    (only,) = rows(page)
    assert SUPERSEDED in only and "Superseded" in only
    page.get_by_label("Superseded").uncheck()
    page.get_by_label("Role").select_option("assistant")
    page.get_by_text("1 memory matches the filters").wait_for()
    assert "the assistant said" in rows(page)[0].lower() or "congratulations" in rows(page)[0]
    page.get_by_label("Role").select_option("")
    page.get_by_label("Text", exact=True).fill("cello")
    page.get_by_text("2 memories match the filters").wait_for()
    assert all("cello" in row.lower() for row in rows(page))
    page.get_by_role("button", name="Clear filters").click()
    page.get_by_text(f"{len(LIFE)} memories").wait_for()

    cello_topic = page.get_by_label("Topic", exact=True)
    options = cello_topic.locator("option").all_inner_texts()
    assert len(options) > 2  # "Any" and the user's topics
    cello_topic.select_option(label=next(o for o in options if "cello" in o.lower()))
    page.get_by_text(MATCHING).wait_for()
    assert all("cello" in row.lower() for row in rows(page))
    # The filters live in the location: a reload keeps them.
    page.reload()
    page.get_by_text(MATCHING).wait_for()
    assert "topic=" in page.url and all("cello" in row.lower() for row in rows(page))


def test_a_memory_shows_its_signals_and_salience_chart_and_is_deleted_after_confirming(
    tab: Page, tenant: Tenant, server: Server
) -> None:
    page = open_user(tab, tenant)
    page.get_by_role("link", name=THESIS).click()
    page.get_by_role("heading", name="Memory", level=1).wait_for()
    assert page.locator("blockquote.content").inner_text() == THESIS
    chart = page.get_by_role("img", name=re.compile("Salience over time"))
    chart.wait_for()
    # Created, worked through three days later, now: each marked on the curve and in the table.
    assert chart.locator(".mark-created").count() == 1
    assert chart.locator(".mark-processed").count() >= 1
    assert chart.locator(".mark-now").count() == 1
    assert chart.locator("path.chart-line").get_attribute("d").count("L") > 50
    events = page.locator("table.events tbody tr").all_inner_texts()
    assert events[0].startswith("Created") and events[-1].startswith("Now")
    assert any(e.startswith("Processed") for e in events)
    for signal in ("Self-disclosure", "Linguistic commitment", "Base score"):
        assert page.get_by_role("rowheader", name=re.compile(signal)).is_visible()
    tab.screenshot("memory")

    page.get_by_role("button", name="Delete this memory").click()
    dialog = page.get_by_role("dialog", name="Delete this memory?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    node_id = tenant.node_ids[THESIS]
    with server.client(tenant.key) as api:
        assert api.get(f"/users/{tenant.user}/nodes/{node_id}").status_code == 200

    page.get_by_role("button", name="Delete this memory").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete memory").click()
    page.get_by_text("The memory was deleted.").wait_for()
    page.get_by_text(f"{len(LIFE) - 1} memories").wait_for()
    assert all(THESIS not in row for row in rows(page))
    with server.client(tenant.key) as api:
        assert api.get(f"/users/{tenant.user}/nodes/{node_id}").status_code == 404


def test_the_playground_shows_the_exact_block_with_each_lines_channel_and_reason(
    tab: Page, shared: Tenant, server: Server
) -> None:
    page = open_user(tab, shared)
    page.get_by_role("link", name="Context playground").click()
    page.get_by_label("Input (the user's next message)").fill("How is the wedding speech going?")
    page.get_by_label("max_tokens").fill("300")
    page.get_by_role("button", name="Build the block").click()
    block = page.get_by_label("Context block")
    block.wait_for()

    with server.client(shared.key) as api:
        expected = api.post(
            "/query",
            json={
                "user_id": shared.user,
                "current_input": "How is the wedding speech going?",
                "max_tokens": 300,
            },
        ).json()
    assert block.inner_text() == expected["context"]
    assert page.get_by_text(f"{expected['token_count']} of 300").is_visible()
    lines = page.locator("section.result table").first.locator("tbody tr")
    assert lines.count() == len(expected["memories"]) > 0
    first = lines.first.inner_text()
    assert "Maya" in first and "relevant" in first and "In the block" in first
    for row, memory in zip(lines.all_inner_texts(), expected["memories"], strict=True):
        assert memory["channel"] in row

    # The same input, evaluated a year later: the moment is sent and shown.
    page.get_by_label("Evaluate at a chosen moment instead of now").check()
    page.get_by_label("Moment (UTC)").fill("2027-06-18T12:00")
    page.get_by_role("button", name="Build the block").click()
    page.get_by_text("2027-06-18 12:00 UTC").first.wait_for()
    sent = [r for r in tab.requests if r.url.endswith("/api/v1/query")][-1]
    assert json.loads(sent.post_data)["timestamp"] == "2027-06-18T12:00:00.000Z"


def test_a_new_constraint_pin_is_listed_edited_and_appears_in_the_next_block(
    tab: Page, tenant: Tenant
) -> None:
    page = open_user(tab, tenant)
    page.get_by_role("link", name="Pins", exact=True).click()
    form = page.get_by_role("form", name="Create pin")
    form.get_by_label("Topic").fill("vegetarian")
    form.get_by_label("Kind").select_option("constraint")
    form.get_by_label("Note (optional)").fill("no meat")
    form.get_by_role("button", name="Create pin").click()
    page.get_by_text("Pin “vegetarian” created.").wait_for()
    expect(page.locator(".pin-list")).to_contain_text("vegetarian: no meat")

    page.get_by_role("button", name="Edit pin vegetarian").click()
    edit = page.get_by_role("form", name="Save pin")
    edit.get_by_label("Note (optional)").fill("no meat, no fish")
    edit.get_by_role("button", name="Save pin").click()
    page.get_by_text("Pin “vegetarian” saved.").wait_for()
    expect(page.locator(".pin-list")).to_contain_text("no meat, no fish")
    tab.screenshot("pins")

    page.get_by_role("link", name="Context playground").click()
    page.get_by_label("Input (the user's next message)").fill("What should I cook tonight?")
    page.get_by_role("button", name="Build the block").click()
    block = page.get_by_label("Context block")
    expect(block).to_contain_text("- [constraint] vegetarian: no meat, no fish")
    first = page.locator("section.result table").first.locator("tbody tr").first.inner_text()
    assert "pinned" in first and "standing constraint" in first

    page.get_by_role("link", name="Pins", exact=True).click()
    page.get_by_role("button", name="Delete pin vegetarian").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete pin").click()
    page.get_by_text("Pin “vegetarian” deleted.").wait_for()
    page.get_by_text("No pins yet.").wait_for()


def test_the_graph_clusters_memories_by_topic_and_opens_a_selected_memory(
    tab: Page, shared: Tenant
) -> None:
    page = open_user(tab, shared)
    page.get_by_role("link", name="Graph", exact=True).click()
    canvas = page.get_by_role("img", name=re.compile("^Memory graph of user_001"))
    canvas.wait_for()
    assert canvas.get_attribute("data-memories") == str(len(LIFE))
    clusters = int(canvas.get_attribute("data-clusters"))
    assert 1 < clusters <= len(LIFE)
    page.wait_for_function("document.querySelector('canvas')?.dataset.drawMs !== undefined")
    tab.screenshot("graph")

    topics = page.get_by_role("list", name="Topics on the map").get_by_role("button")
    expect(topics).to_have_count(clusters)
    cello = topics.filter(has_text=re.compile("cello", re.I)).first
    cello.click()
    expect(cello).to_have_attribute("aria-pressed", "true")
    # The most salient memory of a focused topic sits at the centre of the canvas.
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    picked = page.get_by_role("region", name="Selected memory")
    picked.wait_for()
    assert "cello" in picked.inner_text().lower()
    picked.get_by_role("link", name="Open this memory").click()
    page.get_by_role("heading", name="Memory", level=1).wait_for()
    assert "cello" in page.locator("blockquote.content").inner_text().lower()


def test_export_downloads_everything_stored_about_the_user(tab: Page, shared: Tenant) -> None:
    page = open_user(tab, shared)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export all data (JSON)").click()
    saved = download.value
    assert saved.suggested_filename == f"kapex-export-{shared.user}-{START:%Y-%m-%d}.json"
    exported = json.loads(Path(saved.path()).read_text())
    assert exported["user_id"] == shared.user
    assert len(exported["nodes"]) == len(LIFE)
    assert {"entities", "edges", "pins", "events"} <= set(exported)


def test_topics_show_their_share_and_salience_and_link_to_their_memories(
    tab: Page, shared: Tenant
) -> None:
    page = open_user(tab, shared)
    page.get_by_role("link", name="Topics", exact=True).click()
    table = page.locator(".topics table")
    table.locator("tbody tr").first.wait_for()
    listed = table.locator("tbody tr").all_inner_texts()
    assert len(listed) >= 2 and all("%" in row for row in listed)
    tab.screenshot("topics")
    table.get_by_role("link").filter(has_text=re.compile("cello", re.I)).first.click()
    page.get_by_text(MATCHING).wait_for()
    assert all("cello" in row.lower() for row in rows(page))


def test_the_profile_shows_each_presets_difference_from_the_default_and_applies_one(
    tab: Page, server: Server
) -> None:
    tenant = Tenant(tenant_id="", key=_bare_tenant(server))
    page = tab.enter_key(tenant.key)
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("heading", name=re.compile("Active: default")).wait_for()
    page.get_by_label("Preset", exact=True).select_option("reflective")
    diff = page.get_by_role("table", name="What “reflective” changes from the default")
    # all_inner_texts() does not wait: read the rows once the table has rendered them (a CI
    # run read it empty while the preset's rows were still being drawn).
    diff.locator("tbody tr", has_text="injection_template.max_tokens").wait_for()
    changed = diff.locator("tbody tr").all_inner_texts()
    budget = next(r for r in changed if "injection_template.max_tokens" in r)
    assert "1000" in budget and "2000" in budget and "remembered context" in budget
    page.get_by_role("button", name="Apply “reflective”").click()
    page.get_by_role("dialog").get_by_role("button", name="Apply preset").click()
    page.get_by_role("heading", name=re.compile("Active: reflective")).wait_for()
    active = page.get_by_role("table", name="How the active profile differs from the default")
    expect(active.locator("tbody tr")).to_have_count(len(changed))
    tab.screenshot("profile")
    with server.client(tenant.key) as api:
        assert api.get("/profile").json()["preset"] == "reflective"


def _bare_tenant(server: Server) -> str:
    with server.client() as api:
        made = api.post(
            "/trial/signup",
            json={
                "company_name": "Profile Co",
                "email": f"profile-{uuid.uuid4().hex[:8]}@example.com",
                "name": "Pat Lee",
            },
        )
        assert made.status_code == 201, made.text
        return made.json()["api_key"]  # type: ignore[no-any-return]


# --- the key --------------------------------------------------------------------------------


def test_the_key_stays_in_the_tab_and_never_travels_in_a_url(tab: Page, shared: Tenant) -> None:
    page = tab.enter_key(shared.key)
    page.get_by_role("link", name="user_001").click()
    page.locator("table.memories-table tbody tr").first.wait_for()
    api_calls = [r for r in tab.requests if "/api/v1/" in r.url]
    assert api_calls and all(shared.key not in r.url for r in tab.requests)
    assert all(r.headers.get("x-api-key") == shared.key for r in api_calls)
    assert page.evaluate("window.localStorage.length") == 0
    assert page.context.cookies() == []
    assert page.evaluate("Object.values(sessionStorage)") == [shared.key]
    assert shared.key not in page.url

    page.reload()  # kept for this tab: no need to paste it again
    page.locator("table.memories-table tbody tr").first.wait_for()
    page.get_by_role("button", name="Forget key").click()
    page.get_by_label("API key").wait_for()
    assert page.evaluate("sessionStorage.length") == 0


def test_a_key_kept_in_memory_only_is_asked_for_again_after_a_reload(
    tab: Page, shared: Tenant
) -> None:
    page = tab.enter_key(shared.key, keep_for_tab=False)
    assert page.evaluate("sessionStorage.length") == 0
    page.reload()
    page.get_by_label("API key").wait_for()


def test_a_wrong_key_is_refused_with_a_message_that_says_what_to_do(tab: Page) -> None:
    page = tab.open()
    page.get_by_label("API key").fill("kpx_" + "x" * 43)
    page.get_by_role("button", name="Open the inspector").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "X-API-Key" in alert.inner_text()
    assert page.evaluate("sessionStorage.length") == 0


# --- what the ranking explains ------------------------------------------------------------------


def test_the_playground_explains_what_was_left_out_and_why(tab: Page, shared: Tenant) -> None:
    page = open_user(tab, shared)
    page.get_by_role("link", name="Context playground").click()
    page.get_by_label("Input (the user's next message)").fill("How is the wedding speech going?")
    page.get_by_label("max_tokens").fill("150")
    page.get_by_role("button", name="Build the block").click()
    page.get_by_label("Context block").wait_for()
    expect(page.get_by_role("heading", name="Considered but left out")).to_be_visible()
    left_out = page.get_by_role("table", name=re.compile("considered for the block and left out"))
    reasons = left_out.locator("tbody tr td:last-child").all_inner_texts()
    assert reasons and all(r.startswith("Left out:") for r in reasons)
    assert any("token budget" in r for r in reasons)
    expect(
        page.locator("dl.facts").get_by_text(re.compile("^(specific|open|mixed)"))
    ).to_be_visible()
    tab.screenshot("playground")


def test_topics_show_the_share_and_salience_the_server_reports(
    tab: Page, shared: Tenant, server: Server
) -> None:
    with server.client(shared.key) as api:
        reported = api.get(f"/users/{shared.user}/topics")
    assert reported.status_code == 200
    page = open_user(tab, shared)
    page.get_by_role("link", name="Topics", exact=True).click()
    page.locator(".topics table tbody tr").first.wait_for()
    shown = page.locator(".topics table tbody tr").all_inner_texts()
    for topic, row in zip(reported.json()["topics"], shown, strict=True):
        assert topic["label"] in row and f"{round(topic['share'] * 100)}%" in row
