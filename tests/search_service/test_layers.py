"""The query layer is a library: importing it loads no web framework."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from search_service import PROJECT_ROOT

QUERY_LAYER = ("search_service.search", "search_service.search.engine", "search_service.search.index_handle",
               "search_service.search.params", "search_service.search.results")


def test_importing_the_query_layer_loads_neither_flask_nor_werkzeug():
    program = ("import json, sys\n"
               + "".join(f"import {name}\n" for name in QUERY_LAYER)
               + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug'))))")
    out = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True).stdout
    assert json.loads(out) == []


def test_the_app_factory_is_still_importable_from_the_package():
    program = "from search_service import create_app; import sys; print('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "True"


def test_the_readme_example_answers_from_a_real_index(small_index):
    from search_service.search.engine import SearchEngine
    from search_service.search.index_handle import IndexHandle
    from search_service.search.params import SearchParams

    engine = SearchEngine(IndexHandle(str(small_index), background_refresh=False))
    result = engine.search(SearchParams(q="ministre", filters={"lang": ("fr",)}))
    assert result.total > 0
    assert all(hit.lang == "fr" for hit in result.hits)
    assert any(count.value == "fr" for count in result.facets["lang"])


def test_the_readme_library_example_runs_as_written(small_index):
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The query layer as a library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    program = code.replace('"var/index"', repr(str(small_index)))
    out = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True,
                         cwd=PROJECT_ROOT).stdout
    assert out.splitlines()[0].split(" ", 1)[0].isdigit()
