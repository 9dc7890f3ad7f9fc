"""A client of the project's OpenAI-compatible inference service (vLLM or Neuron).

    python -m src.main "What is a NeuronCore?"

INFERENCE_URL defaults to the in-cluster Service; from a laptop, port-forward it with
a kubeconfig from the portal's access card.
"""

import json
import os
import sys
import urllib.request

INFERENCE_URL = os.environ.get("INFERENCE_URL", ${{ ("http://" + values.name + ":8000") | dump }})
MODEL = os.environ.get("MODEL", ${{ values.model | dump }})


def complete(prompt: str, url: str = INFERENCE_URL, model: str = MODEL, max_tokens: int = 256, timeout: float = 120) -> str:
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens})
    request = urllib.request.Request(
        f"{url.rstrip('/')}/v1/chat/completions",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    return answer["choices"][0]["message"]["content"]


def main() -> None:
    prompt = " ".join(sys.argv[1:]) or "Say hello."
    print(complete(prompt))


if __name__ == "__main__":
    main()
