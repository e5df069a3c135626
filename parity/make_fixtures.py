"""PyTorch reference fixtures for the pure-Java GPT-2 engine's parity tests.

Run with Debian's torch (the pyenv `python3` on PATH has no torch):

    /usr/bin/python3 parity/make_fixtures.py

Everything lands in parity/fixtures/ (see parity/README.md for every name and
shape). The run is deterministic: fixed seeds, one CPU thread, and a
deterministic safetensors writer, so running it twice gives identical bytes.

What it produces, and why:
  gpt2-tiny/                      a tiny random GPT-2 saved the way Hugging Face
                                  GPT2LMHeadModel saves it ("transformer." prefix,
                                  causal-mask buffers), to test the checkpoint loader
  gpt2-tiny-f16/                  the same weights rounded to float16, unprefixed,
                                  to test F16 loading and the un-prefixed layout
  gpt2-tiny-expected.*            logits, loss, every gradient, and 10 AdamW steps
                                  with gradient clipping: forward/backward/optimizer parity
  gpt2-tiny-generate.json         greedy decoding (full forward per token)
  score-ids.txt, gpt2-tiny-score.json
                                  expected result of the CLI's `score` command
  ops.*                           op-level references (matmul variants, layernorm,
                                  gelu, attention, softmax, log_softmax,
                                  cross-entropy, embedding, AdamW) in float64

Before finishing, the script reads every safetensors file back with its own
reader and checks it round-trips, and re-derives the model fixtures with an
independent float64 numpy GPT-2 (explicit per-head attention loop) read from
the written checkpoints, so the references themselves are trustworthy.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_io

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

CONFIG = {
    "vocab_size": 97,
    "n_positions": 32,
    "n_embd": 48,
    "n_layer": 2,
    "n_head": 4,
    "layer_norm_epsilon": 1e-5,
}
B, T = 3, 16                 # training batch
TRAIN_STEPS = 10
ADAMW = {"lr": 1e-3, "betas": (0.9, 0.95), "eps": 1e-8, "weight_decay": 0.1}
MAX_GRAD_NORM = 1.0
GENERATE_NEW_TOKENS = 12
SCORE_LENGTHS = [2, 7, 19, 32]
HF_PREFIX = "transformer."


def main():
    torch.set_num_threads(1)
    os.makedirs(FIXTURES, exist_ok=True)

    model = GPT2(CONFIG)
    init_weights(model, seed=1234)
    model_fixtures = make_model_fixtures(model)
    generate = make_generate_fixture(model)
    score = make_score_fixture(model)
    make_ops_fixtures()

    self_check(model_fixtures, generate, score)
    print("all fixtures written to", FIXTURES, "and self-checked")


# --------------------------------------------------------------------------
# A minimal GPT-2 with Hugging Face GPT2LMHeadModel semantics and names.
# named_parameters() yields exactly the canonical (un-prefixed) HF names:
# wte.weight, wpe.weight, h.{i}.ln_1.weight, h.{i}.attn.c_attn.weight, ...
# --------------------------------------------------------------------------

class Conv1D(nn.Module):
    """HF Conv1D: a linear layer whose weight is stored [in, out]; y = x @ W + b."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.empty(n_out))

    def forward(self, x):
        out_shape = x.shape[:-1] + (self.weight.shape[1],)
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).view(out_shape)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg["n_head"]
        self.c_attn = Conv1D(cfg["n_embd"], 3 * cfg["n_embd"])
        self.c_proj = Conv1D(cfg["n_embd"], cfg["n_embd"])

    def forward(self, x):
        b, t, c = x.shape
        hs = c // self.n_head
        q, k, v = self.c_attn(x).split(c, dim=2)                 # (B, T, C) each
        q = q.view(b, t, self.n_head, hs).transpose(1, 2)        # (B, nh, T, hs)
        k = k.view(b, t, self.n_head, hs).transpose(1, 2)        # (B, nh, T, hs)
        v = v.view(b, t, self.n_head, hs).transpose(1, 2)        # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)          # (B, nh, T, T)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = att @ v                                              # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(b, t, c)                   # (B, T, C)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.c_fc = Conv1D(cfg["n_embd"], 4 * cfg["n_embd"])
        self.c_proj = Conv1D(4 * cfg["n_embd"], cfg["n_embd"])

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
        self.mlp = MLP(cfg)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT2(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.h = nn.ModuleList(Block(cfg) for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])

    def forward(self, idx):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t))            # (B, T, C)
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)           # (B, T, V), tied head

    def loss(self, x, y):
        logits = self(x)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def init_weights(model, seed):
    """N(0, 0.02) weights; LayerNorm weights 1 + N(0, 0.1); every bias N(0, 0.02)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            is_layernorm_weight = name.split(".")[-2].startswith("ln_") and name.endswith(".weight")
            p.copy_(1.0 + 0.1 * noise if is_layernorm_weight else 0.02 * noise)


def parameters_numpy(model):
    return {name: p.detach().numpy().copy() for name, p in model.named_parameters()}


# --------------------------------------------------------------------------
# Writers. save() reads every file straight back and asserts the round trip.
# --------------------------------------------------------------------------

def save(relpath, tensors, metadata):
    path = os.path.join(FIXTURES, relpath)
    safetensors_io.write(path, tensors, metadata)
    back, back_meta = safetensors_io.read(path)
    assert back_meta == metadata, relpath
    assert sorted(back) == sorted(tensors), relpath
    for name, array in tensors.items():
        assert back[name].dtype == array.dtype and back[name].shape == array.shape, (relpath, name)
        assert np.array_equal(back[name], array), (relpath, name)


def save_json(relpath, obj):
    with open(os.path.join(FIXTURES, relpath), "w") as f:
        f.write(to_json(obj) + "\n")


def to_json(obj, indent=""):
    """JSON indented by two spaces, except that lists of plain values stay on one line."""
    inner = indent + "  "
    if isinstance(obj, dict) and obj:
        items = [f"{inner}{json.dumps(key)}: {to_json(value, inner)}" for key, value in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(obj, list) and any(isinstance(value, (dict, list)) for value in obj):
        return "[\n" + ",\n".join(inner + to_json(value, inner) for value in obj) + "\n" + indent + "]"
    return json.dumps(obj)


def hf_config(torch_dtype):
    return {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "bos_token_id": CONFIG["vocab_size"] - 1,
        "eos_token_id": CONFIG["vocab_size"] - 1,
        "layer_norm_epsilon": CONFIG["layer_norm_epsilon"],
        "model_type": "gpt2",
        "n_ctx": CONFIG["n_positions"],
        "n_embd": CONFIG["n_embd"],
        "n_head": CONFIG["n_head"],
        "n_inner": None,
        "n_layer": CONFIG["n_layer"],
        "n_positions": CONFIG["n_positions"],
        "torch_dtype": torch_dtype,
        "vocab_size": CONFIG["vocab_size"],
    }


def causal_mask_buffers(dtype):
    """HF's per-layer `attn.bias` buffer: ones on and below the diagonal, shape [1, 1, P, P]."""
    p = CONFIG["n_positions"]
    mask = np.tril(np.ones((p, p), dtype=dtype)).reshape(1, 1, p, p)
    return {f"h.{i}.attn.bias": mask for i in range(CONFIG["n_layer"])}


