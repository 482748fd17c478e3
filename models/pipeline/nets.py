"""Architectures. Normalisation lives inside the exported graph so that callers feed [0,1] pixels."""
import torch
from torch import nn


class SequentialNet(nn.Module):
    """A network that is one nn.Sequential, `body` (so checkpoints name their weights body.N.*)."""

    def __init__(self, *layers):
        super().__init__()
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x)


class MLP(SequentialNet):
    """The ParM paper's Fashion-MNIST MLP: 784-200-ReLU-100-ReLU-10."""
    description = 'MLP 784-200-ReLU-100-ReLU-10'

    def __init__(self):
        super().__init__(nn.Flatten(), nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 100), nn.ReLU(), nn.Linear(100, 10))


class SmallCNN(SequentialNet):
    """LeNet-like and deliberately small (about 15k parameters) to keep CPU training short."""
    description = 'CNN conv5x5(6)-ReLU-maxpool2-conv5x5(12)-ReLU-maxpool2-FC192-64-ReLU-10'

    def __init__(self):
        super().__init__(
            nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 12, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(192, 64), nn.ReLU(), nn.Linear(64, 10))


class Backup(SequentialNet):
    """The approximate backup model: far cheaper than either deployed model."""
    description = 'MLP 784-16-ReLU-10'

    def __init__(self):
        super().__init__(nn.Flatten(), nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 10))


ARCHITECTURES = {'mlp': MLP, 'cnn': SmallCNN, 'backup': Backup}


class Normalised(nn.Module):
    """(x - mean) / std in front of a network; the constants travel inside the ONNX graph."""

    def __init__(self, net, mean, std):
        super().__init__()
        self.net = net
        self.register_buffer('mean', torch.tensor(float(mean)))
        self.register_buffer('std', torch.tensor(float(std)))

    def forward(self, x):
        return self.net((x - self.mean) / self.std)
