#!/bin/sh
# The MCP check: speaks to the server the way an MCP client does and fails unless it answers as an MCP server.
#   streamable-http: POST initialize, POST notifications/initialized, POST tools/list (with the Mcp-Session-Id and
#                    MCP-Protocol-Version the server returned), then DELETE the session.
#   sse:             GET the stream, wait for its `endpoint` event, POST the same three messages there and read the
#                    answers on the stream.
# Fails on any HTTP error, any JSON-RPC error, a missing result, and an empty tool list when EXPECT_TOOLS is true.
# Needs only POSIX sh, curl, awk, sed, tr and mktemp (the curlimages/curl image has them all).
#
# Environment: BASE_URL (http://host:port), MCP_PATH (/mcp or /sse), TRANSPORT (streamable-http | sse),
# HEALTH_PATH (optional GET endpoint that must answer 2xx), EXPECT_TOOLS (true | false), WAIT_SECONDS (how long the
# server may take to accept connections), REQUEST_TIMEOUT (seconds per request).
set -u
BASE_URL=${BASE_URL%/}
MCP_PATH=${MCP_PATH:-/mcp}
TRANSPORT=${TRANSPORT:-streamable-http}
HEALTH_PATH=${HEALTH_PATH:-}
EXPECT_TOOLS=${EXPECT_TOOLS:-true}
WAIT_SECONDS=${WAIT_SECONDS:-120}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-15}
URL=$BASE_URL$MCP_PATH
CLIENT='"clientInfo":{"name":"mcp-check","version":"1.0.0"}'

work=$(mktemp -d) || exit 1
stream=
cleanup() {
  if [ -n "$stream" ]; then kill "$stream" 2> /dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "MCP check FAILED ($TRANSPORT $URL): $*" >&2
  exit 1
}

# Reads one JSON-RPC message per line and, for the one whose top-level "id" is `id`, prints what the check needs:
# "error <message>" for a JSON-RPC error, else "result", then "protocolVersion <v>" and "tools <count>" when the
# result has them. A small JSON scanner (strings, escapes, nesting), so text inside strings never counts.
JSON_AWK='
function value_start() {
  if (depth == 3 && kind[3] == "[" && key[1] == "result" && key[2] == "tools") tools++
}
function value_end(v) {
  if (depth == 1 && key[1] == "id") id_seen = v
  if (depth == 2 && key[1] == "result" && key[2] == "protocolVersion") version = v
  if (depth == 2 && key[1] == "error" && key[2] == "message") message = v
}
function key_end(k) {
  key[depth] = k
  expecting[depth] = 0
  if (depth == 1 && k == "result") has_result = 1
  if (depth == 1 && k == "error") has_error = 1
  if (depth == 2 && key[1] == "result" && k == "tools") tools = 0
}
function scalar_end() {
  if (scalar != "") { value_end(scalar); scalar = "" }
}
/^[ \t]*\{/ {
  n = length($0); depth = 0; in_string = 0; escaped = 0; token = ""; scalar = ""
  id_seen = ""; has_result = 0; has_error = 0; tools = -1; version = ""; message = ""; is_key = 0
  split("", key); split("", kind); split("", expecting)
  for (i = 1; i <= n; i++) {
    c = substr($0, i, 1)
    if (in_string) {
      if (escaped) { token = token c; escaped = 0 }
      else if (c == "\\") { token = token c; escaped = 1 }
      else if (c == "\"") { in_string = 0; if (is_key) key_end(token); else value_end(token) }
      else token = token c
      continue
    }
    if (c == "\"") {
      is_key = (kind[depth] == "{" && expecting[depth])
      if (!is_key) value_start()
      in_string = 1; token = ""
    } else if (c == "{" || c == "[") {
      value_start(); depth++; kind[depth] = c; expecting[depth] = (c == "{"); key[depth] = ""
    } else if (c == "}" || c == "]") {
      scalar_end(); depth--
    } else if (c == ",") {
      scalar_end(); if (kind[depth] == "{") expecting[depth] = 1
    } else if (c == ":" || c == " " || c == "\t") {
      scalar_end()
    } else {
      if (scalar == "") value_start()
      scalar = scalar c
    }
  }
  if (id_seen != want) next
  if (has_error) print "error " message
  else if (has_result) print "result"
  if (version != "") print "protocolVersion " version
  if (tools >= 0) print "tools " tools
  exit
}'

# The answer to request `id` among the messages in a file (one JSON message per line).
answer() {
  awk -v want="$1" "$JSON_AWK" "$2"
}

# A response body as one JSON message per line: the data lines of an SSE stream, or a JSON body on one line.
messages() {
  if tr -d '\r' < "$work/headers" | grep -qi '^content-type: *text/event-stream'; then
    tr -d '\r' < "$1" | sed -n 's/^data: \{0,1\}//p'
  else
    tr -d '\r\n' < "$1"
    echo
  fi
}

# Sets `found` to the scanner's lines for the answer to request $1 (in file $2), or fails: no answer, or an error.
# Functions that can fail run in this shell, never in $(...), so that `fail` ends the check.
result_of() {
  found=$(answer "$1" "$2")
  case $found in
    error*) fail "$3: JSON-RPC error: $(printf '%s\n' "$found" | sed -n '1s/^error //p')" ;;
    result*) ;;
    *) fail "$3: no JSON-RPC result for request $1 (got: $(head -c 300 "$2" | tr '\n' ' '))" ;;
  esac
}

