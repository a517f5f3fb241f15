# Reading a Da-TACOS-layout dataset for training: the metadata JSON, the chroma h5 files, the
# preprocessing the shipped model expects (src-main/embedding/preprocess.ts mirrors it exactly),
# the work-based splits, the dataset's content hash, and the P-works x K-versions batch sampler.
import glob
import hashlib
import json
import os
import re

import numpy as np

# Da-TACOS frames: 44.1 kHz audio, hop 512 samples.
FRAME_RATE = 44100 / 512
# Mean over blocks of 20 frames: 4.3 frames/s. Covers differ in tempo and structure far more
# than at this resolution, and the CNN then sees 24 s in about 100 frames.
DOWNSAMPLE = 20
FEATURE_OBJECT = {'hpcp': 'hpcp', 'crema': 'crema'}


class DataError(Exception):
    """A dataset problem the user must fix: one line, naming the file or folder."""


def preprocess(raw, factor=DOWNSAMPLE):
    """(T, 12) chroma -> (ceil(T/factor), 12) float32: block means (a last, shorter block kept,
    as the project's scoring does), then each frame scaled to unit maximum; silent frames stay 0.
    Sums in float64 and rounds to float32 between the two steps, exactly as the TypeScript does,
    so Node and Python feed the model the same numbers."""
    raw = np.asarray(raw, dtype=np.float32)
    frames = raw.shape[0]
    blocks = -(-frames // factor)
    out = np.empty((blocks, raw.shape[1]), dtype=np.float32)
    for o in range(blocks):
        block = raw[o * factor:(o + 1) * factor].astype(np.float64)
        # cumsum adds row after row, in the TypeScript loop's order (sum() may pair them up).
        out[o] = (np.cumsum(block, axis=0)[-1] / block.shape[0]).astype(np.float32)
    scale = np.abs(out).max(axis=1).astype(np.float64)
    normed = np.zeros_like(out)
    nz = scale > 0
    normed[nz] = (out[nz].astype(np.float64) / scale[nz, None]).astype(np.float32)
    return normed


def read_chroma(path, feature='hpcp'):
    """(T, 12) float32 from a Da-TACOS h5 file, whichever orientation it stores."""
    import h5py
    try:
        with h5py.File(path, 'r') as h5:
            name = FEATURE_OBJECT[feature]
            if name not in h5:
                raise DataError(f'{path}: has no "{name}" dataset')
            data = np.asarray(h5[name], dtype=np.float32)
    except OSError as error:
        raise DataError(f'{path}: not a readable HDF5 file ({error})') from None
    if data.ndim != 2 or 12 not in data.shape:
        raise DataError(f'{path}: "{name}" has shape {data.shape}, not 12 pitch classes')
    return data if data.shape[1] == 12 else data.T


def _metadata_files(folder):
    return sorted(glob.glob(os.path.join(folder, '*metadata*.json')) + glob.glob(os.path.join(folder, '*', '*metadata*.json')))


def _feature_files(folder, feature):
    """perf id -> h5 path, for the per-feature layout and the single-files layout."""
    found = {}
    patterns = [os.path.join(folder, '**', f'*_{feature}', 'W_*', 'P_*.h5'),
                os.path.join(folder, '**', '*_single_files', 'W_*', 'P_*.h5')]
    for pattern in patterns:
        for path in sorted(glob.glob(pattern, recursive=True)):
            match = re.match(r'(P_[^_.]+)', os.path.basename(path))
            if match:
                found.setdefault(match.group(1), path)
    return found


class Item:
    __slots__ = ('perf', 'work', 'path', 'chroma')

    def __init__(self, perf, work, path, chroma):
        self.perf, self.work, self.path, self.chroma = perf, work, path, chroma


def load_dataset(folder, feature='hpcp', min_frames=8, warn=lambda message: None):
    """Every usable performance of a Da-TACOS-layout folder, preprocessed. Works come from the
    metadata JSON (else each file's `label` attribute). Files that cannot be used (unreadable,
    NaN, too short for the model) are left out with a warning naming them."""
    if not os.path.isdir(folder):
        raise DataError(f'{folder}: no such folder')
    work_of = {}
    for meta in _metadata_files(folder):
        try:
            with open(meta, encoding='utf8') as handle:
                entries = json.load(handle)
        except (OSError, ValueError) as error:
            raise DataError(f'{meta}: not readable JSON ({error})') from None
        for work, perfs in entries.items():
            for perf in perfs if isinstance(perfs, dict) else []:
                work_of[perf] = work
    files = _feature_files(folder, feature)
    if not files:
        raise DataError(f'{folder}: no {feature} h5 files in the Da-TACOS layout (<name>_{feature}/W_<id>_{feature}/P_<id>_{feature}.h5)')
    items = []
    for perf, path in sorted(files.items()):
        try:
            raw = read_chroma(path, feature)
        except DataError as error:
            warn(str(error))
            continue
        if not np.all(np.isfinite(raw)):
            warn(f'{path}: holds NaN or infinite chroma, left out')
            continue
        chroma = preprocess(raw)
        if chroma.shape[0] < min_frames:
            warn(f'{path}: {raw.shape[0]} frames, shorter than the model needs ({min_frames} after downsampling by {DOWNSAMPLE}), left out')
            continue
        work = work_of.get(perf)
        if work is None:
            import h5py
            with h5py.File(path, 'r') as h5:
                label = h5.attrs.get('label')
            work = label.decode() if isinstance(label, bytes) else (str(label) if label is not None else None)
        if work is None:
            warn(f'{path}: no work id in the metadata or the file, left out')
            continue
        items.append(Item(perf, work, path, chroma))
    return items


def works_of(items):
    groups = {}
    for index, item in enumerate(items):
        groups.setdefault(item.work, []).append(index)
    return groups


def require_versions(items, folder, role):
    """A set to learn or evaluate on must hold at least one work with two performances."""
    if not any(len(group) > 1 for group in works_of(items).values()):
        raise DataError(f'{folder}: the {role} data has no work with two or more performances (no versions to learn from)')


def split_by_work(items, seed, fractions=(0.7, 0.15, 0.15)):
    """Work-disjoint train/val/test. Works with versions are split by `fractions`; single
    performances go to val and test only, as distractors (they cannot be anchors)."""
    rng = np.random.default_rng(seed)
    groups = works_of(items)
    multi = sorted(w for w, g in groups.items() if len(g) > 1)
    single = sorted(w for w, g in groups.items() if len(g) == 1)
    rng.shuffle(multi)
    rng.shuffle(single)
    n_val = max(1, int(round(len(multi) * fractions[1])))
    n_test = max(1, int(round(len(multi) * fractions[2]))) if len(multi) >= 3 else 0
    val_w = set(multi[:n_val]) | set(single[: len(single) // 2])
    test_w = set(multi[n_val:n_val + n_test]) | set(single[len(single) // 2:])
    train_w = set(multi[n_val + n_test:])
    pick = lambda works: [it for it in items if it.work in works]
    return pick(train_w), pick(val_w), pick(test_w)


def split_from_file(items, path):
    """A splits JSON: {"train": [work ids], "val" (or "validation"): [...], "test": [...]} (test optional)."""
    try:
        with open(path, encoding='utf8') as handle:
            spec = json.load(handle)
    except (OSError, ValueError) as error:
        raise DataError(f'{path}: not a readable splits JSON ({error})') from None
    if isinstance(spec, dict) and 'val' not in spec and 'validation' in spec:
        spec = dict(spec, val=spec['validation'])
    if not isinstance(spec, dict) or not isinstance(spec.get('train'), list) or not isinstance(spec.get('val'), list):
        raise DataError(f'{path}: a splits file needs "train" and "val" (or "validation") lists of work ids')
    parts = []
    for key in ('train', 'val', 'test'):
        works = set(str(w) for w in spec.get(key) or [])
        parts.append([it for it in items if it.work in works])
    return tuple(parts)


def dataset_hash(items):
    """sha256 over the sorted (perf, work, file sha256) of what was used: names the exact data."""
    digest = hashlib.sha256()
    for item in sorted(items, key=lambda it: it.perf):
        with open(item.path, 'rb') as handle:
            file_hash = hashlib.sha256(handle.read()).hexdigest()
        digest.update(f'{item.perf}\t{item.work}\t{file_hash}\n'.encode())
    return digest.hexdigest()


def batches(items, rng, works_per_batch, versions_per_work):
    """One epoch: every training work once, in batches of P works x K versions (K drawn without
    replacement where a work has K, else with), so every batch holds positives and negatives."""
    groups = [g for g in works_of(items).values() if len(g) > 1]
    order = rng.permutation(len(groups))
    for start in range(0, len(order), works_per_batch):
        chosen = [groups[i] for i in order[start:start + works_per_batch]]
        if len(chosen) < 2:
            continue
        indices, labels = [], []
        for label, group in enumerate(chosen):
            replace = len(group) < versions_per_work
            picks = rng.choice(len(group), size=versions_per_work, replace=replace)
            indices.extend(group[p] for p in picks)
            labels.extend([label] * versions_per_work)
        yield indices, labels
