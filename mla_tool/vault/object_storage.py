"""The vault's ciphertext in S3-compatible object storage (boto3): streamed multipart uploads,
a few parts in flight at once, aborted when interrupted so that no partial object is ever
visible, and streamed reads."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

#: Every part but the last must hold at least 5 MiB (the S3 rule).
PART_SIZE = 8 * 1024 * 1024
#: Parts sent at once, each held in memory while it is sent: 32 MiB per upload at most.
PARTS_IN_FLIGHT = 4


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
        parts_in_flight: int = PARTS_IN_FLIGHT,
    ) -> None:
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        self.url = url
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.part_size = part_size
        self.parts_in_flight = parts_in_flight
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
            parts = self._send_parts(source, key, upload_id)
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise

    def _send_parts(self, source: BinaryIO, key: str, upload_id: str) -> list[dict[str, Any]]:
        """Read the parts in order and send up to `parts_in_flight` at once; on a failure, wait
        for the parts already in flight (an abort must come after them) and raise."""
        etags: dict[int, str] = {}
        in_flight: set[Future[tuple[int, str]]] = set()

        def collect(done: set[Future[tuple[int, str]]]) -> None:
            for future in done:
                number, etag = future.result()
                etags[number] = etag

        with ThreadPoolExecutor(self.parts_in_flight, thread_name_prefix="s3-part") as pool:
            number = 0
            while True:
                block = _read_full(source, self.part_size)
                if not block and number:
                    break
                number += 1
                in_flight.add(pool.submit(self._send_part, key, upload_id, number, block))
                if len(in_flight) >= self.parts_in_flight:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    collect(done)
                if len(block) < self.part_size:
                    break
            collect(wait(in_flight).done)
        return [{"PartNumber": n, "ETag": etags[n]} for n in sorted(etags)]

    def _send_part(self, key: str, upload_id: str, number: int, block: bytes) -> tuple[int, str]:
        answer = self.client.upload_part(
            Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=block
        )
        return number, answer["ETag"]

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
