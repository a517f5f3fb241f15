# The network's promises: transposition invariance by construction, any length from its
# minimum up, unit-length embeddings of at most 512 dimensions, a model well under 20 MB; the
# losses' behaviour at their edges; augmentation fixed by its seed.
import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from augment import augment  # noqa: E402
from data import preprocess  # noqa: E402
from losses import contrastive_loss, triplet_hard_loss  # noqa: E402
from model import VersionEmbedder, parameter_count  # noqa: E402


class ModelTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = VersionEmbedder().eval()

    def test_transposition_invariant(self):
        x = torch.rand(1, 60, 12)
        with torch.no_grad():
            base = self.model(x)
            for shift in range(1, 12):
                self.assertLess(float((self.model(torch.roll(x, shift, dims=2)) - base).abs().max()), 1e-5)

    def test_any_length_unit_norm(self):
        with torch.no_grad():
            for frames in (self.model.min_frames, 33, 500):
                y = self.model(torch.rand(2, frames, 12))
                self.assertEqual(tuple(y.shape), (2, 128))
                self.assertTrue(torch.allclose(y.norm(dim=1), torch.ones(2), atol=1e-5))

    def test_size(self):
        self.assertLess(parameter_count(self.model) * 4, 20 * 1024 * 1024)
        self.assertLessEqual(self.model.config['dim'], 512)

    def test_preprocess_keeps_last_block_and_silence(self):
        raw = np.zeros((45, 12), dtype=np.float32)
        raw[:, 3] = 0.5
        raw[40:] = 0
        out = preprocess(raw, 20)
        self.assertEqual(out.shape, (3, 12))
        self.assertEqual(out[0, 3], 1.0)
        self.assertTrue(np.all(out[2] == 0))


class LossTest(unittest.TestCase):
    def test_losses_vanish_when_versions_coincide_and_works_are_apart(self):
        emb = torch.tensor([[1.0, 0], [1.0, 0], [0, 1.0], [0, 1.0]])
        labels = [0, 0, 1, 1]
        self.assertLess(float(contrastive_loss(emb, labels, margin=1.0)), 1e-5)
        self.assertLess(float(triplet_hard_loss(emb, labels, margin=0.3)), 1e-5)

    def test_triplet_uses_the_hardest_negative(self):
        emb = torch.nn.functional.normalize(torch.tensor([[1.0, 0], [0.9, 0.1], [0.95, 0.05], [0, 1.0]]), dim=1)
        self.assertGreater(float(triplet_hard_loss(emb, [0, 0, 1, 1], margin=0.3)), 0.2)


class AugmentTest(unittest.TestCase):
    def test_seeded(self):
        x = np.random.default_rng(1).random((100, 12)).astype(np.float32)
        a = augment(x, np.random.default_rng(5), 48)
        b = augment(x, np.random.default_rng(5), 48)
        self.assertEqual(a.shape, (48, 12))
        self.assertTrue(np.array_equal(a, b))


if __name__ == '__main__':
    unittest.main()
