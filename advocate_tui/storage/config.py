"""Settings from ``config.toml`` in the platformdirs config directory; none are needed to start.

Example::

    [advocate]
    name = "Sam Carter"
    role = "Independent Stalking Advocate"
    phone = "01632 960123"                   # optional, for letters
    email = "sam.carter@example.org"         # optional, for letters
    signature = ["Sam Carter", "Independent Stalking Advocate"]   # lines under letters

    [organisation]                           # the letterhead; name defaults to service.name
    name = "Northshire Stalking Advocacy Service"
    address = ["PO Box 123", "Northshire", "NS1 9ZZ"]
    phone = "01632 960000"
    email = "referrals@example.org"

    [documents]
    folder = "~/Documents/advocate"          # where letters are saved
    letterhead = "letterhead.docx"           # the service's own Word letterhead letters start from

    [service]
    name = "Northshire Stalking Advocacy Service"
    areas = ["City", "County"]
    safety_plan = "/path/to/our-plan.toml"   # replaces the built-in starting checklist

    [database]
    url = "/path/to/advocate.db"             # or postgresql+psycopg://user@host/db

    [keys]
    caseload.filter = "slash"                # remap any binding by its id

    [risk]                                   # where the risk checklist draws its lines
    medium_from = 10                         # Yes answers for medium risk
    high_from = 14                           # Yes answers for high risk (and for visible high risk below)
    review_weeks = 8                         # a risk review is due this long after the last

    [routes.marac]                           # domestic cases; every setting is optional
    referral_text = "…"                      # what the route is, for its referral summary
    score_from = 14                          # visible high risk: checklist Yes answers (default risk.high_from)
    incidents = 3                            # potential escalation: this many incidents...
    months = 12                              # ...within this many months
    count = "identified"                     # or "reported": only incidents reported to the police
    repeat_months = 12                       # a new incident this soon after the last referral: repeat

    [routes.panel]                           # non-domestic cases: the same settings, and its local name
    name = "Northshire Stalking Intervention Panel"

    [victims_code]                           # the Victims' Right to Review: ask for a review within...
    police_review_days = 90                  # ...this many days of a police decision not to charge
    cps_review_days = 14                     # ...this many days of a CPS decision (about 10 working days)

    [reports]
    suppress_below = 5                       # funder exports show counts from 1 to 4 as "<5"

    [retention]
    years = 6                                # closed cases are due for erasure this long after closure

    [privacy]
    idle_minutes = 5                         # the application locks itself after this long untouched; 0 = never

    [evidence]
    max_mb = 2048                            # the largest file kept as evidence, in mebibytes

    [appearance]                             # saved by the application when the theme is changed
    theme = "advocate-light"

    [agenda]                                 # saved by the application when the agenda's filter is changed
    hide = ["plan-items"]                    # kinds of row not shown (see rules.vocab.AgendaKind)
    mine = true                              # only the cases whose advocate is you

The application saves its own choices (:func:`remember`) into the same file, keeping its comments and layout.
"""

import dataclasses
import getpass
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from advocate_tui.rules.errors import ConfigError
from advocate_tui.rules.justice import ReviewLimits
from advocate_tui.rules.risk import RiskThresholds
from advocate_tui.rules.routes import ROUTE_KEYS, Route, Routes
from advocate_tui.rules.vocab import AgendaKind

APP_NAME = "advocate-tui"
DEFAULT_AREAS = ("City", "County")


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    """Where letters are saved: ``[documents] folder``, or "advocate" in the user's documents folder."""
    folder = load_settings().documents_folder
    if folder is not None:
        return folder
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "advocate"


def user_templates_dir() -> Path:
    """Letter templates of the service's own, next to the config file; they override built-ins by name."""
    return config_file().parent / "templates"


def user_checklists_dir() -> Path:
    """Risk checklists of the service's own (e.g. licensed wording), next to the config file; they replace built-ins by id."""
    return config_file().parent / "checklists"


def user_equality_file() -> Path:
    """The service's own equality monitoring categories, next to the config file; it replaces the built-in."""
    return config_file().parent / "equality.toml"


def config_file() -> Path:
    return Path(os.environ.get("ADVOCATE_CONFIG") or config_dir() / "config.toml")


@dataclass(frozen=True)
class Organisation:
    """Who letters come from: the letterhead."""

    name: str
    address: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Settings:
    advocate_name: str
    advocate_role: str = "Independent Stalking Advocate"
    advocate_phone: str | None = None
    advocate_email: str | None = None
    signature: tuple[str, ...] = ()
    service_name: str = "Stalking Advocacy Service"
    organisation: Organisation = Organisation("Stalking Advocacy Service")
    documents_folder: Path | None = None
    word_letterhead: Path | None = None
    areas: tuple[str, ...] = DEFAULT_AREAS
    safety_plan_file: Path | None = None
    database: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    thresholds: RiskThresholds = RiskThresholds()
    routes: Routes = Routes()
    retention_years: int = 6
    idle_lock_minutes: int = 5
    evidence_max_mb: int = 2048
    review_limits: ReviewLimits = ReviewLimits()
    theme: str | None = None
    agenda_hidden: frozenset[AgendaKind] = frozenset()
    agenda_mine: bool = False


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


