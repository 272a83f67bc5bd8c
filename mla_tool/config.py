"""Settings read from the environment (and an optional instance config file)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any


def _secret_key_from_file(data_dir: Path) -> str:
    """Read the session signing key from the data folder, creating it (0600) when absent."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _smtp_password(env: dict[str, str]) -> str:
    """The SMTP password, from MLA_SMTP_PASSWORD or the file MLA_SMTP_PASSWORD_FILE names."""
    if env.get("MLA_SMTP_PASSWORD"):
        return env["MLA_SMTP_PASSWORD"]
    if env.get("MLA_SMTP_PASSWORD_FILE"):
        return Path(env["MLA_SMTP_PASSWORD_FILE"]).read_text().strip()
    return ""


def _s3_credentials(env: dict[str, str]) -> tuple[str, str]:
    """The object store's key id and secret: MLA_S3_ACCESS_KEY_ID and MLA_S3_SECRET_ACCESS_KEY, or
    the file MLA_S3_CREDENTIALS_FILE names (key id on its first line, secret on its second)."""
    if env.get("MLA_S3_CREDENTIALS_FILE"):
        lines = Path(env["MLA_S3_CREDENTIALS_FILE"]).read_text().split()
        return (lines + ["", ""])[0], (lines + ["", ""])[1]
    return env.get("MLA_S3_ACCESS_KEY_ID", ""), env.get("MLA_S3_SECRET_ACCESS_KEY", "")


