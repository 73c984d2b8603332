"""A keyring backend for the benchmark only: keys in a JSON file under the benchmark's data folder.

Benchmark machines have no desktop keyring; this stands in for one so an encrypted database's key
is "remembered" (``advocate unlock --remember``) the way a person's would be. It is selected by the
``keyringrc.cfg`` that :func:`common.isolate` writes, never by the program itself.
"""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


def _store() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "bench-keyring.json"


def _read() -> dict[str, str]:
    try:
        return json.loads(_store().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return _read().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        _store().write_text(json.dumps({**_read(), f"{service}\n{username}": password}), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        kept = _read()
        kept.pop(f"{service}\n{username}", None)
        _store().write_text(json.dumps(kept), encoding="utf-8")