def _lines(table: dict, key: str, where: str, path: Path) -> tuple[str, ...]:
    """A list of lines, or one text split at its line breaks."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise ConfigError(
            f'In {path}, {where}.{key} must be a list of lines in quotes, e.g. ["PO Box 123", "Northshire"].'
        )
    return tuple(line.strip() for line in value if line.strip())


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
        raise ConfigError(
            f"The config file {path} cannot be read ({exc.__class__.__name__}); fix or remove it."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML ({exc}); fix or remove it.") from None

    advocate = _table(data, "advocate", path)
    service = _table(data, "service", path)
    database = _table(data, "database", path)
    keys = _table(data, "keys", path)
    organisation = _table(data, "organisation", path)
    documents = _table(data, "documents", path)
    risk, route_tables = _moved_settings(_table(data, "risk", path), _table(data, "routes", path), path)
    thresholds = _thresholds(risk, _table(data, "reports", path), path)
    routes = _routes(route_tables, path)
    retention_years = _whole(_table(data, "retention", path), "years", "retention", path, Settings.retention_years, 1)
    idle_lock_minutes = _whole(
        _table(data, "privacy", path), "idle_minutes", "privacy", path, Settings.idle_lock_minutes, 0
    )
    review_limits = _review_limits(_table(data, "victims_code", path), path)
    evidence_max_mb = _whole(_table(data, "evidence", path), "max_mb", "evidence", path, Settings.evidence_max_mb, 1)
    agenda = _table(data, "agenda", path)

    areas = service.get("areas", list(DEFAULT_AREAS))
    if not isinstance(areas, list) or not areas or not all(isinstance(a, str) and a.strip() for a in areas):
        raise ConfigError(f'In {path}, service.areas must be a list of names, e.g. ["City", "County"].')
    plan = _text(service, "safety_plan", "service", path)
    if plan is not None and not Path(plan).expanduser().is_file():
        raise ConfigError(f"In {path}, service.safety_plan names {plan}, which is not a file.")
    flat_keys = _flatten_keys(keys, path)
    service_name = _text(service, "name", "service", path) or Settings.service_name
    folder = _text(documents, "folder", "documents", path)
    word_letterhead = _text(documents, "letterhead", "documents", path)
    if word_letterhead is not None and not (path.parent / Path(word_letterhead).expanduser()).is_file():
        raise ConfigError(f"In {path}, documents.letterhead names {word_letterhead}, which is not a file.")

    return Settings(
        advocate_name=_text(advocate, "name", "advocate", path) or _os_user(),
        advocate_role=_text(advocate, "role", "advocate", path) or Settings.advocate_role,
        advocate_phone=_text(advocate, "phone", "advocate", path),
        advocate_email=_text(advocate, "email", "advocate", path),
        signature=_lines(advocate, "signature", "advocate", path),
        service_name=service_name,
        organisation=Organisation(
            name=_text(organisation, "name", "organisation", path) or service_name,
            address=_lines(organisation, "address", "organisation", path),
            phone=_text(organisation, "phone", "organisation", path),
            email=_text(organisation, "email", "organisation", path),
        ),
        documents_folder=path.parent / Path(folder).expanduser() if folder else None,
        word_letterhead=path.parent / Path(word_letterhead).expanduser() if word_letterhead else None,
        areas=tuple(a.strip() for a in areas),
        safety_plan_file=Path(plan).expanduser() if plan else None,
        database=_text(database, "url", "database", path),
        keys=flat_keys,
        thresholds=thresholds,
        routes=routes,
        retention_years=retention_years,
        idle_lock_minutes=idle_lock_minutes,
        evidence_max_mb=evidence_max_mb,
        review_limits=review_limits,
        theme=_text(_table(data, "appearance", path), "theme", "appearance", path),
        agenda_hidden=_agenda_kinds(agenda, path),
        agenda_mine=_yes_no(agenda, "mine", "agenda", path),
    )


def _agenda_kinds(table: dict, path: Path) -> frozenset[AgendaKind]:
    kinds = table.get("hide", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k in AgendaKind.values() for k in kinds):
        raise ConfigError(f"In {path}, agenda.hide must be a list of some of {', '.join(AgendaKind.values())}.")
    return frozenset(AgendaKind(k) for k in kinds)


def _yes_no(table: dict, key: str, where: str, path: Path) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"In {path}, {where}.{key} must be true or false, not {value!r}.")
    return value


def remember(table: str, values: dict[str, str | bool | list[str]]) -> None:
    """Set ``values`` in ``[table]`` of the config file, keeping the rest of it (comments and layout too), and
    read the settings afresh; the file is replaced whole, in one step (see :func:`~advocate_tui.storage.files.write_file`)."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    from advocate_tui.storage.files import make_folder, write_file

    path = config_file()
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"The config file {path} cannot be read ({exc.__class__.__name__}); fix or remove it."
        ) from None
    except ParseError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML ({exc}); fix or remove it.") from None
    section = document.get(table)
    if section is None:
        section = document[table] = tomlkit.table()
    elif not isinstance(section, dict):
        raise ConfigError(f"In {path}, [{table}] must be a table of settings.")
    section.update(values)
    make_folder(path.parent)
    write_file(path, tomlkit.dumps(document).encode("utf-8"), replace=True)
    load_settings.cache_clear()


