"""Loads a `folio export` file into nanoGPT's own GPT and compares its logits with Folio's.

    npx folio export 7 -o model.safetensors
    node dist/bench/nanogpt/folio-logits.js 7 > logits.json
    python3 bench/nanogpt/check_export.py path/to/nanoGPT model.safetensors logits.json

Needs PyTorch and a checkout of karpathy/nanoGPT (its model.py); reads safetensors with NumPy,
so the safetensors package is not needed. Follows what the export's sidecar says: the MLP's GELU
as Folio's (tanh), an untied head untied, a head bias added to the logits.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn


def read_safetensors(path):
    raw = open(path, 'rb').read()
    header_len = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + header_len])
    data = raw[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        begin, end = entry['data_offsets']
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype='<f4').reshape(entry['shape']).copy())
    return tensors


def main(nanogpt_dir, export_path, logits_path):
    sys.path.insert(0, nanogpt_dir)
    from model import GPT, GPTConfig  # nanoGPT's

    sidecar = json.load(open(export_path[:-len('.safetensors')] + '.json'))
    folio_model = sidecar['folio']['config']['model']
    model = GPT(GPTConfig(**sidecar['gpt_config']))
    for block in model.transformer.h:
        block.mlp.gelu = nn.GELU(approximate='tanh')
    state = read_safetensors(export_path)
    head_bias = state.pop('lm_head.bias', None)
    if not folio_model.get('tie_weights', False):
        model.lm_head.weight = nn.Parameter(torch.empty_like(model.lm_head.weight))
    result = model.load_state_dict(state, strict=False)
    # Before PyTorch 2.0 nanoGPT registers its causal mask as a buffer named attn.bias; nothing else may be missing.
    missing = [k for k in result.missing_keys if not k.endswith('attn.bias')]
    print('missing', missing, 'unexpected', result.unexpected_keys)
    model.eval()
    folio = json.load(open(logits_path))
    ids = torch.tensor([folio['ids']])
    with torch.no_grad():
        x = model.transformer.wte(ids) + model.transformer.wpe(torch.arange(ids.shape[1]))
        for block in model.transformer.h:
            x = block(x)
        logits = model.lm_head(model.transformer.ln_f(x))  # every position, not only the last
        if head_bias is not None:
            logits = logits + head_bias
    diff = np.abs(logits.numpy().reshape(-1) - np.array(folio['logits'], dtype=np.float32)).max()
    print(f'max |logit difference| {diff:.3g}')
    return 0 if not missing and not result.unexpected_keys and diff < 1e-4 else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
