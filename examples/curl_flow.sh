#!/usr/bin/env bash
# The KAPEX flow with curl only: sign up, store turns, ask for the block before an LLM call,
# one-call-per-turn /process, look at what is remembered, pin, forget.
#
#   KAPEX_BASE_URL=http://127.0.0.1:8080/api/v1 ./examples/curl_flow.sh
#
# Without KAPEX_API_KEY it starts a trial and prints the key (shown once: keep it in .env).
set -euo pipefail
BASE=${KAPEX_BASE_URL:-http://127.0.0.1:8080/api/v1}
USER_ID=${KAPEX_USER_ID:-user_001}
call() { # METHOD PATH [JSON]
  curl --silent --show-error --fail-with-body -X "$1" "$BASE$2" \
    -H "X-API-Key: $KAPEX_API_KEY" -H "Content-Type: application/json" ${3:+-d "$3"}
  echo
}

if [ -z "${KAPEX_API_KEY:-}" ]; then
  signup=$(curl --silent --show-error --fail-with-body -X POST "$BASE/trial/signup" \
    -H "Content-Type: application/json" \
    -d '{"company_name": "Curl Example", "email": "curl-'"$RANDOM$RANDOM"'@example.com", "name": "Sam"}')
  KAPEX_API_KEY=$(printf '%s' "$signup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
  echo "Trial key (shown once): $KAPEX_API_KEY" >&2
fi

echo "# Store a turn (the Idempotency-Key makes a retry safe)"
call POST /ingest '{"user_id": "'"$USER_ID"'", "content": "I just got promoted to engineering manager at Dataflow.", "session_id": "s1"}'

echo "# Store several turns at once"
call POST /ingest/batch '{"user_id": "'"$USER_ID"'", "items": [{"content": "My sister Maya visits from Porto next week."}, {"content": "Congratulations on the promotion!", "role": "assistant"}]}'

echo "# Before the LLM call: the block to put in front of the system prompt"
call POST /query '{"user_id": "'"$USER_ID"'", "current_input": "How is the new job going?", "max_tokens": 500}'

echo "# Or one call per turn: the block for the message, and the message stored"
call POST /process '{"user_id": "'"$USER_ID"'", "message": "Maya lands on Tuesday evening.", "session_id": "s2"}'

echo "# What is remembered, most important first"
call GET "/users/$USER_ID/nodes?order=salience&limit=10"

echo "# A standing constraint, always in the block"
call POST "/users/$USER_ID/pins" '{"topic": "severe peanut allergy", "kind": "constraint"}'

echo "# Forget one memory (the first one listed)"
node=$(call GET "/users/$USER_ID/nodes?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["nodes"][0]["node_id"])')
call DELETE "/users/$USER_ID/nodes/$node"
