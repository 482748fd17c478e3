"""ONNX export with a dynamic batch axis: float32 input [N,1,28,28] named 'input', logits [N,10]."""
import hashlib

import torch


def export_onnx(model, path, shape=(1, 1, 28, 28)):
    model.eval()
    torch.onnx.export(model, torch.zeros(*shape), path, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}}, opset_version=13,
                      do_constant_folding=True)
    return sha256_of(path)


def sha256_of(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()
