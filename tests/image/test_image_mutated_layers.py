"""Damaged layers, made by mutating real tars at random (seeded): a scan either reads them or
stops with a LayerwiseError. Any other exception would reach the user as a traceback."""

from __future__ import annotations

import contextlib
import gzip
import io
import random
import tarfile
from collections.abc import Callable

import pytest
import zstandard

from layerwise.errors import LayerwiseError
from layerwise.image.tarscan import scan_layer

NAMES = ["a", "b", "c" * 70, ".wh.a", ".wh..wh..opq", "..", "."]


def some_tar(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    fmt = rng.choice([tarfile.GNU_FORMAT, tarfile.PAX_FORMAT, tarfile.USTAR_FORMAT])
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for _ in range(rng.randint(1, 6)):
            info = tarfile.TarInfo("/".join(rng.choice(NAMES) for _ in range(rng.randint(1, 3))))
            data = b""
            kind = rng.choice("fdsl")
            if kind == "f":
                data = rng.randbytes(rng.randint(0, 3000))
                info.size = len(data)
            elif kind == "d":
                info.type = tarfile.DIRTYPE
            else:
                info.type = tarfile.SYMTYPE if kind == "s" else tarfile.LNKTYPE
                info.linkname = rng.choice(["a", "../../x", "/etc", "missing"])
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def mutated(rng: random.Random, data: bytes) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        choice = rng.random()
        if choice < 0.6 and damaged:
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif choice < 0.8:
            del damaged[rng.randrange(len(damaged) + 1) :]
        else:
            at = rng.randrange(len(damaged) + 1)
            damaged[at:at] = rng.randbytes(rng.randint(1, 600))
    return bytes(damaged)


COMPRESSIONS: dict[str, Callable[[bytes], bytes]] = {
    "tar": bytes,
    "gzip": gzip.compress,
    "zstd": zstandard.ZstdCompressor().compress,
}


@pytest.mark.parametrize("compression", COMPRESSIONS)
def test_damaged_layers_are_read_or_refused_clearly(compression: str) -> None:
    rng = random.Random(compression)
    for _ in range(300):
        blob = COMPRESSIONS[compression](mutated(rng, some_tar(rng)))
        for headers_only in (False, True):
            with contextlib.suppress(LayerwiseError):
                scan_layer(io.BytesIO(blob), digests=not headers_only, hash_files=not headers_only)