# --------------------------------------------------------------------------
# Model-level fixtures
# --------------------------------------------------------------------------

def make_model_fixtures(model):
    initial = parameters_numpy(model)

    # gpt2-tiny/: F32, prefixed, with mask buffers, like GPT2LMHeadModel.save_pretrained
    os.makedirs(os.path.join(FIXTURES, "gpt2-tiny"), exist_ok=True)
    save_json("gpt2-tiny/config.json", hf_config("float32"))
    checkpoint = {**initial, **causal_mask_buffers(np.float32)}
    save("gpt2-tiny/model.safetensors",
         {HF_PREFIX + name: array for name, array in checkpoint.items()}, {"format": "pt"})

    # gpt2-tiny-f16/: same weights rounded to F16, canonical names (no prefix)
    os.makedirs(os.path.join(FIXTURES, "gpt2-tiny-f16"), exist_ok=True)
    save_json("gpt2-tiny-f16/config.json", hf_config("float16"))
    rounded = {name: array.astype(np.float16) for name, array in initial.items()}
    save("gpt2-tiny-f16/model.safetensors",
         {**rounded, **causal_mask_buffers(np.float16)}, {"format": "pt"})

    # one batch: x, y are consecutive windows of random token streams
    gen = torch.Generator().manual_seed(42)
    stream = torch.randint(0, CONFIG["vocab_size"], (B, T + 1), generator=gen)
    x, y = stream[:, :-1].contiguous(), stream[:, 1:].contiguous()  # (B, T) each

    # forward + backward at the initial weights
    logits = model(x)                                            # (B, T, V)
    loss = F.cross_entropy(logits.view(-1, CONFIG["vocab_size"]), y.reshape(-1))
    model.zero_grad()
    loss.backward()
    grads = {name: p.grad.numpy().copy() for name, p in model.named_parameters()}
    model.zero_grad()

    # the same batch through the float16-rounded weights, float32 math
    f16_model = GPT2(CONFIG)
    f16_model.load_state_dict({name: torch.from_numpy(a.astype(np.float32)) for name, a in rounded.items()})
    with torch.no_grad():
        f16_loss = f16_model.loss(x, y).item()

    # 10 AdamW steps on the same batch from the same initial weights
    trained = GPT2(CONFIG)
    trained.load_state_dict(model.state_dict())
    params = list(trained.parameters())
    optimizer = torch.optim.AdamW(params, **ADAMW)
    losses, grad_norms = [], []
    for _ in range(TRAIN_STEPS):
        optimizer.zero_grad()
        step_loss = trained.loss(x, y)
        step_loss.backward()
        grad_norms.append(torch.nn.utils.clip_grad_norm_(params, MAX_GRAD_NORM).item())
        losses.append(step_loss.item())
        optimizer.step()
    with torch.no_grad():
        final_loss = trained.loss(x, y).item()

    expected = {"logits": logits.detach().numpy().copy()}
    expected.update({"grad." + name: g for name, g in grads.items()})
    expected.update({"final." + name: a for name, a in parameters_numpy(trained).items()})
    save("gpt2-tiny-expected.safetensors", expected, {"format": "pt"})
    save_json("gpt2-tiny-expected.json", {
        "model": "gpt2-tiny",
        "B": B,
        "T": T,
        "x": x.tolist(),
        "y": y.tolist(),
        "loss": loss.item(),
        "f16_model": "gpt2-tiny-f16",
        "f16_loss": f16_loss,
        "train": {
            "steps": TRAIN_STEPS,
            "optimizer": "AdamW",
            "lr": ADAMW["lr"],
            "betas": list(ADAMW["betas"]),
            "eps": ADAMW["eps"],
            "weight_decay": ADAMW["weight_decay"],
            "clip_grad_norm": MAX_GRAD_NORM,
            "losses": losses,
            "grad_norms": grad_norms,
            "final_loss": final_loss,
        },
    })
    return {"x": x.numpy(), "y": y.numpy(), "loss": loss.item(), "f16_loss": f16_loss}


