"""Writing a model artefact so that its sha256 can be pinned.

``write_arrays(path, arrays)`` writes an ``.npz`` of ``arrays`` (no pickles) and returns its
sha256. The zip entries carry a fixed date and are written in name order, so the same arrays
always give the same bytes: retraining on the same data reproduces the pinned hash.
``record_manifest`` writes the hash into the manifest module the artefact's loader checks;
``per_embedder(kind, model_id)`` names an artefact trained on one embedder's vectors.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np

from kapex.models.embedder import sha256_of

__all__ = ["per_embedder", "record_manifest", "write_arrays"]


def per_embedder(kind: str, model_id: str) -> str:
    """The file name of a ``kind`` artefact for one embedder: one file per embedder id."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model_id)
    return f"{kind}-{slug}.npz"


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> str:
    """Write ``arrays`` as a reproducible ``.npz`` at ``path``; return its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name]), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, buffer.getvalue())
    return sha256_of(path)


def record_manifest(
    manifest: Path,
    artefacts: dict[str, dict[str, str]],
    model_id: str,
    entry: dict[str, str],
    *,
    what: str,
    written_by: str,
) -> None:
    """Write (or replace) ``model_id``'s entry in a manifest module the loader checks.

    ``artefacts`` is the loaded manifest's dict, updated in place too, so this process can
    load the new artefact. ``what`` names the artefact and ``written_by`` the command that
    writes it, for the module's docstring.
    """
    artefacts[model_id] = dict(entry)
    lines = [
        f'"""The {what} artefact of each embedder and the sha256 its loader checks.',
        "",
        f"Written by ``{written_by}``; rebuild instead of editing.",
        '"""',
        "",
        "ARTEFACTS: dict[str, dict[str, str]] = {",
    ]
    for key in sorted(artefacts):
        lines.append(f'    "{key}": {{')
        lines.extend(f'        "{field}": "{value}",' for field, value in artefacts[key].items())
        lines.append("    },")
    lines.append("}")
    manifest.write_text("\n".join(lines) + "\n")
