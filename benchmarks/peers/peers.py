"""The peers that `side_by_side.py` measures ours against, one workload per run, one JSON line out.

    /usr/bin/python3 benchmarks/peers/peers.py matmul --m 1024 --k 1024 --n 1024
    /usr/bin/python3 benchmarks/peers/peers.py train --layers 4 --dim 256 --heads 4 --vocab 512 --ctx 128 --batch 16
    /usr/bin/python3 benchmarks/peers/peers.py sample --batch 64 --prompt-len 16 --new-tokens 64

matmul is numpy's `@` (OpenBLAS); train and sample are the GPT-2 of parity/make_fixtures.py in
PyTorch, or with `--family llama` (and `--kv-heads`, `--ffn`) the Llama model of
parity/make_llama_fixtures.py. Each mirrors what `java -jar engine.jar bench …` times, and reports the same fields the
same way: the median over timed repetitions after untimed warm-up ones, and the peak resident set.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "parity"))


def median_seconds(body, warmup, runs, min_seconds=0.0):
    for _ in range(warmup):
        body()
    times = []
    start = time.perf_counter()
    while len(times) < runs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    times.sort()
    n = len(times)
    return times[n // 2] if n % 2 else 0.5 * (times[n // 2 - 1] + times[n // 2])


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def matmul(args):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((args.m, args.k), dtype=np.float32)
    b = rng.standard_normal((args.k, args.n), dtype=np.float32)
    out = np.empty((args.m, args.n), dtype=np.float32)
    flops = 2.0 * args.m * args.k * args.n
    warmup = int(max(2, min(50, 2e9 * args.seconds / flops)))
    median = median_seconds(lambda: np.matmul(a, b, out=out), warmup, 5, args.seconds)
    return {"bench": "matmul", "m": args.m, "k": args.k, "n": args.n, "ms": median * 1e3,
            "gflops": flops / median * 1e-9}


def model_and_config(args):
    import torch
    torch.set_num_threads(args.threads)
    if args.family == "llama":
        import make_llama_fixtures as llama
        cfg = {"vocab_size": args.vocab, "hidden_size": args.dim, "intermediate_size": args.ffn,
               "num_hidden_layers": args.layers, "num_attention_heads": args.heads,
               "num_key_value_heads": args.kv_heads or args.heads, "head_dim": args.dim // args.heads,
               "max_position_embeddings": args.ctx, "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
               "rope_scaling": None, "qkv_bias": False, "qk_norm": False, "tie_word_embeddings": True}
        model = llama.CausalLM(cfg)
        llama.init_weights(model, seed=1)
        return model, cfg
    from make_fixtures import GPT2, init_weights
    cfg = {"vocab_size": args.vocab, "n_positions": args.ctx, "n_embd": args.dim, "n_layer": args.layers,
           "n_head": args.heads, "layer_norm_epsilon": 1e-5}
    model = GPT2(cfg)
    init_weights(model, seed=1)
    return model, cfg


def train(args):
    import torch
    model, cfg = model_and_config(args)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
    gen = torch.Generator().manual_seed(2)
    tokens = torch.randint(0, args.vocab, (args.batch, args.ctx + 1), generator=gen)
    x, y = tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous()

    def step():
        optimizer.zero_grad()
        loss = model.loss(x, y)
        loss.backward()
        optimizer.step()

    median = median_seconds(step, args.warmup, args.steps)
    return {"bench": "train", "batch": args.batch, "ms_per_step": median * 1e3,
            "tokens_per_s": args.batch * args.ctx / median, "peak_rss_mb": peak_rss_mb()}


def cached_logits(model, idx, keys, values, past):
    """Logits at the last position of idx[B, t], reading and extending the per-layer caches [B, nh, ctx, hs]."""
    import torch
    import torch.nn.functional as F
    b, t = idx.shape
    x = model.wte(idx) + model.wpe(torch.arange(past, past + t))
    for layer, block in enumerate(model.h):
        attn = block.attn
        c = x.shape[-1]
        hs = c // attn.n_head
        q, k, v = attn.c_attn(block.ln_1(x)).split(c, dim=2)
        q = q.view(b, t, attn.n_head, hs).transpose(1, 2)
        keys[layer][:, :, past:past + t] = k.view(b, t, attn.n_head, hs).transpose(1, 2)
        values[layer][:, :, past:past + t] = v.view(b, t, attn.n_head, hs).transpose(1, 2)
        key = keys[layer][:, :, :past + t]
        value = values[layer][:, :, :past + t]
        att = (q @ key.transpose(-2, -1)) / math.sqrt(hs)
        if t > 1:
            causal = torch.ones(t, past + t, dtype=torch.bool).tril(diagonal=past)
            att = att.masked_fill(~causal, float("-inf"))
        y = att.softmax(dim=-1) @ value
        x = x + attn.c_proj(y.transpose(1, 2).reshape(b, t, c))
        x = x + block.mlp(block.ln_2(x))
    return F.linear(model.ln_f(x[:, -1]), model.wte.weight)


def llama_cached_logits(model, idx, keys, values, past):
    """As cached_logits for the Llama model: rotary at positions past.., caches [B, n_kv, ctx, hd]."""
    import torch
    import torch.nn.functional as F
    from make_llama_fixtures import repeat_kv, rotate_half
    b, t = idx.shape
    freqs = torch.arange(past, past + t).float()[:, None] * model.inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    x = model.model.embed_tokens(idx)
    for layer, block in enumerate(model.model.layers):
        attn = block.self_attn
        h = block.input_layernorm(x)
        q = attn.q_proj(h).view(b, t, attn.n_head, attn.hd).transpose(1, 2)
        k = attn.k_proj(h).view(b, t, attn.n_kv, attn.hd).transpose(1, 2)
        v = attn.v_proj(h).view(b, t, attn.n_kv, attn.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        keys[layer][:, :, past:past + t] = k * cos + rotate_half(k) * sin
        values[layer][:, :, past:past + t] = v
        n_rep = attn.n_head // attn.n_kv
        key = repeat_kv(keys[layer][:, :, :past + t], n_rep)
        value = repeat_kv(values[layer][:, :, :past + t], n_rep)
        att = (q @ key.transpose(-2, -1)) * attn.hd ** -0.5
        if t > 1:
            causal = torch.ones(t, past + t, dtype=torch.bool).tril(diagonal=past)
            att = att.masked_fill(~causal, float("-inf"))
        y = att.softmax(dim=-1) @ value
        x = x + attn.o_proj(y.transpose(1, 2).reshape(b, t, attn.n_head * attn.hd))
        x = x + block.mlp(block.post_attention_layernorm(x))
    return F.linear(model.model.norm(x[:, -1]), model.model.embed_tokens.weight)


def sample(args):
    import torch
    model, cfg = model_and_config(args)
    gen = torch.Generator().manual_seed(2)
    prompts = torch.randint(0, args.vocab, (args.batch, args.prompt_len), generator=gen)
    hs = args.dim // args.heads
    kv_heads = args.kv_heads or args.heads if args.family == "llama" else args.heads
    step_logits = llama_cached_logits if args.family == "llama" else cached_logits

    # The cache holds what the generation uses, as ours does: prompt and new tokens, not the whole context.
    positions = args.prompt_len + args.new_tokens

    def generate():
        with torch.no_grad():
            keys = [torch.empty(args.batch, kv_heads, positions, hs) for _ in range(args.layers)]
            values = [torch.empty(args.batch, kv_heads, positions, hs) for _ in range(args.layers)]
            logits = step_logits(model, prompts, keys, values, 0)
            past = args.prompt_len
            for step in range(args.new_tokens):
                token = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=gen)
                if step == args.new_tokens - 1:
                    break
                logits = step_logits(model, token, keys, values, past)
                past += 1

    median = median_seconds(generate, args.warmup, args.repeats)
    return {"bench": "sample", "batch": args.batch, "ms_per_generation": median * 1e3,
            "tokens_per_s": args.batch * args.new_tokens / median, "peak_rss_mb": peak_rss_mb()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="workload", required=True)
    p = sub.add_parser("matmul")
    for name in ("--m", "--k", "--n"):
        p.add_argument(name, type=int, required=True)
    p.add_argument("--seconds", type=float, default=2.0)
    for name, batch in (("train", 16), ("sample", 64)):
        p = sub.add_parser(name)
        p.add_argument("--layers", type=int, default=4)
        p.add_argument("--dim", type=int, default=256)
        p.add_argument("--heads", type=int, default=4)
        p.add_argument("--vocab", type=int, default=512)
        p.add_argument("--ctx", type=int, default=128)
        p.add_argument("--batch", type=int, default=batch)
        p.add_argument("--threads", type=int, default=os.cpu_count())
        p.add_argument("--family", choices=("gpt2", "llama"), default="gpt2")
        p.add_argument("--kv-heads", type=int, default=0)
        p.add_argument("--ffn", type=int, default=0)
    train_parser = sub.choices["train"]
    train_parser.add_argument("--steps", type=int, default=10)
    train_parser.add_argument("--warmup", type=int, default=2)
    sample_parser = sub.choices["sample"]
    sample_parser.add_argument("--prompt-len", type=int, default=16)
    sample_parser.add_argument("--new-tokens", type=int, default=64)
    sample_parser.add_argument("--repeats", type=int, default=3)
    sample_parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    result = {"matmul": matmul, "train": train, "sample": sample}[args.workload](args)
    print(json.dumps({key: round(v, 3) if isinstance(v, float) else v for key, v in result.items()}))


if __name__ == "__main__":
    main()
