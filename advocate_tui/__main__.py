"""``python -m advocate_tui`` is the ``advocate`` command."""

from advocate_tui.cli.main import main

main()
