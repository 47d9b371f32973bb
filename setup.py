"""A build hook only (everything else is in pyproject.toml): the page templates live at the top level,
templates/, beside the packages; a wheel carries them as search_service/templates, where create_app looks
first. Without it an installed service answered every page with TemplateNotFound (issue 21)."""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"


class BuildWithTemplates(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):      # an editable install reads templates/ in place
            shutil.copytree(TEMPLATES, Path(self.build_lib) / "search_service" / "templates", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTemplates})
