"""``python -m advocate_tui`` is the ``advocate`` command."""

from advocate_tui.cli import main

main()
