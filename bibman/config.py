"""Settings for ``bibman check``: every default once, and where overrides come from.

Precedence, highest first: command-line flags > environment (``BIBMAN_*``) >
``--config FILE`` > ``bibman.toml`` in the working directory > ``[tool.bibman.check]``
in ``./pyproject.toml`` > the user's own config (``$XDG_CONFIG_HOME/bibman/config.toml``,
or ``BIBMAN_USER_CONFIG``). Config files hold the check settings in a ``[check]`` table
(``[tool.bibman.check]`` in pyproject.toml); keys use the long flag names with
underscores (``max_redirects``, ``fail_on``...). Unknown keys are errors, so typos
do not pass silently.

Security: the project files (``pyproject.toml``, ``bibman.toml`` of the checked
repository, possibly an untrusted pull request) cannot weaken the address safety:
``SECURITY_KEYS`` set there are ignored with a warning.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

VERDICTS = (
    "ok",
    "redirected",
    "dead",
    "timeout",
    "blocked",
    "soft-404",
    "excluded",
    "unsupported",
    "offline",
    "archived",
)
FORMATS = ("table", "json", "junit", "markdown", "github")
# check also writes JSON Lines (``--shard``), which ``check --merge`` reads back
CHECK_FORMATS = (*FORMATS, "jsonl")

DEFAULT_USER_AGENT = "bibman/0.1 (link checker; +https://pypi.org/project/bibman/)"
# What a current desktop browser sends; for sites whose bot rules refuse honest agents.
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


@dataclass(frozen=True)
class Settings:
    """Everything ``bibman check`` can be told. Defaults live here and nowhere else."""

    timeout: float = 15.0  # seconds one URL may take in total: hops, retries, reading
    request_timeout: float | None = None  # seconds per attempt; None = the whole budget
    retries: int = 2  # extra attempts after a 5xx, 408, 429 or timeout
    concurrency: int = 32  # requests in flight overall
    host_concurrency: int = 4  # requests in flight per host (halved on 429/503, see limiter)
    # opt-in growth: at most this many for a host that never pushes back and keeps
    # answering as fast (see limiter: growth), never above twice host_concurrency. Off by
    # default (None: host_concurrency): a host that tolerates exactly the limit and says
    # 429 beyond it must never see one request more.
    host_concurrency_max: int | None = None
    # seconds between two request starts on one host: at most 100 starts a second on a
    # fast host (4 in flight answered in 5 ms would otherwise be 800 a second)
    host_interval: float = 0.01
    max_redirects: int = 10
    max_body: int = 65536  # bytes of a page read to look for "not found" (soft 404)
    body_window: float = 1.0  # seconds spent reading a body after its headers
    # "auto": GET first for a URL naming a page (its body is read for "not found"),
    # HEAD first for one naming a file (.pdf, .zip, ...) or with soft-404 reading off,
    # then GET when HEAD is refused or the page must be read, and GET first on a host
    # where HEAD keeps needing a GET after it; "head": always HEAD first; "get": GET only
    method: str = "auto"
    soft404: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    # an e-mail address or URL added to the default User-Agent (Crossref's etiquette: a
    # site owner who sees a problem can write instead of blocking)
    contact: str | None = None
    accept: tuple[int, ...] = ()  # extra status codes counted as ok (e.g. 403)
    include: tuple[str, ...] = ()  # regexes; when set, only matching URLs are checked
    exclude: tuple[str, ...] = ()  # regexes of URLs not to check
    allow_private: bool = False  # allow loopback/private/link-local targets
    allow_networks: tuple[str, ...] = ()  # CIDR ranges allowed despite being non-public
    cache: bool = True
    cache_path: str | None = None  # None = <user cache dir>/bibman/links.sqlite
    cache_max_age: float = 7 * 86400.0  # seconds a cached success stays valid
    archive: bool = True  # look dead links up in the Wayback Machine
    doi_resolver: str = "https://doi.org/"
    doi_handle_api: str = "https://doi.org/api/handles/"
    wayback_available: str = "https://archive.org/wayback/available"
    wayback_cdx: str = "https://web.archive.org/cdx/search/cdx"
    wayback_web: str = "https://web.archive.org/web/"
    fail_on: tuple[str, ...] = ("dead", "soft-404", "timeout")
    format: str = "table"
    progress: bool = True  # progress bar (only ever on a terminal)
    fields: tuple[str, ...] = ("url", "doi", "howpublished", "note")

    def __post_init__(self) -> None:
        _validate(self)


def effective_user_agent(s: Settings) -> str:
    """The User-Agent sent: the configured one, with the contact in the default one."""
    if s.contact and s.user_agent == DEFAULT_USER_AGENT:
        who = (
            s.contact
            if "://" in s.contact or s.contact.startswith("mailto:")
            else (f"mailto:{s.contact}" if "@" in s.contact else s.contact)
        )
        return DEFAULT_USER_AGENT[:-1] + f"; {who})"
    return s.user_agent


def _validate(s: Settings) -> None:
    if s.timeout <= 0 or (s.request_timeout is not None and s.request_timeout <= 0):
        raise ConfigError("timeout must be a positive number of seconds")
    if s.retries < 0 or s.retries > 10:
        raise ConfigError("retries must be between 0 and 10")
    if s.concurrency < 1 or s.host_concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    if s.max_redirects < 0 or s.max_body < 0 or s.cache_max_age < 0:
        raise ConfigError("max_redirects, max_body and cache_max_age must not be negative")
    bad = [v for v in s.fail_on if v not in VERDICTS]
    if bad:
        raise ConfigError(
            f"unknown verdict in fail_on: {', '.join(bad)} (known: {', '.join(VERDICTS)})"
        )
    if s.method not in ("auto", "head", "get"):
        raise ConfigError(f"unknown method {s.method!r} (known: auto, head, get)")
    if s.format not in CHECK_FORMATS:
        raise ConfigError(f"unknown format {s.format!r} (known: {', '.join(CHECK_FORMATS)})")
    for net in s.allow_networks:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            raise ConfigError(f"allow_networks: not an address or CIDR range: {net!r}") from None
    for pat in (*s.include, *s.exclude):
        try:
            re.compile(pat)
        except re.error as e:
            raise ConfigError(f"bad include/exclude pattern {pat!r}: {e}") from None
    for code in s.accept:
        if not 100 <= code <= 999:
            raise ConfigError(f"accept: not an HTTP status code: {code}")


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}

# Settings that let the checker reach non-public addresses, or send requests to an
# endpoint other than the public ones: only the person running bibman may set them
# (flags, environment, --config, the user's own config), never the checked project.
SECURITY_KEYS = frozenset(
    {
        "allow_private",
        "allow_networks",
        "doi_resolver",
        "doi_handle_api",
        "wayback_available",
        "wayback_cdx",
        "wayback_web",
    }
)

# Environment variables (the link-check bench sets the first seven).
ENV = {
    "BIBMAN_DOI_RESOLVER": "doi_resolver",
    "BIBMAN_DOI_HANDLE_API": "doi_handle_api",
    "BIBMAN_WAYBACK_AVAILABLE": "wayback_available",
    "BIBMAN_WAYBACK_CDX": "wayback_cdx",
    "BIBMAN_WAYBACK_WEB": "wayback_web",
    "BIBMAN_TIMEOUT": "timeout",
    "BIBMAN_CONCURRENCY": "concurrency",
    "BIBMAN_CACHE": "cache_path",
    "BIBMAN_ALLOW_NETWORKS": "allow_networks",
    "BIBMAN_USER_AGENT": "user_agent",
    "BIBMAN_MAILTO": "contact",
    "BIBMAN_CONTACT": "contact",
}


def _duration(value: Any, name: str) -> float:
    """Seconds from a number or a string like ``30``, ``1.5s``, ``15m``, ``12h``, ``7d``."""
    if isinstance(value, bool):
        raise ConfigError(f"{name}: expected a duration, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value))
    if not m:
        raise ConfigError(f"{name}: not a duration: {value!r} (use e.g. 30, 30s, 15m, 12h, 7d)")
    unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    return float(m.group(1)) * unit


def _coerce(name: str, value: Any) -> Any:
    """A value from TOML, the environment or a flag -> the type of field ``name``."""
    f = _FIELDS[name]
    default = f.default if f.default is not dataclasses.MISSING else None
    try:
        if name in ("timeout", "request_timeout", "cache_max_age", "body_window", "host_interval"):
            return None if value is None else _duration(value, name)
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True
                if low in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if isinstance(default, int) or name == "host_concurrency_max":
            if value is None and default is None:
                return None
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if isinstance(default, tuple) or name == "accept":
            items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
            if name == "accept":
                return tuple(int(v) for v in items)
            return tuple(str(v) for v in items)
        if name == "user_agent" and str(value).strip().lower() == "browser":
            return BROWSER_USER_AGENT
        if name in ("cache_path", "contact"):
            return None if value in (None, "") else str(value)
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError):
        raise ConfigError(f"{name}: invalid value {value!r}") from None


def _from_mapping(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in _FIELDS:
            raise ConfigError(f"{origin}: unknown setting {raw_key!r}")
        out[key] = _coerce(key, value)
    return out


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def _check_table(doc: dict[str, Any], path: Path, *, pyproject: bool) -> dict[str, Any]:
    table: Any = doc
    trail = ("tool", "bibman", "check") if pyproject else ("check",)
    for part in trail:
        table = table.get(part, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{'.'.join(trail)}] must be a table")
    return _from_mapping(table, f"{path} [{'.'.join(trail)}]")


def user_config_path(env: Mapping[str, str] | None = None) -> Path:
    """The user's own config file (``BIBMAN_USER_CONFIG``, else the XDG location)."""
    environ = os.environ if env is None else env
    if environ.get("BIBMAN_USER_CONFIG"):
        return Path(environ["BIBMAN_USER_CONFIG"])
    home = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "bibman" / "config.toml"