def make_generate_fixture(model):
    gen = torch.Generator().manual_seed(7)
    prompts = [torch.randint(0, CONFIG["vocab_size"], (n,), generator=gen).tolist() for n in (5, 1)]
    cases = []
    with torch.no_grad():
        for prompt in prompts:
            ids = list(prompt)
            min_gap = float("inf")
            for _ in range(GENERATE_NEW_TOKENS):
                last = model(torch.tensor([ids]))[0, -1]         # (V,)
                top2 = last.topk(2).values
                min_gap = min(min_gap, (top2[0] - top2[1]).item())
                ids.append(int(last.argmax()))
            cases.append({"prompt": prompt, "new_ids": ids[len(prompt):], "min_top2_logit_gap": min_gap})
    save_json("gpt2-tiny-generate.json", {
        "model": "gpt2-tiny",
        "max_new_tokens": GENERATE_NEW_TOKENS,
        "cases": cases,
    })
    return cases


def make_score_fixture(model):
    gen = torch.Generator().manual_seed(99)
    sequences = [torch.randint(0, CONFIG["vocab_size"], (n,), generator=gen).tolist() for n in SCORE_LENGTHS]
    with open(os.path.join(FIXTURES, "score-ids.txt"), "w") as f:
        for seq in sequences:
            f.write(" ".join(map(str, seq)) + "\n")

    per_sequence = []
    with torch.no_grad():
        for seq in sequences:
            ids = torch.tensor([seq])
            logits = model(ids)[0]                                # (L, V)
            nll = F.cross_entropy(logits[:-1], ids[0, 1:], reduction="none")  # (L-1,)
            per_sequence.append({"length": len(seq), "positions": len(seq) - 1,
                                 "sum_nll": float(nll.double().sum())})
    positions = sum(s["positions"] for s in per_sequence)
    mean_nll = sum(s["sum_nll"] for s in per_sequence) / positions
    score = {
        "model": "gpt2-tiny",
        "ids_file": "score-ids.txt",
        "mean_nll": mean_nll,
        "perplexity": math.exp(mean_nll),
        "positions": positions,
        "per_sequence": per_sequence,
    }
    save_json("gpt2-tiny-score.json", score)
    return {"sequences": sequences, **score}


