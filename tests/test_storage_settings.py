"""The object-storage and rate-limit settings: from the environment or a credentials file."""

from __future__ import annotations

from pathlib import Path

from mla_tool.config import Settings


def test_object_storage_credentials_from_a_file_and_shared_limits(tmp_path: Path) -> None:
    credentials = tmp_path / "s3-credentials"
    credentials.write_text("AKIDEXAMPLE\nsecret-from-file\n")
    settings = Settings.from_environment(
        {
            "MLA_DATA_DIR": str(tmp_path),
            "MLA_STORAGE_URL": "s3://evidence/mla",
            "MLA_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
            "MLA_S3_CREDENTIALS_FILE": str(credentials),
            "MLA_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0",
        }
    )
    config = settings.flask_config()
    assert config["MLA_STORAGE_URL"] == "s3://evidence/mla"
    assert config["MLA_S3_ACCESS_KEY_ID"] == "AKIDEXAMPLE"
    assert config["MLA_S3_SECRET_ACCESS_KEY"] == "secret-from-file"
    assert "secret-from-file" not in repr(settings)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_by_default_the_data_folder_and_per_process_limits(tmp_path: Path) -> None:
    config = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)}).flask_config()
    assert config["MLA_STORAGE_URL"] == "" and config["RATELIMIT_STORAGE_URI"] == "memory://"
