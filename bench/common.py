"""Shared pieces of the benchmarks: servers, the load generator, request plans, statistics.

Every server is started in its own process group and stopped in a ``finally`` block;
every load loop stops by itself after a fixed time and a fixed number of requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"

#: the same uvicorn options for every server under test: one worker, no access log
UVICORN_OPTIONS = (
    "--host",
    HOST,
    "--workers",
    "1",
    "--log-level",
    "warning",
    "--no-access-log",
    "--no-proxy-headers",
    "--no-server-header",
)

#: a load run never sends more than this many requests, whatever its duration
MAX_REQUESTS_PER_RUN = 2_000_000


def log(message: str) -> None:
    print(message, flush=True)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process (VmRSS from /proc), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scratch_dir() -> Path:
    """A temporary folder for this run's files (bodies, logs, synthetic trees)."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = Path(tempfile.mkdtemp(prefix="pdcontent-bench-"))
    return _SCRATCH


_SCRATCH: Path | None = None


def remove_scratch() -> None:
    global _SCRATCH
    if _SCRATCH is not None:
        shutil.rmtree(_SCRATCH, ignore_errors=True)
        _SCRATCH = None


# --------------------------------------------------------------------------- servers

_LIVE: list[Server] = []


class Server:
    """One uvicorn process under test, in its own process group."""

    def __init__(
        self, name: str, args: Sequence[str], port: int, env: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.port = port
        self.args = list(args)
        self.env = {**os.environ, **(env or {})}
        self.log_path = scratch_dir() / f"server-{name}-{port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/graphql"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, stdout_devnull: bool = False, timeout: float = 60.0) -> Server:
        with self.log_path.open("wb") as log_file:
            self.proc = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL if stdout_devnull else log_file,
                stderr=log_file,
                start_new_session=True,  # its own process group, killed as one
            )
        _LIVE.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 0.2):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on {self.port} in {timeout} s")

    def rss_kib(self) -> int:
        return rss_kib(self.pid)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        self.proc = None
        if self in _LIVE:
            _LIVE.remove(self)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def stop_all_servers() -> None:
    for server in list(_LIVE):
        server.stop()


def uvicorn_server(
    name: str, app: str, *, factory: bool = False, env: dict[str, str] | None = None
) -> Server:
    port = free_port()
    args = [PYTHON, "-m", "uvicorn", app, "--port", str(port), *UVICORN_OPTIONS]
    if factory:
        args.append("--factory")
    return Server(name, args, port, env)


# --------------------------------------------------------------------------- request plans


@dataclass(frozen=True, slots=True)
class Template:
    """One kind of request. With ``parts``, the body is made per request::

    parts[0] + ids[n % len(ids)] + parts[1] + "<run>_<thread>_<n>" + parts[2]

    so every request carries a value never sent before (a cache miss by construction;
    letters, digits and underscores only, so it may be part of a GraphQL alias):
    each load run has its own ``run`` token, each wrk thread its number, each request
    its counter.
    """

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    parts: tuple[str, str, str] | None = None
    ids: tuple[str, ...] = ()

    def body_for(self, thread: int, n: int, run: str = "x") -> str | None:
        if self.parts is None:
            return self.body
        ident = self.ids[n % len(self.ids)]
        return f"{self.parts[0]}{ident}{self.parts[1]}{run}_{thread}_{n}{self.parts[2]}"


@dataclass(frozen=True, slots=True)
class Plan:
    """Requests sent in rotation: ``sequence`` holds indexes into ``templates``."""

    name: str
    templates: tuple[Template, ...]
    sequence: tuple[int, ...] = (0,)

    def request(self, thread: int, n: int) -> Template:
        return self.templates[self.sequence[n % len(self.sequence)]]