def load_settings(
    flags: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Merge every source into one ``Settings``; ``None`` flag values are "not given"."""
    return resolve_settings(flags, config, cwd, env)[0]


def resolve_settings(
    flags: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[Settings, tuple[str, ...]]:
    """``load_settings`` plus the warnings to show (project files that tried to set
    ``SECURITY_KEYS``: those settings are ignored)."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    environ = os.environ if env is None else env
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    user = user_config_path(environ)
    if user.is_file():
        merged.update(_check_table(_toml(user), user, pyproject=False))
    for path, is_pyproject in ((base / "pyproject.toml", True), (base / "bibman.toml", False)):
        if not path.is_file():
            continue
        table = _check_table(_toml(path), path, pyproject=is_pyproject)
        weakening = sorted(k for k in table if k in SECURITY_KEYS)
        if weakening:
            warnings.append(
                f"{path}: ignored {', '.join(weakening)}: settings that weaken address "
                "safety are taken only from the command line, the environment, --config "
                f"or your own config ({user})"
            )
        merged.update({k: v for k, v in table.items() if k not in SECURITY_KEYS})
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        merged.update(_check_table(_toml(path), path, pyproject=path.name == "pyproject.toml"))
    for var, name in ENV.items():
        if environ.get(var):
            merged[name] = _coerce(name, environ[var])
    for name, value in (flags or {}).items():
        if value is None:
            continue
        if name not in _FIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        merged[name] = _coerce(name, value)
    return Settings(**merged), tuple(warnings)


# --------------------------------------------------------------------------- verify

VERIFY_VERDICTS = ("confirmed", "suggested", "mismatch", "not-found", "unverified")


@dataclass(frozen=True)
class VerifySettings:
    """Everything ``bibman verify`` can be told. Defaults live here and nowhere else.

    Read from the ``[verify]`` table of the same config files as ``check``'s, then
    the environment (``VERIFY_ENV``), then flags."""

    doi_resolver: str = "https://doi.org/"  # content negotiation (CSL-JSON)
    crossref_api: str = "https://api.crossref.org/"
    openalex_api: str = "https://api.openalex.org/"
    arxiv_api: str = "https://export.arxiv.org/api/query"
    openlibrary_api: str = "https://openlibrary.org/"
    openalex: bool = False  # also search OpenAlex when Crossref has no accepted match
    search: bool = True  # search for entries without an identifier
    # contact for Crossref's polite pool and the User-Agent; from config or environment only
    mailto: str | None = None
    crossref_token: str | None = None  # Crossref Metadata Plus token (environment/config)
    openalex_api_key: str | None = None
    timeout: float = 60.0  # seconds one entry may take in total, waits included
    request_timeout: float = 20.0  # seconds per request
    retries: int = 2  # extra attempts after 429/5xx/timeouts
    max_retry_wait: float = 60.0  # a longer Retry-After makes the entry unverified
    concurrency: int = 6  # entries verified at once
    host_concurrency: int = 3  # requests in flight per host (Crossref asks for <= 3 searches)
    host_interval: float = 0.05  # seconds between two requests to one host
    arxiv_interval: float = 3.0  # arXiv asks for one request every 3 s
    max_body: int = 4 * 1024 * 1024  # bytes of an API answer read at most
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    cache: bool = True
    cache_path: str | None = None  # None = the link cache (<user cache dir>/bibman/links.sqlite)
    cache_found_age: float = 30 * 86400.0  # records found stay cached 30 days
    cache_not_found_age: float = 86400.0  # "no such identifier" stays cached 1 day
    offline: bool = False  # answer from the cache only
    fail_on: tuple[str, ...] = ("mismatch", "not-found")
    format: str = "table"

    def __post_init__(self) -> None:
        bad = [v for v in self.fail_on if v not in VERIFY_VERDICTS]
        if bad:
            raise ConfigError(
                f"unknown verdict in fail_on: {', '.join(bad)} (known: {', '.join(VERIFY_VERDICTS)})"
            )
        if self.format not in FORMATS:
            raise ConfigError(f"unknown format {self.format!r} (known: {', '.join(FORMATS)})")
        if self.timeout <= 0 or self.request_timeout <= 0:
            raise ConfigError("timeout must be a positive number of seconds")
        if not 0 <= self.retries <= 10:
            raise ConfigError("retries must be between 0 and 10")
        if self.concurrency < 1 or self.host_concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if min(self.host_interval, self.arxiv_interval, self.max_retry_wait) < 0:
            raise ConfigError("intervals and waits must not be negative")
        for net in self.allow_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ConfigError(
                    f"allow_networks: not an address or CIDR range: {net!r}"
                ) from None

    @property
    def user_agent(self) -> str:
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"bibman/0.1 (verify; +https://pypi.org/project/bibman/{contact})"


_VFIELDS = {f.name: f for f in dataclasses.fields(VerifySettings)}
_VDURATIONS = frozenset(
    {
        "timeout",
        "request_timeout",
        "max_retry_wait",
        "host_interval",
        "arxiv_interval",
        "cache_found_age",
        "cache_not_found_age",
    }
)
VERIFY_ENV = {
    "BIBMAN_DOI_RESOLVER": "doi_resolver",
    "BIBMAN_CROSSREF_API": "crossref_api",
    "BIBMAN_OPENALEX_API": "openalex_api",
    "BIBMAN_ARXIV_API": "arxiv_api",
    "BIBMAN_OPENLIBRARY_API": "openlibrary_api",
    "BIBMAN_MAILTO": "mailto",
    "BIBMAN_CROSSREF_TOKEN": "crossref_token",
    "BIBMAN_OPENALEX_API_KEY": "openalex_api_key",
    "BIBMAN_CACHE": "cache_path",
    "BIBMAN_ALLOW_NETWORKS": "allow_networks",
}


def _vcoerce(name: str, value: Any) -> Any:
    default = _VFIELDS[name].default
    try:
        if name in _VDURATIONS:
            return _duration(value, name)
        if isinstance(default, bool):
            if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off"):
                return False
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if isinstance(default, int) or name == "host_concurrency_max":
            if value is None and default is None:
                return None
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if isinstance(default, tuple):
            items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
            return tuple(str(v) for v in items)
        if value in (None, "") and default is None:
            return None
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError):
        raise ConfigError(f"{name}: invalid value {value!r}") from None


