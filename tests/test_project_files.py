"""What a newcomer meets first: the README's two commands, and a local run that opens the browser."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_shared_config_does_not_force_headless():
    """A headless config meant `streamlit run` on a laptop opened no browser; servers pass the flag."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert "headless" not in config.get("server", {})


def test_the_readme_has_one_copy_paste_command_to_run_and_one_to_test():
    lines = [line.strip() for line in (ROOT / "README.md").read_text().splitlines()]
    assert "pip install -r requirements.txt && streamlit run streamlit_app.py" in lines
    assert "pip install -r requirements-dev.txt && pytest" in lines
