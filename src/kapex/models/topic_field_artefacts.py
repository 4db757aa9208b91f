"""The topic-field artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench fields --build``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "topic-fields-all-MiniLM-L6-v2-onnx-int8.npz",
        "sha256": "2506113bb87e23af3e6777bc0b2c6892b9c2ac309c341bb9d7bc33fc9bdf5fc3",
    },
}
