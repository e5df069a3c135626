"""A minimal, dependency-free safetensors writer and reader (numpy only).

File layout (https://github.com/huggingface/safetensors):
    8 bytes   little-endian u64 N = length of the JSON header in bytes
    N bytes   UTF-8 JSON: {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [b, e]}, ...}
              padded with spaces so that 8 + N is a multiple of 8
    rest      the raw little-endian tensor bytes; [b, e) are offsets into this data section

The writer is deterministic: "__metadata__" comes first, tensors follow in
alphabetical order both in the header and in the data section, and the JSON is
compact, so the same tensors always produce the same bytes.

BF16: numpy has no bfloat16, so a BF16 tensor is held as an array of dtype
`BF16`, a one-field record of the raw little-endian 16-bit pattern (the top 16
bits of the float32). `float32_to_bf16` rounds float32 to it (round to nearest,
ties to even, like torch's `.to(torch.bfloat16)`); `bf16_to_float32` widens it
exactly. Being a distinct dtype, a BF16 array can never be mistaken for U16 data.
"""
import json
import struct

import numpy as np

BF16 = np.dtype([("bf16", "<u2")])
DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "F64": np.dtype("<f8"), "BF16": BF16}
DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}


def write(path, tensors, metadata=None):
    """Write {name: numpy array} (float32, float16, float64 or BF16) to `path`."""
    header = {"__metadata__": dict(metadata or {})}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        array = np.asarray(tensors[name])
        dtype = array.dtype.newbyteorder("<")
        if dtype not in DTYPE_NAMES:
            raise ValueError(f"{name}: unsupported dtype {array.dtype}")
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        header[name] = {
            "dtype": DTYPE_NAMES[dtype],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-(8 + len(header_bytes)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for data in chunks:
            f.write(data)


def read(path):
    """Read a safetensors file; returns ({name: numpy array}, metadata dict)."""
    with open(path, "rb") as f:
        blob = f.read()
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = blob[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
    return tensors, metadata


def float32_to_bf16(array):
    """Round float32 values to bfloat16 (nearest, ties to even; NaN stays NaN); returns a BF16 array."""
    bits = np.ascontiguousarray(array, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = np.isnan(np.asarray(array, dtype=np.float32))
    rounded = np.where(nan, (bits >> 16) | 0x0040, rounded).astype("<u2")
    return rounded.view(BF16).reshape(np.shape(array))


def bf16_to_float32(array):
    """Widen a BF16 array to float32 exactly (the 16 bits become the high half of the float32)."""
    bits = np.ascontiguousarray(array, dtype=BF16).view("<u2").astype("<u4") << 16
    return bits.view("<f4").reshape(np.shape(array))
