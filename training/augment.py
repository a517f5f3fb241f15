# Training-time augmentation of preprocessed chroma (T, 12), as covers vary: key, tempo,
# structure (a section cut or played twice) and which stretch of the song is heard (crops).
# Everything draws from the numpy Generator it is given, so a seed fixes the whole run.
import numpy as np


def renormalise(chroma):
    scale = chroma.max(axis=1, keepdims=True)
    return np.where(scale > 0, chroma / np.where(scale > 0, scale, 1), 0).astype(np.float32)


def transpose(chroma, rng):
    # The model is transposition-invariant by construction, so this changes nothing it computes;
    # it stays so that the invariance test and any variant without it see covers in other keys.
    return np.roll(chroma, int(rng.integers(12)), axis=1)


def tempo(chroma, rng, low=0.8, high=1.25):
    """Resample the time axis by a factor drawn log-uniformly in [low, high] (linear interpolation)."""
    factor = float(np.exp(rng.uniform(np.log(low), np.log(high))))
    frames = chroma.shape[0]
    out_frames = max(2, int(round(frames / factor)))
    where = np.linspace(0, frames - 1, out_frames)
    left = np.floor(where).astype(int)
    right = np.minimum(left + 1, frames - 1)
    frac = (where - left)[:, None]
    return renormalise(chroma[left] * (1 - frac) + chroma[right] * frac)


def cut_or_repeat(chroma, rng, low=0.1, high=0.2):
    """Cut out a section of 10-20 % of the piece, or play one twice."""
    frames = chroma.shape[0]
    length = int(round(frames * rng.uniform(low, high)))
    if length < 1 or frames - length < 2:
        return chroma
    start = int(rng.integers(0, frames - length))
    if rng.random() < 0.5:
        return np.concatenate([chroma[:start], chroma[start + length:]])
    return np.concatenate([chroma[:start + length], chroma[start:]])


def crop(chroma, rng, length):
    """A random window of `length` frames; a shorter piece is looped to fill it (a batch needs one length)."""
    frames = chroma.shape[0]
    if frames < length:
        reps = -(-length // frames)
        chroma = np.concatenate([chroma] * reps)
        frames = chroma.shape[0]
    start = int(rng.integers(0, frames - length + 1))
    return chroma[start:start + length]


def augment(chroma, rng, length, p_tempo=0.8, p_structure=0.5):
    out = transpose(chroma, rng)
    if rng.random() < p_tempo:
        out = tempo(out, rng)
    if rng.random() < p_structure:
        out = cut_or_repeat(out, rng)
    return crop(out, rng, length)
