"""Settings from ``config.toml`` in the platformdirs config directory; none are needed to start.

Example::

    [advocate]
    name = "Sam Carter"
    role = "Independent Stalking Advocate"

    [service]
    name = "Northshire Stalking Advocacy Service"
    areas = ["City", "County"]
    safety_plan = "/path/to/our-plan.toml"   # replaces the built-in starting checklist

    [database]
    url = "/path/to/advocate.db"             # or postgresql+psycopg://user@host/db

    [keys]
    caseload.filter = "slash"                # remap any binding by its id
"""

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from advocate_tui.errors import ConfigError

APP_NAME = "advocate-tui"
DEFAULT_AREAS = ("City", "County")


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "advocate"


def config_file() -> Path:
    return Path(os.environ.get("ADVOCATE_CONFIG") or config_dir() / "config.toml")


@dataclass(frozen=True)
class Settings:
    advocate_name: str
    advocate_role: str = "Independent Stalking Advocate"
    service_name: str = "Stalking Advocacy Service"
    areas: tuple[str, ...] = DEFAULT_AREAS
    safety_plan_file: Path | None = None
    database: str | None = None
    keys: dict[str, str] = field(default_factory=dict)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): fall back to a neutral label
        return "advocate"


def _text(table: dict, key: str, where: str, path: Path) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"In {path}, {where}.{key} must be a non-empty text in quotes.")
    return value.strip()


def _table(data: dict, key: str, path: Path) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"In {path}, [{key}] must be a table of settings.")
    return value


@cache
def load_settings() -> Settings:
    """Read the config file once per process; a missing file gives the defaults."""
    path = config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The config file {path} cannot be read ({exc.__class__.__name__}); fix or remove it.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML ({exc}); fix or remove it.") from None

    advocate = _table(data, "advocate", path)
    service = _table(data, "service", path)
    database = _table(data, "database", path)
    keys = _table(data, "keys", path)

    areas = service.get("areas", list(DEFAULT_AREAS))
    if not isinstance(areas, list) or not areas or not all(isinstance(a, str) and a.strip() for a in areas):
        raise ConfigError(f'In {path}, service.areas must be a list of names, e.g. ["City", "County"].')
    plan = _text(service, "safety_plan", "service", path)
    if plan is not None and not Path(plan).expanduser().is_file():
        raise ConfigError(f"In {path}, service.safety_plan names {plan}, which is not a file.")
    flat_keys = _flatten_keys(keys, path)

    return Settings(
        advocate_name=_text(advocate, "name", "advocate", path) or _os_user(),
        advocate_role=_text(advocate, "role", "advocate", path) or Settings.advocate_role,
        service_name=_text(service, "name", "service", path) or Settings.service_name,
        areas=tuple(a.strip() for a in areas),
        safety_plan_file=Path(plan).expanduser() if plan else None,
        database=_text(database, "url", "database", path),
        keys=flat_keys,
    )


def _flatten_keys(keys: dict, path: Path, prefix: str = "") -> dict[str, str]:
    """``[keys]`` may be dotted (``caseload.filter = "f"``), which TOML reads as nested tables."""
    flat: dict[str, str] = {}
    for name, value in keys.items():
        binding_id = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten_keys(value, path, f"{binding_id}."))
        elif isinstance(value, str) and value.strip():
            flat[binding_id] = value.strip()
        else:
            raise ConfigError(f'In {path}, keys.{binding_id} must be a key name in quotes, e.g. "f2".')
    return flat
