"""The judgement artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench judgements --train --embedder ID``; rebuild instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "judgements-all-MiniLM-L6-v2-onnx-int8.npz",
        "version": "1.960d26d562",
        "sha256": "1417fb7868d618128140ed36f22f90d86088341971b5e8e4819dd99b51e19910",
    },
}
