"""pytorch_mppi's SMPPI and KMPPI on gym's Pendulum-v1 swing-up: the peers of
`fisher control pendulum --planner smppi` and `--planner kmppi`.

The model, the cost, the closed loop and the output are those of
pendulum_pytorch_mppi.py (float64, control bounds +-2, N steps from hanging down,
one JSON object per seed). The planner:

  smppi  SMPPI: noise_sigma = sigma**2 is the covariance of the sampled action
         derivative, delta_t and w_action_seq_cost as given, action bounds +-2
         (action_min/action_max); no derivative bounds (pytorch_mppi 0.9.1 clamps the
         sampled derivative into a copy that its samples do not use, so they would
         change nothing). U and the action sequence start at zero.
  kmppi  KMPPI: num_support_pts control points, RBFKernel(sigma=kernel_sigma),
         u_min/u_max = +-2 (bounding both the control points and the interpolated
         actions), U_init = zeros so that U starts as the interpolation of the zero
         control points (as Fisher's KernelMPPI).

    python3 pendulum_pytorch_smppi.py --planner smppi --samples 1000 --horizon 15 \
        --steps 200 --lambda 1 --sigma 1 --delta-t 1 --smoothness 1 --seeds 0 1 2
"""
import argparse
import math
import os
import sys

import torch
from pytorch_mppi import KMPPI, SMPPI
from pytorch_mppi.mppi import RBFKernel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pendulum_pytorch_mppi import (  # noqa: E402
    MAX_TORQUE, add_common_arguments, closed_loop, dynamics, print_runs, running_cost)


def make(args):
    sigma2 = torch.tensor(args.sigma ** 2, dtype=torch.double)
    bound = torch.tensor(MAX_TORQUE, dtype=torch.double)
    common = dict(num_samples=args.samples, horizon=args.horizon, lambda_=args.lambda_, device="cpu")
    if args.planner == "smppi":
        return SMPPI(dynamics, running_cost, 2, sigma2, action_min=-bound, action_max=bound,
                     w_action_seq_cost=args.smoothness, delta_t=args.delta_t, **common)
    return KMPPI(dynamics, running_cost, 2, sigma2, u_min=-bound, u_max=bound,
                 U_init=torch.zeros(args.horizon, 1, dtype=torch.double),
                 num_support_pts=args.support_points, kernel=RBFKernel(sigma=args.kernel_sigma), **common)


def run(seed, args):
    torch.manual_seed(seed)
    result, controls = closed_loop(make(args), args.steps)
    variation = sum(abs(b - a) for a, b in zip(controls, controls[1:]))
    return {"peer": "pytorch_mppi", "planner": args.planner, "seed": seed, **result, "control_variation": variation}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--planner", choices=["smppi", "kmppi"], required=True)
    add_common_arguments(p)
    p.add_argument("--delta-t", dest="delta_t", type=float, default=1.0)
    p.add_argument("--smoothness", type=float, default=1.0, help="SMPPI's w_action_seq_cost")
    p.add_argument("--support-points", dest="support_points", type=int, default=None,
                   help="KMPPI's num_support_pts (default horizon // 2)")
    p.add_argument("--kernel-sigma", dest="kernel_sigma", type=float, default=1.0)
    args = p.parse_args()
    if args.support_points is None:
        args.support_points = args.horizon // 2
    print_runs(run, args)


if __name__ == "__main__":
    main()
