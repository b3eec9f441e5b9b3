"""pytorch_mppi on gym's Pendulum-v1 swing-up: the peer of `fisher control pendulum`.

Same model and cost as Fisher's Pendulum/PendulumCost (float64), same K, T, lambda,
noise (pytorch_mppi's noise_sigma is the covariance: sigma**2), control bounds +-2,
N closed-loop steps from hanging down (pi, 0). The running cost of each visited state
and applied control (gym's convention) is summed into total_cost; ms_per_step is the
mean wall time of one MPPI.command call. Prints one JSON object per seed.

    python3 pendulum_pytorch_mppi.py --samples 1000 --horizon 15 --steps 200 \
        --lambda 1 --sigma 3.1623 --threads 2 --seeds 0 1 2
"""
import argparse
import json
import math
import time

import torch
from pytorch_mppi import MPPI

G, M, L, DT, MAX_SPEED, MAX_TORQUE = 10.0, 1.0, 1.0, 0.05, 8.0, 2.0


def dynamics(state, action):
    th = state[:, 0:1]
    thdot = state[:, 1:2]
    u = torch.clamp(action, -MAX_TORQUE, MAX_TORQUE)
    newthdot = thdot + (3 * G / (2 * L) * torch.sin(th) + 3.0 / (M * L ** 2) * u) * DT
    newthdot = torch.clamp(newthdot, -MAX_SPEED, MAX_SPEED)
    newth = th + newthdot * DT
    return torch.cat((newth, newthdot), dim=1)


def angle_normalize(x):
    return ((x + math.pi) % (2 * math.pi)) - math.pi


def running_cost(state, action):
    theta = state[:, 0]
    theta_dt = state[:, 1]
    u = action[:, 0]
    return angle_normalize(theta) ** 2 + 0.1 * theta_dt ** 2 + 0.001 * u ** 2


def closed_loop(ctrl, steps):
    """Runs `ctrl` (any pytorch_mppi planner) for `steps` steps from hanging down; returns the
    total cost, the mean ms per command, the final angle, the upright steps and the controls applied."""
    state = torch.tensor([math.pi, 0.0], dtype=torch.double)
    total, times, upright, controls = 0.0, [], 0, []
    for _ in range(steps):
        t0 = time.perf_counter()
        u = ctrl.command(state)
        times.append(time.perf_counter() - t0)
        u = torch.clamp(u.reshape(1, 1), -MAX_TORQUE, MAX_TORQUE)
        controls.append(float(u[0, 0]))
        s = state.reshape(1, 2)
        total += float(running_cost(s, u)[0])
        state = dynamics(s, u)[0]
        if abs(angle_normalize(float(state[0]))) < 0.1:
            upright += 1
    return {"total_cost": total, "ms_per_step": 1000 * sum(times) / len(times),
            "final_angle": angle_normalize(float(state[0])), "upright_steps": upright}, controls


def run(seed, args):
    torch.manual_seed(seed)
    sigma2 = torch.tensor(args.sigma ** 2, dtype=torch.double)
    ctrl = MPPI(dynamics, running_cost, 2, sigma2, num_samples=args.samples, horizon=args.horizon,
                lambda_=args.lambda_, u_min=torch.tensor(-MAX_TORQUE, dtype=torch.double),
                u_max=torch.tensor(MAX_TORQUE, dtype=torch.double), device="cpu")
    result, _ = closed_loop(ctrl, args.steps)
    return {"peer": "pytorch_mppi", "seed": seed, **result}


def add_common_arguments(p):
    """K, T, N, lambda, sigma, threads and seeds, with the defaults of the pendulum comparison."""
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--horizon", type=int, default=15)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--lambda", dest="lambda_", type=float, default=1.0)
    p.add_argument("--sigma", type=float, default=math.sqrt(10))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])


def print_runs(run, args):
    """Sets torch's threads and float64, then prints run(seed, args) as one JSON line per seed."""
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.double)
    for seed in args.seeds:
        print(json.dumps(run(seed, args)), flush=True)


def main():
    p = argparse.ArgumentParser()
    add_common_arguments(p)
    print_runs(run, p.parse_args())


if __name__ == "__main__":
    main()
