"""The application as a whole process: prints ``interactive`` as soon as the caseload accepts keys,
then (with ``--memory REF``) lists every case and opens REF, and prints its peak RSS in KB.

    python bench/tui_probe.py URL [--memory REF]

It starts as the ``advocate`` console script does: the command line's module is imported, then
``main()`` turns the garbage collector off for the application's imports (here: those of tui.py
too) and runs the application, headless (see tui.py).
"""

import argparse
import gc

from advocate_tui.cli.main import main  # noqa: F401 -- imported first, as by the console script

gc.disable()  # as main() does before importing the application
import tui  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("url")
parser.add_argument("--memory", metavar="REF", help="Then list every case and open REF.")
arguments = parser.parse_args()
tui.probe(arguments.url, arguments.memory)
