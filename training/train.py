# The training entry point (`refrain train` runs it as a child process): trains the version
# embedder on a Da-TACOS-layout dataset with the contrastive loss, the batch-hard triplet loss,
# or both (keeping the better by validation MAP), and exports the best epoch to ONNX with its
# card. Speaks one JSON object per line on stdout: start, warning, epoch, done, error.
# Deterministic given --seed and --threads. Ctrl-C (SIGINT) or SIGTERM keeps the best epoch so
# far and exports it.
import argparse
import importlib.util
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

INSTALL_HINT = ('install them with `apt-get install python3-torch python3-onnx python3-h5py python3-numpy` (Debian/Ubuntu) '
                'or `pip install torch onnx h5py numpy`, or point REFRAIN_PYTHON at a Python that has them')


def emit(kind, **fields):
    print(json.dumps({'type': kind, **fields}), flush=True)


def check_modules():
    # Before any import that would die with a traceback: one line naming what is missing.
    missing = [name for name in ('torch', 'numpy', 'h5py', 'onnx') if importlib.util.find_spec(name) is None]
    if missing:
        emit('error', code='missing-python-modules', missing=missing,
             message=f'{sys.executable} lacks the Python module{"s" if len(missing) > 1 else ""} {", ".join(missing)}: {INSTALL_HINT}')
        sys.exit(3)


def parse_args(argv):
    parser = argparse.ArgumentParser(description='Train the Refrain version embedder.')
    parser.add_argument('--dataset', required=True, help='a Da-TACOS-layout folder (metadata JSON + <name>_hpcp/ h5 files)')
    parser.add_argument('--val', default='split',
                        help='"split" (work-disjoint split of --dataset; its splits.json if present), a splits JSON file, or another dataset folder')
    parser.add_argument('--test', help='a dataset folder to report test MAP on (with a split, its test works are used)')
    parser.add_argument('--loss', choices=['contrastive', 'triplet', 'both'], default='both')
    parser.add_argument('--epochs', type=int, default=40, help='epochs per loss')
    parser.add_argument('--seed', type=int, default=2026)
    parser.add_argument('--threads', type=int, default=2, help='torch threads (fixed, for reproducible sums)')
    parser.add_argument('--out', required=True, help='folder for the checkpoint, the ONNX model and its card')
    parser.add_argument('--name', default='refrain-hpcp-cnn')
    parser.add_argument('--max-minutes', type=float, default=60.0, help='wall-clock budget for all training')
    parser.add_argument('--feature', choices=['hpcp', 'crema'], default='hpcp')
    parser.add_argument('--crop', type=int, default=64, help='training crop, downsampled frames (64 = 15 s)')
    parser.add_argument('--works-per-batch', type=int, default=16)
    parser.add_argument('--versions-per-work', type=int, default=4)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--schedule', choices=['cosine', 'constant'], default='cosine',
                        help='learning rate over the epochs: cosine decay to zero at the last epoch, or constant')
    parser.add_argument('--channels', default='32,64,128,256')
    parser.add_argument('--dim', type=int, default=128)
    parser.add_argument('--contrastive-margin', type=float, default=1.0)
    parser.add_argument('--triplet-margin', type=float, default=0.3)
    parser.add_argument('--licence', default=None, help='licence of the trained weights (default: says it follows the training data)')
    return parser.parse_args(argv)


class Interrupted(Exception):
    pass


def on_signal(signum, frame):
    raise Interrupted()


def load_splits(args, warn):
    from data import DataError, load_dataset, split_by_work, split_from_file
    items = load_dataset(args.dataset, args.feature, warn=warn)
    if not items:
        raise DataError(f'{args.dataset}: no usable {args.feature} files')
    test = []
    if args.val == 'split':
        splits_file = os.path.join(args.dataset, 'splits.json')
        if os.path.isfile(splits_file):
            train, val, test = split_from_file(items, splits_file)
            how = f'splits file {splits_file}'
        else:
            train, val, test = split_by_work(items, args.seed)
            how = f'work-disjoint split of the dataset (70/15/15 %, seed {args.seed}); single performances as distractors in val/test'
    elif os.path.isfile(args.val):
        train, val, test = split_from_file(items, args.val)
        how = f'splits file {args.val}'
    elif os.path.isdir(args.val):
        train, val = items, load_dataset(args.val, args.feature, warn=warn)
        how = f'validation dataset {args.val}'
    else:
        raise DataError(f'{args.val}: --val must be "split", a splits JSON file or a dataset folder')
    if args.test:
        test = load_dataset(args.test, args.feature, warn=warn)
    return train, val, test, how


