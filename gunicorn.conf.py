"""Gunicorn's configuration for the portal, read by `gunicorn` started from the repository root (scripts/serve,
docs/deploy/tdkt.service) or named with `-c`. Every value can be changed from the environment:

- `GUNICORN_BIND` (default 127.0.0.1:8000; scripts/serve passes --bind), `WEB_CONCURRENCY` (worker processes,
  default 2 per core + 1: sync workers, one request each, so a PDF being rendered holds only its own worker),
- `GUNICORN_TIMEOUT` (default 60 s; the long work, issuing a report, a decision's PDF over 300 rows, an import
  over 300 rows, runs in the task worker, not in requests), `GUNICORN_GRACEFUL_TIMEOUT` (default 30 s for
  requests in flight at a restart or stop), `GUNICORN_MAX_REQUESTS` (default 1000, then a worker is replaced,
  bounding memory growth),
- `FORWARDED_ALLOW_IPS` (default 127.0.0.1,::1: the reverse proxies whose X-Forwarded-Proto is believed, which
  makes Django see HTTPS requests as secure), `GUNICORN_CONTROL_SOCKET` (gunicornc's socket; off by default, since
  gunicorn's default path in the home directory would be shared by every instance of the user).

The access log goes to standard output, the error log to standard error (journald or the terminal keeps them);
it logs the path without the query string, which can hold people's names (the search box).
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (a container's, a taskset's)
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "thiduakhenthuong.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"]
worker_class = "sync"
workers = _int("WEB_CONCURRENCY", 2 * _cores() + 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# The portal is loaded once, by the arbiter, and each worker is a fork of it: a worker replaced after
# max_requests costs a fork (milliseconds) instead of loading Django again (0.55 s of CPU each, seconds on a busy
# machine, during which pages stalled behind it: p95 over 1 s under wrk). Loading includes what Django would
# otherwise do on each worker's first requests (thiduakhenthuong/warmup.py: the views, catalogs and templates; a
# new worker's first request took over 1 s under load). Nothing opens a database connection at load time. A
# release restarts the service (README); a HUP reloads the configuration, not the code.
preload_app = True

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
# 127.0.0.1 203.0.113.7 [07/Dec/2026:08:01:02 +0700] "GET /bao-cao/ HTTP/1.0" 200 5120 38ms "Mozilla/5.0 …"
# (the peer, the client as the proxy forwarded it, time, request without its query string, status, bytes, duration)
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

proc_name = "tdkt"
# The heartbeat files in memory rather than on a disk that can stall (gunicorn's advice), where there is one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