# --------------------------------------------------------------------------
# Op-level fixtures: float32 inputs, float64 math, float32 results
# --------------------------------------------------------------------------

class OpCases:
    """Op fixtures being gathered (here and in make_llama_fixtures.py): float32 inputs drawn from one
    seeded generator, float64 leaves for the math, and each case's arrays stored as float32 under
    "case.name" with the case's attributes and shapes."""

    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)
        self.tensors, self.cases = {}, {}

    def randn(self, *shape, scale=1.0):
        return scale * torch.randn(shape, generator=self.gen)     # float32

    @staticmethod
    def leaf(t):
        return t.double().requires_grad_(True)

    def add(self, case, attrs, **arrays):
        self.cases[case] = dict(attrs, tensors={})
        for name, t in arrays.items():
            array = t.detach().float().numpy().copy() if torch.is_tensor(t) else t
            self.tensors[f"{case}.{name}"] = array
            self.cases[case]["tensors"][name] = list(array.shape)


def make_ops_fixtures():
    ops = OpCases(2024)
    gen, randn, leaf, add, tensors, cases = ops.gen, ops.randn, ops.leaf, ops.add, ops.tensors, ops.cases

    # matmul variants: out [M, N] = f(a, b) contracting over K, given dout -> da, db
    M, K, N = 7, 13, 5
    matmuls = [
        ("matmul_ab", (M, K), (K, N), lambda a, b: a @ b, "out = a @ b"),
        ("matmul_abt", (M, K), (N, K), lambda a, b: a @ b.T, "out = a @ b.T"),
        ("matmul_atb", (K, M), (K, N), lambda a, b: a.T @ b, "out = a.T @ b"),
    ]
    for case, a_shape, b_shape, fn, formula in matmuls:
        a, b = randn(*a_shape), randn(*b_shape)
        a64, b64 = leaf(a), leaf(b)
        out = fn(a64, b64)
        dout = randn(*out.shape)
        out.backward(dout.double())
        add(case, {"formula": formula, "M": M, "K": K, "N": N},
            a=a, b=b, out=out, dout=dout, da=a64.grad, db=b64.grad)

    # layernorm over the last dim of x [7, 65]
    eps = CONFIG["layer_norm_epsilon"]
    x, weight, bias = randn(7, 65, scale=2.0), 1.0 + randn(65, scale=0.1), randn(65, scale=0.1)
    x64, w64, b64 = leaf(x), leaf(weight), leaf(bias)
    out = F.layer_norm(x64, (65,), w64, b64, eps)
    dout = randn(7, 65)
    out.backward(dout.double())
    with torch.no_grad():
        mean = x64.mean(dim=-1)                                                  # (7,)
        rstd = 1.0 / torch.sqrt(x64.var(dim=-1, unbiased=False) + eps)          # (7,)
    add("layernorm", {"rows": 7, "cols": 65, "eps": eps},
        x=x, weight=weight, bias=bias, out=out, dout=dout,
        dx=x64.grad, dweight=w64.grad, dbias=b64.grad, mean=mean, rstd=rstd)

    # gelu, tanh approximation, on a grid spanning [-6, 6]
    x = torch.linspace(-6.0, 6.0, 1000)
    x64 = leaf(x)
    out = F.gelu(x64, approximate="tanh")
    dout = randn(1000)
    out.backward(dout.double())
    add("gelu", {"n": 1000, "approximate": "tanh"}, x=x, out=out, dout=dout, dx=x64.grad)

    # causal multi-head attention on a fused qkv [B, T, 3C]
    ab, at, ac, ah = 2, 13, 24, 4
    hs = ac // ah
    qkv = randn(ab, at, 3 * ac)
    qkv64 = leaf(qkv)
    q, k, v = qkv64.split(ac, dim=2)                              # (B, T, C) each
    q = q.view(ab, at, ah, hs).transpose(1, 2)                    # (B, nh, T, hs)
    k = k.view(ab, at, ah, hs).transpose(1, 2)                    # (B, nh, T, hs)
    v = v.view(ab, at, ah, hs).transpose(1, 2)                    # (B, nh, T, hs)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(hs)            # (B, nh, T, T)
    causal = torch.ones(at, at, dtype=torch.bool).tril()
    scores = scores.masked_fill(~causal, float("-inf"))
    lse = torch.logsumexp(scores, dim=-1)                         # (B, nh, T)
    out = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(ab, at, ac)  # (B, T, C)
    dout = randn(ab, at, ac)
    out.backward(dout.double())
    add("attention", {"B": ab, "T": at, "C": ac, "n_head": ah, "head_size": hs,
                      "scale": 1.0 / math.sqrt(hs), "causal": True},
        qkv=qkv, out=out, lse=lse, dout=dout, dqkv=qkv64.grad)

    # softmax and log_softmax over the last dim
    for case, fn in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
        x = randn(7, 65, scale=3.0)
        x64 = leaf(x)
        out = fn(x64, dim=-1)
        dout = randn(7, 65)
        out.backward(dout.double())
        add(case, {"rows": 7, "cols": 65, "dim": -1}, x=x, out=out, dout=dout, dx=x64.grad)

    # cross-entropy per row; a negative target marks an ignored row (loss 0, no gradient)
    logits = randn(7, 65, scale=2.0)
    targets = torch.randint(0, 65, (7,), generator=gen)
    targets[3] = -1
    logits64 = leaf(logits)
    losses = F.cross_entropy(logits64, targets, reduction="none", ignore_index=-1)  # (7,)
    dlosses = randn(7)
    losses.backward(dlosses.double())
    assert losses[3].item() == 0.0 and not logits64.grad[3].any()
    add("cross_entropy", {"rows": 7, "classes": 65, "targets": targets.tolist(), "ignore_index": -1},
        logits=logits, losses=losses, dlosses=dlosses, dlogits=logits64.grad)

    # embedding lookup; 17 indices into 11 rows, so some repeat
    table = randn(11, 9)
    index = torch.randint(0, 11, (17,), generator=gen)
    table64 = leaf(table)
    out = table64[index]                                          # (17, 9)
    dout = randn(17, 9)
    out.backward(dout.double())
    add("embedding", {"rows": 11, "dim": 9, "index": index.tolist()},
        table=table, out=out, dout=dout, dtable=table64.grad)

    # two AdamW steps on one parameter vector
    hyper = {"lr": 1e-2, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.1}
    param, g1, g2 = randn(65), randn(65), randn(65)
    p64 = nn.Parameter(param.double())
    optimizer = torch.optim.AdamW([p64], **hyper)
    steps = {}
    for step, g in ((1, g1), (2, g2)):
        p64.grad = g.double()
        optimizer.step()
        state = optimizer.state[p64]
        steps[f"step{step}.param"] = p64.detach().clone()
        steps[f"step{step}.exp_avg"] = state["exp_avg"].clone()
        steps[f"step{step}.exp_avg_sq"] = state["exp_avg_sq"].clone()
    add("adamw", {"n": 65, "lr": hyper["lr"], "betas": list(hyper["betas"]), "eps": hyper["eps"],
                  "weight_decay": hyper["weight_decay"]},
        param=param, g1=g1, g2=g2, **steps)

    save("ops.safetensors", tensors, {"format": "pt"})
    save_json("ops.json", cases)


