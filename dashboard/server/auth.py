"""Optional access control: HTTP Basic against a file of user:password-hash lines; off unless a file is named.

Turned on by `DASHBOARD_AUTH_FILE` (or `--auth-file`). The file holds one `user:hash` a line, the hash from
werkzeug.security (scrypt), written by `python -m dashboard.server.auth USER`; `#` starts a comment. Every route asks
for a user and password except /healthz, which load balancers probe. The file is read at start (restart to
apply a change); a file that cannot be used stops the start with file:line:column and what was expected.
Basic auth sends the password with every request: use it behind HTTPS (a reverse proxy) on a shared network.

We chose this over dash-auth: the file keeps only hashes (dash-auth's BasicAuth takes plain passwords unless
given a function like this one), it needs no package beyond Flask's own werkzeug, and it is a few lines to read.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from pathlib import Path

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.core.problems import Problem

PUBLIC_PATHS = ("/healthz",)
REALM = "Dashboard"
HASH_METHODS = ("scrypt:", "pbkdf2:")
# A hash check is slow on purpose; a page makes dozens of requests, so each worker remembers the
# credentials it has already verified (as a digest, never the password), up to this many.
VERIFIED_CACHE = 256


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
        elif not password_hash.startswith(HASH_METHODS) or "$" not in password_hash:
            problems.append(Problem(name, number, len(user) + 2, f"the password of {user!r} is not a hash "
                                                                 "(expected one written by python -m dashboard.server.auth)"))
        elif user in users:
            problems.append(Problem(name, number, 1, f"user {user!r} is listed twice (expected each user once)"))
        else:
            users[user] = password_hash
    if not problems and not users:
        problems.append(Problem(name, 1, 1, "no users (expected at least one user:password-hash line)"))
    if problems:
        raise AuthFileError(problems)
    return users


class BasicAuth:
    def __init__(self, users: dict[str, str]):
        self.users = users
        self._verified: set[bytes] = set()
        # Checked for an unknown user, so that a wrong name costs as much time as a wrong password.
        self._dummy_hash = generate_password_hash("not a password")

    def allows(self, user: str | None, password: str | None) -> bool:
        if not user or password is None:
            return False
        key = hashlib.sha256(f"{user}\0{password}".encode("utf-8", "surrogatepass")).digest()
        if key in self._verified:
            return True
        known = user in self.users
        ok = check_password_hash(self.users.get(user, self._dummy_hash), password) and known
        if ok:
            if len(self._verified) >= VERIFIED_CACHE:
                self._verified.clear()
            self._verified.add(key)
        return ok

    def check(self):
        """before_request: None lets the request through; otherwise the 401 answer."""
        request = flask.request
        if request.path in PUBLIC_PATHS:
            return None
        credentials = request.authorization
        if credentials is not None and credentials.type == "basic" and \
                self.allows(credentials.username, credentials.password):
            return None
        response = flask.Response("Sign-in required. / Connexion requise.\n", 401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
        response.headers["Cache-Control"] = "no-store"
        return response


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
