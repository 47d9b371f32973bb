"""axe-core (the npm package, installed by `make node-packages`) run inside a page of the real Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def require_axe(path: Path = AXE) -> Path:
    """Like Chromium, a missing axe-core fails the suite rather than skipping the accessibility checks."""
    if not path.is_file():
        pytest.fail(f"{path} is missing: the accessibility tests need axe-core from npm. "
                    "Run `make node-packages` (npm ci), then the tests again.", pytrace=False)
    return path


def blocking_violations(page) -> list[str]:
    """Serious and critical axe violations of the page as it is now, one line each (rule, impact, elements)."""
    page.add_script_tag(path=str(require_axe()))     # the tab's context bypasses the CSP for this script only
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}"
            for v in result if v["impact"] in BLOCKING]