field() {
  printf '%s\n' "$found" | sed -n "s/^$1 //p"
}

check_tools() {
  count=$(field tools)
  [ -n "$count" ] || fail "tools/list: the result has no tools list"
  if [ "$EXPECT_TOOLS" = true ] && [ "$count" -eq 0 ]; then
    fail "tools/list: the server lists no tools (set expectTools: false for a server without tools)"
  fi
  echo "tools/list: $count tools"
}

# Waits until something answers HTTP at BASE_URL (any status): a pod that has just started may not listen yet.
wait_for_server() {
  waited=0
  until [ "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$BASE_URL/")" != 000 ]; do
    waited=$((waited + 2))
    [ "$waited" -lt "$WAIT_SECONDS" ] || fail "nothing answers at $BASE_URL after ${WAIT_SECONDS}s"
    sleep 2
  done
}

check_health() {
  [ -n "$HEALTH_PATH" ] || return 0
  curl -fsS --max-time "$REQUEST_TIMEOUT" -o /dev/null "$BASE_URL$HEALTH_PATH" || fail "health endpoint $HEALTH_PATH"
  echo "health endpoint $HEALTH_PATH answers"
}

# One POST to the streamable-HTTP endpoint, with the session's headers once there is a session; sets `status`.
post() {
  body=$1
  set -- -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'
  if [ -n "$version" ]; then set -- "$@" -H "MCP-Protocol-Version: $version"; fi
  if [ -n "$session" ]; then set -- "$@" -H "Mcp-Session-Id: $session"; fi
  : > "$work/headers"
  status=$(curl -sS --max-time "$REQUEST_TIMEOUT" -D "$work/headers" -o "$work/body" -w '%{http_code}' -X POST "$@" \
    --data-binary "$body" "$URL") || status="$status (curl failed)"
}

got() {
  head -c 300 "$work/body" 2> /dev/null | tr '\n' ' '
}

check_streamable_http() {
  version=
  session=
  post '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},'"$CLIENT"'}}'
  [ "$status" = 200 ] || fail "initialize: HTTP $status ($(got))"
  messages "$work/body" > "$work/messages"
  result_of 1 "$work/messages" initialize
  version=$(field protocolVersion)
  [ -n "$version" ] || fail "initialize: the result names no protocolVersion"
  # Stateless servers return no session id; stateful ones must see it on every later request.
  session=$(tr -d '\r' < "$work/headers" | awk 'tolower($1) == "mcp-session-id:" { print $2 }' | tail -n 1)
  echo "initialize: protocol $version${session:+, session $session}"
  post '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  case $status in
    200 | 202 | 204) ;;
    *) fail "notifications/initialized: HTTP $status ($(got))" ;;
  esac
  post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
  [ "$status" = 200 ] || fail "tools/list: HTTP $status ($(got))"
  messages "$work/body" > "$work/messages"
  result_of 2 "$work/messages" tools/list
  check_tools
  if [ -n "$session" ]; then
    curl -s -o /dev/null --max-time 5 -X DELETE -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: $version" \
      "$URL" || true
  fi
}

# Polls the SSE stream until the answer to request $1 arrives; sets `found` like result_of.
await_on_stream() {
  tries=0
  while :; do
    tr -d '\r' < "$work/stream" | sed -n 's/^data: \{0,1\}//p' > "$work/messages"
    if [ -n "$(answer "$1" "$work/messages")" ]; then
      result_of "$1" "$work/messages" "$2"
      return
    fi
    tries=$((tries + 1))
    [ "$tries" -lt $((REQUEST_TIMEOUT * 5)) ] || fail "$2: no answer on the SSE stream after ${REQUEST_TIMEOUT}s"
    sleep 0.2
  done
}

send() {
  status=$(curl -sS --max-time "$REQUEST_TIMEOUT" -o "$work/body" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary "$2" "$endpoint") || status="$status (curl failed)"
  case $status in
    200 | 202 | 204) ;;
    *) fail "$1: HTTP $status from POST $endpoint ($(got))" ;;
  esac
}

check_sse() {
  : > "$work/stream"
  curl -sS -N --max-time $((REQUEST_TIMEOUT * 4)) -H 'Accept: text/event-stream' "$URL" > "$work/stream" 2> /dev/null &
  stream=$!
  tries=0
  endpoint=
  until [ -n "$endpoint" ]; do
    endpoint=$(tr -d '\r' < "$work/stream" | sed -n '/^event: *endpoint/{n;s/^data: \{0,1\}//p;}' | head -n 1)
    tries=$((tries + 1))
    if [ -z "$endpoint" ]; then
      [ "$tries" -lt $((REQUEST_TIMEOUT * 5)) ] || fail "GET $URL sent no endpoint event"
      sleep 0.2
    fi
  done
  case $endpoint in
    http://* | https://*) ;;
    /*) endpoint=$BASE_URL$endpoint ;;
    *) endpoint=$BASE_URL/$endpoint ;;
  esac
  echo "SSE stream open; messages go to $endpoint"
  send initialize '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},'"$CLIENT"'}}'
  await_on_stream 1 initialize
  echo "initialize: protocol $(field protocolVersion)"
  send notifications/initialized '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  send tools/list '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
  await_on_stream 2 tools/list
  check_tools
}

wait_for_server
check_health
case $TRANSPORT in
  sse) check_sse ;;
  *) check_streamable_http ;;
esac
echo "MCP check passed: $URL answers initialize and tools/list"
