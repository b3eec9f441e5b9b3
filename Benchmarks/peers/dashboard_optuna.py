"""The peer of Benchmarks/run-dashboard.sh: an Optuna study for optuna-dashboard.

    python dashboard_optuna.py DB TRIALS DIMENSION

creates the SQLite file DB with an Optuna study named `dashboard` of TRIALS completed
trials with DIMENSION float parameters x0 … x{n-1} in [-5, 5] and the value Σ xᵢ²
(uniform random points, seed 1: what a dashboard reads does not depend on how the points
were found), and prints the study's id (the ID of optuna-dashboard's `/api/studies/ID`).

Optuna creates the schema and the study; the trials are written with SQLite's executemany
into Optuna's own tables (trials, trial_params, trial_values), in the rows `Study.add_trials`
writes, because add_trials takes minutes per thousand trials of 40 parameters. The script
then loads the study with Optuna and checks that it reads every trial back with its values.
"""
import json
import sqlite3
import sys

import numpy as np
import optuna

path, trials, dimension = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
url = f"sqlite:///{path}"
optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.create_study(study_name="dashboard", storage=url, direction="minimize")
study_id = study._study_id
distribution = optuna.distributions.FloatDistribution(-5, 5)
first = optuna.trial.create_trial(params={f"x{i}": 0.0 for i in range(dimension)},
                                  distributions={f"x{i}": distribution for i in range(dimension)}, value=0.0)
study.add_trials([first])  # Optuna writes one trial itself: the rows below follow its format
db = sqlite3.connect(path)
(start,) = db.execute("select datetime_start from trials").fetchone()
(distribution_json,) = db.execute("select distribution_json from trial_params limit 1").fetchone()
assert json.loads(distribution_json)["attributes"]["high"] == 5.0
db.execute("delete from trial_params"); db.execute("delete from trial_values"); db.execute("delete from trials")
rng = np.random.default_rng(1)
x = rng.uniform(-5, 5, (trials, dimension))
values = (x * x).sum(axis=1)
db.executemany("insert into trials (trial_id, number, study_id, state, datetime_start, datetime_complete) "
               "values (?, ?, ?, 'COMPLETE', ?, ?)", ((k + 1, k, study_id, start, start) for k in range(trials)))
db.executemany("insert into trial_params (trial_id, param_name, param_value, distribution_json) values (?, ?, ?, ?)",
               ((k + 1, f"x{i}", float(x[k, i]), distribution_json) for k in range(trials) for i in range(dimension)))
db.executemany("insert into trial_values (trial_id, objective, value, value_type) values (?, 0, ?, 'FINITE')",
               ((k + 1, float(values[k])) for k in range(trials)))
db.commit()
db.close()
loaded = optuna.load_study(study_name="dashboard", storage=url).get_trials(deepcopy=False)
assert len(loaded) == trials and loaded[-1].params["x0"] == x[-1, 0] and loaded[-1].value == values[-1]
print(study_id)
