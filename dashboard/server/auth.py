"""Optional access control: HTTP Basic against a file of user:password-hash lines; off unless a file is named.

Turned on by `DASHBOARD_AUTH_FILE` (or `--auth-file`). The file holds one `user:hash` a line, the hash from
werkzeug.security (scrypt, the only scheme accepted), written by `python -m dashboard.server.auth USER`; `#` starts a comment. Every route asks
for a user and password except /healthz, which load balancers probe (and which tells a signed-in user more:
signed_in). The file is read at start (restart to apply a change); a file that cannot be used stops the start with
file:line:column and what was expected.
Basic auth sends the password with every request: use it behind HTTPS (a reverse proxy) on a shared network.
Failed sign-ins are limited per client address and per user name (FailureLimiter): once over, the answer is 429
with no hash computed; a user already signed in (a credential verified before) is never limited.

We chose this over dash-auth: the file keeps only hashes (dash-auth's BasicAuth takes plain passwords unless
given a function like this one), it needs no package beyond Flask's own werkzeug, and it is a few lines to read.
"""

from __future__ import annotations

import getpass
import hmac
import logging
import math
import mmap
import os
import re
import sys
import threading
import time
from collections import Counter, OrderedDict
from pathlib import Path

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.core import i18n
from dashboard.core.problems import Problem
from dashboard.server import guard

logger = logging.getLogger("dashboard.auth")

PUBLIC_PATHS = ("/healthz",)
REALM = i18n.both_languages("auth_realm")  # the browser shows it in its sign-in box
# The one scheme the README documents (what `python -m dashboard.server.auth` writes): werkzeug's
# scrypt:N:r:p$salt$hash with a 64-byte hash in hex. Only that, so that every user name costs the same time.
SCRYPT_HASH = re.compile(r"scrypt:(\d+):(\d+):(\d+)\$[^$]+\$[0-9a-f]{128}")
# A hash check is slow on purpose; a page makes dozens of requests, so each worker remembers the
# credentials it has already verified (as a keyed digest, never the password), up to this many, and tells the
# other workers of the same start through a small shared table.
VERIFIED_CACHE = 256
SHARED_SLOTS = 1024
# Failed sign-ins: each client address and each user name may fail FAILURE_BURST times at once, then once every
# FAILURE_SECONDS; past that, 429 without checking the password (no hash computed). Per worker.
FAILURE_BURST = 10
FAILURE_SECONDS = 30.0
FAILURE_KEYS = 4096  # addresses and names remembered per worker, least recently failed forgotten first


class AuthFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_users(path: Path | str) -> dict[str, str]:
    """user -> password hash; AuthFileError with file:line:column for each line that cannot be used."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuthFileError([Problem(name, 0, 0, "file is missing (expected user:password-hash lines; "
                                                 "python -m dashboard.server.auth USER writes one)")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise AuthFileError([Problem(name, 1, 1, f"cannot be read: {err.__class__.__name__} "
                                                 "(expected a UTF-8 text file)")]) from None
    users: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        user, colon, password_hash = stripped.partition(":")
        if not colon or not user or any(ch.isspace() for ch in user):
            problems.append(Problem(name, number, 1, "not a user:password-hash line (expected a user name "
                                                     "without spaces, a colon, then the hash)"))
        elif not SCRYPT_HASH.fullmatch(password_hash):
            what = "is not a hash" if "$" not in password_hash else "is not an scrypt hash in werkzeug's form"
            problems.append(Problem(name, number, len(user) + 2, f"the password of {user!r} {what} (expected "
                                    "scrypt:N:r:p$salt$hash, as python -m dashboard.server.auth writes)"))
        elif user in users:
            problems.append(Problem(name, number, 1, f"user {user!r} is listed twice (expected each user once)"))
        else:
            users[user] = password_hash
    if not problems and not users:
        problems.append(Problem(name, 1, 1, "no users (expected at least one user:password-hash line)"))
    if problems:
        raise AuthFileError(problems)
    return users


class FailureLimiter:
    """Failed sign-ins per key (a client address, a user name): a leaky bucket each, bounded in keys.

    Our own few lines rather than Flask-Limiter: what is counted is failures only, the check must sit between the
    verified-credential lookup and the hash (so a signed-in user never meets it), a slot is taken before the hash
    and given back on success (so concurrent guesses cannot all slip through), and the memory is bounded."""

    def __init__(self, burst: int = FAILURE_BURST, seconds: float = FAILURE_SECONDS, max_keys: int = FAILURE_KEYS,
                 clock=time.monotonic):
        self.burst, self.seconds, self.max_keys, self.clock = burst, seconds, max_keys, clock
        self._levels: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (failures, at)
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        level, at = self._levels.get(key, (0.0, now))
        return max(0.0, level - (now - at) / self.seconds)

    def reserve(self, keys: tuple[str, ...]) -> float:
        """0 and one failure counted against each key (given back by refund), or the seconds to wait."""
        with self._lock:
            now = self.clock()
            levels = [self._level(key, now) for key in keys]
            wait = max((level + 1 - self.burst) * self.seconds for level in levels)
            if wait > 0:
                return wait
            for key, level in zip(keys, levels):
                self._levels[key] = (level + 1, now)
                self._levels.move_to_end(key)
            while len(self._levels) > self.max_keys:
                self._levels.popitem(last=False)
            return 0.0

    def refund(self, keys: tuple[str, ...]) -> None:
        with self._lock:
            now = self.clock()
            for key in keys:
                if key in self._levels:
                    self._levels[key] = (max(0.0, self._level(key, now) - 1), now)


class SharedDigests:
    """Verified-credential digests shared by the workers forked from one master: an anonymous shared memory table
    made before the fork, never on disk. No lock (a worker killed holding one would block the others for good):
    two workers writing at once may both take one slot, and a torn read matches nothing; either is only a miss,
    which costs one more hash check."""

    def __init__(self, slots: int = SHARED_SLOTS):
        self.slots = slots
        self._memory = mmap.mmap(-1, 8 + 32 * slots)  # MAP_SHARED: the forked workers see the same pages

    def __contains__(self, digest: bytes) -> bool:
        end = 8 + 32 * min(int.from_bytes(self._memory[:8], "little"), self.slots)  # the slots written so far
        position = self._memory.find(digest, 8, end)
        while position >= 0:
            if (position - 8) % 32 == 0:
                return True
            position = self._memory.find(digest, position + 1, end)
        return False

    def add(self, digest: bytes) -> None:
        count = int.from_bytes(self._memory[:8], "little")
        slot = 8 + 32 * (count % self.slots)
        self._memory[slot:slot + 32] = digest
        self._memory[:8] = (count + 1).to_bytes(8, "little")


class Limited(Exception):
    def __init__(self, seconds: float):
        self.seconds = seconds


class BasicAuth:
    def __init__(self, users: dict[str, str], limiter: FailureLimiter | None = None):
        self.users = users
        self.limiter = limiter or FailureLimiter()
        self.shared = SharedDigests()
        self._key = os.urandom(32)  # keys the digests; made before the fork, so all workers share it
        self._verified: set[bytes] = set()
        # Checked for an unknown user with the users' own scrypt parameters, so that a wrong name costs as much time
        # as a wrong password.
        methods = Counter(password_hash.partition("$")[0] for password_hash in users.values())
        self._dummy_hash = generate_password_hash(os.urandom(16).hex(),
                                                  method=methods.most_common(1)[0][0] if methods else "scrypt")

    def allows(self, user: str | None, password: str | None, client: str = "") -> bool:
        """True for a user and password of the file; Limited when this client or name failed too often."""
        if not user or password is None:
            return False
        digest = hmac.new(self._key, f"{user}\0{password}".encode("utf-8", "surrogatepass"), "sha256").digest()
        if digest in self._verified:
            return True
        if digest in self.shared:  # verified by another worker: signed in already
            self._remember(digest, share=False)
            return True
        keys = (f"client:{client}", f"user:{user}")
        wait = self.limiter.reserve(keys)
        if wait > 0:
            raise Limited(wait)
        known = user in self.users
        ok = check_password_hash(self.users.get(user, self._dummy_hash), password) and known
        if ok:
            self.limiter.refund(keys)
            self._remember(digest, share=True)
        return ok

    def _remember(self, digest: bytes, share: bool) -> None:
        if len(self._verified) >= VERIFIED_CACHE:
            self._verified.clear()
        self._verified.add(digest)
        if share:
            self.shared.add(digest)

    def signed_in(self) -> bool:
        """Whether the request carries a user and password of the file; never an answer of its own (for a route open
        to all that tells a signed-in user more). A wrong password counts against the limits as on any route."""
        request = flask.request
        try:
            credentials = request.authorization
        except ValueError:
            return False
        if credentials is None or credentials.type != "basic":
            return False
        try:
            return self.allows(credentials.username, credentials.password, request.remote_addr or "")
        except Limited:
            return False

    def check(self):
        """before_request: None lets the request through; otherwise the 401 (or 429) answer."""
        request = flask.request
        if request.path in PUBLIC_PATHS:
            return None
        try:
            credentials = request.authorization
        except ValueError:  # not ASCII, or not base64: werkzeug cannot parse it; as no credentials
            credentials = None
        try:
            if credentials is not None and credentials.type == "basic" and \
                    self.allows(credentials.username, credentials.password, request.remote_addr or ""):
                return None
        except Limited as limited:
            seconds = max(1, math.ceil(limited.seconds))
            logger.info("sign-in refused without a check: too many failures from %s or for this user name",
                        request.remote_addr)
            response = guard.plain_text(429, "auth_too_many", seconds=seconds)
            response.headers["Retry-After"] = str(seconds)
            return response
        response = guard.plain_text(401, "auth_required")
        response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
        return response


def signed_in(server) -> bool:
    """Whether the request is from a signed-in user: never when sign-in is off (nobody is)."""
    checker = getattr(server, "auth", None)
    return checker is not None and checker.signed_in()


def install(app, settings) -> BasicAuth | None:
    """Registers the check first among the app's own, so nothing runs for a request that is not signed in."""
    if not settings.auth_file:
        return None
    try:
        users = read_users(settings.auth_file)
    except AuthFileError as err:
        print("The dashboard cannot start: the users file (DASHBOARD_AUTH_FILE) cannot be used:", file=sys.stderr)
        print(str(err), file=sys.stderr)
        raise SystemExit(3) from None  # gunicorn's "worker failed to boot": it stops instead of retrying
    auth = BasicAuth(users)
    app.server.before_request(auth.check)
    app.server.auth = auth
    return auth


def main(argv: list[str] | None = None) -> int:
    """`python -m dashboard.server.auth USER`: prints USER:hash for the users file (the password is asked, never echoed)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith("-") or ":" in argv[0] or any(ch.isspace() for ch in argv[0]):
        print("usage: python -m dashboard.server.auth USER >> users.txt   (USER without spaces or colons; the password "
              "is asked, or read from standard input)", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {argv[0]}: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 8:
        print("Password too short (expected at least 8 characters).", file=sys.stderr)
        return 1
    print(f"{argv[0]}:{generate_password_hash(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