def _whole(table: dict, key: str, where: str, path: Path, default: int, least: int) -> int:
    value = table.get(key, default)
    if type(value) is not int or value < least:
        raise ConfigError(f"In {path}, {where}.{key} must be a whole number of at least {least}, not {value!r}.")
    return value


def _review_limits(table: dict, path: Path) -> ReviewLimits:
    """``[victims_code]``: the days to ask for a review of a police and of a CPS decision, each at least 1."""
    names = {"police_review_days": "police_days", "cps_review_days": "cps_days"}
    for name in table:
        if name not in names:
            raise ConfigError(f"In {path}, victims_code.{name} is not a setting of [victims_code]: check the spelling.")
    defaults = ReviewLimits()
    return ReviewLimits(
        **{
            field: _whole(table, name, "victims_code", path, getattr(defaults, field), 1)
            for name, field in names.items()
        }
    )


#: Settings of earlier versions, read as the route settings that replaced them: ``[risk]
#: marac_police_incidents`` counted incidents reported to the police, so it keeps ``count = "reported"``.
_MOVED = {"marac_police_incidents": "incidents", "marac_window_months": "months"}


def _moved_settings(risk: dict, routes: dict, path: Path) -> tuple[dict, dict]:
    """``[risk]`` and ``[routes]`` with the earlier ``[risk] marac_*`` settings moved to ``[routes.marac]``."""
    old = {name: risk[name] for name in _MOVED if name in risk}
    if not old:
        return risk, routes
    marac = dict(_table(routes, "marac", path))
    for name, value in old.items():
        new = _MOVED[name]
        if new in marac:
            raise ConfigError(
                f"In {path}, risk.{name} and routes.marac.{new} are both set: keep routes.marac.{new} only."
            )
        marac[new] = value
    if "marac_police_incidents" in old:
        marac.setdefault("count", "reported")
    return {k: v for k, v in risk.items() if k not in _MOVED}, {**routes, "marac": marac}


def _thresholds(risk: dict, reports: dict, path: Path) -> RiskThresholds:
    """``[risk]`` and ``[reports]``: whole numbers of at least 1, and medium below high."""
    values = {}
    for table, where in ((risk, "risk"), (reports, "reports")):
        for name, value in table.items():
            if name not in RiskThresholds.__dataclass_fields__ or (name == "suppress_below") != (where == "reports"):
                raise ConfigError(f"In {path}, {where}.{name} is not a setting of [{where}]: check the spelling.")
            if type(value) is not int or value < 1:
                raise ConfigError(f"In {path}, {where}.{name} must be a whole number of at least 1, not {value!r}.")
            values[name] = value
    thresholds = RiskThresholds(**values)
    if thresholds.medium_from >= thresholds.high_from:
        raise ConfigError(
            f"In {path}, risk.medium_from ({thresholds.medium_from}) must be below risk.high_from ({thresholds.high_from})."
        )
    return thresholds


_COUNTS = {"identified": False, "reported": True}


def _routes(table: dict, path: Path) -> Routes:
    """``[routes.marac]`` and ``[routes.panel]``: names, referral text and the criteria's thresholds."""
    unknown = sorted(set(table) - set(ROUTE_KEYS))
    if unknown:
        raise ConfigError(f"In {path}, [routes.{unknown[0]}] is not a route: the routes are marac and panel.")
    defaults = Routes()
    routes = {key: _route(_table(table, key, path), defaults.by_key(key), path) for key in ROUTE_KEYS}
    return Routes(**routes)


def _route(table: dict, default: Route, path: Path) -> Route:
    where = f"routes.{default.key}"
    values: dict[str, object] = {}
    for name, value in table.items():
        if name in ("name", "referral_text"):
            values[name] = " ".join((_text(table, name, where, path) or "").split())
        elif name == "count":
            if value not in _COUNTS:
                raise ConfigError(f'In {path}, {where}.count must be "identified" or "reported", not {value!r}.')
            values["police_only"] = _COUNTS[value]
        elif name in ("score_from", "incidents", "months", "repeat_months"):
            values[name] = _whole(table, name, where, path, 1, 1)
        else:
            raise ConfigError(f"In {path}, {where}.{name} is not a setting of [{where}]: check the spelling.")
    return dataclasses.replace(default, **values)  # type: ignore[arg-type]


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
