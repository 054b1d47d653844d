"""Explain this step, in headless Chromium: the rule's numbers and the arrows follow the player in the
browser (three steps scrubbed, each with its own numbers, nothing sent to the server; SGD's first steps on a
bowl by hand), and the control under the surface explains nobody, one optimizer or every one."""

from __future__ import annotations

import re

import pytest

from tests.browser import chromium_page, page_errors, scene
from tests.test_browser_optimizer_lab import open_lab
from tests.test_browser_player import pick

pytestmark = pytest.mark.browser

RULES = ".st-key-race_chart_0_explain"
RACE = ".st-key-race_chart_0"
LINES = f"{RULES} .op-rule-line"  # ui/race/explain_rule.py: a title, then the rule's lines, per optimizer


def rule_text(page) -> list[str]:
    """The explained rules' lines, as written."""
    return page.evaluate(f"[...document.querySelectorAll('{LINES}')].map(e => e.textContent)")


def arrow_tips(page) -> list[str]:
    """Where the race chart's arrowheads are: the transforms of its turned symbols (no other is turned), read
    from the scene its canvas shows."""
    scene(page, RACE)
    return page.evaluate(
        f"[...document.querySelectorAll('{RACE} svg.op-scene .mark-symbol path')]"
        ".map(e => e.getAttribute('transform') || '').filter(t => t.includes('rotate'))"
    )


def scrub(page, step: int) -> None:
    """Move the player's scrub slider to ``step``, as a drag does."""
    page.evaluate(
        "s => { const e = document.querySelector('.op-scrub'); e.value = s;"
        " e.dispatchEvent(new Event('input', {bubbles: true})); }",
        step,
    )
    page.wait_for_timeout(600)


def test_scrubbing_to_three_steps_rewrites_the_rule_and_moves_the_arrows_without_the_server(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        sent = []
        page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
        open_lab(page, app_url)
        page.wait_for_selector(LINES)
        seen = {}
        assert sent, "the websocket listener heard nothing"  # it does hear the page's own messages
        sent.clear()
        for step in (5, 40, 150):
            scrub(page, step)
            lines = rule_text(page)
            assert any(f"RMSProp · step {step} → {step + 1}" in line for line in lines), lines
            assert any(line.startswith("σᵗ = √(α") for line in lines), lines
            numbers = " ".join(lines)
            assert "NaN" not in numbers and "undefined" not in numbers
            tips = arrow_tips(page)
            assert len(tips) >= 2, tips  # RMSProp: its update and its gradient step
            seen[step] = (numbers, "|".join(tips))
        assert len({numbers for numbers, _ in seen.values()}) == 3, "the numbers did not change with the step"
        assert len({tips for _, tips in seen.values()}) == 3, "the arrows did not move with the step"
        assert sent == [], "scrubbing talked to the server"
        assert errors == []


def test_the_control_explains_nobody_one_or_every_optimizer(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        open_lab(page, app_url)
        pick(page, "Explain the step of", "every optimizer")
        page.wait_for_function(
            f"[...document.querySelectorAll('{LINES}')]"
            ".filter(e => / · step \\d+ → /.test(e.textContent)).length == 4",
            timeout=20_000,
        )
        titles = [line for line in rule_text(page) if " · step " in line]
        assert [re.sub(" · .*", "", title) for title in titles] == ["SGD", "Momentum", "Adagrad", "RMSProp"]
        page.wait_for_selector(".st-key-race_chart_0_memory .vega-embed svg")  # Momentum: its memory bars
        pick(page, "Explain the step of", "nobody")
        page.wait_for_function(f"!document.querySelector('{RULES}')", timeout=20_000)
        page.wait_for_timeout(500)
        assert arrow_tips(page) == [], "arrows left on the surface"
        assert "explain=none" in page.url
        assert errors == []


def test_in_chinese_the_rule_says_which_step(app_url):
    with chromium_page() as page:
        open_lab(page, f"{app_url}/?lang=zh")
        page.wait_for_selector(LINES)
        scrub(page, 7)
        assert any("第 7 步 → 第 8 步" in line for line in rule_text(page)), rule_text(page)


def test_a_run_that_diverges_at_once_says_so_instead_of_a_rule(app_url):
    with chromium_page() as page:
        errors = page_errors(page)
        open_lab(page, f"{app_url}/?surface=Rosenbrock&opt=SGD&lr=10&explain=SGD")
        page.wait_for_selector(LINES)
        assert "SGD · diverged at step 1" in rule_text(page)
        assert errors == []


def test_sgds_first_steps_on_a_bowl_are_written_with_the_numbers_by_hand(app_url):
    """L = ½(x² + 10 y²) from (−2.5, 1.5), η = 0.1: g⁰ = (−2.5, 15), θ¹ = θ⁰ − 0.1 g⁰ = (−2.25, 0);
    g¹ = (−2.25, 0). Written as Vega wrote them: three digits, a true minus, no trailing zeros."""
    with chromium_page() as page:
        errors = page_errors(page)
        query = "surface=Bowl&opt=SGD&same_lr=1&lr=0.1&x0=-2.5&y0=1.5&steps=20&explain=SGD"
        open_lab(page, f"{app_url}/?{query}")
        page.wait_for_selector(LINES)
        scrub(page, 0)
        title, *lines = rule_text(page)
        assert re.fullmatch("SGD · step 0 → 1 · arrows ×[125]0*", title), title
        assert lines == [
            "θᵗ = (−2.5, 1.5),   gᵗ = ∇L(θᵗ) = (−2.5, 15)",
            "θᵗ⁺¹ = θᵗ − η gᵗ",
            "   = (−2.5, 1.5) − 0.1·(−2.5, 15)",
            "   = (−2.25, 0)",
        ]
        scrub(page, 1)
        assert rule_text(page)[1:4] == [
            "θᵗ = (−2.25, 0),   gᵗ = ∇L(θᵗ) = (−2.25, 0)",
            "θᵗ⁺¹ = θᵗ − η gᵗ",
            "   = (−2.25, 0) − 0.1·(−2.25, 0)",
        ]
        assert errors == []
