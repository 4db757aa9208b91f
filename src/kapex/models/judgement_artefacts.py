"""The judgement artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench judgements --train --embedder ID``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "judgements-all-MiniLM-L6-v2-onnx-int8.npz",
        "version": "1.3eea2b087f",
        "sha256": "85d2e1f6a28984fe5f87fbff3e1cff48c97ea3c47aba141d1684ffe01fc3dbc1",
    },
}
