"""Traced vision models: torchvision's ResNet-18 and a small conv net with batch norm."""

import torch
from torch import nn
import torchvision


class SmallConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, kernel_size=3, padding=1), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size=3, stride=1, padding=1, bias=False), nn.BatchNorm2d(16),
            nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d((1, 1)))
        self.classifier = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


def _randomize_batch_norm_stats(module):
    """Non-trivial running statistics and affine terms, so eval-mode batch norm is exercised."""
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)


def add_to_corpus(corpus):
    torch.manual_seed(3)
    with torch.no_grad():
        resnet = torchvision.models.resnet18(weights=None).eval()
        _randomize_batch_norm_stats(resnet)
        x = torch.rand(1, 3, 64, 64)
        corpus.add_model("resnet18_traced", torch.jit.trace(resnet, (x,)), "traced", [x],
                         "torchvision ResNet-18, random weights, traced at 1x3x64x64")

        net = SmallConvNet().eval()
        _randomize_batch_norm_stats(net)
        x = torch.rand(2, 3, 16, 16)
        corpus.add_model("small_convnet_traced", torch.jit.trace(net, (x,)), "traced", [x],
                         "conv + batch norm + relu + maxpool + adaptive avgpool + flatten + linear")
