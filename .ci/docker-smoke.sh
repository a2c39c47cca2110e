#!/usr/bin/env bash
# Replays docker/Dockerfile's runtime stage without a container engine (none runs here): the files
# its COPYs name, `npm ci --omit=dev --ignore-scripts`, dist/ from `npm run build`, the `ecs-trail` link, and then the
# exact ENTRYPOINT + CMD, with 127.0.0.1, a free port and a temp trail folder in place of
# 0.0.0.0, 4599 and /trail. It probes the health check and one ECS call, runs the example app
# against it, stops the server with SIGTERM and checks it exited 0 and delivered a log file.
# Everything happens in a temp folder that is removed at the end, so it can run any number of times.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ecs-trail-docker-smoke.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

checks=0
ok() { checks=$((checks + 1)); echo "  ok  $*"; }
fail() {
  echo "  FAIL $*"
  [ -f "$TMP/server.log" ] && { echo "--- server output"; tail -n 30 "$TMP/server.log"; }
  exit 1
}

echo "--- docker smoke: replaying docker/Dockerfile's runtime stage in $TMP"
if [ ! -f dist/server/bin/ecs-trail.js ]; then
  echo "  dist/ is missing: npm run build"
  npm run build >/dev/null || fail "npm run build"
fi

# The Dockerfile, read by the same parser as test/docker/docker-files.test.ts: the final stage's
# context COPYs (source list, then destination), the build-stage COPY, the command, the probe.
node --input-type=module - "$ROOT/docker/Dockerfile" >"$TMP/plan.json" <<'EOF' || fail "parse docker/Dockerfile"
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
const stages = [];
for (const i of DockerfileParser.parse(readFileSync(process.argv[2], 'utf8')).getInstructions()) {
  if (i.getKeyword() === 'FROM') stages.push([]);
  else stages.at(-1).push(i);
}
const last = stages.at(-1);
const args = (i) => i.getArguments().map((a) => a.getValue());
const from = (i) => i.getFlags().find((f) => f.getName() === 'from')?.getValue();
const json = (k) => last.filter((i) => i.getKeyword() === k).at(-1)?.getJSONStrings().map((s) => s.getJSONValue()) ?? [];
const hc = last.filter((i) => i.getKeyword() === 'HEALTHCHECK').at(-1)?.getArgumentsContent() ?? '';
console.log(JSON.stringify({
  copies: last.filter((i) => i.getKeyword() === 'COPY' && !from(i)).map((i) => args(i)),
  fromBuild: last.filter((i) => i.getKeyword() === 'COPY' && from(i)).map((i) => args(i)),
  command: [...json('ENTRYPOINT'), ...json('CMD')],
  healthcheck: hc.includes('[') ? JSON.parse(hc.slice(hc.indexOf('['))) : [],
}));
EOF
plan() { node -e "const p=require('$TMP/plan.json'); $1"; }
ok "parsed docker/Dockerfile: command '$(plan 'console.log(p.command.join(" "))')'"

