"""The vault's ciphertext in S3-compatible object storage (boto3): streamed multipart uploads
that are aborted when interrupted, so no partial object is ever visible, and streamed reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

#: Every part but the last must hold at least 5 MiB (the S3 rule); one part is held in memory.
PART_SIZE = 8 * 1024 * 1024


class ObjectStore:
    """Objects `<prefix>/<name>` in one bucket of an S3-compatible server."""

    def __init__(
        self,
        url: str,
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        part_size: int = PART_SIZE,
    ) -> None:
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        self.url = url
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.part_size = part_size
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def name_of(self, key: str) -> str:
        return key[len(self.prefix) + 1 :] if self.prefix else key

    def put(self, sealed: Any, name: str) -> None:
        with sealed.ciphertext() as source:
            self.put_stream(source, name)

    def put_stream(self, source: BinaryIO, name: str) -> None:
        """Upload part by part; any failure aborts the upload, which leaves no object."""
        key = self.key(name)
        upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
        try:
            parts = []
            number = 1
            while True:
                block = _read_full(source, self.part_size)
                if not block and parts:
                    break
                answer = self.client.upload_part(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=block
                )
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
                number += 1
                if len(block) < self.part_size:
                    break
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise

    def open(self, name: str) -> BinaryIO:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(name) from None
        return answer["Body"]  # a StreamingBody: read(n), close(), a context manager

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(name))

    def exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def names(self) -> Iterator[tuple[str, datetime]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.key("attachments/")
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield self.name_of(item["Key"]), item["LastModified"]

    def pending_uploads(self) -> list[str]:
        """Keys of multipart uploads begun and neither completed nor aborted."""
        answer = self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=self.key(""))
        return [item["Key"] for item in answer.get("Uploads", [])]


def _read_full(source: BinaryIO, size: int) -> bytes:
    pieces = []
    wanted = size
    while wanted:
        piece = source.read(wanted)
        if not piece:
            break
        pieces.append(piece)
        wanted -= len(piece)
    return b"".join(pieces)
