"""The inspector is usable with a keyboard and a screen reader.

axe-core (the pinned copy in ``vendor/``, loaded into the page by the browser, offline) checks
every view against WCAG 2.2 A/AA and axe's best practices; the keyboard tests drive the main
controls with Tab, Enter, Space, Escape and the canvas keys only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import LIFE, Page, Tenant

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
THESIS = LIFE[5][2]


def violations(page: Any) -> list[str]:
    """axe's findings on the page as it is now, one line each."""
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def unlabelled(page: Any) -> list[str]:
    """Form controls without an accessible name (a label, aria-label or aria-labelledby)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                .filter((el) => el.type !== 'hidden')
                .filter((el) => !(el.labels?.length || el.getAttribute('aria-label')
                                  || el.getAttribute('aria-labelledby')))
                .map((el) => el.outerHTML.slice(0, 80))"""
        )
    )


def test_every_view_passes_axe_and_labels_every_control(tab: Page, shared: Tenant) -> None:
    tab.page.context.add_init_script(path=str(AXE))
    page = tab.open()
    page.get_by_label("API key").wait_for()
    found = {"key": violations(page) + unlabelled(page)}
    page = tab.enter_key(shared.key)
    page.get_by_role("link", name=shared.user).wait_for()
    found["users"] = violations(page) + unlabelled(page)
    page.get_by_role("link", name=shared.user).click()
    page.locator(".memories-table tbody tr").first.wait_for()
    found["memories"] = violations(page) + unlabelled(page)
    for tab_name, ready in (
        ("Graph", "canvas[data-zoom]"),
        ("Topics", ".topics table tbody tr"),
        ("Pins", ".pin-form"),
    ):
        page.get_by_role("link", name=tab_name, exact=True).click()
        page.locator(ready).first.wait_for()
        found[tab_name] = violations(page) + unlabelled(page)
    page.get_by_role("link", name="Context playground").click()
    page.get_by_label("Input (the user's next message)").fill("How is the wedding speech going?")
    page.get_by_role("button", name="Build the block").click()
    page.get_by_label("Context block").wait_for()
    found["playground"] = violations(page) + unlabelled(page)
    page.get_by_role("link", name="Memories", exact=True).click()
    page.get_by_role("link", name=THESIS).click()
    page.get_by_role("img", name=re.compile("Salience over time")).wait_for()
    found["memory"] = violations(page) + unlabelled(page)
    page.get_by_role("button", name="Delete this memory").click()
    page.get_by_role("dialog").wait_for()
    found["dialog"] = violations(page)
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Profile").click()
    page.get_by_label("Preset", exact=True).select_option("reflective")
    page.get_by_role("table", name=re.compile("What “reflective” changes")).wait_for()
    found["profile"] = violations(page) + unlabelled(page)
    assert {view: problems for view, problems in found.items() if problems} == {}


def focused(locator: Any) -> bool:
    return bool(locator.evaluate("(el) => el === document.activeElement"))


def tab_to(page: Any, locator: Any, *, limit: int = 80) -> None:
    """Press Tab until ``locator`` has focus: it is reachable from the keyboard."""
    for _ in range(limit):
        if focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} is not reachable with Tab")


def test_the_main_controls_work_from_the_keyboard(tab: Page, tenant: Tenant) -> None:
    page = tab.open()
    key = page.get_by_label("API key")
    tab_to(page, key)
    page.keyboard.type(tenant.key)
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Users", level=1)
    heading.wait_for()
    # A new view starts at its heading, so the next Tab is inside the view.
    expect(heading).to_be_focused()

    search = page.get_by_label("Search users by id")
    tab_to(page, search)
    page.keyboard.type("user_001")
    user = page.get_by_role("link", name=tenant.user, exact=True)
    page.get_by_text("1 user matches").wait_for()
    tab_to(page, user)
    page.keyboard.press("Enter")
    page.locator(".memories-table tbody tr").first.wait_for()

    by_time = page.get_by_role("button", name=re.compile("^Time"))
    tab_to(page, by_time)
    page.keyboard.press("Enter")
    expect(page.get_by_role("columnheader", name=re.compile("^Time"))).to_have_attribute(
        "aria-sort", "descending"
    )
    crisis = page.get_by_label("Crisis")
    tab_to(page, crisis)
    page.keyboard.press("Space")
    page.get_by_text("1 memory matches the filters").wait_for()
    tab_to(page, page.get_by_role("button", name="Clear filters"))
    page.keyboard.press("Enter")
    page.get_by_text(f"{len(LIFE)} memories").wait_for()

    graph = page.get_by_role("link", name="Graph", exact=True)
    tab_to(page, graph, limit=120)
    page.keyboard.press("Enter")
    canvas = page.get_by_role("img", name=re.compile("^Memory graph"))
    canvas.wait_for()
    fitted = float(canvas.get_attribute("data-zoom"))
    tab_to(page, canvas)
    page.keyboard.press("+")
    expect(canvas).not_to_have_attribute("data-zoom", f"{fitted:.3f}")
    assert float(canvas.get_attribute("data-zoom")) > fitted
    page.keyboard.press("0")
    expect(canvas).to_have_attribute("data-zoom", f"{fitted:.3f}")

    page.get_by_role("link", name="Memories", exact=True).click()
    memory = page.get_by_role("link", name=THESIS)
    memory.wait_for()
    tab_to(page, memory, limit=120)
    page.keyboard.press("Enter")
    delete = page.get_by_role("button", name="Delete this memory")
    tab_to(page, delete, limit=120)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Delete this memory?")
    # The safe answer has focus; Escape closes the question and focus goes back.
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(delete).to_be_focused()
