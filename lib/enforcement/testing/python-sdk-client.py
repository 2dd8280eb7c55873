"""Drives the gateway with the official OpenAI Python SDK; prints one JSON line of findings.

Run by gateway-python-sdk.db.test.ts: argv = base_url api_key. Any exception fails the test.
"""
import json
import sys

from openai import OpenAI

base_url, api_key = sys.argv[1], sys.argv[2]
client = OpenAI(base_url=base_url, api_key=api_key, max_retries=0)
weather = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
}
question = {"role": "user", "content": 'Use get_weather for "Oslo".'}
first = client.chat.completions.create(model="sim-small", tools=[weather], messages=[question])
call = first.choices[0].message.tool_calls[0]
second = client.chat.completions.create(
    model="sim-small",
    tools=[weather],
    messages=[question, first.choices[0].message.model_dump(exclude_none=True), {"role": "tool", "tool_call_id": call.id, "content": "Oslo is sunny and mild."}],
)
structured = client.chat.completions.create(
    model="sim-small",
    response_format={"type": "json_schema", "json_schema": {"name": "r", "schema": {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}, "strict": True}},
    messages=[{"role": "user", "content": 'Say "json"'}],
)
embeddings = client.embeddings.create(model="sim-embed", input=["mooring lines"])
streamed = ""
for event in client.responses.create(model="sim-small", input='Say "from python"', stream=True):
    if event.type == "response.output_text.delta":
        streamed += event.delta
refused = None
try:
    client.chat.completions.create(model="sim-small", logprobs=True, messages=[{"role": "user", "content": "hi"}])
except Exception as error:  # the SDK raises BadRequestError
    refused = {"status": getattr(error, "status_code", None), "message": str(error)}
print(json.dumps({
    "toolName": call.function.name,
    "toolArguments": json.loads(call.function.arguments),
    "afterTool": second.choices[0].message.content,
    "structured": json.loads(structured.choices[0].message.content),
    "dimensions": len(embeddings.data[0].embedding),
    "streamed": streamed,
    "refused": refused,
}))
