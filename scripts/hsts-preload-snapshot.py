#!/usr/bin/env python3
"""Rebuilds data/hsts-preload.json, the snapshot of Chromium's HSTS preload
list that cloudcensus ships, filtered to the suffixes the tool's users
live under (default: `vn`), with the public-suffix rules under the same
suffixes (to find a host's base domain, as pshtt does).

Usage:
    python3 -m pip install --upgrade hstspreload publicsuffixlist
    scripts/hsts-preload-snapshot.py [--suffix vn ...] [--out data/hsts-preload.json]

Sources (from PyPI, so that no browser source tree is needed):
- hstspreload: Chromium's preload list, packed; its version is the list's
  date (e.g. 2025.1.1 is the list of 2025-01-01). Every entry it holds is
  unpacked here and those under the suffixes kept.
- publicsuffixlist: the Public Suffix List; its version ends with the
  list's date (e.g. 1.1.2.20261023).

Limits of that source: the package packs host names of at most five
labels (its lookup stops there), so a longer preloaded name
(`a.b.c.hue.gov.vn`) is not in it, nor here; a parent of it with its
subdomains covers it all the same. The public-suffix rules are kept in
their ASCII (punycode) form, as host names arrive.

A host outside the snapshot's suffixes gets no preload facts (not "not
preloaded"): the snapshot does not know about it. Run this again when the
tool is released, and commit the new file; `cloudcensus` prints the
snapshot's date next to every preload fact.
"""

import argparse
import datetime
import importlib.metadata
import json
import pathlib
import sys


def preload_entries(suffixes):
    """(name, include_subdomains) of every preloaded entry under suffixes."""
    import hstspreload

    packed = pathlib.Path(hstspreload.__file__).with_name("hstspreload.bin").read_bytes()
    found = {}
    # The package stores layers of (flags, length, label) records; a leaf
    # holds the whole host name. Walk every layer's tables.
    for layer in hstspreload._JUMPTABLE:
        for jump in layer:
            if jump is None:
                continue
            offset, size = jump
            data = bytearray(packed[offset : offset + size])
            for is_leaf, include_subdomains, label in hstspreload._iter_entries(data):
                if is_leaf:
                    found[label.decode("ascii")] = bool(include_subdomains)
    # The gTLDs preloaded whole are kept apart by the package.
    for tld in hstspreload._GTLD_INCLUDE_SUBDOMAINS:
        found[tld.decode("ascii")] = True
    return sorted(
        (name, sub)
        for name, sub in found.items()
        if any(name == s or name.endswith("." + s) or s.endswith("." + name) for s in suffixes)
    )


def public_suffix_rules(suffixes):
    """The PSL rules under suffixes (and the suffixes themselves)."""
    import publicsuffixlist

    text = pathlib.Path(publicsuffixlist.__file__).with_name("public_suffix_list.dat").read_text("utf-8")
    rules = set()
    for line in text.splitlines():
        rule = line.strip()
        if not rule or rule.startswith("//"):
            continue
        prefix = rule[: len(rule) - len(rule.lstrip("!*."))]
        bare = rule[len(prefix) :]
        try:
            bare = bare.encode("idna").decode("ascii")
        except UnicodeError:
            continue
        if any(bare == s or bare.endswith("." + s) for s in suffixes):
            rules.add(prefix + bare)
    return sorted(rules)


def version_date(package, parse):
    version = importlib.metadata.version(package)
    try:
        return version, parse(version).isoformat()
    except ValueError:
        return version, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suffix", action="append", help="a suffix to keep (repeatable; default vn)")
    parser.add_argument("--out", default="data/hsts-preload.json")
    args = parser.parse_args()
    suffixes = [s.strip(".").lower() for s in (args.suffix or ["vn"])]

    def calendar(version):  # 2025.1.1
        y, m, d = (int(p) for p in version.split(".")[:3])
        return datetime.date(y, m, d)

    def trailing(version):  # 1.1.2.20261023
        return datetime.datetime.strptime(version.split(".")[-1], "%Y%m%d").date()

    preload_version, preload_date = version_date("hstspreload", calendar)
    psl_version, psl_date = version_date("publicsuffixlist", trailing)
    snapshot = {
        "about": "Chromium's HSTS preload list and the Public Suffix List, filtered to the suffixes below; rebuilt by scripts/hsts-preload-snapshot.py",
        "suffixes": suffixes,
        "preload_list": {"source": f"hstspreload {preload_version} (PyPI)", "date": preload_date},
        "public_suffix_list": {"source": f"publicsuffixlist {psl_version} (PyPI)", "date": psl_date},
        "preloaded": [{"name": n, "include_subdomains": s} for n, s in preload_entries(suffixes)],
        "public_suffixes": public_suffix_rules(suffixes),
    }
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(
        f"{out}: {len(snapshot['preloaded'])} preloaded entries and "
        f"{len(snapshot['public_suffixes'])} public-suffix rules under {', '.join(suffixes)}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
