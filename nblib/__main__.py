"""Command line: ``python -m nblib progress [DIR]`` and ``python -m nblib release --nbgrader COURSE_DIR``."""

from __future__ import annotations

import sys

USAGE = """usage: python -m nblib COMMAND ...

commands:
  progress [DIR]                run the notebooks in DIR (default notebooks/) and list the exercises solved
  release --nbgrader COURSE_DIR write the course as an nbgrader course (instructors)

python -m nblib COMMAND --help says more."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "progress":
        from .progress import main as progress
        return progress(rest)
    if command == "release":
        from .release import main as release
        return release(rest)
    print(f"unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