def _verify_table(path: Path, *, pyproject: bool) -> dict[str, Any]:
    table: Any = _toml(path)
    trail = ("tool", "bibman", "verify") if pyproject else ("verify",)
    for part in trail:
        table = table.get(part, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{'.'.join(trail)}] must be a table")
    out: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in _VFIELDS:
            raise ConfigError(f"{path} [{'.'.join(trail)}]: unknown setting {raw_key!r}")
        out[key] = _vcoerce(key, value)
    return out


# Settings a project file (of a possibly untrusted repository) may not set: they make
# bibman send requests to addresses it would otherwise refuse.
VERIFY_SECURITY_KEYS = frozenset(
    {
        "doi_resolver",
        "crossref_api",
        "openalex_api",
        "arxiv_api",
        "openlibrary_api",
        "allow_private",
        "allow_networks",
    }
)


def load_verify_settings(
    flags: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> VerifySettings:
    """Like ``load_settings``, for ``verify`` (the ``[verify]`` table)."""
    return resolve_verify_settings(flags, config, cwd, env)[0]


def resolve_verify_settings(
    flags: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[VerifySettings, tuple[str, ...]]:
    """Like ``resolve_settings``: the user's config, then the project's files (which
    cannot set ``VERIFY_SECURITY_KEYS``: warned and ignored), ``--config``, the
    environment, the flags."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    environ = os.environ if env is None else env
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    user = user_config_path(environ)
    if user.is_file():
        merged.update(_verify_table(user, pyproject=False))
    for path, pyproject in ((base / "pyproject.toml", True), (base / "bibman.toml", False)):
        if not path.is_file():
            continue
        table = _verify_table(path, pyproject=pyproject)
        weakening = sorted(k for k in table if k in VERIFY_SECURITY_KEYS)
        if weakening:
            warnings.append(
                f"{path}: ignored {', '.join(weakening)}: service endpoints and address "
                "allowances are taken only from the command line, the environment, --config "
                f"or your own config ({user})"
            )
        merged.update({k: v for k, v in table.items() if k not in VERIFY_SECURITY_KEYS})
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        merged.update(_verify_table(path, pyproject=path.name == "pyproject.toml"))
    for var, name in VERIFY_ENV.items():
        if environ.get(var):
            merged[name] = _vcoerce(name, environ[var])
    for name, value in (flags or {}).items():
        if value is None:
            continue
        if name not in _VFIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        merged[name] = _vcoerce(name, value)
    return VerifySettings(**merged), tuple(warnings)


# -- defaults for the other commands ------------------------------------------------------
# `[tool.bibman.format]` / `[tool.bibman.tidy]` / `[tool.bibman.parse]` in pyproject.toml,
# `[format]` ... in bibman.toml or the user's config: option defaults, flags still win.
# Key (long flag name, `-` or `_`) -> (click parameter, type, allowed values or None).
COMMAND_KEYS: dict[str, dict[str, tuple[str, type, tuple[str, ...] | None]]] = {
    "format": {
        "style": ("style", str, None),
        "locale": ("locale", str, None),
        "to": ("to", str, ("text", "html", "markdown", "latex")),
    },
    "tidy": {
        "sort": ("sort", str, ("key", "author", "year", "type")),
        "keys": ("key_pattern", str, None),
        "indent": ("indent", str, None),
        "field_order": ("field_order", list, None),
        "keep_duplicates": ("keep_duplicates", bool, None),
    },
    "parse": {
        "to": ("fmt", str, ("bibtex", "biblatex", "csljson", "yaml", "ris", "json")),
        "keep_raw": ("keep_raw", bool, None),
        "one_per_line": ("one_per_line", bool, None),
        "fail_under": ("fail_under", float, None),
    },
}


def command_config_files(
    cwd: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> list[tuple[Path, bool]]:
    """The config files that exist, lowest precedence first: (path, is pyproject.toml)."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    user = user_config_path(os.environ if env is None else env)
    candidates = [(user, False), (base / "pyproject.toml", True), (base / "bibman.toml", False)]
    return [(p, pyproject) for p, pyproject in candidates if p.is_file()]


def command_defaults(command: str, files: list[tuple[Path, bool]] | None = None) -> dict[str, Any]:
    """Option defaults for ``command`` (click parameter -> value) from its config tables;
    every error names the file and table."""
    keys = COMMAND_KEYS.get(command)
    if not keys:
        return {}
    out: dict[str, Any] = {}
    for path, pyproject in command_config_files() if files is None else files:
        trail = ("tool", "bibman", command) if pyproject else (command,)
        table: Any = _toml(path)
        for part in trail:
            table = table.get(part, {}) if isinstance(table, dict) else {}
        origin = f"{path} [{'.'.join(trail)}]"
        if not isinstance(table, dict):
            raise ConfigError(f"{origin} must be a table")
        for raw_key, value in table.items():
            key = raw_key.replace("-", "_")
            if key not in keys:
                known = ", ".join(k.replace("_", "-") for k in keys)
                raise ConfigError(f"{origin}: unknown setting {raw_key!r} (known: {known})")
            param, kind, allowed = keys[key]
            out[param] = _command_value(origin, raw_key, value, kind, allowed)
    return out


def _command_value(
    origin: str, key: str, value: Any, kind: type, allowed: tuple[str, ...] | None
) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is list:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{origin}: {key}: expected a list of field names")
        return ",".join(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ConfigError(f"{origin}: {key}: expected {kind.__name__}, got {value!r}")
    if allowed is not None and value not in allowed:
        raise ConfigError(f"{origin}: {key}: {value!r} is not one of {', '.join(allowed)}")
    if key == "style":
        from .stylenames import resolve_style

        try:
            resolve_style(str(value))
        except ConfigError as e:
            raise ConfigError(f"{origin}: {e}") from None
    if key == "locale":
        from .stylenames import resolve_locale

        try:
            resolve_locale(str(value))
        except ConfigError as e:
            raise ConfigError(f"{origin}: {e}") from None
    return value
