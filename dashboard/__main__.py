"""`python -m dashboard` serves the dashboard; `python -m dashboard check` validates the data."""

from __future__ import annotations

import argparse
import sys

from dashboard.core import load
from dashboard import settings as options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Map dashboard of Canada's international migration capacity building and engagement (IRCC).",
        epilog="Every option can also be set by the environment variable named in its help.")
    parser.add_argument("command", nargs="?", choices=["serve", "check"], default="serve",
                        help="serve (default): run the dashboard; check: validate the data and exit")
    for name, field in options.Settings.model_fields.items():
        kind = options.value_type(name)
        if kind is bool:
            parser.add_argument(options.flag(name), action="store_true", default=None,
                                help=f"{field.description} [{options.env_name(name)}]")
        else:
            default = "" if field.default in (None, "") else f", default {field.default}"
            parser.add_argument(options.flag(name), type=kind, default=None,
                                help=f"{field.description} [{options.env_name(name)}{default}]")
    return parser


def check(data_dir: str) -> int:
    problems, dataset = load.check(data_dir)
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    if dataset is None:
        errors = sum(p.severity == "error" for p in problems)
        print(f"{data_dir}: {errors} error(s); the dashboard will not start on this data.", file=sys.stderr)
        return 1
    print(f"{data_dir}: OK: {len(dataset.engagements)} engagements, {len(dataset.countries)} countries, "
          f"{len(dataset.sources)} sources, version {dataset.version}.")
    return 0


def serve(settings, workers: int | None) -> int:
    from dashboard.server.app import create_app

    try:
        app = create_app(settings)
    except load.DataError as err:
        print(f"The dashboard cannot start: the data has {len(err.problems)} problem(s):", file=sys.stderr)
        print(str(err), file=sys.stderr)
        return 2
    if settings.debug:
        app.run(host=settings.host, port=settings.port, debug=settings.debug)
        return 0
    from dashboard.server.wsgi import run

    run(app.server, settings.host, settings.port, workers)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = options.from_env(**{name: getattr(args, name) for name in options.NAMES})
    if args.command == "check":
        return check(settings.data_dir)
    return serve(settings, settings.workers)


if __name__ == "__main__":
    sys.exit(main())
