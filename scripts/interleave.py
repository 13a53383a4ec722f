#!/usr/bin/env python3
"""interleave.py — time commands in alternation and write their medians.

    scripts/interleave.py [--warmup N] ROUNDS OUT.json COMMAND...

Runs each COMMAND once per round, all of them in turn, ROUNDS times (after
N warm-up rounds, default 3), and writes OUT.json in hyperfine's shape
({"results": [{"command", "median", "user", "system", "times"}]}: seconds,
medians over the rounds).

Why not hyperfine: it runs all the runs of one command, then all of the
next. On a shared or virtual machine the load drifts between those windows,
so a ratio of two commands moves by ±20% from run to run (the link dump
against its floor measured 1.08x, 1.69x, 1.25x and 1.50x in four runs a
minute apart). Alternating puts both commands in the same minutes.

A command is a shell-free argument list split like a shell would
(shlex); its stdout and stderr are discarded; a command that fails stops
the run with its status.
"""
import json
import os
import shlex
import statistics
import sys
import time


def main(argv):
    warmup = 3
    if len(argv) > 1 and argv[0] == "--warmup":
        warmup, argv = int(argv[1]), argv[2:]
    if len(argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    rounds, out, commands = int(argv[0]), argv[1], argv[2:]
    argvs = [shlex.split(c) for c in commands]
    devnull = os.open(os.devnull, os.O_WRONLY)
    quiet = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    samples = [[] for _ in commands]
    for r in range(warmup + rounds):
        for i, args in enumerate(argvs):
            start = time.perf_counter()
            pid = os.posix_spawnp(args[0], args, os.environ, file_actions=quiet)
            _, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - start
            if status != 0:
                sys.exit(f"interleave.py: {commands[i]!r} failed (wait status {status})")
            if r >= warmup:
                samples[i].append((wall, usage.ru_utime, usage.ru_stime))
    results = []
    for command, s in zip(commands, samples):
        results.append({
            "command": command,
            "median": statistics.median(x[0] for x in s),
            "user": statistics.median(x[1] for x in s),
            "system": statistics.median(x[2] for x in s),
            "times": [x[0] for x in s],
        })
    with open(out, "w") as f:
        json.dump({"results": results}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