@dataclass
class Settings:
    """Everything the application reads from its environment, resolved once."""

    data_dir: Path
    database_url: str
    secret_key: str
    master_key_file: Path
    exchange_key_file: Path
    behind_proxy: bool = False
    session_minutes: int = 30  # idle minutes before a session ends
    session_max_hours: int = 12  # a session ends this long after sign-in, however active
    token_days: int = 90  # default lifetime of a new API token
    ack_reminder_days: int = 30  # days without acknowledgement of receipt before a reminder
    incoming_due_days: str = ""  # "kind=days,…": an incoming request's default due date per kind
    fact_max_age_days: int = 730  # a directory fact whose source is older is shown with a warning
    login_rate_limit: str = "10 per minute"
    max_upload_bytes: int = 2 * 1024**3
    max_json_bytes: int = 1024 * 1024
    default_locale: str = "en"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)  # never in a repr, hence never in a log
    smtp_from: str = ""
    smtp_starttls: bool = False
    base_url: str = ""
    audit_key_file: Path | None = None  # default <data dir>/audit.key
    audit_checkpoint_file: Path | None = None  # default <data dir>/audit-checkpoints.jsonl
    audit_checkpoint_every: int = 1000
    storage_url: str = ""  # where attachments live: "" the data folder, or s3://bucket/prefix
    s3_endpoint_url: str = ""  # an S3-compatible server's URL; "" for AWS itself
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = field(default="", repr=False)
    ratelimit_storage_url: str = "memory://"  # redis://host:port/0: limits shared by processes
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("MLA_DATA_DIR", "instance")).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        database_url = env.get("MLA_DATABASE_URL") or f"sqlite:///{data_dir / 'mla_tool.sqlite'}"
        secret_key = env.get("MLA_SECRET_KEY") or _secret_key_from_file(data_dir)
        master_key_file = Path(env.get("MLA_MASTER_KEY_FILE") or data_dir / "master.key")
        exchange_key_file = Path(env.get("MLA_EXCHANGE_KEY_FILE") or data_dir / "exchange.key")
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            secret_key=secret_key,
            master_key_file=master_key_file,
            exchange_key_file=exchange_key_file,
            behind_proxy=env.get("MLA_BEHIND_PROXY", "") in {"1", "true", "yes"},
            session_minutes=int(
                env.get("MLA_SESSION_IDLE_MINUTES") or env.get("MLA_SESSION_MINUTES") or "30"
            ),
            session_max_hours=int(env.get("MLA_SESSION_MAX_HOURS") or "12"),
            token_days=int(env.get("MLA_TOKEN_DAYS") or "90"),
            ack_reminder_days=int(env.get("MLA_ACK_REMINDER_DAYS") or "30"),
            incoming_due_days=env.get("MLA_INCOMING_DUE_DAYS", "").strip(),
            fact_max_age_days=int(env.get("MLA_FACT_MAX_AGE_DAYS") or "730"),
            login_rate_limit=env.get("MLA_LOGIN_RATE_LIMIT", "10 per minute"),
            max_upload_bytes=int(env.get("MLA_MAX_UPLOAD_BYTES", str(2 * 1024**3))),
            smtp_host=env.get("MLA_SMTP_HOST", "").strip(),
            smtp_port=int(env.get("MLA_SMTP_PORT") or "25"),
            smtp_user=env.get("MLA_SMTP_USER", ""),
            smtp_password=_smtp_password(env),
            smtp_from=env.get("MLA_SMTP_FROM", ""),
            smtp_starttls=env.get("MLA_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"},
            base_url=env.get("MLA_BASE_URL", "").rstrip("/"),
            audit_key_file=Path(env.get("MLA_AUDIT_KEY_FILE") or data_dir / "audit.key"),
            audit_checkpoint_file=Path(
                env.get("MLA_AUDIT_CHECKPOINT_FILE") or data_dir / "audit-checkpoints.jsonl"
            ),
            audit_checkpoint_every=max(1, int(env.get("MLA_AUDIT_CHECKPOINT_EVERY") or "1000")),
            storage_url=env.get("MLA_STORAGE_URL", "").strip(),
            s3_endpoint_url=env.get("MLA_S3_ENDPOINT_URL", "").strip(),
            s3_region=env.get("MLA_S3_REGION") or "us-east-1",
            s3_access_key_id=_s3_credentials(env)[0],
            s3_secret_access_key=_s3_credentials(env)[1],
            ratelimit_storage_url=env.get("MLA_RATELIMIT_STORAGE_URL") or "memory://",
        )

    def flask_config(self) -> dict[str, Any]:
        """The Flask configuration keys these settings map to."""
        engine_options: dict[str, Any] = {
            "pool_pre_ping": True,  # a database restarted under us costs one retry, not an error
            "hide_parameters": True,  # an error message never quotes the data it was writing
            "connect_args": {"connect_timeout": 10},
        }
        if self.database_url.startswith("sqlite"):
            engine_options = {"connect_args": {"timeout": 30}, "hide_parameters": True}
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "MLA_DATA_DIR": self.data_dir,
            "MLA_MASTER_KEY_FILE": self.master_key_file,
            "MLA_EXCHANGE_KEY_FILE": self.exchange_key_file,
            "MLA_AUDIT_KEY_FILE": self.audit_key_file or self.data_dir / "audit.key",
            "MLA_AUDIT_CHECKPOINT_FILE": self.audit_checkpoint_file
            or self.data_dir / "audit-checkpoints.jsonl",
            "MLA_AUDIT_CHECKPOINT_EVERY": self.audit_checkpoint_every,
            "MLA_BEHIND_PROXY": self.behind_proxy,
            "MLA_MAX_JSON_BYTES": self.max_json_bytes,
            # the file may have max_upload_bytes; the multipart body around it a little more
            "MLA_MAX_UPLOAD_BYTES": self.max_upload_bytes,
            "MAX_CONTENT_LENGTH": self.max_upload_bytes + 64 * 1024,
            "PERMANENT_SESSION_LIFETIME": timedelta(minutes=self.session_minutes),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.behind_proxy,
            "REMEMBER_COOKIE_DURATION": timedelta(minutes=self.session_minutes),
            "MLA_SESSION_IDLE_MINUTES": self.session_minutes,
            "MLA_SESSION_MAX_HOURS": self.session_max_hours,
            "MLA_TOKEN_DAYS": self.token_days,
            "MLA_ACK_REMINDER_DAYS": self.ack_reminder_days,
            "MLA_INCOMING_DUE_DAYS": self.incoming_due_days,
            "MLA_FACT_MAX_AGE_DAYS": self.fact_max_age_days,
            "WTF_CSRF_TIME_LIMIT": None,
            "MLA_LOGIN_RATE_LIMIT": self.login_rate_limit,
            "BABEL_DEFAULT_LOCALE": self.default_locale,
            "BABEL_DEFAULT_TIMEZONE": "UTC",
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_url,
            "MLA_STORAGE_URL": self.storage_url,
            "MLA_S3_ENDPOINT_URL": self.s3_endpoint_url,
            "MLA_S3_REGION": self.s3_region,
            "MLA_S3_ACCESS_KEY_ID": self.s3_access_key_id,
            "MLA_S3_SECRET_ACCESS_KEY": self.s3_secret_access_key,
            "RATELIMIT_HEADERS_ENABLED": True,
            "MLA_SMTP_HOST": self.smtp_host,
            "MLA_SMTP_PORT": self.smtp_port,
            "MLA_SMTP_USER": self.smtp_user,
            "MLA_SMTP_PASSWORD": self.smtp_password,
            "MLA_SMTP_FROM": self.smtp_from,
            "MLA_SMTP_STARTTLS": self.smtp_starttls,
            "MLA_BASE_URL": self.base_url,
            **self.extra,
        }
