"""A hyperparameter search over `fisher ask-tell --space`, as in docs/mixed-integer.md.

    python3 docs/examples/hyperparameters.py [path/to/fisher]

The "validation loss" is a stand-in with a known optimum (lr = 1e-3, 5 layers,
batch 64, gelu) so that the example can be checked; replace `loss` by a real
training run.
"""
import json
import math
import subprocess
import sys

SPACE = {"variables": [
    {"name": "lr", "type": "real", "low": 1e-5, "high": 0.1, "log": True},
    {"name": "layers", "type": "integer", "low": 1, "high": 8},
    {"name": "batch", "type": "integer", "low": 16, "high": 256, "step": 16},
    {"name": "activation", "type": "categorical", "choices": ["relu", "tanh", "gelu"]},
]}


def loss(p):
    return ((math.log10(p["lr"]) + 3) ** 2 + (p["layers"] - 5) ** 2 + ((p["batch"] - 64) / 16) ** 2
            + (0 if p["activation"] == "gelu" else 1))


def main():
    fisher = sys.argv[1] if len(sys.argv) > 1 else "fisher"
    with open("space.json", "w") as f:
        json.dump(SPACE, f)
    p = subprocess.Popen([fisher, "ask-tell", "--space", "space.json", "--seed", "1", "--budget", "1500",
                          "--target-value", "1e-8"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        msg = json.loads(line)
        if "done" in msg:
            print(json.dumps(msg["done"]))
            break
        p.stdin.write(json.dumps({"tell": [loss(c) for c in msg["ask"]]}) + "\n")
        p.stdin.flush()


if __name__ == "__main__":
    main()
