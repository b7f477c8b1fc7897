#!/usr/bin/env python3
"""A git merge driver for the gettext catalogues: a three-way merge by message key.

Keys added on either side are kept, a key removed on one side and untouched on the other is
removed, a translation changed on one side wins; only a key changed differently on both
sides is a conflict (ours is kept, the key is named, and the merge is marked as failed).
Install: ``git config merge.po.driver "python3 scripts/po_merge.py %O %A %B"`` with
``*.po merge=po`` in ``.gitattributes``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as fh:
        return read_po(fh)


def _entries(catalog: Catalog) -> dict[object, object]:
    return {m.id: m.string for m in catalog if m.id}


def merge(base: Catalog, ours: Catalog, theirs: Catalog) -> tuple[Catalog, list[str]]:
    o, a, b = _entries(base), _entries(ours), _entries(theirs)
    conflicts: list[str] = []
    result: dict[object, object] = {}
    for key in sorted(set(a) | set(b), key=str):
        in_a, in_b = key in a, key in b
        if in_a and in_b:
            if a[key] == b[key] or b[key] == o.get(key):
                result[key] = a[key]
            elif a[key] == o.get(key):
                result[key] = b[key]
            else:
                conflicts.append(str(key))
                result[key] = a[key]
        elif in_a:
            if key in o and a[key] == o[key]:
                continue  # removed by theirs, untouched by us
            result[key] = a[key]
        else:
            if key in o and b[key] == o[key]:
                continue  # removed by us, untouched by theirs
            result[key] = b[key]
    out = Catalog(locale=ours.locale, header_comment=ours.header_comment, fuzzy=ours.fuzzy)
    out.mime_headers = ours.mime_headers
    for key, string in result.items():
        out.add(key, string)
    return out, conflicts


def main(base: str, ours: str, theirs: str) -> int:
    merged, conflicts = merge(_read(base), _read(ours), _read(theirs))
    with Path(ours).open("wb") as fh:
        write_po(fh, merged, no_location=True, sort_output=True, width=76)
    for key in conflicts:
        print(f"po merge: {key} was changed on both sides; ours kept", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
