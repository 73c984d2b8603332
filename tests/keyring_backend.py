"""Keyrings for the tests: one in memory, and one in a JSON file (for subprocesses, via PYTHON_KEYRING_BACKEND)."""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class FileKeyring(MemoryKeyring):
    """Kept in the file named by ADVOCATE_TEST_KEYRING, so separate processes share it."""

    @property
    def file(self) -> Path:
        return Path(os.environ["ADVOCATE_TEST_KEYRING"])

    def get_password(self, service: str, username: str) -> str | None:
        self.items = (
            {tuple(k.split("\n")): v for k, v in json.loads(self.file.read_text()).items()}
            if self.file.exists()
            else {}
        )
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.get_password(service, username)
        super().set_password(service, username, password)
        self.file.write_text(json.dumps({"\n".join(k): v for k, v in self.items.items()}))
