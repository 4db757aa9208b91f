"""The judgement artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench judgements --train --embedder ID``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "judgements-all-MiniLM-L6-v2-onnx-int8.npz",
        "version": "1.e52e8e880c",
        "sha256": "1317f9a29dfeda98f4cf9d4f19dfdabcf28a148757b2ca2fdf67919f90037d2d",
    },
}
