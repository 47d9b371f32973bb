"""Figures measured by the reliability and stress tests, appended as JSON lines to var/reliability/records.jsonl
(override with $RELIABILITY_RECORDS), so docs/reliability.md quotes what a real run saw."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.conftest import ROOT

RECORDS = Path(os.environ.get("RELIABILITY_RECORDS", ROOT / "var" / "reliability" / "records.jsonl"))


def record(name: str, **figures) -> None:
    RECORDS.parent.mkdir(parents=True, exist_ok=True)
    line = {"test": name, "at": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average": os.getloadavg()[0], **figures}
    with open(RECORDS, "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