def _lua_string(text: str) -> str:
    out = []
    for byte in text.encode("utf-8"):
        if 32 <= byte < 127 and byte not in (34, 92):
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(plan: Plan, run: str) -> str:
    """A wrk script sending ``plan``; its ``done`` prints one JSON line of results."""
    rows = []
    for t in plan.templates:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in t.headers)
        fields = [
            f"method = {_lua_string(t.method)}",
            f"path = {_lua_string(t.path)}",
            f"headers = {{{headers}}}",
        ]
        if t.parts is not None:
            fields.append("parts = {" + ", ".join(_lua_string(p) for p in t.parts) + "}")
            fields.append("ids = {" + ", ".join(_lua_string(i) for i in t.ids) + "}")
        elif t.body is not None:
            fields.append(f"body = {_lua_string(t.body)}")
        rows.append("  {" + ", ".join(fields) + "},")
    sequence = ", ".join(str(i + 1) for i in plan.sequence)
    return f"""-- generated by bench/common.py for the plan {plan.name!r}; do not edit
local templates = {{
{chr(10).join(rows)}
}}
local sequence = {{{sequence}}}
local max_requests = {MAX_REQUESTS_PER_RUN}
local run_token = {_lua_string(run)}
local thread_count = 0
local counter = 0
local static = {{}}

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

function init(args)
  for i, t in ipairs(templates) do
    if t.parts == nil then
      static[i] = wrk.format(t.method, t.path, t.headers, t.body)
    end
  end
end

function request()
  local i = sequence[(counter % #sequence) + 1]
  local t = templates[i]
  local n = counter
  counter = counter + 1
  if t.parts ~= nil then
    local id = t.ids[(n % #t.ids) + 1]
    local nonce = run_token .. "_" .. tid .. "_" .. n
    local body = t.parts[1] .. id .. t.parts[2] .. nonce .. t.parts[3]
    return wrk.format(t.method, t.path, t.headers, body)
  end
  return static[i]
end

function response(status, headers, body)
  if counter >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {{"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "max_us": %d}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""


# --------------------------------------------------------------------------- load generator


@dataclass(slots=True)
class LoadResult:
    """What one load run measured; latencies in milliseconds."""

    tool: str
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)
    latency_text: str = ""
    #: CPU time the server used during the run, per request (0 when not measured)
    server_cpu_us: float = 0.0

    @property
    def error_total(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("latency_text")
        return out


class LoadGenerator:
    """wrk when it is there (installed with apt-get if need be), else a bounded httpx client."""

    def __init__(self) -> None:
        self.tool, self.how = self._choose()
        self.runs = 0

    def _token(self) -> str:
        self.runs += 1
        return f"r{os.getpid()}_{self.runs}"

    @staticmethod
    def _choose() -> tuple[str, str]:
        if os.environ.get("BENCH_CLIENT") == "httpx":
            return "httpx", "BENCH_CLIENT=httpx asked for the fallback client"
        wrk = shutil.which("wrk")
        if wrk:
            return wrk, "wrk was already installed"
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            return "httpx", "wrk missing and apt-get unusable (not root or no apt-get)"
        log("wrk is missing: apt-get update && apt-get install -y wrk")
        try:
            for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
                subprocess.run(
                    cmd,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    timeout=300,
                    env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                )
        except (subprocess.SubprocessError, OSError) as exc:
            return "httpx", f"apt-get install wrk failed ({type(exc).__name__})"
        wrk = shutil.which("wrk")
        if wrk:
            return wrk, "wrk installed now with apt-get"
        return "httpx", "apt-get ran but no wrk on PATH"

    @property
    def name(self) -> str:
        return "wrk" if self.tool != "httpx" else "httpx (asyncio fallback)"

    def describe(self) -> str:
        if self.tool == "httpx":
            return f"httpx asyncio fallback client: {self.how}"
        version = subprocess.run(
            [self.tool, "-v"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.splitlines()
        first = version[0] if version else "wrk"
        return f"{first.split(' Copyright')[0]} ({self.how})"

    def run(
        self,
        url: str,
        plan: Plan,
        seconds: float,
        connections: int,
        threads: int = 2,
        latency: bool = False,
        script_path: Path | None = None,
    ) -> LoadResult:
        run = self._token()
        if self.tool == "httpx":
            return asyncio.run(_httpx_run(url, plan, seconds, connections, run))
        script = script_path or scratch_dir() / f"{plan.name}.lua"
        script.write_text(lua_script(plan, run), encoding="utf-8")
        base = url.split("/graphql")[0]
        cmd = [
            self.tool,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
        ]
        if latency:
            cmd.append("--latency")
        cmd.append(base)
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
        data = json.loads(line.removeprefix("BENCHJSON "))
        duration = data["duration_us"] / 1e6
        text = ""
        if latency:
            lines = done.stdout.splitlines()
            start = next((i for i, x in enumerate(lines) if "Latency Distribution" in x), None)
            if start is not None:
                text = "\n".join(lines[start : start + 5])
        return LoadResult(
            tool="wrk",
            requests=data["requests"],
            duration_s=duration,
            rps=data["requests"] / duration if duration else 0.0,
            p50_ms=data["p50_us"] / 1000,
            p90_ms=data["p90_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            mean_ms=data["mean_us"] / 1000,
            max_ms=data["max_us"] / 1000,
            errors={k: data[k] for k in ("connect", "read", "write", "status", "timeout")},
            latency_text=text,
        )


async def _httpx_run(
    url: str, plan: Plan, seconds: float, connections: int, run: str
) -> LoadResult:
    """The fallback: ``connections`` tasks in a loop, until the time or the count runs out."""
    base = url.split("/graphql")[0]
    latencies: list[float] = []
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    sent = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    start = time.perf_counter()
    deadline = start + seconds

    async def worker(client: httpx.AsyncClient, thread: int) -> None:
        nonlocal sent
        n = 0
        while time.perf_counter() < deadline and sent < MAX_REQUESTS_PER_RUN:
            t = plan.request(thread, n)
            body = t.body_for(thread, n, run)
            n += 1
            sent += 1
            began = time.perf_counter()
            try:
                response = await client.request(
                    t.method,
                    base + t.path,
                    headers=dict(t.headers),
                    content=body.encode() if body is not None else None,
                )
            except httpx.TimeoutException:
                errors["timeout"] += 1
                continue
            except httpx.ConnectError:
                errors["connect"] += 1
                continue
            except httpx.HTTPError:
                errors["read"] += 1
                continue
            latencies.append(time.perf_counter() - began)
            if not 200 <= response.status_code < 400:
                errors["status"] += 1

    async with httpx.AsyncClient(limits=limits, timeout=5.0) as client:
        await asyncio.gather(*(worker(client, i + 1) for i in range(connections)))
    duration = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    count = len(latencies) + errors["connect"] + errors["read"] + errors["timeout"]
    return LoadResult(
        tool="httpx",
        requests=count,
        duration_s=duration,
        rps=count / duration if duration else 0.0,
        p50_ms=pct(50),
        p90_ms=pct(90),
        p99_ms=pct(99),
        mean_ms=statistics.fmean(latencies) * 1000 if latencies else 0.0,
        max_ms=latencies[-1] * 1000 if latencies else 0.0,
        errors=errors,
    )


# --------------------------------------------------------------------------- checks


def send(url: str, template: Template, thread: int = 99, n: int = 0) -> httpx.Response:
    """Send one request of a template (for checks and for fetching the reference bodies)."""
    base = url.split("/graphql")[0]
    body = template.body_for(thread, n)
    return httpx.request(
        template.method,
        base + template.path,
        headers=dict(template.headers),
        content=body.encode() if body is not None else None,
        timeout=30.0,
    )


def check_ok(url: str, template: Template, thread: int = 99, n: int = 0) -> dict[str, Any]:
    """One request must give 200 and a GraphQL result with data and no errors."""
    response = send(url, template, thread, n)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: status {response.status_code}: {response.text[:300]}")
    payload = response.json()
    if payload.get("errors") or payload.get("data") is None:
        raise RuntimeError(f"{url}: GraphQL errors: {response.text[:300]}")
    return dict(payload)


@contextlib.contextmanager
def servers(*items: Server) -> Iterator[tuple[Server, ...]]:
    """Start servers and stop every one of them, whatever happens."""
    try:
        for item in items:
            item.start()
        yield items
    finally:
        for item in items:
            item.stop()
