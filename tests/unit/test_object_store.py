"""The S3-compatible client (MinIO's SDK) against a real S3-compatible server, moto, which checks every signature
against the key it issued as a store does."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from ehcna_portal.services.object_store import ObjectStoreError, S3Client, S3Config
from ehcna_portal.settings import ConfigError, load_settings
from tests.support.s3_server import MotoS3

EXAMPLE = S3Config(endpoint="https://examplebucket.s3.amazonaws.com", bucket="examplebucket", region="us-east-1",
                   access_key_id="AKIAIOSFODNN7EXAMPLE", secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def test_the_secret_is_never_in_the_configs_text():
    assert "EXAMPLEKEY" not in repr(EXAMPLE) and "EXAMPLEKEY" not in str(EXAMPLE)


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoS3]:
    with MotoS3() as server:
        yield server


@pytest.fixture
def s3(moto: MotoS3) -> MotoS3:
    return moto.fresh()


def test_put_get_and_delete_against_a_real_store(s3, tmp_path: Path):
    client = S3Client(s3.config())
    names = ["a1", "b2", "c3"]
    for number, name in enumerate(names):
        source = tmp_path / name
        source.write_bytes(bytes([number]) * (300_000 + number))  # more than one chunk
        client.put(name, source)
    assert sorted(s3.objects) == [f"documents/{name}" for name in names]

    copy = io.BytesIO()
    assert client.get("c3", copy) == 300_002 and copy.getvalue() == bytes([2]) * 300_002

    client.delete("c3")
    client.delete("c3")  # already gone: nothing to do
    with pytest.raises(FileNotFoundError):
        client.get("c3", io.BytesIO())
    assert sorted(s3.objects) == ["documents/a1", "documents/b2"]


def test_a_wrong_secret_or_key_is_refused_with_the_stores_reason(s3, tmp_path: Path):
    source = tmp_path / "file"
    source.write_bytes(b"x")
    with pytest.raises(ObjectStoreError, match="SignatureDoesNotMatch"):
        S3Client(s3.config(secret_access_key="not the secret")).put("file", source)
    with pytest.raises(ObjectStoreError, match="InvalidAccessKeyId"):
        S3Client(s3.config(access_key_id="SOMEONEELSE")).put("file", source)
    assert s3.objects == {}


def test_a_store_that_is_down_is_an_os_error_not_a_hang(s3, tmp_path: Path):
    client = S3Client(s3.config())
    s3.stop()
    source = tmp_path / "file"
    source.write_bytes(b"x")
    with pytest.raises(ObjectStoreError, match="NewConnectionError"):
        client.put("file", source)
    assert issubclass(ObjectStoreError, OSError)  # callers treat it as storage trouble


def test_settings_for_a_bucket_are_checked_at_start_up(tmp_path: Path):
    base = {"EHCNA_DATA_DIR": str(tmp_path)}
    assert load_settings(base).s3 is None
    bucket = {**base, "EHCNA_DOCUMENT_STORE": "s3", "EHCNA_S3_ENDPOINT": "https://objects.council.example/",
              "EHCNA_S3_BUCKET": "ehcna", "EHCNA_S3_REGION": "eu-west-2", "EHCNA_S3_ACCESS_KEY_ID": "KEY",
              "EHCNA_S3_SECRET_ACCESS_KEY": "SECRET"}
    config = load_settings(bucket).s3
    assert config is not None
    assert (config.endpoint, config.bucket, config.prefix) == ("https://objects.council.example", "ehcna", "documents/")
    with pytest.raises(ConfigError, match="EHCNA_S3_SECRET_ACCESS_KEY"):
        load_settings({**bucket, "EHCNA_S3_SECRET_ACCESS_KEY": ""})
    with pytest.raises(ConfigError, match="directory or s3"):
        load_settings({**bucket, "EHCNA_DOCUMENT_STORE": "ftp"})
    with pytest.raises(ConfigError, match="no path"):
        load_settings({**bucket, "EHCNA_S3_ENDPOINT": "https://objects.council.example/ehcna"})
    prod = {**bucket, "EHCNA_ENV": "prod", "EHCNA_SECRET_KEY": "s" * 48, "EHCNA_SMTP_HOST": "smtp.example",
            "EHCNA_MAIL_FROM": "noreply@example.gov.uk", "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"}
    with pytest.raises(ConfigError, match="https"):
        load_settings({**prod, "EHCNA_S3_ENDPOINT": "http://objects.council.example"})
    assert load_settings({**prod, "EHCNA_S3_ENDPOINT": "http://127.0.0.1:9000"}).s3 is not None


def test_backup_and_restore_say_they_do_not_copy_a_bucket(tmp_path: Path, monkeypatch, capsys):
    from ehcna_portal import cli

    monkeypatch.setattr(cli, "get_settings", lambda: load_settings({
        "EHCNA_DATA_DIR": str(tmp_path), "EHCNA_DOCUMENT_STORE": "s3", "EHCNA_S3_ENDPOINT": "http://127.0.0.1:9",
        "EHCNA_S3_BUCKET": "b", "EHCNA_S3_REGION": "eu-west-2", "EHCNA_S3_ACCESS_KEY_ID": "K",
        "EHCNA_S3_SECRET_ACCESS_KEY": "S"}))
    assert cli.main(["backup", str(tmp_path / "backup")]) == 1
    assert "Backup refused" in capsys.readouterr().err and not (tmp_path / "backup").exists()
    assert cli.main(["restore", str(tmp_path / "backup")]) == 1
    assert "versioning and replication" in capsys.readouterr().err
