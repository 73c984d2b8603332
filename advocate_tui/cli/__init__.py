"""The ``advocate`` command: quick entry from the shell, one module per command group (see ``main``)."""
