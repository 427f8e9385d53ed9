"""axe-core (pinned in package-lock.json) run inside a selenium-driven Chromium page."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source() -> str:
    if not AXE.is_file():
        raise AssertionError("axe-core is missing: run `make test` (it runs `npm ci`)")
    return AXE.read_text(encoding="utf-8")


def axe_driver(width: int):
    """A Chromium with axe present in every page before the page's own scripts run, so a page
    is loaded once and can be checked in any state (resized, search open, a facet chosen)."""
    from harness import make_driver

    driver = make_driver(width=width)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source()})
    return driver


def run_axe(driver) -> list[dict]:
    """The violations axe finds on the page loaded in driver."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        TAGS)
    return result


def describe(violations: list[dict]) -> str:
    """One readable line per failing element: rule id, target, help."""
    lines = []
    for v in violations:
        for node in v["nodes"] or [{"target": ["(page)"]}]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{v['id']} [{v.get('impact')}] {target}: {v['help']}")
    return "\n".join(lines)
