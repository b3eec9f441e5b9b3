"""Optuna's RDB storage under the same load as `FisherPerf study run`.

    python study_optuna.py URL [workers] [trials] [milliseconds]

URL is sqlite:///path or postgres://user:password@host:port/db (handed to
SQLAlchemy as postgresql+psycopg2://). One study with CmaEsSampler (x0 = 3,
sigma0 = 10/6, seed 1, popsize 8) over four floats in [-5, 5]; `workers`
processes each load it and run study.optimize with n_trials = trials/workers;
the objective sleeps `milliseconds` and returns the sum of squares.

Prints `optuna <backend> <workers> <complete> <seconds> <trials/s>
<overhead ms per trial> <lost> <discarded>` where overhead = (workers *
seconds - complete * milliseconds) / complete, lost = trials that ended
FAIL or stayed RUNNING plus trials a worker could not even create (database
errors such as "database is locked"), and discarded = completed trials
CmaEsSampler never told: those of a generation it had already told, beyond
the first popsize of their generation (optuna's `cma:generation` attribute).
"""
import multiprocessing as mp
import sys
import time
import warnings
from collections import Counter

import optuna
from optuna.samplers import CmaEsSampler
from optuna.trial import TrialState

POPSIZE = 8
warnings.filterwarnings("ignore", category=FutureWarning)


def storage_url(url):
    if url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def objective_factory(seconds):
    def objective(trial):
        x = [trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(4)]
        time.sleep(seconds)
        s = 0.0
        for v in x:
            s += v * v
        return s
    return objective


def sampler():
    return CmaEsSampler(x0={f"x{i}": 3.0 for i in range(4)}, sigma0=10.0 / 6, seed=1, popsize=POPSIZE)


def worker(url, name, trials, seconds, errors):
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.load_study(study_name=name, storage=url, sampler=sampler())
    done = 0
    objective = objective_factory(seconds)
    while done < trials:
        try:
            study.optimize(objective, n_trials=trials - done, catch=())
            done = trials
        except Exception as e:  # a storage error ends optimize(); count the trial it cost and go on
            errors.put(type(e).__name__ + ": " + str(e).splitlines()[0][:120])
            done += 1


def main():
    url = storage_url(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    ms = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    name = f"load-{mp.current_process().pid}-{int(time.time())}"
    optuna.create_study(study_name=name, storage=url, sampler=sampler())
    errors = mp.Queue()
    share = [trials // workers + (1 if i < trials % workers else 0) for i in range(workers)]
    start = time.perf_counter()
    procs = [mp.Process(target=worker, args=(url, name, n, ms / 1000.0, errors)) for n in share]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    seconds = time.perf_counter() - start
    error_messages = []
    while not errors.empty():
        error_messages.append(errors.get())
    study = optuna.load_study(study_name=name, storage=url)
    all_trials = study.get_trials(deepcopy=False)
    states = Counter(t.state for t in all_trials)
    complete = [t for t in all_trials if t.state == TrialState.COMPLETE]
    key = "cma:generation"
    generations = Counter(t.system_attrs.get(key, -1) for t in complete)
    told = max((t.system_attrs.get(key, -1) for t in all_trials), default=0)
    discarded = sum(max(0, generations[g] - POPSIZE) for g in range(told))
    discarded += generations.get(-1, 0)
    lost = states[TrialState.FAIL] + states[TrialState.RUNNING] + len(error_messages)
    backend = "sqlite" if url.startswith("sqlite") else "postgres"
    n = len(complete)
    overhead = (workers * seconds * 1000 - n * ms) / max(n, 1)
    print(f"optuna {backend} {workers} {n} {seconds:.3f} {n / seconds:.1f} {overhead:.3f} {lost} {discarded}")
    for m, c in Counter(error_messages).most_common(3):
        print(f"# optuna error x{c}: {m}", file=sys.stderr)


if __name__ == "__main__":
    main()
