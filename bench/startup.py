"""`python -m bench.startup`: the emulator as `./scripts/serve` starts it (every vendor, the
default dataset), timed from process start to a healthy `/_emulator/health`, a few times."""

from __future__ import annotations

import argparse
import socket
import sys

from bench.__main__ import start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--times", type=int, default=5)
    times = parser.parse_args().times
    seconds = []
    for _ in range(times):
        port = free_port()
        command = [sys.executable, "-m", "emulator", "serve", "--port", str(port)]
        process, elapsed = start(command, f"http://127.0.0.1:{port}/_emulator/health")
        process.terminate()
        process.wait()
        seconds.append(elapsed)
    seconds.sort()
    print(f"start-up to healthy, every vendor, default dataset ({times} runs): "
          f"min {seconds[0]:.2f} s, median {seconds[len(seconds) // 2]:.2f} s, "
          f"max {seconds[-1]:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
