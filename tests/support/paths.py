"""Where things are: the checkout's root (the Makefile, .venv, tools/)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
