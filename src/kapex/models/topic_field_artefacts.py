"""The topic-field artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench fields --build``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "topic-fields-all-MiniLM-L6-v2-onnx-int8.npz",
        "sha256": "fc7e08954cfc4a373354133f0eb26a82caf2812569139ddaa77aee9b25e97e63",
    },
}
