"""The topic-field artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench fields --build``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "topic-fields-all-MiniLM-L6-v2-onnx-int8.npz",
        "sha256": "6a2223913b8d7b1d7fa205e8ee39ebc9a2e5f01534a9a1566baf85c19904def3",
    },
}
