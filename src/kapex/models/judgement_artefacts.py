"""The judgement artefact of each embedder and the sha256 its loader checks.

Written by ``kapex bench judgements --train --embedder ID``; retrain instead of editing.
"""

ARTEFACTS: dict[str, dict[str, str]] = {
    "all-MiniLM-L6-v2-onnx-int8": {
        "file": "judgements-all-MiniLM-L6-v2-onnx-int8.npz",
        "version": "1.0a5ed7b067",
        "sha256": "837cc0d7bfdcb66533773e75f421ac86700c33dc007d1f9903ced5fa99456a31",
    },
}
