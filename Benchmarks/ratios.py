"""Interleaved runs of Fisher and its Python peers, and the ratios of adjacent runs.

Every Benchmarks/run-*.sh schedules and summarizes its two sides with this module.
On a machine shared with other work, one program's speed drifts by a factor of two
or more from minute to minute, so a ratio of two numbers measured minutes apart
says as much about the load as about the programs. Instead:

  * a round runs each side once, in a fixed order (Fisher next to its peer);
    ROUNDS rounds (the environment variable, default 5) run one after the other:
    Fisher, peer, Fisher, peer, ...;
  * a ratio is taken only between two runs of the same round, which ran next
    to each other and so under nearly the same load;
  * the report gives the median of the per-round ratios and their spread: the
    interquartile range and the smallest and largest ratio.

The module only uses the standard library, so any Python 3.8+ runs it.

    import ratios
    rounds = ratios.rounds_from_env()
    results = ratios.run_interleaved(rounds, [
        ratios.Side("fisher", [binary, "bbob", "10"], parse=ratios.columns),
        ratios.Side("cocoex", [python, "peers/bbob_cocoex.py", "10"], parse=ratios.columns),
    ])
    r = ratios.per_round(results, ("fisher", "1", "10"), ("cocoex", "1", "10"))
    print(ratios.fmt_ratio(r))        # 2.31× (IQR 2.20–2.45×, range 2.02–2.60×, 5 rounds)

`results` holds one dictionary per round, the union of what every side's `parse`
returned for that round, plus `("wall", side name)`: the wall time in seconds
of that side's process.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def rounds_from_env(default=5):
    """The number of rounds: $ROUNDS when set (a positive integer), else `default`."""
    value = os.environ.get("ROUNDS", "")
    if not value:
        return default
    rounds = int(value)
    if rounds < 1:
        raise SystemExit(f"ROUNDS must be a positive integer, got {value!r}")
    return rounds


class Side:
    """One program of the comparison.

    argv: the command, a list of strings, or a function of the round index
      (0-based) returning one (for a seed or a fresh file per round).
    parse: a function of the process's standard output returning a dictionary
      of measurements; its keys must be distinct from the other sides' (the
      `columns` parser keys each line by its first words, which name the program).
    env: variables to set for this side only; a value of None unsets the variable.
    """

    def __init__(self, name, argv, parse, env=None):
        self.name, self.argv, self.parse, self.env = name, argv, parse, env or {}

    def command(self, round_index):
        return list(self.argv(round_index) if callable(self.argv) else self.argv)

    def environment(self):
        env = dict(os.environ)
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = str(value)
        return env


def run_interleaved(rounds, sides, log=sys.stderr):
    """Runs every side once per round, in the order given, for `rounds` rounds.

    Returns one dictionary per round (see the module documentation). A side
    that exits with an error stops the benchmark, with its standard error shown.
    """
    results = []
    for r in range(rounds):
        merged = {}
        times = []
        for side in sides:
            start = time.perf_counter()
            done = subprocess.run(side.command(r), env=side.environment(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            wall = time.perf_counter() - start
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                raise SystemExit(f"{side.name} failed (exit {done.returncode}) in round {r + 1}: "
                                 + " ".join(side.command(r)))
            if done.stderr.strip():
                sys.stderr.write(done.stderr)
            merged.update(side.parse(done.stdout))
            merged[("wall", side.name)] = wall
            times.append(f"{side.name} {wall:.1f} s")
        if log:
            print(f"round {r + 1}/{rounds}: " + ", ".join(times) + f"; load {loadavg()}", file=log, flush=True)
        results.append(merged)
    return results


def columns(text, keys=3, value=None):
    """Parses lines of whitespace-separated words: the first `keys` words (as
    strings) are the key, the word after them (or the word at index `value`) the
    number. Lines starting with # and lines too short are skipped."""
    out = {}
    index = keys if value is None else value
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#") or len(words) <= index:
            continue
        try:
            out[tuple(words[:keys])] = float(words[index])
        except ValueError:
            continue
    return out


def json_lines(name):
    """A parser that keeps every JSON line of the output as a list under `name`."""
    def parse(text):
        return {name: [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]}
    return parse


def per_round(results, numerator, denominator):
    """The ratio results[r][numerator] / results[r][denominator] of every round
    that has both (and a nonzero denominator)."""
    values = []
    for r in results:
        a, b = r.get(numerator), r.get(denominator)
        if a is not None and b:
            values.append(a / b)
    return values


def values(results, key):
    """The measurement `key` of every round that has it."""
    return [r[key] for r in results if r.get(key) is not None]


class Spread:
    """Median, quartiles and range of a list of numbers."""

    def __init__(self, xs):
        xs = sorted(xs)
        self.count = len(xs)
        self.median = statistics.median(xs) if xs else float("nan")
        if len(xs) >= 2:
            self.q1, _, self.q3 = statistics.quantiles(xs, n=4, method="inclusive")
        else:
            self.q1 = self.q3 = self.median
        self.low = xs[0] if xs else float("nan")
        self.high = xs[-1] if xs else float("nan")


def median(xs):
    return Spread(xs).median


def fmt_ratio(ratios, digits=None, unit="×", what="rounds"):
    """'13.4× (IQR 12.9–14.1×, range 12.0–15.2×, 10 rounds)', or '–' without ratios.
    `digits` defaults to 2 below 10 and 1 above."""
    if not ratios:
        return "–"
    s = Spread(ratios)
    d = digits if digits is not None else (2 if s.median < 10 else 1)
    f = lambda x: f"{x:.{d}f}"
    return (f"{f(s.median)}{unit} (IQR {f(s.q1)}–{f(s.q3)}{unit}, range {f(s.low)}–{f(s.high)}{unit}, "
            f"{s.count} {what if s.count != 1 else what.rstrip('s')})")


def fmt_median(xs, fmt=lambda x: f"{x:.3g}"):
    """The median formatted with `fmt`, or '–' for no values."""
    return fmt(Spread(xs).median) if xs else "–"


def interleaving_note(rounds, order):
    """The sentence every report prints about how its numbers were taken."""
    return (f"Interleaved: {rounds} round{'s' if rounds != 1 else ''}, each running {', '.join(order)} one after the other; "
            "each ratio is taken between runs of the same round (adjacent runs) and reported as "
            "the median over rounds, with the interquartile range (IQR) and the range (min–max).")


def loadavg():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine():
    """The CPU model (from lscpu) and the number of online cores."""
    model = "?"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"
