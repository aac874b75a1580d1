"""Run a command and print, as the last line on stderr, its wall time and the peak RSS of the largest
process it started (itself or any descendant), for bench/bench.ts:

    /usr/bin/python3 bench/peak_rss.py COMMAND [ARG ...]

{"seconds": ..., "maxRssMB": ..., "status": ...}. The command's own output passes through.
"""
import json
import resource
import subprocess
import sys
import time

started = time.perf_counter()
status = subprocess.call(sys.argv[1:])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sys.stderr.write("\n" + json.dumps({"seconds": seconds, "maxRssMB": peak, "status": status}) + "\n")
sys.exit(status)