# --------------------------------------------------------------------------
# Self-check: an independent float64 numpy GPT-2 read from the written files
# --------------------------------------------------------------------------

def self_check(model_fixtures, generate, score):
    tiny, _ = safetensors_io.read(os.path.join(FIXTURES, "gpt2-tiny/model.safetensors"))
    tiny_f16, _ = safetensors_io.read(os.path.join(FIXTURES, "gpt2-tiny-f16/model.safetensors"))
    expected, _ = safetensors_io.read(os.path.join(FIXTURES, "gpt2-tiny-expected.safetensors"))
    params = {name[len(HF_PREFIX):]: a.astype(np.float64) for name, a in tiny.items()}
    params_f16 = {name: a.astype(np.float64) for name, a in tiny_f16.items()}
    for i in range(CONFIG["n_layer"]):
        p = CONFIG["n_positions"]
        mask = np.tril(np.ones((p, p))).reshape(1, 1, p, p)
        assert np.array_equal(params[f"h.{i}.attn.bias"], mask)
        assert np.array_equal(params_f16[f"h.{i}.attn.bias"], mask)

    # logits and loss of the training batch
    x, y = model_fixtures["x"], model_fixtures["y"]
    logits = np.stack([reference_logits(params, seq) for seq in x])   # (B, T, V)
    assert np.abs(logits - expected["logits"]).max() < 1e-5
    assert abs(reference_loss(logits, y) - model_fixtures["loss"]) < 1e-5
    logits_f16 = np.stack([reference_logits(params_f16, seq) for seq in x])
    assert abs(reference_loss(logits_f16, y) - model_fixtures["f16_loss"]) < 1e-5

    # greedy generation
    for case in generate:
        ids = list(case["prompt"])
        for _ in range(GENERATE_NEW_TOKENS):
            ids.append(int(reference_logits(params, ids)[-1].argmax()))
        assert ids[len(case["prompt"]):] == case["new_ids"]

    # score
    total = sum(reference_loss(reference_logits(params, seq)[:-1], np.array(seq[1:])) * (len(seq) - 1)
                for seq in score["sequences"])
    assert abs(total / score["positions"] - score["mean_nll"]) < 1e-5


