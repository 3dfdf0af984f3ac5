#!/usr/bin/env python3
"""Checks that the documentation stands on the repository (issue 16). Python 3, standard library only.

    python3 bench/check-figures.py [ROOT]        (ROOT: the repository root, default this script's ../)

1. README.md is at most 12,288 bytes.
2. Every relative link in README.md, CONTRIBUTING.md and docs/*.md (Markdown links and images, [text](target) and
   ![alt](target), the #anchor and ?query dropped) resolves to a file or directory in the repository, and does not
   leave it.
3. docs/figures.md has a table whose every row names a script and a results file that exist (columns "script" and
   "results file"; a cell may name several paths in backquotes), and a commit that git knows (column "commit": the
   first 7 to 40 hex digits of the cell).

Prints one line per problem (and per warning) and exits 1 if there is any problem, else prints a summary and
exits 0.
"""
import os
import re
import subprocess
import sys

README_LIMIT = 12_288
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
PATH_IN_CELL = re.compile(r"`([^`]+)`")
COMMIT = re.compile(r"\b([0-9a-f]{7,40})\b")


def markdown_files(root):
    files = [os.path.join(root, "README.md"), os.path.join(root, "CONTRIBUTING.md")]
    docs = os.path.join(root, "docs")
    if os.path.isdir(docs):
        files += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    return files


def links(path):
    """(line number, target) of every Markdown link outside code blocks and inline code."""
    in_fence = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            for m in LINK.finditer(INLINE_CODE.sub("", line)):
                yield n, m.group(1)


def check_links(root, problems):
    count = 0
    real_root = os.path.realpath(root)
    for md in markdown_files(root):
        if not os.path.isfile(md):
            problems.append(f"{os.path.relpath(md, root)}: missing")
            continue
        for n, target in links(md):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
                continue  # http:, https:, mailto:, or an anchor in the same page
            count += 1
            path = target.split("#", 1)[0].split("?", 1)[0]
            resolved = os.path.realpath(os.path.join(os.path.dirname(md), path))
            where = f"{os.path.relpath(md, root)}:{n}"
            if not (resolved == real_root or resolved.startswith(real_root + os.sep)):
                problems.append(f"{where}: link {target} leaves the repository")
            elif not os.path.exists(resolved):
                problems.append(f"{where}: link {target} does not resolve")
    return count


def table_rows(path):
    """The rows of every table in path, as dicts keyed by the lower-cased header cells, with line numbers."""
    header = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if header is None:
                header = [c.lower() for c in cells]
            elif all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            else:
                yield n, dict(zip(header, cells))


def git_knows(root, commit):
    """True or False; None where root is not a git checkout (a source tarball): the commit cannot be checked."""
    try:
        inside = subprocess.run(["git", "-C", root, "rev-parse", "--is-inside-work-tree"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if inside.returncode != 0:
            return None
        r = subprocess.run(["git", "-C", root, "cat-file", "-e", commit + "^{commit}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0
    except OSError:
        return None  # no git: the commit cannot be checked


def check_figures(root, problems, warnings):
    path = os.path.join(root, "docs", "figures.md")
    if not os.path.isfile(path):
        problems.append("docs/figures.md: missing")
        return 0
    rows = 0
    for n, row in table_rows(path):
        if "script" not in row or "results file" not in row:
            continue
        rows += 1
        where = f"docs/figures.md:{n}"
        for column in ("script", "results file"):
            named = PATH_IN_CELL.findall(row[column])
            if not named:
                problems.append(f"{where}: no {column} named")
            for p in named:
                p = p.split()[0]  # a script with its arguments: the script
                if not os.path.exists(os.path.join(root, p)):
                    problems.append(f"{where}: {column} {p} does not exist")
        m = COMMIT.search(row.get("commit", ""))
        if not m:
            problems.append(f"{where}: no commit named")
        else:
            known = git_knows(root, m.group(1))
            if known is False:
                problems.append(f"{where}: commit {m.group(1)} is not in this repository")
            elif known is None and "commits not checked" not in " ".join(warnings):
                warnings.append("warning: not a git checkout: commits not checked")
    if rows == 0:
        problems.append("docs/figures.md: no table with the columns 'script' and 'results file'")
    return rows


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.abspath(root)
    problems = []
    size = os.path.getsize(os.path.join(root, "README.md"))
    if size > README_LIMIT:
        problems.append(f"README.md: {size:,} bytes, over {README_LIMIT:,}")
    n_links = check_links(root, problems)
    warnings = []
    n_rows = check_figures(root, problems, warnings)
    for p in problems + warnings:
        print(p)
    if problems:
        print(f"check-figures: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-figures: README.md {size:,} bytes (<= {README_LIMIT:,}); {n_links} relative links resolve; "
          f"{n_rows} figures in docs/figures.md, each with an existing script and results file and a known commit"
          + (f" ({len(warnings)} with the commit unrecorded)" if warnings else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