def train_one(loss_name, args, model, train, val, deadline, report):
    import numpy as np
    import torch
    from augment import augment
    from data import batches
    from evaluate import evaluate
    from losses import LOSSES
    loss_fn = LOSSES[loss_name]
    margin = args.contrastive_margin if loss_name == 'contrastive' else args.triplet_margin
    rng = np.random.default_rng(args.seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    # Decaying the rate settles the embedding that noisy small batches keep moving (pop set, 40
    # contrastive epochs: validation MAP 0.199 with 16-work batches and cosine decay, where 8-work
    # batches at a constant rate reached 0.194).
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, args.epochs) if args.schedule == 'cosine' else None
    best = {'map': -1.0, 'epoch': 0, 'state': None, 'eval': None}
    history = []
    interrupted = False
    try:
        for epoch in range(1, args.epochs + 1):
            started = time.monotonic()
            model.train()
            losses = []
            for indices, labels in batches(train, rng, args.works_per_batch, args.versions_per_work):
                x = torch.from_numpy(np.stack([augment(train[i].chroma, rng, args.crop) for i in indices]))
                loss = loss_fn(model(x), labels, margin)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                losses.append(float(loss))
            if schedule:
                schedule.step()
            result = evaluate(model, val)
            row = {'loss': loss_name, 'epoch': epoch, 'trainLoss': float(np.mean(losses)) if losses else None,
                   'valMap': result['map'], 'seconds': round(time.monotonic() - started, 3)}
            history.append(row)
            report('epoch', epoch=epoch, lossName=loss_name, loss=row['trainLoss'], valMap=result['map'],
                   chance=result['chance'], seconds=row['seconds'])
            if result['map'] > best['map']:
                best = {'map': result['map'], 'epoch': epoch, 'eval': result,
                        'state': {k: v.detach().clone() for k, v in model.state_dict().items()}}
            if time.monotonic() > deadline:
                report('warning', message=f'the time budget ran out after epoch {epoch} of {args.epochs} ({loss_name})')
                break
    except Interrupted:
        interrupted = True
    return best, history, interrupted


