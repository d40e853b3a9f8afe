"""Run one command and write its wall time and peak memory to a JSON file.

    python bench/measure.py RESULT.json COMMAND [ARGS...]

bench/run.py starts each `kb` process through this small one because a child's peak RSS
(ru_maxrss) also counts the memory of the process that forked it, up to its exec: taken
straight from the benchmark process, `kb search` would seem as large as the benchmark.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    result, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own resource usage
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as fh:
        json.dump({"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "status": code,
                   # CPU time of the process (user + system): less sensitive than wall time to
                   # other work on a shared machine.
                   "cpu_seconds": usage.ru_utime + usage.ru_stime}, fh)
    return code


if __name__ == "__main__":
    sys.exit(main())
