"""Optional LLM synthesis, off by default, and the verifier that keeps it honest.

The model is reached through llama-index's LLM interface (a CustomLLM speaking the OpenAI
chat API to any compatible server), configured by environment:

    KB_LLM_BASE_URL   e.g. http://127.0.0.1:8080/v1   (required)
    KB_LLM_MODEL      model name sent to the server   (required)
    KB_LLM_API_KEY    bearer token, if the server wants one
    KB_LLM_TIMEOUT    seconds (default 60)

The model sees the numbered quotes kb selected and the units they come from. Its reply is
split into sentences and each is kept only if it cites at least one of those numbers,
cites nothing else (no invented source numbers, no Pasal/para/Article that is not among the
sources), and everything it puts in quotation marks occurs word for word in a cited unit.
Sentences that fail are removed from the answer and listed in `Answer.rejected`.
"""

from __future__ import annotations

import json
import math
import os
import re
import urllib.error
import urllib.request
from typing import Any

from ..citations import _find_unit, _fold
from ..errors import LLMError
from ..lang.sentences import sentences
from ..search.results import Hit
from .model import Answer

SYSTEM_PROMPT = (
    "You are a legal research assistant. Answer the question using ONLY the numbered sources. "
    "End every sentence with the number(s) of the source(s) it relies on, like [1] or [1][3]. "
    "Whenever you use a source's words, copy them exactly inside double quotes. "
    "Do not mention any provision, article or paragraph that is not in the sources. "
    "If the sources do not answer the question, say so."
)


def llm_settings() -> dict[str, Any]:
    base = os.environ.get("KB_LLM_BASE_URL", "").rstrip("/")
    model = os.environ.get("KB_LLM_MODEL", "")
    if not base or not model:
        raise LLMError("--llm needs KB_LLM_BASE_URL (an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1) "
                       "and KB_LLM_MODEL")
    from ..errors import InputError
    from ..validate import http_url

    try:  # kb.validate: an http(s) address with a host; anything else is one line, not urllib's traceback
        http_url(base, "KB_LLM_BASE_URL")
    except InputError as exc:
        raise LLMError(f"{exc} (e.g. KB_LLM_BASE_URL=http://127.0.0.1:8080/v1)") from None
    raw = os.environ.get("KB_LLM_TIMEOUT", "").strip() or "60"
    try:
        timeout = float(raw)
    except ValueError:
        timeout = math.nan
    if not math.isfinite(timeout) or timeout <= 0:
        raise LLMError(f"KB_LLM_TIMEOUT={raw!r} is not a number of seconds: give e.g. KB_LLM_TIMEOUT=60")
    return {"base_url": base, "model": model, "api_key": os.environ.get("KB_LLM_API_KEY"), "timeout": timeout}


def make_llm(base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0):
    """A llama-index LLM for an OpenAI-compatible chat endpoint (no extra client library)."""
    try:
        from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
        from llama_index.core.llms import CustomLLM
        from llama_index.core.llms.callbacks import llm_completion_callback
    except ImportError:
        raise LLMError("--llm needs llama-index-core: pip install 'kb[llamaindex]'") from None

    class OpenAICompatibleLLM(CustomLLM):
        base_url: str
        model: str
        api_key: str | None = None
        timeout: float = 60.0

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name=self.model, is_chat_model=True)

        def _post(self, messages: list[dict[str, str]]) -> str:
            body = json.dumps({"model": self.model, "messages": messages, "temperature": 0}).encode()
            req = urllib.request.Request(f"{self.base_url}/chat/completions", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            if self.api_key:
                req.add_header("Authorization", f"Bearer {self.api_key}")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = json.loads(resp.read().decode("utf-8"))
                return str(data["choices"][0]["message"]["content"])
            except (urllib.error.URLError, OSError) as exc:
                raise LLMError(f"the LLM at {self.base_url} is unreachable ({exc})") from None
            except (ValueError, KeyError, IndexError, TypeError):
                raise LLMError(f"the LLM at {self.base_url} replied with something that is not a chat completion") from None

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            text = self._post([{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}])
            return CompletionResponse(text=text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any):
            yield self.complete(prompt, formatted=formatted, **kwargs)

    return OpenAICompatibleLLM(base_url=base_url, model=model, api_key=api_key, timeout=timeout)


def build_prompt(answer: Answer, units: dict[int, Hit]) -> str:
    lines = [f"Question: {answer.question}", "", "Sources:"]
    for s in answer.sources:
        hit = units[s.n]
        lines.append(f"[{s.n}] {s.citation}: {hit.unit.text}")
    return "\n".join(lines)


_MARK = re.compile(r"\[(\d{1,3})\]")
_QUOTED = re.compile(r"[\"“](.+?)[\"”]")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def verify(reply: str, answer: Answer, units: dict[int, Hit]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split an LLM reply into sentences; keep the supported ones, reject the others."""
    kept, rejected = [], []
    for sent in sentences(reply.replace("\n", " ")):
        marks = [int(m) for m in _MARK.findall(sent)]
        reason = None
        if not marks:
            reason = "cites no source"
        elif any(m not in units for m in marks):
            reason = f"cites a source that does not exist ({', '.join(f'[{m}]' for m in marks if m not in units)})"
        else:
            reason = _foreign_citation(_MARK.sub("", _QUOTED.sub("", sent)), units)
        if reason is None:
            cited_text = " ".join(_norm(units[m].unit.text) for m in marks)
            quotes = _QUOTED.findall(sent)
            if not quotes:
                reason = "quotes nothing from its sources"
            for q in quotes:
                if _norm(q) not in cited_text:
                    reason = f"quoted words not found in the cited source: “{q[:60]}”"
                    break
        entry = {"text": sent, "citations": marks}
        if reason:
            rejected.append(entry | {"reason": reason})
        else:
            kept.append(entry)
    return kept, rejected


def _foreign_citation(text: str, units: dict[int, Hit]) -> str | None:
    """A provision named outside quotes must be one of the sources."""
    folded = _fold(text)
    start = 0
    while True:
        m = _find_unit(folded[start:])
        if m is None:
            return None
        if not any(units[n].unit.unit == m.unit for n in units):
            return f"mentions {m.unit}, which is not among the sources"
        start += m.end


def synthesise(answer: Answer, hits: list[Hit]) -> None:
    """Ask the LLM for a synthesis of the answer's sources and keep what the verifier accepts."""
    cfg = llm_settings()
    by_unit = {(h.document.id, h.unit.unit): h for h in hits}
    units = {s.n: by_unit[(s.doc_id, s.unit)] for s in answer.sources if (s.doc_id, s.unit) in by_unit}
    llm = make_llm(**cfg)
    reply = llm.complete(build_prompt(answer, units)).text
    answer.synthesis, answer.rejected = verify(reply, answer, units)
