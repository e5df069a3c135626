#!/usr/bin/env python3
"""Writes one of our model directories (config.json + model.safetensors) as a float32 GGUF for llama.cpp.

    /usr/bin/python3 benchmarks/peers/to_gguf.py MODEL_DIR OUT.gguf --gguf-py PATH/TO/llama.cpp/gguf-py

GPT-2 (`model_type` gpt2) becomes llama.cpp's `gpt2` architecture, the Llama family (`llama`) its `llama`
one; `gguf-py` is llama.cpp's own GGUF writer, used from the llama.cpp checkout (nothing of it is copied
here). The vocabulary is a stand-in, since these are random models: ids 0-255 are the 256 byte-level
characters, so a prompt of plain ASCII letters is one token per byte, and every other id is spelled
`<tN>`; the one merge (two spaces) never applies to such a prompt. Hugging Face stores the query and key rows of each head in the `rotate_half`
order; llama.cpp's converter permutes them into interleaved pairs (`LlamaModel.permute`), and so does this.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "parity"))
import safetensors_io  # noqa: E402


def byte_chars():
    """GPT-2's bytes_to_unicode, in byte order."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars = {}
    extra = 256
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(extra)
            extra += 1
    return [chars[b] for b in range(256)]


def permute(weights, heads):
    """HF's rotate_half rows of each head into llama.cpp's interleaved pairs."""
    rows = weights.shape[0]
    return weights.reshape(heads, 2, rows // heads // 2, *weights.shape[1:]).swapaxes(1, 2).reshape(weights.shape)


def write_vocab(writer, gguf, vocab_size):
    chars = byte_chars()
    tokens = [chars[i] if i < 256 else f"<t{i}>" for i in range(vocab_size)]
    # llama.cpp refuses a BPE vocabulary without merges: one that joins two spaces, which no prompt here has.
    tokens[256] = chars[32] * 2
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types([gguf.TokenType.NORMAL] * vocab_size)
    writer.add_token_merges([f"{chars[32]} {chars[32]}"])
    # No BOS in front of a prompt; the end-of-text id is the last one, which a greedy check can see coming.
    writer.add_add_bos_token(False)
    writer.add_bos_token_id(vocab_size - 1)
    writer.add_eos_token_id(vocab_size - 1)


def gpt2(config, tensors, writer, gguf):
    writer.add_context_length(config["n_positions"])
    writer.add_embedding_length(config["n_embd"])
    writer.add_feed_forward_length(4 * config["n_embd"])
    writer.add_block_count(config["n_layer"])
    writer.add_head_count(config["n_head"])
    writer.add_layer_norm_eps(config["layer_norm_epsilon"])
    names = {"wte.weight": "token_embd.weight", "wpe.weight": "position_embd.weight",
             "ln_f.weight": "output_norm.weight", "ln_f.bias": "output_norm.bias"}
    per_block = {"ln_1": "attn_norm", "attn.c_attn": "attn_qkv", "attn.c_proj": "attn_output", "ln_2": "ffn_norm",
                 "mlp.c_fc": "ffn_up", "mlp.c_proj": "ffn_down"}
    for name, value in tensors.items():
        short = name.removeprefix("transformer.")
        if short.startswith("h."):
            _, block, rest = short.split(".", 2)
            part, kind = rest.rsplit(".", 1)
            # Hugging Face's Conv1D stores [in, out]; GGUF wants nn.Linear's [out, in].
            if kind == "weight" and part.startswith(("attn.", "mlp.")):
                value = value.T
            writer.add_tensor(f"blk.{block}.{per_block[part]}.{kind}", np.ascontiguousarray(value, dtype=np.float32))
        elif short in names:
            writer.add_tensor(names[short], np.ascontiguousarray(value, dtype=np.float32))
        elif short != "lm_head.weight":
            sys.exit(f"unexpected tensor {name}")


def llama(config, tensors, writer, gguf):
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // heads
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv_heads)
    writer.add_rope_freq_base(config["rope_theta"])
    writer.add_layer_norm_rms_eps(config["rms_norm_eps"])
    writer.add_rope_dimension_count(head_dim)
    writer.add_vocab_size(config["vocab_size"])
    if config.get("rope_scaling"):
        sys.exit("rope_scaling is not written by this converter")
    names = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
             "lm_head.weight": "output.weight"}
    per_block = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
                 "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
                 "post_attention_layernorm": "ffn_norm", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
                 "mlp.down_proj": "ffn_down"}
    for name, value in tensors.items():
        if name.startswith("model.layers."):
            _, _, block, rest = name.split(".", 3)
            part, kind = rest.rsplit(".", 1)
            if part == "self_attn.q_proj":
                value = permute(value, heads)
            elif part == "self_attn.k_proj":
                value = permute(value, kv_heads)
            writer.add_tensor(f"blk.{block}.{per_block[part]}.{kind}", np.ascontiguousarray(value, dtype=np.float32))
        elif name in names:
            writer.add_tensor(names[name], np.ascontiguousarray(value, dtype=np.float32))
        else:
            sys.exit(f"unexpected tensor {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("out")
    parser.add_argument("--gguf-py", required=True, help="llama.cpp's gguf-py directory")
    args = parser.parse_args()
    sys.path.insert(0, args.gguf_py)
    import gguf
    with open(os.path.join(args.model_dir, "config.json")) as f:
        config = json.load(f)
    tensors, _ = safetensors_io.read(os.path.join(args.model_dir, "model.safetensors"))
    family = config.get("model_type", "gpt2")
    arch = {"gpt2": "gpt2", "llama": "llama"}.get(family)
    if arch is None:
        sys.exit(f"model_type {family}: only gpt2 and llama are written")
    writer = gguf.GGUFWriter(args.out, arch)
    writer.add_name(f"random {family}")
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    (gpt2 if arch == "gpt2" else llama)(config, tensors, writer, gguf)
    write_vocab(writer, gguf, config["vocab_size"])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main()
