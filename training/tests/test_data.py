# Reading a dataset for training: NaN chroma and too-short files are left out with a warning
# naming them, works come from the metadata, and the automatic split never shares a work.
import json
import os
import shutil
import sys
import tempfile
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from data import DataError, load_dataset, require_versions, split_by_work  # noqa: E402


def write(folder, work, perf, chroma):
    path = os.path.join(folder, 'mine_hpcp', f'{work}_hpcp', f'{perf}_hpcp.h5')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with h5py.File(path, 'w') as h5:
        h5['hpcp'] = chroma.astype(np.float32)
        h5.attrs['label'] = work
        h5.attrs['track_id'] = perf
    return path


class DataTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        rng = np.random.default_rng(0)
        meta = {}
        for w in range(8):
            for p in range(3 if w < 6 else 1):
                write(self.dir, f'W_{w}', f'P_{w}{p}', rng.random((400, 12)))
                meta.setdefault(f'W_{w}', {})[f'P_{w}{p}'] = {'work_id': f'W_{w}'}
        bad = rng.random((400, 12))
        bad[10, 3] = np.nan
        self.nan = write(self.dir, 'W_0', 'P_nan', bad)
        self.short = write(self.dir, 'W_0', 'P_short', rng.random((100, 12)))
        with open(os.path.join(self.dir, 'mine_metadata.json'), 'w') as handle:
            json.dump(meta, handle)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_bad_files_left_out_by_name(self):
        warnings = []
        items = load_dataset(self.dir, warn=warnings.append)
        self.assertEqual(len(items), 6 * 3 + 2)
        self.assertTrue(any(self.nan in w and 'NaN' in w for w in warnings))
        self.assertTrue(any(self.short in w and 'shorter than the model needs' in w for w in warnings))

    def test_split_is_work_disjoint(self):
        items = load_dataset(self.dir)
        train, val, test = split_by_work(items, seed=1)
        works = [set(it.work for it in part) for part in (train, val, test)]
        self.assertFalse(works[0] & works[1] or works[0] & works[2] or works[1] & works[2])
        self.assertEqual(sum(len(p) for p in (train, val, test)), len(items))
        require_versions(train, self.dir, 'training')

    def test_no_versions(self):
        items = [it for it in load_dataset(self.dir) if it.work in ('W_6', 'W_7')]
        with self.assertRaisesRegex(DataError, 'no work with two or more performances'):
            require_versions(items, self.dir, 'training')


if __name__ == '__main__':
    unittest.main()
