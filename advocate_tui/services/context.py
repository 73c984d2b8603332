"""What every service is handed: the database, who is acting, and the service's settings."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlmodel import Session

from advocate_tui.db import Database
from advocate_tui.rules.equality import Equality
from advocate_tui.rules.justice import ReviewLimits
from advocate_tui.rules.risk import RiskThresholds
from advocate_tui.rules.routes import Routes
from advocate_tui.storage.config import Settings, load_settings, user_checklists_dir, user_equality_file
from advocate_tui.storage.equality_file import load_equality


@dataclass
class ServiceContext:
    """The database and the settings in force. Values given here win over the config file, which is
    read only if something not given is needed (so a test or a benchmark names everything and reads none)."""

    db: Database
    given_user: str | None = None
    given_areas: tuple[str, ...] | None = None
    given_plan_file: Path | None = None
    given_thresholds: RiskThresholds | None = None
    given_routes: Routes | None = None

    @cached_property
    def settings(self) -> Settings:
        return load_settings()

    @cached_property
    def user(self) -> str:
        """The advocate the audit trail and new records name."""
        return self.given_user or self.settings.advocate_name

    @cached_property
    def areas(self) -> tuple[str, ...]:
        return tuple(self.given_areas) if self.given_areas is not None else self.settings.areas

    @cached_property
    def plan_file(self) -> Path | None:
        """The service's own starting safety plan, if it has one."""
        if self.given_user is not None and self.given_areas is not None:
            return self.given_plan_file
        return self.given_plan_file or self.settings.safety_plan_file

    @cached_property
    def thresholds(self) -> RiskThresholds:
        """The configured lines for risk bands, reviews and suppression ([risk] and [reports])."""
        return self.given_thresholds or self.settings.thresholds

    @cached_property
    def review_limits(self) -> ReviewLimits:
        """The days to ask for a review of a police or CPS decision ([victims_code])."""
        return self.settings.review_limits

    @cached_property
    def routes(self) -> Routes:
        """The multi-agency routes, their names and criteria ([routes.marac] and [routes.panel])."""
        return self.given_routes or self.settings.routes

    @cached_property
    def checklists_dir(self) -> Path:
        """Where the service keeps its own risk checklists (beside the config file)."""
        return user_checklists_dir()

    @cached_property
    def equality(self) -> Equality:
        """The equality monitoring questions and their categories (the service's file, or the built-in)."""
        return load_equality(user_equality_file())

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A read-write transaction whose changes the audit trail puts in this advocate's name."""
        with self.db.session(actor=self.user) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work."""
        with self.db.reader() as session:
            yield session
