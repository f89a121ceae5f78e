"""A safetensors reader and writer in plain numpy + json (no safetensors library), and the
generator of grad4j's safetensors fixtures.

Format: 8-byte little-endian header length N, N bytes of UTF-8 JSON header, raw little-endian data.
The writer reproduces the reference implementation's bytes: tensors sorted by dtype (the reference's
dtype enum, descending: I64, F64, F32, BOOL for the dtypes used here) then by name, data packed in that
order, compact JSON with "__metadata__" first (its keys sorted here; the reference uses hash order),
header padded with spaces to a multiple of 8 bytes.

Usage:
  /usr/bin/python3 tools/safetensors_reader.py FILE         prints each tensor (name, dtype, shape, values)
  /usr/bin/python3 tools/safetensors_reader.py --fixtures   (re)writes grad4j's fixtures (needs PyTorch 1.13)

Fixtures written to grad4j-core/src/test/resources/fixtures/safetensors/:
  from_torch.safetensors + from_torch.json  tensors made by PyTorch, saved with write(); the JSON lists
                                            what SafetensorsTest must load (dtype, shape, values)
  expected_grad4j.safetensors               the bytes this writer produces for the tensors that
                                            SafetensorsTest builds and saves; grad4j must write the same
"""

import json
import os
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I64": np.dtype("<i8"), "BOOL": np.dtype("bool")}
CODES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("int64"): "I64", np.dtype("bool"): "BOOL"}
# Reference dtype enum order (ascending): BOOL < ... < F32 < F64 < I64; files list higher ones first.
ENUM_RANK = {"BOOL": 0, "F32": 11, "F64": 12, "I64": 13}
MAX_HEADER = 100_000_000


def write_bytes(tensors, metadata=None):
    """The file's bytes for a dict name -> numpy array (float32, float64, int64 or bool)."""
    items = sorted(tensors.items(), key=lambda kv: (-ENUM_RANK[CODES[kv[1].dtype]], kv[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata)}
    offset = 0
    blobs = []
    for name, array in items:
        data = np.ascontiguousarray(array).astype(DTYPES[CODES[array.dtype]]).tobytes()
        header[name] = {"dtype": CODES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def read_bytes(buf):
    """(tensors by name in name order, metadata or None), with the reference's checks."""
    if len(buf) < 8:
        raise ValueError("HeaderTooSmall")
    (n,) = struct.unpack("<Q", buf[:8])
    if n > MAX_HEADER:
        raise ValueError("HeaderTooLarge")
    if 8 + n > len(buf):
        raise ValueError("InvalidHeaderLength")
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    start = 0
    for name, info in entries:
        begin, end = info["data_offsets"]
        if begin != start or end < begin:
            raise ValueError("InvalidOffset(%s)" % name)
        if end - begin != int(np.prod(info["shape"], dtype=np.int64)) * DTYPES[info["dtype"]].itemsize:
            raise ValueError("TensorInvalidInfo")
        start = end
    if start + 8 + n != len(buf):
        raise ValueError("MetadataIncompleteBuffer")
    data = buf[8 + n:]
    tensors = {}
    for name, info in sorted(entries):
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors, metadata


def read(path):
    with open(path, "rb") as f:
        return read_bytes(f.read())


def write(path, tensors, metadata=None):
    with open(path, "wb") as f:
        f.write(write_bytes(tensors, metadata))


# ---------------------------------------------------------------- fixtures

FIXTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                           "resources", "fixtures", "safetensors")


def grad4j_side_tensors():
    """The tensors SafetensorsTest.writesTheReferenceBytes builds in Java, built here the same way."""
    return {
        "b": (np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(4)),
        "a": np.array([1.5, -2.25, 1e300], dtype=np.float64),
        "c": np.array([2 ** 62 + 1, -5, 0], dtype=np.int64),
        "mask": np.array([True, False, True]),
        "s": np.array(3.5, dtype=np.float32),
        "e": np.zeros((0, 2), dtype=np.float32),
        "layer.0.w\u00fc": np.array([[1.0, -1.0]], dtype=np.float32),
    }, {"format": "pt", "note": "tab\there \"quoted\""}


def generate_fixtures():
    import torch

    os.makedirs(FIXTURE_DIR, exist_ok=True)
    g = torch.Generator().manual_seed(1306)
    torch_tensors = {
        "weight": torch.randn(3, 4, generator=g),
        "bias": torch.randn(3, generator=g, dtype=torch.float64),
        "steps": torch.tensor([2 ** 62 + 3, -7, 0], dtype=torch.int64),
        "mask": torch.randn(2, 3, generator=g) > 0,
        "scalar": torch.tensor(-0.375),
        "empty": torch.zeros(0, 3, dtype=torch.float64),
        "layer.0.weight": torch.randn(2, 2, generator=g),
    }
    arrays = {k: v.numpy() for k, v in torch_tensors.items()}
    metadata = {"format": "pt", "source": "torch " + torch.__version__}
    write(os.path.join(FIXTURE_DIR, "from_torch.safetensors"), arrays, metadata)
    expected = {"metadata": metadata, "tensors": {
        k: {"dtype": CODES[a.dtype], "shape": list(a.shape),
            "values": [str(int(x)) for x in a.reshape(-1)] if a.dtype == np.int64
            else [bool(x) for x in a.reshape(-1)] if a.dtype == np.bool_
            else [float(x) for x in a.reshape(-1)]}
        for k, a in arrays.items()}}
    with open(os.path.join(FIXTURE_DIR, "from_torch.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    tensors, meta = grad4j_side_tensors()
    write(os.path.join(FIXTURE_DIR, "expected_grad4j.safetensors"), tensors, meta)
    # Self-check: both files read back.
    for name, source in (("from_torch.safetensors", arrays), ("expected_grad4j.safetensors", tensors)):
        back, _ = read(os.path.join(FIXTURE_DIR, name))
        assert sorted(back) == sorted(source), name
        for k in source:
            assert np.array_equal(back[k], source[k]) and back[k].dtype == source[k].dtype, (name, k)


def main(argv):
    if argv == ["--fixtures"]:
        generate_fixtures()
        return
    for path in argv:
        tensors, metadata = read(path)
        print("__metadata__", metadata)
        for name, array in tensors.items():
            print(name, CODES[array.dtype], list(array.shape), array.reshape(-1).tolist())


if __name__ == "__main__":
    main(sys.argv[1:])
