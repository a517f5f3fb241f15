# ONNX export of a trained embedder (opset 17, dynamic batch and time axes) and its model card,
# the JSON the Node side (src-main/embedding/card.ts) checks against the model before using it.
# Also a CLI: export a checkpoint, or an untrained model from a seed (tests), and write PyTorch's
# own embeddings of given h5 files for the ONNX Runtime parity test.
import argparse
import hashlib
import json
import os
import sys

OPSET = 17
INPUT_NAME = 'chroma'
OUTPUT_NAME = 'embedding'
CARD_FORMAT = 'refrain-embedding-card'


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def export_onnx(model, path):
    import torch
    model.eval()
    example = torch.zeros((1, 64, 12), dtype=torch.float32)
    # The tracer must not constant-fold the time length: dynamic axes keep it symbolic.
    torch.onnx.export(model, (example,), path, opset_version=OPSET, input_names=[INPUT_NAME],
                      output_names=[OUTPUT_NAME], do_constant_folding=True,
                      dynamic_axes={INPUT_NAME: {0: 'batch', 1: 'time'}, OUTPUT_NAME: {0: 'batch'}})
    import onnx
    onnx.checker.check_model(onnx.load(path))


def make_card(model, onnx_path, training, metrics, calibration, licence):
    from data import DOWNSAMPLE, FRAME_RATE
    from model import parameter_count
    dim = model.config['dim']
    return {
        'format': CARD_FORMAT,
        'version': 1,
        'name': os.path.splitext(os.path.basename(onnx_path))[0],
        'model': os.path.basename(onnx_path),
        'sha256': sha256_file(onnx_path),
        'bytes': os.path.getsize(onnx_path),
        'opset': OPSET,
        'input': {
            'name': INPUT_NAME,
            'shape': ['batch', 'time', 12],
            'dtype': 'float32',
            'feature': training.get('feature', 'hpcp'),
            'frameRate': FRAME_RATE,
            'downsample': {'factor': DOWNSAMPLE, 'method': 'mean', 'lastBlock': 'kept (mean of its frames)'},
            'effectiveFrameRate': FRAME_RATE / DOWNSAMPLE,
            'normalisation': 'each downsampled frame scaled to unit maximum; silent frames stay zero',
            'minFrames': model.min_frames,
        },
        'output': {'name': OUTPUT_NAME, 'shape': ['batch', dim], 'dim': dim, 'normalised': 'l2', 'distance': 'euclidean'},
        'architecture': {
            'description': 'CNN over (pitch x time): %d conv blocks (pitch kernel %d wrapping around the 12 pitch classes, '
                           'time kernel %d, batch norm, ReLU, time max-pool by 2 between blocks), max over pitch '
                           '(transposition-invariant), attention-weighted mean over time, linear to %d, L2 normalisation'
                           % (len(model.config['channels']), model.config['pitch_kernel'], model.config['time_kernel'], dim),
            'config': model.config,
            'parameters': parameter_count(model),
            'transpositionInvariant': True,
            # Of one frame of the last feature map, in downsampled frames: each conv adds (k-1) x its
            # stride and each max-pool by 2 adds 1 x its stride. The attention mean then spans the whole input.
            'receptiveFieldFrames': 1 + sum((model.config['time_kernel'] - 1) * 2 ** i for i in range(len(model.config['channels'])))
            + sum(2 ** i for i in range(model.time_pools)),
        },
        'training': training,
        'metrics': metrics,
        'calibration': calibration,
        'licence': licence,
    }


def write_card(card, path):
    with open(path, 'w', encoding='utf8') as handle:
        json.dump(card, handle, indent=2)
        handle.write('\n')


def load_checkpoint(path):
    import torch
    from model import VersionEmbedder
    saved = torch.load(path, map_location='cpu')
    model = VersionEmbedder(saved['config'])
    model.load_state_dict(saved['state'])
    model.eval()
    return model, saved


def main(argv=None):
    parser = argparse.ArgumentParser(description='Export an embedder to ONNX, or write PyTorch reference embeddings.')
    parser.add_argument('--checkpoint', help='a checkpoint written by train.py')
    parser.add_argument('--init-seed', type=int, help='export an untrained model made from this seed instead')
    parser.add_argument('--out', required=True, help='the .onnx file to write')
    parser.add_argument('--reference', nargs='*', default=[], help='h5 files to embed with PyTorch')
    parser.add_argument('--frames', default='', help='comma-separated raw-frame prefixes of each reference file (all when empty)')
    parser.add_argument('--reference-out', help='JSON file for the reference embeddings')
    args = parser.parse_args(argv)
    import numpy as np
    import torch
    from data import preprocess, read_chroma
    from model import VersionEmbedder
    torch.set_num_threads(1)
    if args.checkpoint:
        model, saved = load_checkpoint(args.checkpoint)
    else:
        torch.manual_seed(args.init_seed or 0)
        model = VersionEmbedder()
        # Untrained batch-norm statistics are 0/1; perturb them so the test exercises real ones.
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, torch.nn.BatchNorm2d):
                    module.running_mean.uniform_(-0.1, 0.1)
                    module.running_var.uniform_(0.5, 1.5)
        model.eval()
    export_onnx(model, args.out)
    card = make_card(model, args.out, {'loss': 'none (untrained)', 'feature': 'hpcp'}, {}, None, {'code': 'MIT', 'weights': 'MIT'})
    write_card(card, os.path.splitext(args.out)[0] + '.card.json')
    if args.reference_out:
        lengths = [int(x) for x in args.frames.split(',') if x] or [0]
        items = []
        with torch.no_grad():
            for path in args.reference:
                raw = read_chroma(path)
                for length in lengths:
                    part = raw[:length] if length else raw
                    x = preprocess(part)
                    y = model(torch.from_numpy(x[None]))[0].numpy()
                    items.append({'path': path, 'rawFrames': int(part.shape[0]), 'input': x.reshape(-1).tolist(),
                                  'embedding': y.astype(np.float64).tolist()})
        with open(args.reference_out, 'w', encoding='utf8') as handle:
            json.dump({'items': items}, handle)
    print(json.dumps({'type': 'exported', 'model': args.out, 'minFrames': model.min_frames}), flush=True)


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