# COPY <sources…> <dest> (WORKDIR /app)
mkdir -p "$TMP/app" "$TMP/bin" "$TMP/trail"
while IFS= read -r line; do
  read -r -a parts <<<"$line"
  dest=${parts[${#parts[@]}-1]}
  for src in "${parts[@]:0:${#parts[@]}-1}"; do
    [ -e "$src" ] || fail "COPY source $src does not exist"
    mkdir -p "$TMP/app/$dest"
    cp -R "$src" "$TMP/app/$dest"
  done
done < <(plan 'for (const c of p.copies) console.log(c.join(" "))')
ok "copied the context files the final stage COPYs: $(plan 'console.log(p.copies.map(c=>c.slice(0,-1).join(" ")).join(" "))')"

(cd "$TMP/app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >"$TMP/npm.log" 2>&1) || { tail -n 20 "$TMP/npm.log"; fail "npm ci --omit=dev --ignore-scripts"; }
ok "npm ci --omit=dev --ignore-scripts ($(du -sh "$TMP/app/node_modules" | cut -f1) of node_modules)"

[ "$(plan 'console.log(p.fromBuild.map(c=>c.join(" ")).join(";"))')" = "/app/dist ./dist" ] || fail "expected COPY --from=build /app/dist ./dist"
cp -R dist "$TMP/app/dist"
# RUN chmod +x … && ln -s /app/dist/server/bin/ecs-trail.js /usr/local/bin/ecs-trail
chmod +x "$TMP/app/dist/server/bin/ecs-trail.js"
ln -sf "$TMP/app/dist/server/bin/ecs-trail.js" "$TMP/bin/ecs-trail"
ok "copied dist/ (the build stage's output) and linked ecs-trail onto PATH"

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mapfile -t CMD < <(plan "for (const a of p.command) console.log(a === '0.0.0.0' ? '127.0.0.1' : a === '4599' ? '$PORT' : a === '/trail' ? '$TMP/trail' : a)")
[ "${CMD[0]}" = "ecs-trail" ] || fail "the command does not start with ecs-trail: ${CMD[*]}"
(cd "$TMP/app" && exec env PATH="$TMP/bin:$PATH" NODE_ENV=production "${CMD[@]}") >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/_ecs-trail/health" >"$TMP/health.json" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited early"
  sleep 0.2
done
grep -q '"status":"running"' "$TMP/health.json" 2>/dev/null || fail "GET /_ecs-trail/health"
ok "started '${CMD[*]}' and GET /_ecs-trail/health answered running"

mapfile -t PROBE < <(plan "for (const a of p.healthcheck) console.log(a.replace(':4599/', ':$PORT/'))")
[ "${PROBE[0]:-}" = "node" ] || fail "HEALTHCHECK is not a node exec-form command"
(cd "$TMP/app" && "${PROBE[@]}") || fail "the HEALTHCHECK command exited $?"
ok "the image's HEALTHCHECK command exits 0"

reply=$(curl -s -X POST "http://127.0.0.1:$PORT/" \
  -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateCluster' \
  -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0123456789abcdef' \
  -d '{"clusterName":"docker-smoke"}')
grep -q '"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/docker-smoke"' <<<"$reply" || fail "CreateCluster answered: $reply"
ok "CreateCluster over HTTP (X-Amz-Target) answered the cluster"

mkdir -p "$TMP/example-app"
cp docker/example-app/package.json docker/example-app/package-lock.json docker/example-app/create-cluster.mjs "$TMP/example-app/"
(cd "$TMP/example-app" && npm ci --omit=dev --no-audit --no-fund >"$TMP/npm-app.log" 2>&1) || { tail -n 20 "$TMP/npm-app.log"; fail "example-app npm ci"; }
app_out=$(cd "$TMP/example-app" && AWS_ENDPOINT_URL_ECS="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=example-secret CLUSTER_NAME=example node create-cluster.mjs 2>&1) \
  || fail "example app: $app_out"
grep -q 'cluster/example (ACTIVE)' <<<"$app_out" || fail "example app printed: $app_out"
ok "docker/example-app created its cluster through AWS_ENDPOINT_URL_ECS"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
code=$?
SERVER_PID=
[ "$code" -eq 0 ] || fail "the server exited $code after SIGTERM"
ok "SIGTERM: the server exited 0"
logs=$(find "$TMP/trail/AWSLogs" -path '*/CloudTrail/us-east-1/*' -name '*.json.gz' 2>/dev/null)
[ -n "$logs" ] || fail "no CloudTrail log file was delivered under $TMP/trail/AWSLogs"
events=$(for f in $logs; do gzip -dc "$f"; done | grep -o '"eventName":"CreateCluster"' | wc -l)
[ "$events" -ge 2 ] || fail "the delivered log files hold $events CreateCluster records, expected 2"
ok "delivered $(wc -w <<<"$logs") log file(s) holding both CreateCluster records"

if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker/compose.yaml config -q || fail "docker-compose -f docker/compose.yaml config -q"
  ok "docker-compose $(docker-compose version --short 2>/dev/null) validated docker/compose.yaml"
else
  echo "  skip docker-compose is not installed (apt-get install -y --no-install-recommends docker-compose): compose.yaml not validated"
fi
echo "docker smoke: $checks checks passed"
