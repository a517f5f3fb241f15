# The version-embedding network: preprocessed chroma (batch, time, 12) -> an L2-normalised
# embedding (batch, dim). Our own design after the Siamese/contrastive literature (MOVE,
# CQTNet): a small 2-D CNN over (pitch x time) whose convolutions wrap around the pitch axis
# and never stride along it, so transposing the input rotates every feature map; a max over
# pitch then makes the embedding exactly transposition-invariant. Time is reduced by max-pooling
# and an attention-weighted mean whose softmax runs over whatever length comes in, so the ONNX
# export keeps a dynamic time axis (adaptive pooling would freeze it).
import torch
from torch import nn
from torch.nn import functional as F

DEFAULT_CONFIG = {
    'channels': [32, 64, 128, 256],
    'pitch_kernel': 3,
    'time_kernel': 5,
    'dim': 128,
}


class CircularPitchConv(nn.Module):
    """Conv2d over (pitch, time) with circular padding on pitch and zero 'same' padding on time.
    The pitch wrap is built from slices and a concat: it exports to ONNX as plain Slice/Concat."""

    def __init__(self, cin, cout, pitch_kernel, time_kernel):
        super().__init__()
        self.pad = pitch_kernel // 2
        self.conv = nn.Conv2d(cin, cout, (pitch_kernel, time_kernel), padding=(0, time_kernel // 2), bias=False)
        self.norm = nn.BatchNorm2d(cout)

    def forward(self, x):
        p = self.pad
        if p:
            x = torch.cat([x[:, :, -p:, :], x, x[:, :, :p, :]], dim=2)
        return F.relu(self.norm(self.conv(x)))


class VersionEmbedder(nn.Module):
    def __init__(self, config=None):
        super().__init__()
        self.config = dict(DEFAULT_CONFIG, **(config or {}))
        c = self.config
        layers, cin = [], 1
        for cout in c['channels']:
            layers.append(CircularPitchConv(cin, cout, c['pitch_kernel'], c['time_kernel']))
            cin = cout
        self.blocks = nn.ModuleList(layers)
        self.attention = nn.Conv1d(cin, 1, 1)
        self.project = nn.Linear(cin, c['dim'])

    @property
    def time_pools(self):
        return len(self.blocks) - 1

    @property
    def min_frames(self):
        """Shortest input (downsampled frames) that leaves at least one frame after the poolings."""
        return 2 ** self.time_pools

    def forward(self, chroma):
        x = chroma.transpose(1, 2).unsqueeze(1)  # (B, 1, 12, T)
        for index, block in enumerate(self.blocks):
            x = block(x)
            if index < len(self.blocks) - 1:
                x = F.max_pool2d(x, (1, 2))
        x = x.amax(dim=2)  # max over pitch: (B, C, T')
        weights = torch.softmax(self.attention(x), dim=2)
        pooled = (x * weights).sum(dim=2)
        out = self.project(pooled)
        return out / torch.sqrt((out * out).sum(dim=1, keepdim=True) + 1e-12)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