def main(argv=None):
    check_modules()
    args = parse_args(argv)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    import numpy as np
    import torch
    from data import DataError, dataset_hash, require_versions
    from evaluate import evaluate
    from export import export_onnx, make_card, write_card
    from model import VersionEmbedder, parameter_count

    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    def warn(message):
        emit('warning', message=message)

    try:
        train, val, test, how = load_splits(args, warn)
        require_versions(train, args.dataset, 'training')
        require_versions(val, args.val if os.path.isdir(args.val) else args.dataset, 'validation')
    except DataError as error:
        emit('error', code='bad-dataset', message=str(error))
        return 1
    os.makedirs(args.out, exist_ok=True)
    config = {'channels': [int(c) for c in args.channels.split(',')], 'dim': args.dim}
    if args.dim > 512:
        emit('error', code='usage', message=f'--dim {args.dim}: an embedding has at most 512 dimensions')
        return 2
    probe = VersionEmbedder(config)
    emit('start', dataset=args.dataset, split=how, train=len(train), val=len(val), test=len(test),
         parameters=parameter_count(probe), losses=['contrastive', 'triplet'] if args.loss == 'both' else [args.loss],
         epochs=args.epochs, seed=args.seed, maxMinutes=args.max_minutes)

    runs = {}
    interrupted = False
    for loss_name in (['contrastive', 'triplet'] if args.loss == 'both' else [args.loss]):
        if interrupted:
            break
        # Each loss starts from the same seeded initialisation, so the comparison is between losses only.
        torch.manual_seed(args.seed)
        model = VersionEmbedder(config)
        remaining = deadline - time.monotonic()
        share = remaining / 2 if (args.loss == 'both' and loss_name == 'contrastive') else remaining
        best, history, interrupted = train_one(loss_name, args, model, train, val, time.monotonic() + share, emit)
        if best['state'] is not None:
            runs[loss_name] = {'best': best, 'history': history, 'config': model.config}
    # From here on the work is short; a second Ctrl-C must not lose the finished training.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if not runs:
        emit('error', code='interrupted', message='stopped before the first epoch finished: nothing to export')
        return 130

    chosen = max(runs, key=lambda name: runs[name]['best']['map'])
    run = runs[chosen]
    model = VersionEmbedder(run['config'])
    model.load_state_dict(run['best']['state'])
    model.eval()
    checkpoint = os.path.join(args.out, f'{args.name}.pt')
    torch.save({'config': run['config'], 'state': run['best']['state'], 'loss': chosen, 'epoch': run['best']['epoch']}, checkpoint)
    # The loss not chosen keeps its best epoch too, so both can be measured on held-out works
    # (training/evaluate.py), not only compared by validation MAP.
    for name, other in runs.items():
        if name != chosen:
            torch.save({'config': other['config'], 'state': other['best']['state'], 'loss': name, 'epoch': other['best']['epoch']},
                       os.path.join(args.out, f'{args.name}.{name}.pt'))
    test_eval = evaluate(model, test) if test else None
    onnx_path = os.path.join(args.out, f'{args.name}.onnx')
    export_onnx(model, onnx_path)
    val_eval = run['best']['eval']
    calibration = dict(val_eval['calibration'], method='equal error rate', on='validation', distance='euclidean') if val_eval['calibration'] else None
    all_items = train + val + (test or [])
    minutes = (time.monotonic() - started) / 60
    training = {
        'feature': args.feature,
        'loss': chosen,
        'margin': args.contrastive_margin if chosen == 'contrastive' else args.triplet_margin,
        'losses': {name: {'bestValMap': r['best']['map'], 'bestEpoch': r['best']['epoch'], 'epochsRun': len(r['history'])} for name, r in runs.items()},
        'dataset': os.path.basename(os.path.normpath(args.dataset)),
        # Where the test works come from when they are not the training dataset's own test split.
        'testDataset': os.path.basename(os.path.normpath(args.test)) if args.test else None,
        'datasetHash': dataset_hash(all_items),
        'split': how,
        'counts': {'train': len(train), 'val': len(val), 'test': len(test)},
        # The held-out works by id, so anyone can recompute the card's MAPs from the shipped model.
        'splitWorks': {'train': sorted(set(it.work for it in train)), 'val': sorted(set(it.work for it in val)),
                       'test': sorted(set(it.work for it in test or []))},
        'epochs': args.epochs,
        'bestEpoch': run['best']['epoch'],
        'seed': args.seed,
        'threads': args.threads,
        'minutes': round(minutes, 2),
        'interrupted': interrupted,
        'optimiser': f'Adam lr {args.lr}, weight decay 1e-5' + (f', cosine decay over {args.epochs} epochs' if args.schedule == 'cosine' else ''),
        'batch': f'{args.works_per_batch} works x {args.versions_per_work} versions, crops of {args.crop} frames',
        'augmentation': ['transposition (random circular shift)', 'tempo x0.8-1.25 (p 0.8)',
                         'a 10-20 % section cut or repeated (p 0.5)', f'random crop of {args.crop} frames (looped when shorter)'],
        'torch': torch.__version__,
    }
    metrics = {
        'validation': {k: val_eval[k] for k in ('map', 'chance', 'queries', 'items')},
        'test': {k: test_eval[k] for k in ('map', 'chance', 'queries', 'items')} if test_eval else None,
    }
    licence = {'code': 'MIT', 'weights': args.licence or 'the training data\'s licence applies (see the dataset it names)'}
    card = make_card(model, onnx_path, training, metrics, calibration, licence)
    card_path = os.path.join(args.out, f'{args.name}.card.json')
    write_card(card, card_path)
    with open(os.path.join(args.out, f'{args.name}.history.json'), 'w', encoding='utf8') as handle:
        json.dump({name: r['history'] for name, r in runs.items()}, handle, indent=1)
    emit('done', model=onnx_path, card=card_path, checkpoint=checkpoint, loss=chosen, bestEpoch=run['best']['epoch'],
         valMap=val_eval['map'], testMap=test_eval['map'] if test_eval else None, chance=val_eval['chance'],
         losses=training['losses'], minutes=round(minutes, 2), interrupted=interrupted)
    return 130 if interrupted else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as error:  # one line for the launcher, never a traceback on stdout
        emit('error', code='failed', message=f'{type(error).__name__}: {error}')
        sys.exit(1)
