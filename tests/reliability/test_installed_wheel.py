"""The service works installed from its wheel, not only from a checkout (issue 21, defect 5): the top-level
templates/ ships in the wheel, and every distribution the code imports is declared.

The wheel test builds the wheel, installs it with its declared dependencies only in a fresh virtual
environment (pip's cache makes that about a minute) and, from a folder that is not the checkout, indexes the
corpus with the installed indexer and loads every page from the installed service under gunicorn.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path
from urllib.parse import quote

import pytest

from benchmarks.client import Client
from benchmarks.servers import Server, free_port, stop, wait_ready
from tests.conftest import CORPUS, ROOT

PACKAGES = ("indexer", "search_service")
PAGES = ("/", "/?q=otan", "/?q=zzzzqqq", "/?q=otan&page=2", "/documents/{doc}", "/documents/inconnu.html",
         "/search.atom?q=otan", "/search.csv?q=otan", "/api/search?q=otan", "/api/documents/{doc_escaped}",
         "/api/facets", "/api/openapi.json", "/healthz", "/static/style.css")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules() -> set[str]:
    modules = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m not in PACKAGES}


def declared_distributions() -> set[str]:
    """Required dependencies and those of the extras: an optional feature (the NER of `.[ner]`) imports its
    library only when it is switched on, and declares it in its extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {_normalise(re.split(r"[<>=!~\[; ]", spec, 1)[0]) for spec in specs}


def test_every_distribution_the_code_imports_is_declared():
    providers = packages_distributions()
    declared = declared_distributions()
    undeclared = {}
    for module in imported_top_level_modules():
        dists = {_normalise(d) for d in providers.get(module, [module])}
        if not dists & declared:
            undeclared[module] = sorted(dists)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # From a copy of what a clean clone has: an in-tree build leaves build/lib behind, whose stale files
    # would end up in the next wheel.
    source = tmp_path_factory.mktemp("source")
    for name in (*PACKAGES, "templates", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("communiques_search-*.whl")
    return built


@pytest.mark.wheel
def test_the_wheel_carries_every_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*.html"):
        assert f"search_service/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names, template


@pytest.mark.wheel
def test_the_wheel_installed_in_a_fresh_venv_serves_every_page(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    away = tmp_path / "elsewhere"          # not the checkout: nothing may come from ROOT
    away.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COMMUNIQUES_INDEX")}
    index = tmp_path / "index"
    ingest = subprocess.run([str(python), "-m", "indexer", "ingest", str(CORPUS), "--index", str(index)],
                            cwd=away, env=env, capture_output=True, text=True, timeout=300)
    assert ingest.returncode in (0, 3), ingest.stderr[-3000:]
    assert int(re.search(r"added: (\d+)", ingest.stdout).group(1)) >= 60, ingest.stdout

    port = free_port()
    log_path = tmp_path / "service.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(python), "-m", "search_service", "--index", str(index), "--port", str(port),
                                    "--workers", "1"], cwd=away, env={**env, "PYTHONUNBUFFERED": "1"},
                                   stdout=log, stderr=subprocess.STDOUT)
    server = Server("installed", port, process, log_path)
    try:
        wait_ready(server, timeout=120)
        client = Client(port, timeout=30)
        doc = client.get("/api/search?q=otan").json()["hits"][0]["id"]
        for template in PAGES:
            path = template.format(doc=quote(doc, safe="/:"), doc_escaped=quote(doc, safe=""))
            reply = client.get(path)
            assert reply.status in (200, 404), (path, reply.status, reply.body[:500])
            assert reply.status == 200 or "inconnu" in path, (path, reply.status)
            assert b"TemplateNotFound" not in reply.body and b"Internal" not in reply.body, path
            if path.startswith(("/?", "/documents/")) or path == "/":
                assert b"<!doctype html>" in reply.body[:200].lower(), path
        client.close()
    finally:
        stop(server)
    assert "TemplateNotFound" not in log_path.read_text("utf-8", "replace")
