"""Tension/compression spring design over `fisher ask-tell`.

Minimize the spring's weight (N + 2) D d² over wire diameter d, coil diameter D
and number of active coils N, subject to four constraints: minimum deflection,
shear stress, surge frequency and outer diameter. The search runs on [0, 1]³,
mapped linearly onto the variables' ranges.
"""
import json
import subprocess
import sys

LOW = [0.05, 0.25, 2.0]
HIGH = [2.0, 1.3, 15.0]


def design(u):
    return [lo + ui * (hi - lo) for ui, lo, hi in zip(u, LOW, HIGH)]


def weight(d, D, N):
    return (N + 2) * D * d * d


def constraints(d, D, N):
    return [
        1 - D**3 * N / (71785 * d**4),
        (4 * D**2 - d * D) / (12566 * (D * d**3 - d**4)) + 1 / (5108 * d**2) - 1,
        1 - 140.45 * d / (D**2 * N),
        (D + d) / 1.5 - 1,
    ]


fisher = subprocess.Popen(
    sys.argv[1:] or ["fisher", "ask-tell", "--strategy", "cma-es", "--dimension", "3",
                     "--constraints", "4", "--bounds", "0,1", "--mean", "0.5,0.5,0.5",
                     "--sigma", "0.3", "--seed", "1", "--budget", "30000"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
for line in fisher.stdout:
    message = json.loads(line)
    if "done" in message:
        done = message["done"]
        break
    points = [design(u) for u in message["ask"]]
    tell = {"tell": [weight(*x) for x in points], "constraints": [constraints(*x) for x in points]}
    fisher.stdin.write(json.dumps(tell) + "\n")
    fisher.stdin.flush()
fisher.stdin.close()
fisher.wait()
print("feasible      ", done["feasible"])
print("weight        ", done["best_feasible_f"])
print("d, D, N       ", design(done["best_feasible_x"]))
print("evaluations   ", done["evaluations"], "stopped:", done["reason"])
