"""``python -m pdcontent``."""

from .cli import run

run()