def reference_logits(p, ids):
    """Float64 forward of one sequence, attention computed head by head."""
    c, nh = CONFIG["n_embd"], CONFIG["n_head"]
    hs = c // nh
    t = len(ids)
    x = p["wte.weight"][np.asarray(ids)] + p["wpe.weight"][:t]   # (T, C)
    for i in range(CONFIG["n_layer"]):
        layer = lambda name: p[f"h.{i}.{name}"]
        a = reference_layer_norm(x, layer("ln_1.weight"), layer("ln_1.bias"))
        qkv = a @ layer("attn.c_attn.weight") + layer("attn.c_attn.bias")  # (T, 3C)
        heads = []
        for h in range(nh):
            q = qkv[:, h * hs:(h + 1) * hs]                                 # (T, hs)
            k = qkv[:, c + h * hs:c + (h + 1) * hs]                         # (T, hs)
            v = qkv[:, 2 * c + h * hs:2 * c + (h + 1) * hs]                 # (T, hs)
            scores = q @ k.T / math.sqrt(hs)                                # (T, T)
            scores[np.triu_indices(t, 1)] = -np.inf
            weights = np.exp(scores - scores.max(axis=1, keepdims=True))
            heads.append(weights / weights.sum(axis=1, keepdims=True) @ v)
        attn = np.concatenate(heads, axis=1)                                # (T, C)
        x = x + attn @ layer("attn.c_proj.weight") + layer("attn.c_proj.bias")
        m = reference_layer_norm(x, layer("ln_2.weight"), layer("ln_2.bias"))
        m = reference_gelu(m @ layer("mlp.c_fc.weight") + layer("mlp.c_fc.bias"))  # (T, 4C)
        x = x + m @ layer("mlp.c_proj.weight") + layer("mlp.c_proj.bias")
    x = reference_layer_norm(x, p["ln_f.weight"], p["ln_f.bias"])
    return x @ p["wte.weight"].T                                            # (T, V)


def reference_layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + CONFIG["layer_norm_epsilon"]) * weight + bias


def reference_gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def reference_loss(logits, targets):
    """Mean cross-entropy over all positions of logits [..., V] and targets [...]."""
    logits = logits.reshape(-1, logits.shape[-1])
    targets = np.asarray(targets).reshape(-1)
    peak = logits.max(axis=1)
    lse = peak + np.log(np.exp(logits - peak[:, None]).sum(axis=1))
    return float((lse - logits[np.arange(len(targets)), targets]).mean())


if __name__ == "__main__":
    main()
