# The evaluation's numbers checked by hand and by simulation: MAP on a ranking worked out on
# paper, the chance level against random rankings, and the equal-error-rate threshold.
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from evaluate import chance_map, eer_threshold, mean_average_precision  # noqa: E402


class EvaluateTest(unittest.TestCase):
    def test_map_by_hand(self):
        # Query 0 (work a) ranks 2 (b), 1 (a), 3 (a): AP = (1/2 + 2/3) / 2. Queries 2 and 4 have no version: left out.
        works = ['a', 'a', 'b', 'a', 'c']
        dist = np.array([[0, 2, 1, 3, 9], [1, 0, 5, 2, 9], [1, 5, 0, 5, 9], [3, 2, 5, 0, 9], [9, 9, 9, 9, 0]], dtype=float)
        ap0 = (1 / 2 + 2 / 3) / 2
        ap1 = 1.0  # ranks 0 (a), 3 (a) first
        ap3 = 1.0  # ranks 1 (a) first, 0 (a) second: distances 2 and 3 beat 5
        self.assertAlmostEqual(mean_average_precision(dist, works), (ap0 + ap1 + ap3) / 3)

    def test_chance_level_matches_random_rankings(self):
        rng = np.random.default_rng(0)
        works = [w for w in range(6) for _ in range(5)] + list(range(100, 106))
        sims = []
        for _ in range(400):
            d = rng.random((len(works), len(works)))
            sims.append(mean_average_precision(d, works))
        self.assertAlmostEqual(chance_map(works), 0.19626, places=4)
        self.assertAlmostEqual(float(np.mean(sims)), chance_map(works), delta=0.004)

    def test_eer_threshold_separates_clean_distributions(self):
        works = ['a', 'a', 'b', 'b']
        dist = np.array([[0, 0.2, 1.0, 1.1], [0.2, 0, 1.2, 0.9], [1.0, 1.2, 0, 0.3], [1.1, 0.9, 0.3, 0]])
        cal = eer_threshold(dist, works)
        self.assertEqual((cal['falseRejectRate'], cal['falseAcceptRate']), (0.0, 0.0))
        self.assertGreaterEqual(cal['threshold'], 0.3)
        self.assertLess(cal['threshold'], 0.9)


if __name__ == '__main__':
    unittest.main()
