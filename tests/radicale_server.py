"""A real CalDAV server for tests: Radicale in its own process (it is GPL-3, so nothing in
Scout imports it), on a free port, with a throwaway storage folder."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

USER = "recruiter"
PASSWORD = "not-checked"  # auth type none: any password, the name decides whose calendars


@dataclass(frozen=True)
class CalDAVServer:
    base: str
    calendar_url: str
    username: str = USER
    password: str = PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def radicale(folder: Path) -> Iterator[CalDAVServer]:
    port = _free_port()
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    log = (folder / "radicale.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"radicale did not start: {(folder / 'radicale.log').read_text()}"
                    ) from None
                time.sleep(0.1)
        from caldav.davclient import DAVClient

        client = DAVClient(url=base, username=USER, password=PASSWORD)
        calendar = client.principal().make_calendar(name="Screens", cal_id="screens")
        yield CalDAVServer(base=base, calendar_url=str(calendar.url))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
