#!/usr/bin/env python3
"""Writes one of our GPT-2 model directories in the file format of ggml's gpt-2 example.

The peer for batch-1 decoding: ggml (the tensor library llama.cpp computes with) runs the same weights,
float32 throughout like ours, so both sides decode the same model. Usage:

    to_ggml_gpt2.py MODEL_DIR OUT.bin

The vocabulary is written as token i = letter i for the first 26 ids and "<i>" after, so a prompt of
distinct letters is one token per letter. The ggml layout is nn.Linear's [out, in] for every matrix,
so GPT-2's Conv1D weights [in, out] are transposed.
"""
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "parity"))
import safetensors_io  # noqa: E402

GGML_FILE_MAGIC = 0x67676D6C


def read_safetensors(path):
    tensors, _ = safetensors_io.read(path)
    for name, array in tensors.items():
        if array.dtype != np.dtype("<f4"):
            raise SystemExit(f"{path}: {name} is {array.dtype}; expected float32 (an engine-written model)")
    return tensors


def write_tensor(out, name, array):
    array = np.ascontiguousarray(array, dtype="<f4")
    encoded = name.encode()
    # ggml lists dimensions innermost first: a row-major [rows, cols] matrix is ne = (cols, rows).
    dims = list(reversed(array.shape))
    out.write(struct.pack("<iii", len(dims), len(encoded), 0))
    out.write(struct.pack("<" + "i" * len(dims), *dims))
    out.write(encoded)
    out.write(array.tobytes())


def main(model_dir, out_path):
    with open(f"{model_dir}/config.json") as f:
        config = json.load(f)
    if config.get("model_type") != "gpt2":
        raise SystemExit(f"{model_dir}: model_type {config.get('model_type')}; expected gpt2")
    w = read_safetensors(f"{model_dir}/model.safetensors")
    vocab, ctx, embd = config["vocab_size"], config["n_positions"], config["n_embd"]
    heads, layers = config["n_head"], config["n_layer"]
    with open(out_path, "wb") as out:
        out.write(struct.pack("<I", GGML_FILE_MAGIC))
        out.write(struct.pack("<iiiiii", vocab, ctx, embd, heads, layers, 0))
        out.write(struct.pack("<i", vocab))
        for i in range(vocab):
            token = (chr(ord("a") + i) if i < 26 else f"<{i}>").encode()
            out.write(struct.pack("<I", len(token)))
            out.write(token)
        write_tensor(out, "model/ln_f/g", w["ln_f.weight"])
        write_tensor(out, "model/ln_f/b", w["ln_f.bias"])
        write_tensor(out, "model/wte", w["wte.weight"])
        write_tensor(out, "model/wpe", w["wpe.weight"])
        for i in range(layers):
            ours, theirs = f"h.{i}.", f"model/h{i}/"
            for part in ("ln_1", "ln_2"):
                write_tensor(out, theirs + part + "/g", w[ours + part + ".weight"])
                write_tensor(out, theirs + part + "/b", w[ours + part + ".bias"])
            for part in ("attn/c_attn", "attn/c_proj", "mlp/c_fc", "mlp/c_proj"):
                name = ours + part.replace("/", ".")
                write_tensor(out, theirs + part + "/w", w[name + ".weight"].T)
                write_tensor(out, theirs + part + "/b", w[name + ".bias"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
